"""Early stopping: patience on the test loss and the best weights restored, against a torch.optim
loop with Keras' EarlyStopping logic written here from its definition."""

import math
from dataclasses import replace

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from mlp_core.datasets import DataSpec
from mlp_core.network import build_mlp
from mlp_core.training import CHUNK, TRAIN_NOTES, StopReason, TrainConfig, Trainer

# A big network on few noisy points: its test loss falls, bottoms out and climbs (overfitting).
NOISY = DataSpec("moons", test_size=0.5, seed=0, n_samples=40, noise=0.3).load()
BIG = TrainConfig(hidden=(64, 64), activation="relu", optimizer="sgd", lr=0.05, batch_size=None,
                  epochs=400, seed=0)


def noisy_trainer(config, test=True):
    d = NOISY
    if not test:
        return Trainer(config, d.X_train, d.y_train)
    return Trainer(config, d.X_train, d.y_train, d.X_test, d.y_test, n_classes=d.n_classes)


def params(trainer_or_model):
    model = getattr(trainer_or_model, "model", trainer_or_model)
    return [p.detach().clone() for p in model.parameters()]


def same(a, b):
    return all(torch.equal(p, q) for p, q in zip(a, b, strict=True))


def keras_reference(config, patience):
    """torch.optim on autograd, full batch, and Keras' EarlyStopping(monitor="val_loss",
    patience, min_delta=0): `wait` counts the epochs since the last strictly lower test loss, and
    training stops at the end of the epoch where it reaches `patience`.

    Returns (stop epoch or None, best epoch, best test loss, best weights, test losses)."""
    X, y = torch.from_numpy(NOISY.X_train), torch.from_numpy(NOISY.y_train)
    Xt, yt = torch.from_numpy(NOISY.X_test), torch.from_numpy(NOISY.y_test)
    torch.manual_seed(config.seed)
    model = build_mlp(2, config.hidden, config.activation, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)
    best, best_epoch, best_weights, wait, losses = math.inf, 0, None, 0, []
    for epoch in range(1, config.epochs + 1):
        optimizer.zero_grad()
        F.cross_entropy(model(X), y).backward()
        optimizer.step()
        with torch.no_grad():
            current = F.cross_entropy(model(Xt), yt).item()
        losses.append(current)
        wait += 1
        if current < best:
            best, best_epoch, best_weights, wait = current, epoch, params(model), 0
        elif wait >= patience:
            return epoch, best_epoch, best, best_weights, losses
    return None, best_epoch, best, best_weights, losses


def test_the_noisy_run_overfits():
    """The setting every test here relies on: the test loss bottoms out, then climbs well up."""
    h = noisy_trainer(BIG).run(BIG.epochs).history
    lowest = min(h.test_loss)
    best = h.test_loss.index(lowest) + 1
    assert 30 < best < 150
    assert h.test_loss[-1] > 2 * lowest
    assert h.train_loss[-1] < 0.7 * h.train_loss[best - 1]  # while the training loss falls on


@pytest.mark.parametrize("patience", [5, 20, 60, 100])
@pytest.mark.parametrize("restore", [False, True])
def test_it_stops_where_keras_would_with_the_best_weights(patience, restore):
    config = replace(BIG, patience=patience, restore_best=restore)
    stop, best, best_loss, best_weights, losses = keras_reference(config, patience)
    trainer = noisy_trainer(config).run(config.epochs)
    assert stop is not None and stop < config.epochs
    assert trainer.stopped == StopReason("early", stop, value=pytest.approx(best_loss, rel=1e-5),
                                         best=best, restored=restore)
    assert trainer.epoch == len(trainer.history) == stop  # the history stays complete
    # Two ways of rounding drift apart by ~1e-4 over 170 epochs; they still agree on the stop.
    assert trainer.history.test_loss == pytest.approx(losses, rel=1e-3)
    if restore:
        for p, q in zip(params(trainer), best_weights, strict=True):
            torch.testing.assert_close(p, q, rtol=1e-4, atol=1e-5)
    snapshot = trainer.snapshot(best)
    assert snapshot.epoch == best
    # The weights held are the best epoch's when restored (the page's results say so).
    assert trainer.model_epoch == trainer.snapshot().model_epoch == (best if restore else stop)
    assert trainer.snapshot(stop - 1).model_epoch == stop - 1
    assert same(params(snapshot), params(trainer)) == restore
    assert same(params(trainer.snapshot(stop)), params(trainer))


@pytest.mark.parametrize("patience", [3, 17, CHUNK - 1, CHUNK, CHUNK + 5, 2 * CHUNK + 1])
def test_it_stops_at_the_exact_epoch_however_the_run_is_cut(patience):
    """A stop lands inside a chunk or across its bounds; one epoch at a time, in pieces of 7 or
    all at once, the run stops at the same epoch with the same weights, history and snapshots."""
    config = replace(BIG, patience=patience, epochs=2000 if patience > CHUNK else 400)
    whole = noisy_trainer(config).run(config.epochs)
    assert whole.stopped.kind == "early"
    assert whole.epoch == whole.stopped.best + patience
    for piece in (1, 7):
        cut = noisy_trainer(config)
        while cut.stopped is None:
            cut.run(piece)
        assert cut.stopped == whole.stopped
        assert cut.history.test_loss == whole.history.test_loss
        assert same(params(cut), params(whole))
        assert cut.snapshots.epochs() == whole.snapshots.epochs()


def test_runs_in_pieces_equal_one_run_while_watching():
    config = replace(BIG, patience=30, optimizer="adam", lr=0.002, batch_size=8)
    a, b = noisy_trainer(config), noisy_trainer(config)
    a.run(5).run(5)
    b.run(10)
    assert a.history.test_loss == b.history.test_loss and same(params(a), params(b))


@settings(max_examples=15, deadline=None)
@given(patience=st.integers(1, 40), seed=st.integers(0, 3), lr=st.sampled_from([0.02, 0.05]))
def test_the_stop_epoch_satisfies_the_definition(patience, seed, lr):
    """Stopped at s: the test loss was lowest at s - patience (its first time that low) and no
    epoch after it was strictly lower; and s is the first epoch where that holds."""
    config = replace(BIG, patience=patience, seed=seed, lr=lr, epochs=600)
    trainer = noisy_trainer(config).run(config.epochs)
    losses = trainer.history.test_loss
    if trainer.stopped.kind == "budget":  # it may improve to the end: then it never stopped
        assert all(min(losses[:e]) < min(losses[:e - patience])
                   for e in range(patience + 1, len(losses) + 1))
        return
    s, best = trainer.stopped.epoch, trainer.stopped.best
    assert s == len(losses) and best == s - patience
    assert losses[best - 1] == min(losses) == trainer.stopped.value
    assert losses.index(min(losses)) == best - 1
    assert all(min(losses[:e]) < min(losses[:e - patience]) for e in range(patience + 1, s))


def test_without_a_test_set_patience_has_nothing_to_watch():
    config = replace(BIG, patience=5, epochs=60)
    trainer = noisy_trainer(config, test=False)
    assert trainer.notes == ("patience_without_test",)
    assert "no test set" in TRAIN_NOTES["patience_without_test"]
    trainer.run(60)
    assert trainer.stopped == StopReason("budget", 60)
    plain = noisy_trainer(replace(config, patience=0), test=False).run(60)
    assert plain.history.train_loss == trainer.history.train_loss
    assert noisy_trainer(config).notes == () and plain.notes == ()


def test_patience_off_or_never_run_out_changes_nothing():
    plain = noisy_trainer(BIG).run(BIG.epochs)
    for patience in (0, BIG.epochs):
        watched = noisy_trainer(replace(BIG, patience=patience, restore_best=True)).run(400)
        assert watched.stopped == StopReason("budget", BIG.epochs)
        assert watched.history.test_loss == plain.history.test_loss
        assert same(params(watched), params(plain))


def test_a_larger_patience_continues_exactly_as_if_set_from_the_start():
    early = noisy_trainer(replace(BIG, patience=10, restore_best=True)).run(400)
    stop = early.stopped
    assert stop.kind == "early" and stop.restored
    again = replace(early.config, patience=10)
    early.reconfigure(again)  # the same patience: still run out, still stopped
    assert early.stopped == stop
    early.reconfigure(replace(again, restore_best=False))  # the weights trained last instead
    assert early.stopped == replace(stop, restored=False)
    assert same(params(early), early.snapshots.at(stop.epoch)[1])
    early.reconfigure(replace(again, restore_best=True))
    assert same(params(early), params(early.snapshot(stop.best)))
    early.reconfigure(replace(again, patience=60))
    assert early.stopped is None
    early.run(400)
    reference = noisy_trainer(replace(BIG, patience=60, restore_best=True)).run(400)
    assert early.stopped == reference.stopped
    assert early.history.test_loss == reference.history.test_loss
    assert same(params(early), params(reference))


def test_patience_off_after_an_early_stop_trains_on_to_the_budget():
    trainer = noisy_trainer(replace(BIG, patience=10, restore_best=True)).run(400)
    trainer.reconfigure(replace(trainer.config, patience=0))
    assert trainer.stopped is None
    trainer.run(400)
    plain = noisy_trainer(BIG).run(400)
    assert trainer.stopped == StopReason("budget", 400)
    assert same(params(trainer), params(plain))


def test_reset_forgets_the_watch():
    config = replace(BIG, patience=10, restore_best=True)
    trainer = noisy_trainer(config).run(400)
    first = (trainer.stopped, params(trainer))
    trainer.reset()
    assert trainer.stopped is None and trainer.epoch == 0
    trainer.run(400)
    assert (trainer.stopped, same(params(trainer), first[1])) == (first[0], True)


@pytest.mark.parametrize(("kwargs", "message"), [
    (dict(patience=-1), "patience must be an integer >= 0, got -1."),
    (dict(patience=2.5), "patience must be an integer >= 0, got 2.5."),
    (dict(patience=True), "patience must be an integer >= 0, got True."),
    (dict(restore_best="yes"), "restore_best must be True or False, got 'yes'."),
])
def test_config_validation(kwargs, message):
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        TrainConfig(**kwargs)


def test_the_new_fields_default_to_todays_behaviour():
    config = TrainConfig()
    assert (config.patience, config.restore_best) == (0, False)
    assert not StopReason("early", 3, best=1, value=0.5).non_finite


def test_a_patience_lowered_mid_run_past_the_epochs_trained_stops_at_once():
    config = replace(BIG, patience=30, restore_best=True)
    trainer = noisy_trainer(config).run(80)  # lowest at 69, still within 30
    assert trainer.stopped is None
    trained = params(trainer)
    trainer.reconfigure(replace(config, patience=10))
    assert trainer.stopped == StopReason("early", 80, value=trainer.stopped.value, best=69,
                                         restored=True)
    assert same(params(trainer), params(trainer.snapshot(69)))
    trainer.reconfigure(config)  # back to 30: it goes on from the weights it had trained
    assert trainer.stopped is None and same(params(trainer), trained)
    trainer.run(400)
    reference = noisy_trainer(config).run(400)
    assert trainer.stopped == reference.stopped and same(params(trainer), params(reference))
