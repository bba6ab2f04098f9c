"""Regression in mlp_core: its losses' gradients against autograd, its Trainer against
scikit-learn's MLPRegressor and r2_score, and the regression datasets."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import r2_score
from sklearn.neural_network import MLPRegressor

from mlp_core.datasets import (
    BUMPS,
    REGRESSION_SETS,
    DataSpec,
    hours_score_values,
    load_diabetes,
    regression_points,
    task_of,
)
from mlp_core.functions import ACTIVATIONS, HUBER_DELTA, REGRESSION_LOSSES, TRAIN_LOSSES
from mlp_core.gradients import loss_gradients
from mlp_core.metrics import regression_scores
from mlp_core.network import build_mlp
from mlp_core.regions import target_pair, value_grid
from mlp_core.training import TrainConfig, Trainer, fit

AUTOGRAD_LOSS = {"mse": F.mse_loss, "mae": F.l1_loss,
                 "huber": lambda z, y: F.huber_loss(z, y, delta=HUBER_DELTA)}


@settings(max_examples=40)
@given(
    loss=st.sampled_from(REGRESSION_LOSSES),
    activation=st.sampled_from(list(ACTIVATIONS)),
    hidden=st.lists(st.integers(1, 6), max_size=3),
    n=st.integers(1, 12),
    spread=st.sampled_from([0.1, 1.0, 5.0]),  # Huber's both sides, MAE's signs
    seed=st.integers(0, 2**16),
)
def test_regression_gradients_match_autograd(loss, activation, hidden, n, spread, seed):
    torch.manual_seed(seed)
    model = build_mlp(3, hidden, activation, 1)
    x, y = torch.randn(n, 3), spread * torch.randn(n, 1)
    params = list(model.parameters())
    expected = torch.autograd.grad(AUTOGRAD_LOSS[loss](model(x), y), params)
    z, grads = loss_gradients([p.detach() for p in params], x, y, activation, loss)
    np.testing.assert_allclose(z.numpy(), model(x).detach().numpy(), rtol=1.3e-6, atol=1e-5)
    for g, e in zip(grads, expected, strict=True):
        np.testing.assert_allclose(g.numpy(), e.numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("loss", REGRESSION_LOSSES)
def test_per_sample_losses_average_to_torchs_loss(loss):
    g = torch.Generator().manual_seed(1)
    z, y = torch.randn(50, 1, generator=g), 3 * torch.randn(50, 1, generator=g)
    got = TRAIN_LOSSES[loss].per_sample(z, y).mean()
    assert torch.allclose(got, AUTOGRAD_LOSS[loss](z, y))


def test_a_regression_config_says_its_task():
    assert TrainConfig().task == "classification"
    assert {TrainConfig(loss=name).task for name in REGRESSION_LOSSES} == {"regression"}
    with pytest.raises(ValueError, match="loss must be one of"):
        TrainConfig(loss="hinge")


def _bumps_run(epochs):
    ds = DataSpec("bumps", n_samples=300, noise=0.05).load()
    config = TrainConfig(hidden=(32,), activation="relu", optimizer="adam", lr=0.01,
                         batch_size=None, epochs=epochs, loss="mse", seed=0)
    return ds, fit(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test)


def test_the_recorded_r2_is_sklearns_r2_score():
    ds, trainer = _bumps_run(300)
    h = trainer.history
    assert h.metric == "r2" and len(h) == 300
    assert h.test_acc[-1] == pytest.approx(r2_score(ds.y_test, trainer.predict(ds.X_test)),
                                           abs=1e-5)
    # The train loss is the full batch's MSE as the step saw it, before its update.
    assert h.as_frame().columns.tolist() == ["epoch", "train_loss", "train_r2", "test_loss",
                                             "test_r2"]


def test_a_regression_reaches_a_real_r2_on_the_bumps():
    _, trainer = _bumps_run(500)
    assert trainer.history.test_acc[0] < 0.2  # random weights explain little
    assert trainer.history.test_acc[-1] > 0.9


# Budgets where both have settled (diabetes overfits past ~100 full-batch epochs): the two start
# from different initial weights (sklearn's Glorot, torch's Kaiming), so only there do they meet.
@pytest.mark.parametrize("source, hidden, epochs", [("bumps", (32,), 1000), ("plane", (8,), 500),
                                                    ("diabetes", (4,), 100)])
def test_r2_within_005_of_mlpregressor_at_the_same_budget(source, hidden, epochs):
    ds = DataSpec(source, n_samples=300, noise=0.05).load()
    config = TrainConfig(hidden=hidden, activation="relu", optimizer="adam", lr=0.01,
                         batch_size=None, epochs=epochs, loss="mse", seed=0)
    ours = fit(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test)
    # sklearn's squared_error is half the MSE: Adam's steps do not depend on that factor.
    sk = MLPRegressor(hidden_layer_sizes=hidden, activation="relu", solver="adam",
                      learning_rate_init=0.01, batch_size=ds.n_train, max_iter=epochs, alpha=0.0,
                      tol=0.0, n_iter_no_change=epochs + 1, shuffle=False, random_state=0)
    with pytest.warns(Warning):  # ConvergenceWarning: the budget, not a tolerance, stops it
        sk.fit(ds.X_train, ds.y_train)
    theirs = r2_score(ds.y_test, sk.predict(ds.X_test))
    assert theirs > 0.3  # a real fit on both sides, not two failures that agree
    assert ours.history.test_acc[-1] == pytest.approx(theirs, abs=0.05)


@pytest.mark.parametrize("loss", REGRESSION_LOSSES)
def test_each_regression_loss_learns_the_plane(loss):
    ds = DataSpec("plane", noise=0.0).load()
    config = TrainConfig(hidden=(), optimizer="adam", lr=0.05, batch_size=None, epochs=300,
                         loss=loss)
    trainer = fit(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test)
    assert trainer.history.test_acc[-1] > 0.99  # a plane is one linear unit's job
    assert trainer.history.train_loss[-1] < trainer.history.train_loss[0] / 10


def test_regression_predict_is_the_models_output_and_proba_is_refused():
    ds = DataSpec("plane").load()
    trainer = fit(TrainConfig(loss="mse", epochs=2), ds.X_train, ds.y_train)
    with torch.inference_mode():
        expected = trainer.model(torch.from_numpy(ds.X_test))[:, 0].numpy()
    np.testing.assert_array_equal(trainer.predict(ds.X_test), expected)
    one_epoch = fit(TrainConfig(loss="mse", epochs=1), ds.X_train, ds.y_train)
    np.testing.assert_array_equal(trainer.snapshot(1).predict(ds.X_test),
                                  one_epoch.predict(ds.X_test))
    with pytest.raises(ValueError, match="predict_proba needs a classification run"):
        trainer.predict_proba(ds.X_test)
    assert trainer.n_classes == 1 and trainer.model[-1].out_features == 1


def test_regression_targets_are_checked():
    X = np.zeros((3, 2))
    with pytest.raises(ValueError, match="finite numbers"):
        Trainer(TrainConfig(loss="mse"), X, [0.0, np.nan, 1.0])
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        Trainer(TrainConfig(loss="mse"), X, [0.0, 1.0])
    with pytest.raises(ValueError, match="n_classes must be 1"):
        Trainer(TrainConfig(loss="mse"), X, [0.0, 1.0, 2.0], n_classes=3)


def test_reconfigure_changes_the_loss_within_its_task_only():
    ds = DataSpec("plane").load()
    trainer = Trainer(TrainConfig(loss="mse", epochs=5), ds.X_train, ds.y_train).run(3)
    trainer.reconfigure(TrainConfig(loss="huber", epochs=5)).run(2)
    assert len(trainer.history) == 5
    with pytest.raises(ValueError, match="cannot change task"):
        trainer.reconfigure(TrainConfig(loss="cross_entropy", epochs=5))


# ------------------------------------------------------------------------------------ datasets
def test_every_regression_set_is_a_regression():
    for source in REGRESSION_SETS:
        ds = DataSpec(source).load()
        assert task_of(source) == "regression" and ds.regression and ds.n_classes == 1
        assert ds.y_train.dtype == np.float32
    assert task_of("iris") == "classification" and not DataSpec("iris").load().regression


def test_the_plane_is_the_mean_of_its_inputs_without_noise():
    X, y = regression_points("plane", n_samples=50, noise=0.0, seed=3)
    np.testing.assert_allclose(y, (X[:, 0] + X[:, 1]) / 2)
    assert X.min() >= -1 and X.max() <= 1


def test_the_bumps_peak_at_their_centres():
    X, y = regression_points("bumps", n_samples=2000, noise=0.0)
    for x1, x2, height in BUMPS:
        near = np.hypot(X[:, 0] - x1, X[:, 1] - x2) < 0.05
        assert near.any()
        # The bump's own height, give or take its neighbours' tails (e^(-1/(2 * 0.35^2)) ~ 0.017).
        np.testing.assert_allclose(y[near], height, atol=0.06)


def test_diabetes_targets_are_scaled_for_training_and_read_back_in_their_units():
    ds = load_diabetes()
    assert ds.n_train + ds.n_test == 442 and ds.n_features == 10
    assert ds.y_train.mean() == pytest.approx(0, abs=1e-5)
    assert ds.y_train.std() == pytest.approx(1, abs=1e-4)
    from sklearn.datasets import load_diabetes as sk_load
    raw = sk_load().target
    back = np.concatenate([ds.target_values(ds.y_train), ds.target_values(ds.y_test)])
    np.testing.assert_allclose(np.sort(back), np.sort(raw), atol=1e-3)


def test_hours_score_as_a_regression_keeps_the_lectures_numbers():
    ds = hours_score_values()
    np.testing.assert_array_equal(ds.X_train[:, 0], [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0])
    np.testing.assert_array_equal(ds.y_train, [0, 0, 1, 1, 2, 2, 3, 3])
    assert ds.n_test == 0 and ds.target_scaler is None and ds.class_names == ("Score",)


# ------------------------------------------------------------------- scores and the value grid
def test_regression_scores_are_sklearns():
    from sklearn.metrics import mean_absolute_error, mean_squared_error

    rng = np.random.default_rng(0)
    y = rng.normal(100, 20, 50)
    pred = y + rng.normal(0, 5, 50)
    scores = regression_scores(y, pred)
    assert scores.r2 == pytest.approx(r2_score(y, pred))
    assert scores.mae == pytest.approx(mean_absolute_error(y, pred))
    assert scores.rmse == pytest.approx(np.sqrt(mean_squared_error(y, pred)))
    assert regression_scores([2.0, 2.0], [2.0, 2.0]).r2 == r2_score([2.0, 2.0], [2.0, 2.0])


def test_value_grid_holds_the_prediction_at_each_point():
    X = np.array([[0.0, 0.0, 5.0], [1.0, 2.0, 7.0]])
    xs, ys, values = value_grid(lambda P: P[:, 0] + 10 * P[:, 1] + 100 * P[:, 2], X,
                                features=(0, 1), resolution=5, margin=0.0)
    assert values.shape == (5, 5)
    # Row i, column j is (xs[j], ys[i]), the third feature held at its mean, 6.
    np.testing.assert_allclose(values, xs[None, :] + 10 * ys[:, None] + 600, rtol=1e-6)
    with pytest.raises(ValueError, match=r"predict must return shape \(25,\)"):
        value_grid(lambda P: P, X, resolution=5)


def test_target_pair_is_the_two_columns_most_correlated_with_the_target():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(200, 4))
    y = 3 * X[:, 3] - 2 * X[:, 1] + 0.1 * rng.normal(size=200)
    assert target_pair(X, y) == (1, 3)
    from sklearn.feature_selection import r_regression

    assert set(np.argsort(-np.abs(r_regression(X, y)))[:2]) == {1, 3}
