"""The Trainer: the lecture's Iris run, exact reproducibility, references in plain torch, stops."""

import math
import pickle

import numpy as np
import pandas as pd
import pytest
import torch
import torch.nn.functional as F
from sklearn.metrics import accuracy_score

from mlp_core.datasets import DataSpec, load_iris
from mlp_core.network import build_mlp
from mlp_core.training import CHUNK, STOP_KINDS, History, StopReason, TrainConfig, Trainer, fit


def assert_close(a, b, rtol=1.3e-6, atol=1e-5):
    """assert_close's float32 tolerances, without torch.testing's slow torch.distributed import."""
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=rtol, atol=atol)

IRIS = load_iris(seed=0)
LECTURE = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                      epochs=20)


def iris_trainer(config, data=IRIS, test=True, **kwargs):
    if not test:
        return Trainer(config, data.X_train, data.y_train, **kwargs)
    return Trainer(config, data.X_train, data.y_train, data.X_test, data.y_test, **kwargs)


def weights(trainer):
    return [p.detach().clone() for p in trainer.model.parameters()]


def same_weights(a, b):
    return all(torch.equal(p, q) for p, q in zip(a, b, strict=True))


def sgd_step(model, loss, lr):
    """The lecture's update by hand, on autograd's gradients: theta <- theta - lr * grad."""
    grads = torch.autograd.grad(loss, list(model.parameters()))
    with torch.no_grad():
        for p, g in zip(model.parameters(), grads, strict=True):
            p -= lr * g


def tensors(data=IRIS):
    return tuple(torch.from_numpy(a) for a in (data.X_train, data.y_train, data.X_test,
                                                data.y_test))


# --------------------------------------------------------------------------- the lecture's run


def test_lecture_iris_run_learns_over_several_splits():
    """4-8-3 ReLU, SGD lr 0.01, one step per sample, 20 epochs: loss 1.02 -> 0.136, acc 0.9778."""
    firsts, lasts, accs = [], [], []
    for seed in range(5):
        data = load_iris(seed=seed)
        trainer = fit(LECTURE.__class__(**{**LECTURE.__dict__, "seed": seed}),
                      data.X_train, data.y_train, data.X_test, data.y_test)
        h = trainer.history
        assert trainer.stopped == StopReason("budget", 20) and trainer.epoch == 20 == len(h)
        assert all(b < a for a, b in zip(h.train_loss[1:], h.train_loss[2:], strict=False))
        firsts.append(h.train_loss[0])
        lasts.append(h.train_loss[-1])
        accs.append(h.test_acc[-1])
        assert h.test_acc[-1] == accuracy_score(data.y_test, trainer.predict(data.X_test))
    assert all(0.7 < v < 1.3 for v in firsts) and abs(np.mean(firsts) - 1.0) < 0.15
    assert max(lasts) < 0.3
    assert np.mean(accs) >= 0.93


# ------------------------------------------------------------------- references in plain torch


def test_initial_weights_are_a_seeded_build_and_leave_the_global_rng_alone():
    torch.manual_seed(7)
    expected_next = torch.rand(2)
    torch.manual_seed(7)
    trainer = iris_trainer(TrainConfig(seed=3))
    assert torch.equal(torch.rand(2), expected_next)
    torch.manual_seed(3)
    reference = build_mlp(4, (8,), "relu", 3)
    assert same_weights(weights(trainer), reference.parameters())


def test_one_full_batch_epoch_is_one_sgd_step():
    X, y, Xt, yt = tensors()
    trainer = iris_trainer(TrainConfig(lr=0.1, epochs=5))
    torch.manual_seed(0)
    model = build_mlp(4, (8,), "relu", 3)
    z = model(X)
    loss = F.cross_entropy(z, y)
    sgd_step(model, loss, lr=0.1)
    trainer.run(1)
    for p, q in zip(trainer.model.parameters(), model.parameters(), strict=True):
        assert_close(p, q, rtol=1e-6, atol=1e-7)
    h = trainer.history
    # The train numbers come from the forward pass before the step, the test ones after it.
    assert h.train_loss[0] == pytest.approx(loss.item(), rel=1e-6)
    assert h.train_acc[0] == accuracy_score(y, z.argmax(1))
    with torch.no_grad():
        zt = model(Xt)
    assert h.test_loss[0] == pytest.approx(F.cross_entropy(zt, yt).item(), rel=1e-5)
    assert h.test_acc[0] == accuracy_score(yt, zt.argmax(1))


@pytest.mark.parametrize("batch_size", [1, 8, 50])
def test_one_minibatch_epoch_matches_a_hand_written_loop(batch_size):
    """Batches follow torch.randperm with a generator seeded by the config's seed."""
    X, y, _, _ = tensors()
    config = TrainConfig(lr=0.05, batch_size=batch_size, epochs=5, seed=2)
    trainer = iris_trainer(config, test=False)
    torch.manual_seed(2)
    model = build_mlp(4, (8,), "relu", 3)
    order = torch.randperm(len(X), generator=torch.Generator().manual_seed(2))
    loss_sum, correct, steps = 0.0, 0, 0
    for idx in order.split(batch_size):
        z = model(X[idx])
        loss = F.cross_entropy(z, y[idx])
        sgd_step(model, loss, lr=0.05)
        loss_sum += loss.item() * len(idx)  # the epoch's loss: sample-weighted mean over batches
        correct += int((z.argmax(1) == y[idx]).sum())
        steps += 1
    assert steps == math.ceil(len(X) / batch_size)
    trainer.run(1)
    for p, q in zip(trainer.model.parameters(), model.parameters(), strict=True):
        assert_close(p, q, rtol=1e-5, atol=1e-6)
    assert trainer.history.train_loss[0] == pytest.approx(loss_sum / len(X), rel=1e-5)
    assert trainer.history.train_acc[0] == correct / len(X)
    assert trainer.history.test_loss == [] and trainer.history.test_acc == []


def test_equal_logits_count_as_the_first_class_as_predict_says():
    """All-zero weights give every class the same logit: the first epoch's train accuracy
    (from the logits before its step) counts class 0 as each flower's prediction, as argmax
    does; the test accuracy is predict's. Fewer flowers of class 0 tell the first class from
    the others."""
    keep = np.ones(len(IRIS.y_train), bool)
    keep[np.flatnonzero(IRIS.y_train == 0)[:20]] = False
    X, y = IRIS.X_train[keep], IRIS.y_train[keep]
    trainer = Trainer(TrainConfig(lr=0.1, epochs=1), X, y, IRIS.X_test, IRIS.y_test)
    trainer.start_from([torch.zeros_like(p) for p in trainer.model.parameters()]).run(1)
    h = trainer.history
    assert h.train_acc[0] == np.mean(y == 0) == 15 / 85
    assert h.test_acc[0] == accuracy_score(IRIS.y_test, trainer.predict(IRIS.X_test))


def test_batch_size_at_least_n_is_full_batch():
    a = iris_trainer(TrainConfig(lr=0.1, batch_size=len(IRIS.y_train), epochs=3)).run(3)
    b = iris_trainer(TrainConfig(lr=0.1, batch_size=None, epochs=3)).run(3)
    c = iris_trainer(TrainConfig(lr=0.1, batch_size=10_000, epochs=3)).run(3)
    assert a.history == b.history == c.history
    assert same_weights(weights(a), weights(b))


# ------------------------------------------------------------------------------ reproducibility


@pytest.mark.parametrize("batch_size", [1, 8, None])
def test_same_config_same_history(batch_size):
    config = TrainConfig(lr=0.05, batch_size=batch_size, epochs=6, seed=4)
    a = iris_trainer(config).run(6)
    torch.manual_seed(123)  # the global RNG plays no part
    b = iris_trainer(config).run(6)
    assert a.history == b.history
    assert same_weights(weights(a), weights(b))


@pytest.mark.parametrize(("batch_size", "splits", "total"), [
    (1, (5, 5), 10), (8, (1, 2, 7), 10), (None, (5, 5), 10), (None, (40, 60), 100),
    (None, (CHUNK + 1, 2), CHUNK + 3),
])
def test_runs_in_pieces_equal_one_run(batch_size, splits, total):
    config = TrainConfig(lr=0.05, batch_size=batch_size, epochs=200, seed=1)
    pieces = iris_trainer(config)
    for k in splits:
        pieces.run(k)
    whole = iris_trainer(config).run(total)
    assert pieces.epoch == whole.epoch == total
    assert pieces.history == whole.history
    assert same_weights(weights(pieces), weights(whole))


@pytest.mark.parametrize(("data", "loss"), [("moons", "cross_entropy"), ("bumps", "mse")])
def test_a_run_epoch_by_epoch_equals_one_run(data, loss):
    """The studio's head start trains one epoch at a time; its test losses must be the bits a
    run in chunks records (torch multiplies a batch of one with another kernel, which rounds
    differently on these 2-D sets' 32-wide layer)."""
    ds = DataSpec(data, n_samples=300, noise=0.05).load()
    config = TrainConfig(hidden=(32,), optimizer="adam", lr=0.01, batch_size=None, epochs=40,
                         loss=loss)
    pieces = Trainer(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test)
    for _ in range(40):
        pieces.run(1)
    whole = Trainer(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test).run(40)
    assert pieces.history == whole.history
    assert same_weights(weights(pieces), weights(whole))


def test_reset_returns_to_the_same_start():
    trainer = iris_trainer(TrainConfig(lr=0.05, batch_size=8, epochs=30, optimizer="adam"))
    start = weights(trainer)
    first = trainer.run(30).history
    end = weights(trainer)
    assert not same_weights(start, end) and trainer.stopped.kind == "budget"
    trainer.reset()
    assert same_weights(weights(trainer), start)
    assert (trainer.epoch, len(trainer.history), trainer.stopped) == (0, 0, None)
    assert trainer.run(30).history == first
    assert same_weights(weights(trainer), end)


# -------------------------------------------------------------------------- optimizers, L2, stop


@pytest.mark.parametrize(("optimizer", "lr"), [("sgd", 0.1), ("momentum", 0.05), ("adam", 0.01)])
def test_each_optimizer_learns(optimizer, lr):
    trainer = fit(TrainConfig(optimizer=optimizer, lr=lr, epochs=150), IRIS.X_train, IRIS.y_train,
                  IRIS.X_test, IRIS.y_test)
    h = trainer.history
    assert h.train_loss[-1] < 0.5 * h.train_loss[0]
    assert h.test_acc[-1] >= 0.9


def test_l2_shrinks_the_weights():
    def norm(l2):
        trainer = fit(TrainConfig(lr=0.1, epochs=300, l2=l2), IRIS.X_train, IRIS.y_train)
        return sum(float((p.detach() ** 2).sum()) for p in trainer.model.parameters())

    assert norm(0.05) < 0.8 * norm(0.0)


@pytest.mark.parametrize("batch_size", [None, 8])
def test_a_diverging_run_stops_with_finite_weights(batch_size):
    X = IRIS.X_train * 1000  # unscaled, huge inputs and a huge step
    trainer = fit(TrainConfig(lr=10, batch_size=batch_size, epochs=300), X, IRIS.y_train)
    reason = trainer.stopped
    assert reason.non_finite and trainer.epoch == len(trainer.history) < 300
    assert all(bool(torch.isfinite(p).all()) for p in trainer.model.parameters())
    assert all(math.isfinite(v) for v in trainer.history.train_loss)
    # The epoch after the last one kept, and the step of the first sample whose loss is nan.
    assert (reason.kind, reason.epoch) == ("loss", trainer.epoch + 1) and math.isnan(reason.value)
    steps = 1 if batch_size is None else math.ceil(len(X) / batch_size)
    assert 1 <= reason.step <= steps
    kept = weights(trainer)
    trainer.run(5)  # a stopped trainer stays where it is
    assert same_weights(weights(trainer), kept)


def test_a_test_set_that_overflows_stops_the_run_too():
    trainer = Trainer(TrainConfig(lr=0.1, epochs=5), IRIS.X_train, IRIS.y_train,
                      IRIS.X_test * 1e38, IRIS.y_test)
    start = weights(trainer)
    trainer.run(5)
    reason = trainer.stopped
    assert (reason.kind, reason.epoch, reason.step, trainer.epoch) == ("test_loss", 1, None, 0)
    assert not math.isfinite(reason.value) and reason.non_finite
    assert same_weights(weights(trainer), start)


def test_a_non_finite_stop_says_what_broke_where_with_its_numbers():
    trainer = fit(TrainConfig(hidden=(4,), epochs=1, batch_size=8), IRIS.X_train, IRIS.y_train,
                  IRIS.X_test, IRIS.y_test)
    assert trainer.epoch == 1  # so the next chunk's first epoch is epoch 2
    losses = torch.ones(len(IRIS.y_train))
    losses[9] = math.inf  # sample 9 of batches of 8: the second step
    reasons = [trainer._reason(0, losses, math.inf, []),
               trainer._reason(0, torch.ones(3), math.inf, []),  # finite samples, mean overflows
               trainer._reason(0, torch.ones(3), 1.0, [math.nan]),
               trainer._reason(0, torch.ones(3), 1.0, [1.0])]
    assert reasons[0] == StopReason("loss", 2, step=2, value=math.inf)
    assert reasons[1] == StopReason("loss_overflow", 2)
    assert (reasons[2].kind, reasons[2].epoch, reasons[2].step) == ("test_loss", 2, None)
    assert math.isnan(reasons[2].value)
    assert reasons[3] == StopReason("weights", 2)
    # Every kind but the two ends of a healthy run (its budget, an early stop) is non-finite.
    assert [r.kind for r in reasons] == list(STOP_KINDS[2:]) and all(r.non_finite for r in reasons)


def test_the_budget_stops_the_run():
    trainer = iris_trainer(TrainConfig(lr=0.1, epochs=7))
    trainer.run(5)
    assert (trainer.epoch, trainer.stopped) == (5, None)
    trainer.run(100)
    assert (trainer.epoch, len(trainer.history)) == (7, 7)
    assert trainer.stopped == StopReason("budget", 7)
    assert not trainer.stopped.non_finite


# ---------------------------------------------------------------------- predictions and history


def test_predict_proba_is_the_models_softmax():
    trainer = fit(TrainConfig(lr=0.1, epochs=50), IRIS.X_train, IRIS.y_train)
    p = trainer.predict_proba(IRIS.X_test)
    assert p.shape == (len(IRIS.X_test), 3)
    with torch.no_grad():
        expected = torch.softmax(trainer.model(torch.from_numpy(IRIS.X_test)), dim=1).numpy()
    np.testing.assert_allclose(p, expected, rtol=1e-6)
    np.testing.assert_allclose(p.sum(axis=1), 1, rtol=1e-6)
    np.testing.assert_array_equal(trainer.predict(IRIS.X_test), expected.argmax(axis=1))
    assert trainer.predict_proba(IRIS.X_test[:0]).shape == (0, 3)


def test_n_classes_can_exceed_the_labels_seen():
    keep = IRIS.y_train < 2
    trainer = Trainer(TrainConfig(), IRIS.X_train[keep], IRIS.y_train[keep], n_classes=3)
    assert trainer.n_classes == 3 and trainer.model[-1].out_features == 3
    assert Trainer(TrainConfig(), IRIS.X_train[keep], IRIS.y_train[keep]).n_classes == 2


def test_an_empty_test_set_means_no_test_curve():
    trainer = Trainer(TrainConfig(lr=0.1, epochs=3), IRIS.X_train, IRIS.y_train,
                      IRIS.X_test[:0], IRIS.y_test[:0]).run(3)
    assert trainer.history.test_loss == [] and not trainer.history.has_test
    assert list(trainer.history.as_frame().columns) == ["epoch", "train_loss", "train_acc"]


def test_history_frame():
    h = iris_trainer(TrainConfig(lr=0.1, epochs=4)).run(4).history
    frame = h.as_frame()
    assert list(frame.columns) == ["epoch", "train_loss", "train_acc", "test_loss", "test_acc"]
    assert frame["epoch"].tolist() == [1, 2, 3, 4]
    pd.testing.assert_series_equal(frame["test_acc"], pd.Series(h.test_acc, name="test_acc"))
    assert len(History().as_frame()) == 0


def test_config_is_frozen_hashable_and_normalised():
    a = TrainConfig(hidden=[8, 4], lr=1, batch_size=np.int64(8), seed=np.int64(2))
    b = TrainConfig(hidden=(8, 4), lr=1.0, batch_size=8, seed=2)
    assert a == b and hash(a) == hash(b) and a.hidden == (8, 4) and type(a.lr) is float
    with pytest.raises(AttributeError):
        a.lr = 0.5


# ----------------------------------------------------------------------------------- validation


@pytest.mark.parametrize(("kwargs", "message"), [
    (dict(lr=-1), r"^lr must be > 0, got -1\.$"),
    (dict(lr=0), r"^lr must be > 0, got 0\.$"),
    (dict(lr=float("nan")), r"^lr must be > 0, got nan\.$"),
    (dict(l2=-0.1), r"^l2 must be >= 0, got -0\.1\.$"),
    (dict(batch_size=0), r"^batch_size must be >= 1 or None, got 0\.$"),
    (dict(batch_size=2.5), r"^batch_size must be >= 1 or None, got 2\.5\.$"),
    (dict(epochs=0), r"^epochs must be >= 1, got 0\.$"),
    (dict(hidden=(0,)), r"^hidden must be positive widths, got \(0,\)\.$"),
    (dict(activation="swish"), r"^activation must be one of \[.*'gelu'\], got 'swish'\.$"),
    (dict(optimizer="rmsprop"),
     r"^optimizer must be one of \['sgd', 'momentum', 'nesterov', 'adam'\], got 'rmsprop'\.$"),
    (dict(l1=-0.1), r"^l1 must be >= 0, got -0\.1\.$"),
    (dict(schedule="linear"),
     r"^schedule must be one of \['constant', 'step', 'cosine'\], got 'linear'\.$"),
    (dict(seed=0.5), r"^seed must be an integer, got 0\.5\.$"),
])
def test_config_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        TrainConfig(**kwargs)


def test_data_validation():
    X, y = IRIS.X_train, IRIS.y_train
    cases = [
        ((X[0], y), r"^X_train must have shape \(n_samples, n_features\), got \(4,\)\.$"),
        ((X[:0], y[:0]), r"^X_train must have at least 1 row, got 0\.$"),
        ((np.where(np.arange(4) == 2, np.nan, X), y), r"^X_train must hold finite numbers"),
        ((X, y[:-1]), rf"^y_train must have shape \({len(y)},\), got \({len(y) - 1},\)\.$"),
        ((X, y + 0.5), rf"^y_train must hold integer class indices, got {y[0] + 0.5}\.$"),
        ((X, y.astype(str)), rf"^y_train must hold integer class indices, got '{y[0]}'\.$"),
        ((X, np.array(["a", *y[1:]], dtype=object)),
         r"^y_train must hold integer class indices, got 'a'\.$"),
        ((np.full(X.shape, "a"), y), r"^X_train must hold numbers only, got <U1\.$"),
        ((X, y - 1), r"^y_train must hold class indices >= 0, got -1\.$"),
        ((X, np.zeros_like(y)), r"^y_train must hold at least 2 classes, got 1\.$"),
        ((X, y, IRIS.X_test[:, :3], IRIS.y_test),
         r"^X_test must have shape \(n, 4\), got \(45, 3\)\.$"),
        ((X, y, IRIS.X_test, None), r"^X_test and y_test must be given together"),
    ]
    for args, message in cases:
        with pytest.raises(ValueError, match=message):
            Trainer(TrainConfig(), *args)
    with pytest.raises(ValueError, match=r"^n_classes must be an integer > every label \(2\), "
                                         r"got 2\.$"):
        Trainer(TrainConfig(), X, y, n_classes=2)
    with pytest.raises(ValueError, match=r"^config must be a TrainConfig, got dict\.$"):
        Trainer({"lr": 0.1}, X, y)
    trainer = Trainer(TrainConfig(), X, y)
    with pytest.raises(ValueError, match=r"^epochs must be >= 1, got 0\.$"):
        trainer.run(0)
    with pytest.raises(ValueError, match=r"^X must have shape \(n, 4\), got \(2, 3\)\.$"):
        trainer.predict_proba(np.zeros((2, 3)))


def test_float_labels_that_are_whole_numbers_are_accepted():
    trainer = Trainer(TrainConfig(), IRIS.X_train, IRIS.y_train.astype(float))
    assert trainer.n_classes == 3


def test_a_mean_loss_that_overflows_with_finite_samples_stops_with_a_reason():
    """Found from the studio: every per-sample loss finite, their mean inf; once an IndexError."""
    config = TrainConfig(hidden=(8,), activation="identity", optimizer="momentum", lr=10.0,
                         batch_size=None, epochs=300)
    trainer = iris_trainer(config).run(300)
    assert trainer.stopped == StopReason("loss_overflow", trainer.epoch + 1)
    assert trainer.epoch < 300
    assert all(torch.isfinite(p).all() for p in trainer.model.parameters())
    assert all(math.isfinite(v) for v in trainer.history.train_loss)


def test_a_larger_budget_continues_exactly_as_if_it_had_been_set_from_the_start():
    """reconfigure keeps the batch order and the optimizer's state (momentum here)."""
    short = iris_trainer(TrainConfig(optimizer="momentum", lr=0.05, batch_size=8, epochs=4))
    short.run(4)
    assert short.stopped == StopReason("budget", 4)
    short.reconfigure(TrainConfig(optimizer="momentum", lr=0.05, batch_size=8, epochs=9)).run(9)
    long = iris_trainer(TrainConfig(optimizer="momentum", lr=0.05, batch_size=8, epochs=9)).run(9)
    assert (short.epoch, short.stopped) == (9, StopReason("budget", 9))
    assert short.history.train_loss == long.history.train_loss
    assert same_weights(weights(short), weights(long))


def test_a_new_learning_rate_continues_from_the_weights_reached():
    trainer = iris_trainer(TrainConfig(optimizer="adam", lr=0.01, epochs=10)).run(5)
    reached, moments = weights(trainer), trainer._optimizer.m
    trainer.reconfigure(TrainConfig(optimizer="adam", lr=0.001, epochs=10))
    assert same_weights(weights(trainer), reached) and trainer._optimizer.m is moments
    assert trainer._optimizer.lr == 0.001
    trainer.run(5)
    assert trainer.epoch == 10 and len(trainer.history.train_loss) == 10
    plain = iris_trainer(TrainConfig(optimizer="adam", lr=0.01, epochs=10)).run(10)
    assert trainer.history.train_loss[:5] == plain.history.train_loss[:5]
    assert trainer.history.train_loss[5:] != plain.history.train_loss[5:]


def test_reconfigure_refuses_what_makes_a_new_model():
    trainer = iris_trainer(TrainConfig())
    with pytest.raises(ValueError, match=r"reconfigure cannot change hidden, seed: those make a "
                                         r"new model, so start a new Trainer\."):
        trainer.reconfigure(TrainConfig(hidden=(4,), seed=1))


def test_a_lower_learning_rate_after_divergence_continues_from_the_last_finite_weights():
    config = TrainConfig(hidden=(8,), activation="identity", optimizer="momentum", lr=10.0,
                         batch_size=None, epochs=300)
    trainer = iris_trainer(config).run(300)
    assert trainer.stopped.non_finite
    stopped_at, last_finite = trainer.epoch, weights(trainer)
    trainer.reconfigure(TrainConfig(hidden=(8,), activation="identity", optimizer="momentum",
                                    lr=1e-4, batch_size=None, epochs=300))
    assert trainer.stopped is None
    assert same_weights(weights(trainer), last_finite) and trainer.epoch == stopped_at
    assert trainer._optimizer.velocity is None  # no velocity carried over from the blow-up


@pytest.mark.parametrize("batch_size", [None, 1, 16])
def test_a_pickled_trainer_holds_its_data_once_and_trains_on_as_the_original(batch_size):
    """The training data is kept a column a sample with rows viewing it (as a worker's run comes
    back pickled): unpickled, the rows still view the columns, and the run goes on the same."""
    config = TrainConfig(lr=0.05, batch_size=batch_size, epochs=30, seed=1)
    trainer = iris_trainer(config).run(10)
    copy = pickle.loads(pickle.dumps(trainer))
    assert copy._X.data_ptr() == copy._X_t.data_ptr()
    assert copy._target.data_ptr() == copy._target_t.data_ptr()
    assert torch.equal(copy._X, trainer._X) and torch.equal(copy._target, trainer._target)
    trainer.run(20)
    copy.run(20)
    assert copy.history.train_loss == trainer.history.train_loss
    assert same_weights(weights(copy), weights(trainer))
