"""mlp_core.progress: a run that stays finite but learns nothing is told from one that learns."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import log_loss

from mlp_core.datasets import DataSpec, load_iris
from mlp_core.progress import PATIENCE, Stall, stall
from mlp_core.training import History, TrainConfig, fit

IRIS = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                   epochs=2 * PATIENCE, seed=0)


def history_of(config: TrainConfig, spec: DataSpec | None = None):
    ds = load_iris() if spec is None else spec.load()
    run = fit(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test, n_classes=ds.n_classes)
    return run, ds


def test_adam_at_lr_100_stays_finite_and_is_told_it_learns_nothing():
    """The issue's run: Adam at lr 100 on the lecture's network."""
    run, ds = history_of(TrainConfig(**{**IRIS.__dict__, "optimizer": "adam", "lr": 100.0}))
    assert run.stopped.kind == "budget"  # finite to the end: no stop reason says anything
    found = stall(run.history, ds.y_train, ds.n_classes)
    assert found.kind == "loss" and found.epochs == PATIENCE
    assert found.loss == min(run.history.train_loss[-PATIENCE:]) > found.guess_loss
    # Iris's training rows are 35 of each class: the guess is 1/3 each, a loss of ln 3.
    assert found.guess_loss == pytest.approx(math.log(3)) and found.chance == pytest.approx(1 / 3)


def test_a_learning_rate_far_too_low_is_told_too():
    run, ds = history_of(TrainConfig(**{**IRIS.__dict__, "lr": 1e-5, "batch_size": None}))
    found = stall(run.history, ds.y_train, ds.n_classes)
    assert found is not None and found.loss >= 0.95 * math.log(3)


def test_runs_that_learn_are_left_alone():
    run, ds = history_of(IRIS)  # the lecture's run, twice as long
    assert stall(run.history, ds.y_train, ds.n_classes) is None
    circles = DataSpec("circles", n_samples=200, noise=0.1)
    hidden = TrainConfig(hidden=(8,), activation="tanh", optimizer="adam", lr=0.02, batch_size=16,
                         epochs=100, seed=0)
    run, ds = history_of(hidden, circles)
    assert stall(run.history, ds.y_train, ds.n_classes) is None
    # Fewer epochs than PATIENCE: too soon to say.
    short = History(train_loss=[9.0] * (PATIENCE - 1), train_acc=[0.0] * (PATIENCE - 1))
    assert stall(short, ds.y_train, ds.n_classes) is None


def test_a_line_for_circles_is_no_better_than_a_guess():
    """The "no hidden layer" preset: its accuracy stays near a coin toss, its loss near ln 2."""
    line = TrainConfig(hidden=(), activation="tanh", optimizer="adam", lr=0.02, batch_size=16,
                       epochs=100, seed=0)
    run, ds = history_of(line, DataSpec("circles", n_samples=200, noise=0.1))
    found = stall(run.history, ds.y_train, ds.n_classes)
    assert found is not None and found.kind == "loss"


def test_accuracy_no_better_than_the_most_common_class_is_a_stall():
    y = np.array([0, 0, 0, 1])  # always guessing 0 scores 0.75
    h = History(train_loss=[0.1] * PATIENCE, train_acc=[0.75] * PATIENCE)
    assert stall(h, y, 2) == Stall("accuracy", PATIENCE, 0.1, pytest.approx(log_loss(y, [[
        0.75, 0.25]] * 4)), 0.75, 0.75)
    h.train_acc[-1] = 0.8
    assert stall(h, y, 2) is None


@given(st.lists(st.integers(0, 4), min_size=2, max_size=60))
def test_the_guess_loss_is_sklearns_log_loss_of_the_class_shares(labels):
    y = np.array(labels)
    shares = np.bincount(y, minlength=5) / len(y)
    h = History(train_loss=[100.0] * PATIENCE, train_acc=[0.0] * PATIENCE)
    found = stall(h, y, 5)
    assert found.guess_loss == pytest.approx(
        log_loss(y, np.tile(shares, (len(y), 1)), labels=range(5)), abs=1e-9)
    assert found.chance == shares.max()
