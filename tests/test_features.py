"""Hand-made input features: the map's values, its order, the data it makes, the grid through it."""

import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression

from mlp_core.datasets import Dataset, DataSpec, make_regression_toy, make_toy, split_and_scale
from mlp_core.features import FEATURES, canonical, made_columns, with_features
from mlp_core.regions import decision_grid, grid_points, value_grid
from mlp_core.training import TrainConfig, fit

POINTS = np.array([[0.0, 0.0], [1.0, 2.0], [-3.0, 0.5], [math.pi / 2, -math.pi / 6]])


def test_each_feature_on_known_points():
    # x1^2, x2^2, x1 x2, sin x1, sin x2, worked out by hand for each row of POINTS.
    expected = {
        "x1sq": [0.0, 1.0, 9.0, math.pi**2 / 4],
        "x2sq": [0.0, 4.0, 0.25, math.pi**2 / 36],
        "x1x2": [0.0, 2.0, -1.5, -math.pi**2 / 12],
        "sin1": [0.0, math.sin(1.0), math.sin(-3.0), 1.0],
        "sin2": [0.0, math.sin(2.0), math.sin(0.5), -0.5],
    }
    assert list(FEATURES) == list(expected)  # TensorFlow Playground's order
    for code, values in expected.items():
        np.testing.assert_allclose(made_columns(POINTS, [code])[:, 0], values, rtol=1e-12,
                                   atol=1e-15)


def test_columns_come_in_the_canonical_order_whatever_the_choice():
    every = made_columns(POINTS, ["sin2", "x1sq", "x1x2", "x2sq", "sin1", "x1sq"])
    assert every.shape == (4, 5)
    for k, code in enumerate(FEATURES):
        np.testing.assert_array_equal(every[:, k], made_columns(POINTS, [code])[:, 0])
    assert canonical(["sin2", "x1sq", "sin2"]) == ("x1sq", "sin2")
    assert canonical([]) == ()


def test_with_features_keeps_x1_x2_first_and_the_dtype():
    X = POINTS.astype(np.float32)
    out = with_features(X, ("x2sq", "x1sq"))
    assert out.shape == (4, 4) and out.dtype == np.float32
    np.testing.assert_array_equal(out[:, :2], X)
    np.testing.assert_array_equal(out[:, 2:], np.column_stack([X[:, 0] ** 2, X[:, 1] ** 2]))
    assert with_features(X, ()).shape == (4, 2)


@pytest.mark.parametrize(("codes", "message"), [
    (["x3sq"], "features must be among ['x1sq', 'x2sq', 'x1x2', 'sin1', 'sin2'], got 'x3sq'."),
    ("x1sq", "features must be a sequence of codes, got the string 'x1sq'."),
])
def test_unknown_codes_are_refused_naming_the_valid_ones(codes, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        canonical(codes)


def test_the_map_needs_two_columns():
    with pytest.raises(ValueError, match=re.escape("X must have shape (n, 2)")):
        made_columns(np.zeros((3, 3)), ["x1sq"])


def test_a_toy_with_features_is_the_plain_toy_plus_the_map_of_its_scaled_columns():
    plain = DataSpec("circles", seed=3).load()
    made = DataSpec("circles", seed=3, features=("x1x2", "sin1", "x1x2")).load()
    assert made.feature_names == ("x1", "x2", "x1x2", "sin1")
    assert made.made == ("x1x2", "sin1") and made.n_features == 4 and made.n_base_features == 2
    for part in ("train", "test"):
        X, base = getattr(made, f"X_{part}"), getattr(plain, f"X_{part}")
        np.testing.assert_array_equal(X[:, :2], base)
        np.testing.assert_allclose(X[:, 2], base[:, 0] * base[:, 1], rtol=1e-6)
        np.testing.assert_allclose(X[:, 3], np.sin(base[:, 0]), rtol=1e-6, atol=1e-7)
        np.testing.assert_array_equal(getattr(made, f"y_{part}"), getattr(plain, f"y_{part}"))
    # The scaler is the two measured columns' (the made ones are computed after it).
    np.testing.assert_array_equal(made.scaler.mean_, plain.scaler.mean_)
    # From float32 rows (a grid's, a typed sample's): the same columns to float32 rounding.
    np.testing.assert_allclose(made.with_made(plain.X_test), made.X_test, rtol=1e-6, atol=1e-7)


def test_a_regression_toy_takes_features_too():
    ds = make_regression_toy("bumps", seed=1, made=("x2sq",))
    assert ds.regression and ds.feature_names == ("x1", "x2", "x2sq")
    np.testing.assert_allclose(ds.X_train[:, 2], ds.X_train[:, 1] ** 2, rtol=1e-6)


def test_features_only_for_two_d_toys():
    with pytest.raises(ValueError, match=re.escape(
            "features apply to the 2-D toy sets only, got 'iris'.")):
        DataSpec("iris", features=("x1sq",))
    with pytest.raises(ValueError, match=re.escape("made features need 2-D data (x1, x2)")):
        split_and_scale(np.zeros((10, 3)) + np.arange(10)[:, None], np.arange(10) % 2,
                        ("a", "b", "c"), ("0", "1"), made=("x1sq",))
    with pytest.raises(ValueError, match=re.escape(
            "feature_names must name x1, x2 and the 2 made features, got 3 names.")):
        Dataset("d", np.zeros((2, 3)), np.zeros((0, 3)), [0, 1], [], ("x1", "x2", "x2sq"),
                ("0", "1"), made=("x1sq", "x2sq"))
    assert DataSpec("xor", features=("sin2", "sin1")).features == ("sin1", "sin2")


@given(st.lists(st.sampled_from(list(FEATURES)), max_size=7), st.integers(2, 9))
def test_grid_points_carry_the_map_of_their_own_x1_x2(codes, resolution):
    made = canonical(codes)
    xs, ys = np.linspace(-2, 2, resolution), np.linspace(-1, 3, resolution)
    points = grid_points(xs, ys, (0, 1), np.full(2 + len(made), 7.0), made)
    assert points.shape == (resolution**2, 2 + len(made))
    np.testing.assert_array_equal(points[:, 2:], made_columns(points[:, :2], made))


def test_the_regions_grid_feeds_the_model_what_it_was_trained_on():
    ds = make_toy("circles", seed=0, made=("x1sq", "x2sq"))
    seen = []

    def predict_proba(points):
        seen.append(points)
        return np.full((len(points), 2), 0.5)

    grid = decision_grid(predict_proba, ds.X_all, features=(0, 1), resolution=11,
                         made=ds.made)
    np.testing.assert_array_equal(seen[0], grid.points())
    np.testing.assert_allclose(seen[0][:, 2:], seen[0][:, :2] ** 2, rtol=1e-6)
    assert grid.other_features == ()
    # Swapped axes: still x1 then x2 in the columns the map reads.
    xs, ys, values = value_grid(lambda p: p[:, 2] + p[:, 3], ds.X_all, features=(1, 0),
                                resolution=5, made=ds.made)
    np.testing.assert_allclose(values, xs[None, :] ** 2 + ys[:, None] ** 2, rtol=1e-5)
    with pytest.raises(ValueError, match="need X of 2 \\+ 2 columns and the grid over columns"):
        decision_grid(predict_proba, ds.X_all, features=(0, 2), made=ds.made)


def test_circles_need_no_hidden_layer_given_the_squares():
    """A linear model on x1, x2 cannot separate a ring from the disc inside it; on x1², x2² the
    boundary x1² + x2² = r² is a line. sklearn's logistic regression agrees with the Trainer."""
    config = TrainConfig(hidden=(), optimizer="adam", lr=0.02, batch_size=16, epochs=100)
    scores = {}
    for made in ((), ("x1sq", "x2sq")):
        ds = make_toy("circles", seed=0, made=made)
        trainer = fit(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test)
        reference = LogisticRegression().fit(ds.X_train, ds.y_train)
        scores[made] = (trainer.history.test_acc[-1], reference.score(ds.X_test, ds.y_test))
    assert min(scores[("x1sq", "x2sq")]) >= 0.95
    assert max(scores[()]) < 0.75
