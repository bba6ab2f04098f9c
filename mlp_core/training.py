"""Train an MLP a few epochs at a time: TrainConfig in, model and per-epoch history out.

Two tasks, one contract (the config's loss says which): classification, cross-entropy on one
logit per class, scored by accuracy; regression, one linear output unit, MSE (or MAE, Huber),
scored by R^2. Gradients come from the hand-written backward pass
(gradients.py) and updates from optimizers.py, both checked against torch in the tests; autograd
and torch.optim would cost three times as much on networks this small. Plain SGD (no momentum,
no penalty) takes its step within the gradient's own products instead (gradients.sgd_step).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from numbers import Integral, Real

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch import Tensor

from mlp_core.functions import TRAIN_LOSSES
from mlp_core.gradients import logits, logits_per_epoch, loss_gradients, sgd_step
from mlp_core.network import build_mlp, check_activation, check_hidden
from mlp_core.optimizers import OPTIMIZERS
from mlp_core.schedules import SCHEDULES, lrs_from
from mlp_core.snapshots import Snapshots, model_with, proba

CHUNK = 64  # epochs trained between two bookkeeping passes; bounds the logits and weights kept
# Why a run stops: its budget, an early stop on the test loss, or the first thing that stopped
# being finite (see StopReason).
STOP_KINDS = ("budget", "early", "loss", "loss_overflow", "test_loss", "weights")
# What a config asks that the data cannot give, as codes (ui says them in words).
TRAIN_NOTES = {
    "patience_without_test": "patience watches the test loss, and this data has no test set: "
                             "the run goes on to its budget.",
}


def _is_int(v) -> bool:
    return isinstance(v, Integral) and not isinstance(v, bool)


def use_one_thread() -> None:
    """One torch thread for this process (a training worker): the networks here are too small
    to gain from more, and one process per core would only make the threads contend."""
    torch.set_num_threads(1)


def check_epochs(epochs) -> int:
    """A positive number of epochs."""
    if not _is_int(epochs) or epochs < 1:
        raise ValueError(f"epochs must be >= 1, got {epochs!r}.")
    return int(epochs)


@dataclass(frozen=True)
class TrainConfig:
    """Everything that defines a run; frozen and hashable, so one config is one reproducible run."""

    hidden: tuple[int, ...] = (8,)
    activation: str = "relu"  # a key of functions.ACTIVATIONS
    optimizer: str = "sgd"  # a key of optimizers.OPTIMIZERS
    lr: float = 0.01
    batch_size: int | None = None  # None = full batch; 1 = one step per sample
    epochs: int = 100  # the budget
    l2: float = 0.0
    seed: int = 0  # seeds the initial weights and the batch order
    loss: str = "cross_entropy"  # a key of functions.TRAIN_LOSSES; its task is the run's task
    l1: float = 0.0  # adds l1 * sum |theta| to the loss, over the parameters L2 covers
    schedule: str = "constant"  # how lr changes from epoch to epoch: schedules.SCHEDULES
    # Early stopping: stop once the test loss has not been strictly lower than its best so far
    # for `patience` epochs (0 = off), as Keras' EarlyStopping(patience, min_delta=0) does.
    patience: int = 0
    restore_best: bool = False  # on an early stop, the model takes the best epoch's weights

    @property
    def task(self) -> str:
        """"classification" or "regression", as the loss says."""
        return TRAIN_LOSSES[self.loss].task

    def __post_init__(self):
        set_ = object.__setattr__  # frozen: normalise through the back door, once
        set_(self, "hidden", check_hidden(self.hidden))
        check_activation(self.activation)
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(
                f"optimizer must be one of {list(OPTIMIZERS)}, got {self.optimizer!r}."
            )
        if self.loss not in TRAIN_LOSSES:
            raise ValueError(f"loss must be one of {list(TRAIN_LOSSES)}, got {self.loss!r}.")
        if self.schedule not in SCHEDULES:
            raise ValueError(
                f"schedule must be one of {list(SCHEDULES)}, got {self.schedule!r}.")
        for name, low in (("lr", "> 0"), ("l2", ">= 0"), ("l1", ">= 0")):
            v = getattr(self, name)
            ok = isinstance(v, Real) and not isinstance(v, bool) and math.isfinite(v)
            if not ok or (v <= 0 if name == "lr" else v < 0):
                raise ValueError(f"{name} must be {low}, got {v!r}.")
            set_(self, name, float(v))
        if self.batch_size is not None:
            if not _is_int(self.batch_size) or self.batch_size < 1:
                raise ValueError(f"batch_size must be >= 1 or None, got {self.batch_size!r}.")
            set_(self, "batch_size", int(self.batch_size))
        set_(self, "epochs", check_epochs(self.epochs))
        if not _is_int(self.seed):
            raise ValueError(f"seed must be an integer, got {self.seed!r}.")
        set_(self, "seed", int(self.seed))
        if not _is_int(self.patience) or self.patience < 0:
            raise ValueError(f"patience must be an integer >= 0, got {self.patience!r}.")
        set_(self, "patience", int(self.patience))
        if not isinstance(self.restore_best, bool | np.bool_):
            raise ValueError(f"restore_best must be True or False, got {self.restore_best!r}.")
        set_(self, "restore_best", bool(self.restore_best))


def config_notes(config: TrainConfig, has_test: bool) -> tuple[str, ...]:
    """What `config` asks that data with (or without) a test set cannot give: TRAIN_NOTES codes."""
    return ("patience_without_test",) if config.patience > 0 and not has_test else ()


@dataclass
class History:
    """Per epoch: mean loss and score over the epoch's training steps, then on the test set.

    The score (train_acc, test_acc) is the accuracy, or R^2 for a regression (metric "r2").
    """

    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)  # empty without a test set
    test_acc: list[float] = field(default_factory=list)
    has_test: bool = False
    metric: str = "accuracy"  # "accuracy" | "r2"
    lr: list[float] = field(default_factory=list)  # the learning rate each epoch trained with

    def __len__(self) -> int:
        return len(self.train_loss)

    def as_frame(self) -> pd.DataFrame:
        """One row per epoch: epoch (from 1), train_loss, train_acc[, test_loss, test_acc]
        (train_r2, test_r2 for a regression)."""
        names = ["train_loss", "train_acc"] + (["test_loss", "test_acc"] if self.has_test else [])
        frame = {"epoch": np.arange(1, len(self) + 1)}
        score = "_r2" if self.metric == "r2" else "_acc"
        return pd.DataFrame(frame | {name.replace("_acc", score): getattr(self, name)
                                     for name in names})

    def upto(self, epoch: int) -> History:
        """The history of epochs 1..epoch."""
        return History(self.train_loss[:epoch], self.train_acc[:epoch], self.test_loss[:epoch],
                       self.test_acc[:epoch], self.has_test, self.metric, self.lr[:epoch])


def _features(X, name: str, n_features: int | None = None, min_rows: int = 0) -> np.ndarray:
    try:
        X = np.asarray(X, dtype=np.float32)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold numbers only, got {np.asarray(X).dtype}.") from None
    if X.ndim != 2 or (n_features is not None and X.shape[1] != n_features):
        want = "(n_samples, n_features)" if n_features is None else f"(n, {n_features})"
        raise ValueError(f"{name} must have shape {want}, got {X.shape}.")
    if len(X) < min_rows:
        raise ValueError(f"{name} must have at least {min_rows} row, got {len(X)}.")
    if not np.isfinite(X).all():
        raise ValueError(f"{name} must hold finite numbers, got nan or inf.")
    return np.ascontiguousarray(X)


def _labels(y, name: str, n_rows: int) -> np.ndarray:
    y = np.asarray(y)
    if y.shape != (n_rows,):
        raise ValueError(f"{name} must have shape ({n_rows},), got {y.shape}.")
    if y.dtype.kind not in "iub":
        bad = y[~np.isfinite(y) | (y != np.round(y))] if y.dtype.kind == "f" else y
        if len(bad):
            first = bad[0].item() if isinstance(bad[0], np.generic) else bad[0]
            raise ValueError(f"{name} must hold integer class indices, got {first!r}.")
    y = y.astype(np.int64)
    if len(y) and y.min() < 0:
        raise ValueError(f"{name} must hold class indices >= 0, got {y.min()}.")
    return y


def _targets(y, name: str, n_rows: int) -> np.ndarray:
    """Regression targets : (n_rows, 1) float32, from (n_rows,) or (n_rows, 1)."""
    try:
        y = np.asarray(y, dtype=np.float32)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold numbers only, got {np.asarray(y).dtype}.") from None
    if y.shape not in ((n_rows,), (n_rows, 1)):
        raise ValueError(f"{name} must have shape ({n_rows},), got {y.shape}.")
    if not np.isfinite(y).all():
        raise ValueError(f"{name} must hold finite numbers, got nan or inf.")
    return np.ascontiguousarray(y.reshape(n_rows, 1))


def _predict(model: Callable[[Tensor], Tensor], X: np.ndarray, task: str) -> np.ndarray:
    """The predicted class of each row, or its predicted value for a regression : (n,).

    model: the network, or any function of the inputs giving its outputs."""
    if task == "regression":
        with torch.inference_mode():
            return model(torch.from_numpy(X))[:, 0].numpy()
    return proba(model, X).argmax(axis=1)


def _check_classification(task: str) -> None:
    if task != "classification":
        raise ValueError("predict_proba needs a classification run, got a regression: "
                         "use predict for its values.")


@dataclass(frozen=True)
class StopReason:
    """Why a run stopped, as numbers; ui says it in words.

    kind "budget": epoch is the budget reached. "early": the test loss had not been strictly
    lower than at epoch `best` (its `value`) for the config's patience epochs, so training stopped
    at `epoch`; `restored` says the model holds epoch `best`'s weights. Otherwise training
    stopped at `epoch` (counted from 1) and kept the last finite weights: "loss" became `value`
    (nan or inf) at `step`;
    "loss_overflow": every sample's loss was finite but their mean overflowed float32;
    "test_loss" became `value` (the test inputs times the weights overflowed); "weights" stopped
    being finite before any loss showed it.
    """

    kind: str  # one of STOP_KINDS
    epoch: int
    step: int | None = None
    value: float | None = None
    best: int | None = None
    restored: bool = False

    @property
    def non_finite(self) -> bool:
        """True when something stopped being finite (every kind but "budget" and "early")."""
        return self.kind not in ("budget", "early")


def _held_epoch(epoch: int, stopped: StopReason | None) -> int:
    """The epoch whose weights a model at `epoch` holds: an early stop's best, if restored."""
    return stopped.best if stopped is not None and stopped.restored else epoch


@dataclass(frozen=True)
class Snapshot:
    """One epoch of a run, read as its Trainer is read: the model then and the history up to it.

    It predicts from that epoch's weights directly; the model (a copy of the Trainer's holding
    them) is only made when asked for.
    """

    epoch: int
    trained: torch.nn.Module = field(repr=False)  # the Trainer's model
    history: History
    config: TrainConfig
    n_features: int
    stopped: StopReason | None = None  # the run's stop, once the epoch is the one it stopped at
    params: Sequence[Tensor] | None = field(default=None, repr=False)  # None: trained's own

    @property
    def model_epoch(self) -> int:
        """The epoch whose weights the model holds (the best, after an early stop restored it)."""
        return _held_epoch(self.epoch, self.stopped)

    @cached_property
    def model(self) -> torch.nn.Module:
        """The network with epoch's weights: the Trainer's model itself at its current epoch."""
        return self.trained if self.params is None else model_with(self.trained, self.params)

    @property
    def weights(self) -> Sequence[Tensor]:
        """Epoch's weights [W1, b1, W2, b2, ...], as gradients.logits reads them."""
        return tuple(self.trained.parameters()) if self.params is None else self.params

    def _forward(self) -> Callable[[Tensor], Tensor]:
        if self.params is None:
            return self.trained
        return partial(logits, self.params, activation=self.config.activation)

    def predict_proba(self, X) -> np.ndarray:
        """softmax(model(X)) : (n, n_classes) with epoch's weights."""
        _check_classification(self.config.task)
        return proba(self._forward(), _features(X, "X", self.n_features))

    def predict(self, X) -> np.ndarray:
        """Each row's class, or value for a regression : (n,), with epoch's weights."""
        return _predict(self._forward(), _features(X, "X", self.n_features), self.config.task)


def _epoch_metrics(z: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-sample losses : (epochs, n) and, per epoch, [mean loss, correct count] : (2, epochs).

    z : (epochs, n, n_classes) logits; y : (epochs, n) class indices.
    """
    # The classes along dim 1, as cross_entropy takes them for (epochs, n_classes, n): torch then
    # runs its kernel along the n samples, several times faster than along each row of a few
    # classes (the same losses but for the last bit of rounding).
    losses = F.cross_entropy(z.transpose(1, 2), y, reduction="none")
    # max's indices are argmax's (the first of equal maxima), from a faster kernel on short rows.
    return losses, torch.stack([losses.mean(1), (z.max(2).indices == y).sum(1).float()])


def _regression_metrics(z: torch.Tensor, y: torch.Tensor,
                        loss: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-sample losses : (epochs, n) and, per epoch, [mean loss, R^2] : (2, epochs).

    z, y : (epochs, n, 1) predictions and targets. R^2 = 1 - sum (y - z)^2 / sum (y - mean y)^2,
    the mean over the same rows (as sklearn.metrics.r2_score).
    """
    k, n, m = z.shape
    losses = TRAIN_LOSSES[loss].per_sample(z.reshape(k * n, m), y.reshape(k * n, m)).view(k, n)
    residual = ((y - z) ** 2).sum((1, 2))
    # Constant targets have no variance to explain: clamped, a perfect fit still scores 1.
    total = ((y - y.mean(1, keepdim=True)) ** 2).sum((1, 2)).clamp_min(1e-12)
    return losses, torch.stack([losses.mean(1), 1 - residual / total])


def _all_finite(params) -> bool:
    return all(bool(torch.isfinite(p).all()) for p in params)


class Trainer:
    """Trains build_mlp(n_features, hidden, activation, n_classes) on (X_train, y_train).

    X_* : (n, n_features); y_* : (n,) class indices. The model outputs logits; n_classes defaults
    to max(y) + 1. For a regression (config.task) y_* are (n,) values and the model has one
    linear output unit (n_classes is 1). run() can be called again and again: run(5) twice is
    exactly run(10).
    """

    def __init__(self, config, X_train, y_train, X_test=None, y_test=None, *, n_classes=None):
        if not isinstance(config, TrainConfig):
            raise ValueError(f"config must be a TrainConfig, got {type(config).__name__}.")
        if (X_test is None) != (y_test is None):
            raise ValueError("X_test and y_test must be given together, got only one of them.")
        X = _features(X_train, "X_train", min_rows=1)
        self.n_features = X.shape[1]
        Xt = _features(X_test, "X_test", self.n_features) if X_test is not None else X[:0]
        self.regression = config.task == "regression"
        if self.regression:
            y = _targets(y_train, "y_train", len(X))
            yt = _targets(y_test, "y_test", len(Xt)) if y_test is not None else y[:0]
            if n_classes not in (None, 1):
                raise ValueError(f"n_classes must be 1 (one output value) for a regression, "
                                 f"got {n_classes!r}.")
            self.n_classes = 1
        else:
            y = _labels(y_train, "y_train", len(X))
            yt = _labels(y_test, "y_test", len(Xt)) if y_test is not None else y[:0]
            self.n_classes = self._count_classes(y, yt, n_classes)
        self.config = config
        # _y: what the metrics compare with (class indices, or the targets); _target: what the
        # loss's gradient does (one-hot rows, or the targets again).
        self._y = torch.from_numpy(y)
        target = self._y if self.regression else F.one_hot(self._y, self.n_classes).float()
        # Kept a column a sample (contiguous), as the backward pass reads a full batch (see
        # gradients.sgd_step); _X and _target are their row views, for the minibatches.
        self._X_t, self._target_t = torch.from_numpy(X).t().contiguous(), target.t().contiguous()
        self._X, self._target = self._X_t.t(), self._target_t.t()
        # An empty test set (a dataset may have none) means no test curve, not a mean over nothing.
        self._X_test = torch.from_numpy(Xt) if len(Xt) else None
        self._y_test, self._n_test = torch.from_numpy(yt), len(yt)
        bs, self._n = config.batch_size, len(X)
        self._batch = self._n if bs is None or bs >= self._n else bs
        self.model = build_mlp(self.n_features, config.hidden, config.activation, self.n_classes,
                               seed=config.seed)
        self._params = list(self.model.parameters())  # load_state_dict copies into these in place
        self._initial = [p.detach().clone() for p in self._params]
        self.reset()

    # Pickled (a run trained in a worker comes back so), a view would travel as a copy of its
    # own: the row views are made again from the columns they view.
    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        del state["_X"], state["_target"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._X, self._target = self._X_t.t(), self._target_t.t()

    @staticmethod
    def _count_classes(y: np.ndarray, yt: np.ndarray, n_classes) -> int:
        top = int(max(y.max(), yt.max(initial=0))) + 1
        if n_classes is not None and (not _is_int(n_classes) or n_classes < top):
            raise ValueError(f"n_classes must be an integer > every label ({top - 1}), "
                             f"got {n_classes!r}.")
        n_classes = top if n_classes is None else int(n_classes)
        if n_classes < 2:
            raise ValueError(f"y_train must hold at least 2 classes, got {n_classes}.")
        return n_classes

    def reset(self) -> None:
        """Back to the initial weights, the first batch order and an empty history."""
        self._load(self._initial)
        self._generator = torch.Generator().manual_seed(self.config.seed)
        self._optimizer = self._rule(self.config)
        self.epoch = 0
        self.history = History(has_test=self._X_test is not None,
                               metric="r2" if self.regression else "accuracy")
        self.stopped: StopReason | None = None
        # The early stop's watch: the lowest test loss so far, its epoch and weights (epoch 0,
        # untested, is never the best); the weights trained last, when the model holds the best.
        self._best_loss, self._best_epoch, self._best_params = math.inf, 0, self._initial
        self._trained_params = None
        # Each epoch's weights (within a memory cap), for snapshot(k).
        self.snapshots = Snapshots()
        self.snapshots.add(0, self._initial)

    def start_from(self, params) -> Trainer:
        """Start again from these weights (one tensor per model parameter, in its order): they
        become epoch 0, and reset() comes back to them.

        As after reset(), the history, the optimizer's state (momentum, Adam's moments) and the
        batch order start afresh: a run continued from weights saved at epoch k takes the same
        steps as the run that saved them only for full-batch SGD, which keeps no state.
        """
        shapes = [tuple(p.shape) for p in self._params]
        try:
            params = [torch.as_tensor(p, dtype=torch.float32).detach().clone() for p in params]
        except (TypeError, ValueError, RuntimeError):
            raise ValueError("params must be tensors of numbers, one per parameter.") from None
        if [tuple(p.shape) for p in params] != shapes:
            raise ValueError(f"params must have the shapes {shapes}, got "
                             f"{[tuple(p.shape) for p in params]}.")
        if not _all_finite(params):
            raise ValueError("params must be finite, got nan or inf.")
        self._initial = params
        self.reset()
        return self

    @staticmethod
    def _rule(config: TrainConfig):
        return OPTIMIZERS[config.optimizer](config.lr, config.l2, config.l1)

    def reconfigure(self, config) -> Trainer:
        """Carry on from the weights reached under new settings, as TensorFlow Playground does.

        lr, its schedule, optimizer, L1, L2, batch size, the budget, the loss (within its task),
        patience and restore_best may change; the architecture, the seed and the task may not
        (they make the model and its initial weights: build a new Trainer for those). The batch
        order carries on, and so does the optimizer's state (momentum, Adam's moments) unless the
        rule changes or the last run ended in a non-finite loss.

        The early stop's watch carries on too: patience counts from the best epoch of the whole
        run. After an early stop the run stays stopped if the new patience has run out as well
        (its model then as the new restore_best says); otherwise it goes on from the weights it
        had trained, not the restored ones, so a larger patience continues exactly as if it had
        been set from the start.
        """
        if not isinstance(config, TrainConfig):
            raise ValueError(f"config must be a TrainConfig, got {type(config).__name__}.")
        fixed = [f for f in ("hidden", "activation", "seed", "task")
                 if getattr(config, f) != getattr(self.config, f)]
        if fixed:
            raise ValueError(f"reconfigure cannot change {', '.join(fixed)}: those make a new "
                             "model, so start a new Trainer.")
        diverged = self.stopped is not None and self.stopped.non_finite
        if config.optimizer != self.config.optimizer or diverged:
            self._optimizer = self._rule(config)
        else:  # (each epoch then takes its lr from the schedule)
            rule = self._optimizer
            rule.lr, rule.l2, rule.l1 = config.lr, config.l2, config.l1
        self._batch = self._n if config.batch_size is None else min(config.batch_size, self._n)
        early = self.stopped is not None and self.stopped.kind == "early"
        self.config = config
        if diverged or self.epoch < config.epochs:
            self.stopped = None
        if self.stopped is None or early:
            self._rewatch()
        return self

    def _rewatch(self) -> None:
        """Under new settings: stopped early if the patience has run out by now (a lower one
        may have, mid-run), else at the budget or not at all; the model as that stop leaves it."""
        stop = self._early_stop(self.epoch)
        if stop is not None and self._trained_params is None:
            self._trained_params = [p.detach().clone() for p in self._params]
        budget = StopReason("budget", self.config.epochs) if self.epoch >= self.config.epochs \
            else None
        self.stopped = stop or budget
        self._settle()

    def run(self, epochs=1) -> Trainer:
        """Advance up to `epochs` epochs; stop at the budget or when the loss stops being finite."""
        left = min(check_epochs(epochs), self.config.epochs - self.epoch)
        while left > 0 and self.stopped is None:
            k = min(left, CHUNK, self._epochs_to_wait())
            self._run_chunk(k)
            left -= k
        if self.stopped is None and self.epoch >= self.config.epochs:
            self.stopped = StopReason("budget", self.config.epochs)
        self._settle()
        return self

    # ------------------------------------------------------------------------- early stopping
    def _watching(self) -> bool:
        return self.config.patience > 0 and self._X_test is not None

    @property
    def notes(self) -> tuple[str, ...]:
        """What the config asks that this data cannot give: codes of TRAIN_NOTES."""
        return config_notes(self.config, self._X_test is not None)

    def _epochs_to_wait(self) -> int:
        """Epochs that may pass before an early stop at the soonest: a chunk ends there, so the
        optimizer and the batch order never run past the epoch the run stops at."""
        if not self._watching():
            return CHUNK
        return self._best_epoch + self.config.patience - self.epoch

    def _early_stop(self, epoch: int) -> StopReason | None:
        """The early stop at `epoch`, if its patience has run out there."""
        if not self._watching() or epoch - self._best_epoch < self.config.patience:
            return None
        return StopReason("early", epoch, value=self._best_loss, best=self._best_epoch,
                          restored=self.config.restore_best)

    def _watch(self, test_loss: list[float], weights: list, keep: int) -> int:
        """Follow the chunk's first `keep` test losses; return how many epochs the run keeps
        (fewer when it stops early within them, with self.stopped saying so)."""
        if not self._watching():
            return keep
        for e in range(keep):
            epoch = self.epoch + e + 1
            if test_loss[e] < self._best_loss:  # strictly lower: an improvement
                self._best_loss, self._best_epoch, self._best_params = \
                    test_loss[e], epoch, weights[e]
            elif (stop := self._early_stop(epoch)) is not None:
                self.stopped, self._trained_params = stop, weights[e]
                return e + 1
        return keep

    def _settle(self) -> None:
        """The model an early stop leaves: the best epoch's weights when it restores them, else
        (and to train on) the weights trained last."""
        if self._trained_params is None:  # no early stop: the model is the latest epoch's
            return
        if self.stopped is not None and self.stopped.restored:
            self._load(self._best_params)
        else:
            self._load(self._trained_params)
            if self.stopped is None:  # training goes on from them
                self._trained_params = None

    def _load(self, params) -> None:
        with torch.no_grad():
            torch._foreach_copy_(self._params, params)

    def _run_chunk(self, k: int) -> None:
        c = self.config
        lrs = lrs_from(c.schedule, c.lr, self.epoch + 1, k, c.epochs)  # each epoch's own
        # The train loss and accuracy come from the logits of the steps themselves; every metric is
        # computed once per chunk, so no step waits on a .item().
        with torch.inference_mode():
            train = self._train_full_batch if self._batch == self._n else self._train_batches
            weights, z_train, y_train = train(lrs)
            # The test set sees every epoch's weights at once, in one batched pass.
            z_test = None if self._X_test is None else \
                logits_per_epoch(weights, self._X_test, c.activation)
            keep = self._record(z_train, y_train, z_test, weights)
        self.history.lr.extend(lrs[:keep])
        self.snapshots.add_epochs(self.epoch - keep + 1, weights[:keep])
        if keep:
            self._load(weights[keep - 1])

    def _stepper(self) -> Callable:
        """The chunk's update: step(params, x, target, lr, in_place[, x_t, target_t]) -> (z,
        the new weights).

        The epoch's first step makes new tensors (the epoch before keeps its weights); the
        others may update those in place. x_t, target_t: the batch a column a sample, if kept."""
        act, loss, rule = self.config.activation, self.config.loss, self._optimizer
        if rule.plain:  # the lecture's SGD: gradient and step in the same products
            return lambda params, x, target, lr, in_place, x_t=None, target_t=None: \
                sgd_step(params, x, target, act, loss, lr, in_place, x_t, target_t)

        def step(params, x, target, lr, in_place, x_t=None, target_t=None):
            rule.lr = lr
            z, grads = loss_gradients(params, x, target, act, loss, x_t, target_t)
            return z, rule.step(params, grads, in_place=in_place)
        return step

    # Both train the chunk's epochs (no autograd in inference mode: the Parameters need no
    # detach()) and return each epoch's weights, the logits of its steps : (k, n, n_out) and the
    # labels (or targets) those answer, in the same order : (k, n) (or (k, n, 1)).
    def _train_full_batch(self, lrs: list[float]) -> tuple[list, Tensor, Tensor]:
        """One step an epoch, on the data as it is."""
        step, params, x, target = self._stepper(), self._params, self._X, self._target
        x_t, target_t = self._X_t, self._target_t
        weights, z_train = [], []
        for lr in lrs:
            z, params = step(params, x, target, lr, False, x_t, target_t)
            weights.append(params)
            z_train.append(z)
        return weights, torch.stack(z_train), self._y.expand(len(lrs), *self._y.shape)

    def _train_batches(self, lrs: list[float]) -> tuple[list, Tensor, Tensor]:
        """Minibatches of the data, in a new order each epoch."""
        step, params, n, size = self._stepper(), self._params, self._n, self._batch
        # x, target and x^T, target^T (a column a sample), cut along their sample dimension
        data = tuple(zip((self._X, self._target, self._X_t, self._target_t), (0, 0, 1, 1),
                         strict=True))
        # One sample a step (the lecture's SGD): each sample's views are cut once a chunk and
        # taken in each epoch's order, rather than the data gathered and cut anew every epoch.
        samples = list(zip(*(d.split(1, dim) for d, dim in data), strict=True)) \
            if size == 1 else None
        weights, z_train, y_train = [], [], []
        for lr in lrs:
            order = torch.randperm(n, generator=self._generator)
            if samples:
                batches = [samples[i] for i in order.tolist()]
            else:
                batches = zip(*(d.index_select(dim, order).split(size, dim) for d, dim in data),
                              strict=True)
            zs = []
            for x, target, x_t, target_t in batches:
                z, params = step(params, x, target, lr, len(zs) > 0, x_t, target_t)
                zs.append(z)
            weights.append(params)
            z_train.append(torch.cat(zs))
            y_train.append(self._y[order])
        return weights, torch.stack(z_train), torch.stack(y_train)

    def _record(self, z, y, z_test, weights) -> int:
        """Append the chunk's epochs up to the first non-finite one; return how many were kept."""
        k = len(weights)
        losses, table = self._metrics(z, y)  # (2, k): mean loss, correct count (or R^2)
        if z_test is not None:
            test = self._metrics(z_test, self._y_test.expand(k, *self._y_test.shape))
            table = torch.cat([table, test[1]])
        # max |w| after the chunk is finite exactly when every weight is; it rides in the table
        # so that the chunk waits for its numbers only once.
        w_max = torch.stack(torch._foreach_norm(weights[-1], math.inf)).max()
        rows = torch.cat([table, w_max.expand(1, k)]).tolist()
        # A count of correct answers becomes a share; R^2 comes as it is.
        n, n_test = (1, 1) if self.regression else (self._n, self._n_test)
        train_loss, train_acc = rows[0], [c / n for c in rows[1]]
        test_loss, test_acc = [], []
        if z_test is not None:
            test_loss, test_acc = rows[2], [c / n_test for c in rows[3]]

        def finite(e: int) -> bool:
            return math.isfinite(train_loss[e]) and (not test_loss or math.isfinite(test_loss[e]))

        # (a sum over the chunk is finite exactly when every term is, short of an overflow)
        everything_finite = math.isfinite(sum(train_loss) + sum(test_loss))
        keep = k if everything_finite else next((e for e in range(k) if not finite(e)), k)
        if keep < k or not math.isfinite(rows[-1][0]):
            # A step can, rarely, blow up weights before the loss shows it: step back past those.
            while keep and not _all_finite(weights[keep - 1]):
                keep -= 1
        keep = self._watch(test_loss, weights, keep)  # an early stop ends the chunk there
        h = self.history
        for name, values in zip(("train_loss", "train_acc", "test_loss", "test_acc"),
                                (train_loss, train_acc, test_loss, test_acc), strict=True):
            getattr(h, name).extend(values[:keep])
        if keep < k and self.stopped is None:
            self.stopped = self._reason(keep, losses[keep], train_loss[keep], test_loss)
        self.epoch += keep
        return keep

    def _metrics(self, z: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        if self.regression:
            return _regression_metrics(z, y, self.config.loss)
        return _epoch_metrics(z, y)

    def _reason(self, e: int, losses: torch.Tensor, train_loss: float,
                test_loss: list[float]) -> StopReason:
        """What stopped being finite at the chunk's epoch e; losses : (n,) that epoch's samples."""
        epoch = self.epoch + e + 1
        bad = (~torch.isfinite(losses)).nonzero()
        if not math.isfinite(train_loss) and len(bad):
            i = int(bad[0])  # the first bad sample gives the step
            return StopReason("loss", epoch, step=i // self._batch + 1, value=losses[i].item())
        if not math.isfinite(train_loss):
            # Every sample's loss is finite, but they are so large that their mean overflows.
            return StopReason("loss_overflow", epoch)
        if test_loss and not math.isfinite(test_loss[e]):
            return StopReason("test_loss", epoch, value=test_loss[e])
        return StopReason("weights", epoch)

    @property
    def model_epoch(self) -> int:
        """The epoch whose weights the model holds (the best, after an early stop restored it)."""
        return _held_epoch(self.epoch, self.stopped)

    def predict_proba(self, X) -> np.ndarray:
        """softmax(model(X)) : (n, n_classes), for X : (n, n_features)."""
        _check_classification(self.config.task)
        return proba(self.model, _features(X, "X", self.n_features))

    def snapshot(self, epoch: int | None = None) -> Snapshot:
        """Epoch `epoch` as trained (None or the current epoch: now), from the kept snapshots.

        A long run keeps only every few epochs (snapshots.every): the latest kept epoch at or
        before `epoch` is the one returned, its own epoch and history with it. The current
        epoch's model is the Trainer's own, which training goes on changing in place (after an
        early stop that restored the best weights, those). The best epoch of an early stop's
        watch is always there as trained.
        """
        epoch = self.epoch if epoch is None else min(max(int(epoch), 0), self.epoch)
        params = None  # at the current epoch: the Trainer's own model
        if epoch == self._best_epoch and epoch != self.epoch:
            params = self._best_params
        elif epoch != self.epoch:
            epoch, params = self.snapshots.at(epoch)
        stopped = self.stopped if epoch == self.epoch else None
        return Snapshot(epoch, self.model, self.history.upto(epoch), self.config, self.n_features,
                        stopped, params)

    def predict(self, X) -> np.ndarray:
        """The most probable class of each row, or its predicted value for a regression : (n,)."""
        return _predict(self.model, _features(X, "X", self.n_features), self.config.task)


def fit(config, X_train, y_train, X_test=None, y_test=None, *, n_classes=None) -> Trainer:
    """A Trainer run to its budget, or until its loss stops being finite."""
    trainer = Trainer(config, X_train, y_train, X_test, y_test, n_classes=n_classes)
    return trainer.run(config.epochs)
