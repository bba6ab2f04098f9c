"""A sweep: each of its runs is the plain Trainer of its config; its caps and its table of facts."""

import math
from dataclasses import replace

import pytest
import torch

from mlp_core.budget import epoch_seconds
from mlp_core.datasets import DataSpec, load_iris
from mlp_core.errors import InputError
from mlp_core.sweep import FIELDS, MAX_VALUES, WIDTH, configs, cost, fit_all, row
from mlp_core.training import TrainConfig, Trainer

IRIS = load_iris(seed=0)
LECTURE = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                      epochs=20, seed=3)


def plain(config: TrainConfig, ds=IRIS) -> Trainer:
    """The run as the studio trains one: a Trainer of its own, run to its budget."""
    trainer = Trainer(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test,
                      n_classes=ds.n_classes)
    return trainer.run(config.epochs)


def assert_same_run(a: Trainer, b: Trainer) -> None:
    assert a.history.train_loss == b.history.train_loss
    assert a.history.test_loss == b.history.test_loss
    assert a.history.test_acc == b.history.test_acc
    for p, q in zip(a.model.parameters(), b.model.parameters(), strict=True):
        assert torch.equal(p, q)


@pytest.mark.parametrize(("field", "values"), [
    ("lr", [0.001, 0.01, 0.1]),
    ("l2", [0.0, 1e-3, 1e-1]),
    ("batch_size", [1, 16, None]),
    ("optimizer", ["sgd", "momentum", "adam"]),
    ("activation", ["relu", "tanh"]),
])
def test_each_run_is_the_plain_trainer_of_its_config(field, values):
    swept = configs(LECTURE, field, values)
    assert [getattr(c, field) for c in swept] == values
    for c in swept:  # nothing else moved, the seed above all
        assert replace(c, **{field: getattr(LECTURE, field)}) == LECTURE
    for run, config in zip(fit_all(swept, IRIS), swept, strict=True):
        assert run.epoch == config.epochs
        assert_same_run(run, plain(config))


def test_a_width_sweep_widens_every_hidden_layer():
    base = replace(LECTURE, hidden=(8, 4), epochs=3)
    swept = configs(base, WIDTH, [2, 16])
    assert [c.hidden for c in swept] == [(2, 2), (16, 16)]
    runs = fit_all(swept, IRIS)
    assert [row(r).params for r in runs] == [(4 + 1) * 2 + (2 + 1) * 2 + (2 + 1) * 3,
                                             (4 + 1) * 16 + (16 + 1) * 16 + (16 + 1) * 3]
    assert_same_run(runs[1], plain(swept[1]))


def test_the_runs_do_not_depend_on_each_other():
    swept = configs(replace(LECTURE, epochs=5), "lr", [0.5, 0.05, 0.005])
    forward, backward = fit_all(swept, IRIS), fit_all(swept[::-1], IRIS)[::-1]
    for a, b in zip(forward, backward, strict=True):
        assert_same_run(a, b)


def test_the_table_holds_each_runs_last_epoch():
    runs = fit_all(configs(LECTURE, "lr", [0.01, 0.1]), IRIS)
    for run in runs:
        r, h = row(run), run.history
        assert (r.epochs, r.train_loss, r.test_loss) == (20, h.train_loss[-1], h.test_loss[-1])
        assert (r.train_score, r.test_score, r.metric) == (h.train_acc[-1], h.test_acc[-1],
                                                           "accuracy")
        assert r.params == (4 + 1) * 8 + (8 + 1) * 3 == 67  # the lecture's count
        assert r.stop == "budget"


def test_a_regression_sweep_scores_r2():
    ds = DataSpec(source="plane", n_samples=60).load()
    base = TrainConfig(hidden=(4,), lr=0.05, epochs=5, loss="mse", seed=1)
    runs = fit_all(configs(base, "loss", ["mse", "huber"]), ds)
    rows = [row(r) for r in runs]
    assert [r.metric for r in rows] == ["r2", "r2"]
    assert rows[0].test_score == runs[0].history.test_acc[-1]
    assert_same_run(runs[1], plain(replace(base, loss="huber"), ds))


def test_a_diverged_run_says_why_it_stopped():
    high = replace(LECTURE, activation="identity", batch_size=None, seed=0, epochs=50)
    run = fit_all(configs(high, "lr", [10.0]), IRIS)[0]  # the studio's "too high" preset
    r = row(run)
    assert r.stop in ("loss", "loss_overflow", "test_loss", "weights")
    assert r.epochs == run.epoch < 50 and math.isfinite(r.train_loss)


def test_cost_is_the_sum_of_the_runs():
    swept = configs(LECTURE, "batch_size", [1, None])
    epochs, seconds = cost(swept, IRIS)
    assert epochs == 40
    assert seconds == pytest.approx(20 * epoch_seconds(swept[0], IRIS)
                                    + 20 * epoch_seconds(swept[1], IRIS))
    assert seconds > 20 * epoch_seconds(swept[1], IRIS) * 2  # batch size 1 costs the most


@pytest.mark.parametrize(("field", "values", "code", "match"), [
    ("seed", [1, 2], "sweep_field", "a sweep varies one of width, activation"),
    ("hidden", [(4,)], "sweep_field", "got 'hidden'"),
    ("lr", [], "sweep_count", "1 to 6 values, got 0"),
    ("lr", [0.1 * k for k in range(1, MAX_VALUES + 2)], "sweep_count", "got 7"),
    ("lr", [0.1, 0.2, 0.1], "sweep_repeated", "got 0.1 twice"),
])
def test_a_sweep_refuses_with_a_code(field, values, code, match):
    with pytest.raises(InputError, match=match) as refused:
        configs(LECTURE, field, values)
    assert refused.value.code == code


def test_a_width_sweep_needs_a_hidden_layer():
    with pytest.raises(InputError, match="needs a hidden layer") as refused:
        configs(replace(LECTURE, hidden=()), WIDTH, [4])
    assert refused.value.code == "sweep_no_hidden"


def test_a_bad_value_is_refused_as_a_setting_is():
    with pytest.raises(ValueError, match="lr must be > 0, got -1"):
        configs(LECTURE, "lr", [0.1, -1])
    assert "seed" not in FIELDS and "hidden" not in FIELDS and WIDTH in FIELDS
