"""Data by hand: a toy's points as edited, as a DataSpec loads, splits and exports them."""

import numpy as np
import pytest

from mlp_core.datasets import MAX_TOY_SAMPLES, DataSpec, regression_points, toy_points
from mlp_core.points import MIN_CLASS_POINTS, Points
from mlp_core.script import generate_script
from mlp_core.training import TrainConfig, fit
from tests.test_script import run_script


def drawn(source="circles", **options) -> tuple[DataSpec, Points]:
    """A toy's spec and its drawn points, unedited."""
    spec = DataSpec(source, **options)
    if source in ("plane", "bumps"):
        X, y = regression_points(source, n_samples=spec.n_samples, noise=spec.noise,
                                 seed=spec.seed)
        return spec, Points.of(X, y, regression=True)
    X, y = toy_points(source, n_samples=spec.n_samples, noise=spec.noise, seed=spec.seed,
                      n_classes=spec.toy_classes)
    return spec, Points.of(X, y)


@pytest.mark.parametrize("source, options", [
    ("circles", dict(seed=3)), ("spiral", dict(n_classes=4, n_samples=120, seed=1)),
    ("xor", dict(test_size=0.4, noise=0.3)), ("bumps", dict(seed=2)), ("plane", {})])
def test_unedited_points_load_as_the_drawn_toy(source, options):
    """The explicit-points path splits and scales exactly as the generator's own path."""
    spec, points = drawn(source, **options)
    ds, same = spec.load(), DataSpec(**{**spec.__dict__, "points": points}).load()
    for part in ("X_train", "X_test", "y_train", "y_test"):
        np.testing.assert_array_equal(getattr(same, part), getattr(ds, part))
    assert (same.split, same.task, same.class_names, same.feature_names, same.name) == \
        (ds.split, ds.task, ds.class_names, ds.feature_names, ds.name)


def test_an_added_point_is_in_the_data_with_its_class_and_the_split_is_redone():
    spec, points = drawn("moons", n_samples=100)
    edited = points.added((3.0, -2.0), 1)
    ds = DataSpec("moons", n_samples=100, points=edited).load()
    assert ds.n_train + ds.n_test == 101
    raw = ds.scaler.inverse_transform(ds.X_all)
    at = np.flatnonzero(np.isclose(raw, [3.0, -2.0], atol=1e-5).all(axis=1))
    assert len(at) == 1 and ds.y_all[at[0]] == 1
    assert ds.split.stratified  # the shares of both classes kept in both parts
    # Redone: the new point's scaler is fitted anew, and every class is still in the test part.
    assert not np.allclose(ds.scaler.mean_, spec.load().scaler.mean_)
    assert set(ds.y_test) == {0, 1}


def test_a_removed_point_is_gone_and_the_nearest_is_found():
    _, points = drawn("gaussians", n_classes=3, n_samples=60)
    X, y = points.arrays()
    i = points.nearest(X[17] + 1e-4)
    assert i == 17
    fewer = points.without(i)
    assert len(fewer) == 59
    assert not np.isclose(fewer.arrays()[0], X[17]).all(axis=1).any()
    assert fewer.counts(3)[y[17]] == points.counts(3)[y[17]] - 1
    assert sum(fewer.counts(3)) == 59


def test_a_class_keeps_its_minimum_and_a_regression_its_minimum_in_all():
    points = Points.of(np.arange(2 * (MIN_CLASS_POINTS + 1)).reshape(-1, 2),
                       [0] * MIN_CLASS_POINTS + [1])
    assert not points.can_remove(0)  # class 0 has exactly the minimum
    assert points.can_remove(MIN_CLASS_POINTS) is False  # class 1 has one: below it already
    more = points.added((9.0, 9.0), 0)
    assert more.can_remove(0)
    values = Points.of(np.zeros((MIN_CLASS_POINTS + 1, 2)), np.arange(MIN_CLASS_POINTS + 1.0),
                       regression=True)
    assert values.can_remove(0) and not values.without(0).can_remove(0)
    assert values.counts(1) == (MIN_CLASS_POINTS + 1,)


def test_a_regression_point_keeps_its_target_value():
    _, points = drawn("plane", n_samples=40)
    edited = points.added((0.25, -0.5), 1.75)
    ds = DataSpec("plane", n_samples=40, points=edited).load()
    targets = ds.target_values(ds.y_all)
    raw = ds.scaler.inverse_transform(ds.X_all)
    at = np.isclose(raw, [0.25, -0.5], atol=1e-5).all(axis=1)
    assert targets[at] == pytest.approx([1.75], abs=1e-5)


def test_a_spec_with_points_is_a_value():
    """Hashable and equal by its points: the studio's cache key and the run's restart key."""
    _, points = drawn("xor", n_samples=30)
    a = DataSpec("xor", n_samples=30, points=points.added((0.1, 0.2), 0))
    b = DataSpec("xor", n_samples=30, points=points.added((0.1, 0.2), 0))
    assert a == b and hash(a) == hash(b)
    assert a != DataSpec("xor", n_samples=30, points=points)


def test_points_are_checked_where_they_enter():
    _, points = drawn("circles", n_samples=20)
    with pytest.raises(ValueError, match=r"points must belong to a 2-D toy set, got source "
                                         r"'iris'\."):
        DataSpec("iris", points=points)
    with pytest.raises(ValueError, match=r"points must be regression points for 'plane'\."):
        DataSpec("plane", points=points)
    with pytest.raises(ValueError, match=r"points\.y must hold class indices in \[0, 2\), got 2"):
        DataSpec("circles", points=points.added((0, 0), 2))
    many = Points.of(np.zeros((MAX_TOY_SAMPLES + 1, 2)), np.arange(MAX_TOY_SAMPLES + 1) % 2)
    with pytest.raises(ValueError, match=rf"points must number between 2 and {MAX_TOY_SAMPLES}, "
                                         rf"got {MAX_TOY_SAMPLES + 1}\."):
        DataSpec("circles", points=many)
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\), got \(3,\)\."):
        Points.of([1, 2, 3], [0, 1, 0])
    with pytest.raises(ValueError, match=r"points must be finite numbers, got nan or inf\."):
        points.added((np.nan, 0.0), 1)
    with pytest.raises(ValueError, match=r"index must be in \[0, 20\), got 20\."):
        points.without(20)


@pytest.mark.parametrize("source, config", [
    ("circles", TrainConfig(hidden=(8,), activation="tanh", optimizer="adam", lr=0.01,
                            batch_size=8, epochs=15, seed=2)),
    ("bumps", TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.05,
                          batch_size=None, epochs=20, seed=2, loss="mse")),
])
def test_the_script_reproduces_a_run_on_edited_points(source, config, tmp_path):
    spec, points = drawn(source, seed=2, n_samples=60)
    value = 0.5 if points.regression else 1
    edited = points.added((0.0, 0.0), value).added((1.5, 1.5), value).without(3)
    spec = DataSpec(source, seed=2, n_samples=60, points=edited)
    ds = spec.load()
    source_code = generate_script(config, spec, ds)
    assert "as edited by hand" in source_code
    trainer = fit(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test, n_classes=ds.n_classes)
    train_loss, test_loss, *_, epochs = run_script(source_code, tmp_path)
    assert epochs == config.epochs
    assert train_loss == pytest.approx(trainer.history.train_loss[-1], abs=1e-5)
    assert test_loss == pytest.approx(trainer.history.test_loss[-1], abs=1e-5)


def test_edited_points_get_the_hand_made_features_too():
    # A student who edits the circles and adds x1^2, x2^2 trains on the edited points AND the
    # squares of their scaled coordinates, as the drawn set would have them.
    _, points = drawn("circles", n_samples=60, seed=2)
    points = points.added((0.1, -0.2), 1)
    plain = DataSpec("circles", n_samples=60, seed=2, points=points).load()
    made = DataSpec("circles", n_samples=60, seed=2, points=points, features=("x2sq", "x1sq"))
    ds = made.load()
    assert ds.feature_names == ("x1", "x2", "x1sq", "x2sq")
    assert ds.n_train + ds.n_test == 61
    np.testing.assert_allclose(ds.X_train[:, :2], plain.X_train, rtol=1e-6)
    np.testing.assert_allclose(ds.X_train[:, 2:], plain.X_train ** 2, rtol=1e-5)
