"""A sweep: one setting at several values, everything else and the seed held, one run per value.

As scikit-learn's "varying regularization in MLP" example does with alpha: the runs differ in the
swept setting alone, so their curves and regions show what that setting does. The sweep's facts
(configs, trained runs, a table of final scores) are here; ui says them in words and draws them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

from mlp_core.budget import epoch_seconds
from mlp_core.datasets import Dataset
from mlp_core.errors import InputError
from mlp_core.training import TrainConfig, Trainer, fit

MAX_VALUES = 6  # runs side by side: a screenful of small multiples
WIDTH = "width"  # every hidden layer this wide (one field of the swept kind beside TrainConfig's)
# TrainConfig fields a sweep may vary: not the model's shape (WIDTH says how it may change), not
# the seed (what the runs share), not the budget (run k is the first epochs of a longer one).
FIXED = ("hidden", "seed", "epochs")
FIELDS = (WIDTH, *(f.name for f in fields(TrainConfig) if f.name not in FIXED))

SWEEP_ERRORS = {
    "sweep_field": "a sweep varies one of {fields}, got {field!r}.",
    "sweep_count": "a sweep takes 1 to {most} values, got {n}.",
    "sweep_repeated": "a sweep's values must differ, got {value} twice.",
    "sweep_no_hidden": "a sweep of the width needs a hidden layer, got none.",
}


def _refuse(code: str, **values) -> InputError:
    return InputError.of(SWEEP_ERRORS, code, **values)


def configs(base: TrainConfig, field: str, values) -> list[TrainConfig]:
    """One config per value: `base` with `field` set to it (WIDTH: every hidden layer's width).

    TrainConfig checks each value as it checks any setting (a ValueError names the bad one).
    """
    if field not in FIELDS:
        raise _refuse("sweep_field", fields=", ".join(FIELDS), field=field)
    values = list(values)
    if not 1 <= len(values) <= MAX_VALUES:
        raise _refuse("sweep_count", most=MAX_VALUES, n=len(values))
    for k, value in enumerate(values):
        if value in values[:k]:
            raise _refuse("sweep_repeated", value=value)
    if field == WIDTH:
        if not base.hidden:
            raise _refuse("sweep_no_hidden")
        return [replace(base, hidden=(int(v),) * len(base.hidden)) for v in values]
    return [replace(base, **{field: v}) for v in values]


def cost(configs: list[TrainConfig], ds: Dataset) -> tuple[int, float]:
    """What the sweep asks of the server: its epochs in all, and their estimated CPU seconds."""
    return (sum(c.epochs for c in configs),
            sum(c.epochs * epoch_seconds(c, ds) for c in configs))


def fit_all(configs: list[TrainConfig], ds: Dataset) -> list[Trainer]:
    """Each config trained to its budget on `ds` (or until its loss stops being finite)."""
    X_test, y_test = (ds.X_test, ds.y_test) if ds.n_test else (None, None)
    return [fit(c, ds.X_train, ds.y_train, X_test, y_test, n_classes=ds.n_classes)
            for c in configs]


@dataclass(frozen=True)
class Row:
    """One run's final numbers: its last epoch's losses and scores (accuracy, or R^2 for a
    regression: `metric`), epochs run, parameter count, and why it stopped."""

    epochs: int
    train_loss: float
    test_loss: float  # nan without a test set (or before the first epoch)
    train_score: float
    test_score: float
    metric: str  # "accuracy" | "r2"
    params: int
    stop: str | None  # a training.STOP_KINDS kind, None while it can go on


def row(run) -> Row:
    """The final numbers of a Trainer or a Snapshot (anything with history, config, epoch)."""
    h = run.history

    def last(values: list[float]) -> float:
        return float(values[-1]) if values else math.nan

    params = sum(p.numel() for p in run.model.parameters())
    stopped = getattr(run, "stopped", None)
    return Row(run.epoch, last(h.train_loss), last(h.test_loss), last(h.train_acc),
               last(h.test_acc), h.metric, params, stopped.kind if stopped else None)
