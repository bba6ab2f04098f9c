"""Datasets: the lecture's split and tables, train-only scaling, toy shapes, validation."""

import dataclasses
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import datasets as sk_datasets
from sklearn.model_selection import train_test_split

from mlp_core import datasets as ds
from mlp_core.datasets import (
    DATASETS,
    HOURS_PASS,
    HOURS_SCORE,
    TOYS,
    Dataset,
    Split,
    hours_pass,
    hours_pass_frame,
    hours_score,
    hours_score_frame,
    load_builtin,
    load_iris,
    make_toy,
    split_and_scale,
    toy_points,
)


def _raises(message: str):
    return pytest.raises(ValueError, match=re.escape(message))


# --- Iris, as in the lecture ---------------------------------------------------------------


def test_iris_is_the_lecture_70_30_split():
    data = load_iris()
    assert (data.n_train, data.n_test) == (105, 45)
    assert data.X_train.shape == (105, 4) and data.X_test.shape == (45, 4)
    assert data.X_train.dtype == np.float32 and data.X_test.dtype == np.float32
    assert data.y_train.dtype == np.int64 and data.y_test.dtype == np.int64
    assert (data.n_features, data.n_classes) == (4, 3)
    assert data.class_names == ("setosa", "versicolor", "virginica")
    assert data.feature_names[0] == "sepal length (cm)"
    assert data.name == "Iris" and data.description


def test_iris_split_is_stratified_and_matches_sklearn():
    raw = sk_datasets.load_iris()
    X_tr, X_te, y_tr, y_te = train_test_split(
        raw.data, raw.target, test_size=0.3, random_state=0, stratify=raw.target
    )
    data = load_iris()
    np.testing.assert_array_equal(data.y_train, y_tr)
    np.testing.assert_array_equal(data.y_test, y_te)
    np.testing.assert_array_equal(np.bincount(data.y_train), [35, 35, 35])
    np.testing.assert_array_equal(np.bincount(data.y_test), [15, 15, 15])
    np.testing.assert_allclose(data.scaler.inverse_transform(data.X_train), X_tr, atol=1e-5)
    np.testing.assert_allclose(data.scaler.inverse_transform(data.X_test), X_te, atol=1e-5)
    assert data.split == Split("stratified") and data.split.stratified


def test_scaler_is_fitted_on_train_only():
    raw = sk_datasets.load_iris()
    names, classes = raw.feature_names, raw.target_names
    plain = split_and_scale(raw.data, raw.target, names, classes, seed=3, scale=False)
    scaled = split_and_scale(raw.data, raw.target, names, classes, seed=3)
    assert plain.scaler is None
    train, test = plain.X_train.astype(np.float64), plain.X_test.astype(np.float64)
    np.testing.assert_allclose(scaled.scaler.mean_, train.mean(axis=0), rtol=1e-6)
    np.testing.assert_allclose(scaled.scaler.scale_, train.std(axis=0), rtol=1e-6)
    # The whole table has another mean: proof the test rows did not take part.
    assert not np.allclose(scaled.scaler.mean_, raw.data.mean(axis=0))
    expected_test = (test - train.mean(axis=0)) / train.std(axis=0)
    np.testing.assert_allclose(scaled.X_test, expected_test, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(scaled.X_train.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(scaled.X_train.std(axis=0), 1, atol=1e-5)


def test_same_seed_same_split_other_seed_other_split():
    a, b, c = load_iris(seed=7), load_iris(seed=7), load_iris(seed=8)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.X_train, c.X_train)


def test_test_size_changes_the_split():
    data = load_iris(test_size=0.2)
    assert (data.n_train, data.n_test) == (120, 30)


# --- split_and_scale: fallback and validation ----------------------------------------------


def test_single_member_class_falls_back_to_plain_split():
    X = np.arange(20, dtype=float).reshape(10, 2)
    y = [0, 0, 0, 0, 0, 1, 1, 1, 1, 2]
    data = split_and_scale(X, y, ("a", "b"), ("x", "y", "z"), test_size=0.3)
    assert (data.n_train, data.n_test) == (7, 3)
    assert data.split == Split("rare_class", rare_class="z") and not data.split.stratified


def test_part_smaller_than_class_count_falls_back_to_plain_split():
    X = np.arange(20, dtype=float).reshape(10, 2)
    y = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2]
    data = split_and_scale(X, y, ("a", "b"), ("x", "y", "z"), test_size=0.1)
    assert data.n_test == 1
    assert data.split == Split("small_part", part_rows=1, n_classes=3)


def test_stratify_off_is_recorded():
    X = np.arange(20, dtype=float).reshape(10, 2)
    data = split_and_scale(X, [0, 1] * 5, ("a", "b"), ("x", "y"), stratify=False)
    assert data.split == Split("stratify_off")


def test_absent_class_still_counts():
    X = np.arange(20, dtype=float).reshape(10, 2)
    data = split_and_scale(X, [0, 1] * 5, ("a", "b"), ("x", "y", "never seen"))
    assert data.n_classes == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"test_size": 1.5}, "test_size must be in (0, 1), got 1.5."),
        ({"test_size": 0}, "test_size must be in (0, 1), got 0."),
        ({"test_size": True}, "test_size must be in (0, 1), got True."),
        ({"seed": -1}, "seed must be an integer in [0, 2**32), got -1."),
        ({"seed": 1.5}, "seed must be an integer in [0, 2**32), got 1.5."),
        ({"X": np.ones(10)}, "X must have shape (n_samples, n_features), got (10,)."),
        ({"y": [0, 1, 0]}, "y must have shape (10,), got (3,)."),
        ({"X": np.ones((1, 2)), "y": [0]}, "X must have at least 2 rows to split, got 1."),
        ({"feature_names": ("a",)}, "feature_names must have 2 names, got 1."),
        ({"y": [0, 1] * 4 + [2, 0]}, "y must hold class indices in [0, 2), got 2."),
        ({"y": [0, 1] * 4 + [-1, 0]}, "y must hold class indices in [0, 2), got -1."),
        ({"y": [0.0, 1.0] * 4 + [0.5, 0.0]}, "y must hold integer class indices, got 0.5."),
        ({"y": ["a"] * 10}, "y must hold integer class indices, got dtype <U1."),
        ({"class_names": ()}, "class_names must name at least 1 class, got 0."),
    ],
)
def test_split_and_scale_validation(kwargs, message):
    args = {
        "X": np.arange(20, dtype=float).reshape(10, 2),
        "y": [0, 1] * 5,
        "feature_names": ("a", "b"),
        "class_names": ("x", "y"),
    } | kwargs
    with _raises(message):
        split_and_scale(**args)


def test_non_finite_values_are_refused():
    X = np.arange(20, dtype=float).reshape(10, 2)
    X[3, 1] = np.nan
    X[4, 0] = np.inf
    with _raises("X must hold only finite numbers, got 2 NaN or infinite values."):
        split_and_scale(X, [0, 1] * 5, ("a", "b"), ("x", "y"))


# --- The Dataset object --------------------------------------------------------------------


def test_dataset_is_frozen_and_hashable_by_identity():
    a, b = load_iris(), load_iris()
    assert len({a, b, a}) == 2
    assert a != b  # equality is identity, whatever the arrays hold
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.name = "other"


def test_all_rows_helpers_concatenate_train_then_test():
    data = load_iris()
    np.testing.assert_array_equal(data.X_all, np.vstack([data.X_train, data.X_test]))
    np.testing.assert_array_equal(data.y_all, np.concatenate([data.y_train, data.y_test]))
    assert data.X_all.shape == (150, 4)


def test_dataset_coerces_types_and_checks_shapes():
    data = Dataset("t", [[1, 2]], np.empty((0, 2)), [1.0], [], ["a", "b"], ["x", "y"])
    assert data.X_train.dtype == np.float32 and data.y_train.dtype == np.int64
    assert data.feature_names == ("a", "b") and data.n_test == 0 and data.split is None
    with _raises("X_test must have shape (n, 2), got (1, 3)."):
        Dataset("t", [[1, 2]], [[1, 2, 3]], [0], [0], ("a", "b"), ("x",))
    with _raises("y_train must have shape (1,), got (2,)."):
        Dataset("t", [[1, 2]], np.empty((0, 2)), [0, 1], [], ("a", "b"), ("x", "y"))
    with _raises("y_train must hold class indices in [0, 2), got 5."):
        Dataset("t", [[1, 2]], np.empty((0, 2)), [5], [], ("a", "b"), ("x", "y"))
    with _raises("X_train must have at least 1 row, got 0."):
        Dataset("t", np.empty((0, 2)), np.empty((0, 2)), [], [], ("a", "b"), ("x",))


# --- The lecture's Hours tables -------------------------------------------------------------


def test_hours_tables_are_the_lecture_tables():
    np.testing.assert_array_equal(HOURS_PASS[:, 0], [0.5, 1.0, 1.5, 2.0])
    np.testing.assert_array_equal(HOURS_PASS[:, 1], [0, 0, 1, 1])
    np.testing.assert_array_equal(HOURS_SCORE[:, 0], [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0])
    np.testing.assert_array_equal(HOURS_SCORE[:, 1], [0, 0, 1, 1, 2, 2, 3, 3])
    with pytest.raises(ValueError, match="read-only"):
        HOURS_PASS[0, 0] = 9


def test_hours_frames_are_fresh_copies():
    frame = hours_pass_frame()
    assert list(frame.columns) == ["Hours", "Pass"]
    assert frame["Pass"].tolist() == [0, 0, 1, 1]
    frame.loc[0, "Hours"] = 99.0
    assert hours_pass_frame().loc[0, "Hours"] == 0.5
    score = hours_score_frame()
    assert list(score.columns) == ["Hours", "Score"] and score["Score"].tolist() == [0, 0, 1, 1,
                                                                                   2, 2, 3, 3]


def test_hours_datasets_keep_all_rows_unscaled_for_training():
    binary, multi = hours_pass(), hours_score()
    np.testing.assert_array_equal(binary.X_train[:, 0], [0.5, 1.0, 1.5, 2.0])
    np.testing.assert_array_equal(binary.y_train, [0, 0, 1, 1])
    assert binary.X_test.shape == (0, 1) and binary.y_test.shape == (0,)
    assert binary.scaler is None and binary.n_classes == 2
    assert binary.feature_names == ("Hours",) and binary.class_names == ("0", "1")
    assert (multi.n_train, multi.n_test, multi.n_classes) == (8, 0, 4)
    assert binary.split == multi.split == Split("unsplit")
    np.testing.assert_array_equal(multi.y_train, [0, 0, 1, 1, 2, 2, 3, 3])


# --- Toy shapes -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", TOYS)
def test_toy_shapes_types_and_balance(kind):
    data = make_toy(kind, n_samples=201)
    assert (data.n_train + data.n_test, data.n_features, data.n_classes) == (201, 2, 2)
    assert (data.n_train, data.n_test) == (140, 61)
    assert data.X_train.dtype == np.float32 and data.y_train.dtype == np.int64
    assert data.feature_names == ("x1", "x2") and data.class_names == ("0", "1")
    counts = np.bincount(data.y_all)
    assert counts.max() - counts.min() <= 1
    np.testing.assert_allclose(data.X_train.mean(axis=0), 0, atol=1e-5)


@pytest.mark.parametrize("kind", TOYS)
def test_toy_is_deterministic_per_seed(kind):
    a, b, c = make_toy(kind, seed=4), make_toy(kind, seed=4), make_toy(kind, seed=5)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    np.testing.assert_array_equal(a.y_train, b.y_train)
    assert not np.array_equal(a.X_train, c.X_train)
    raw_a, raw_c = toy_points(kind, seed=4), toy_points(kind, seed=5)
    assert not np.array_equal(raw_a[0], raw_c[0])


@pytest.mark.parametrize("kind", ["gaussians", "spiral"])
@pytest.mark.parametrize("n_classes", [2, 3, 5])
def test_multiclass_toys(kind, n_classes):
    data = make_toy(kind, n_samples=103, n_classes=n_classes)
    assert data.n_classes == n_classes
    counts = np.bincount(data.y_all, minlength=n_classes)
    assert counts.sum() == 103 and counts.max() - counts.min() <= 1


def test_xor_without_noise_follows_the_quadrant_rule():
    X, y = toy_points("xor", n_samples=500, noise=0.0)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))
    assert np.abs(X).min() >= ds.XOR_PADDING
    # The same rule holds in the Dataset once the train-fitted scaling is undone.
    data = make_toy("xor", n_samples=500, noise=0.0)
    raw = data.scaler.inverse_transform(data.X_all)
    np.testing.assert_array_equal(data.y_all, (raw[:, 0] * raw[:, 1] < 0).astype(int))


def test_circles_without_noise_are_two_radii():
    X, y = toy_points("circles", n_samples=300, noise=0.0)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0, atol=1e-9)
    np.testing.assert_allclose(radius[y == 1], 0.5, atol=1e-9)


def test_spiral_without_noise_puts_each_class_on_its_own_arm():
    X, y = toy_points("spiral", n_samples=600, noise=0.0, n_classes=3)
    r = np.hypot(X[:, 0], X[:, 1])
    # Unwinding the turns leaves each point at its arm's start angle, 2π·y/C.
    offset = np.mod(np.arctan2(X[:, 1], X[:, 0]) - 2 * np.pi * ds.SPIRAL_TURNS * r, 2 * np.pi)
    arm = np.mod(np.round(offset / (2 * np.pi / 3)), 3)
    np.testing.assert_array_equal(arm, y)


def test_gaussian_centres_sit_at_minus_one_and_one():
    X, y = toy_points("gaussians", n_samples=4000, noise=0.0)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [-1, -1], atol=0.05)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [1, 1], atol=0.05)
    np.testing.assert_allclose(X[y == 0].std(axis=0), ds.GAUSSIAN_SPREAD, atol=0.03)


def test_noise_is_the_std_of_the_added_jitter():
    clean, _ = toy_points("xor", n_samples=5000, noise=0.0, seed=2)
    noisy, _ = toy_points("xor", n_samples=5000, noise=0.3, seed=2)
    jitter = noisy - clean
    np.testing.assert_allclose(jitter.std(), 0.3, rtol=0.05)
    np.testing.assert_allclose(jitter.mean(), 0.0, atol=0.02)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "foo"},
         "kind must be one of ['circles', 'xor', 'gaussians', 'spiral', 'moons'], got 'foo'."),
        ({"n_samples": 3}, "n_samples must be between 20 and 5000, got 3."),
        ({"n_samples": 5001}, "n_samples must be between 20 and 5000, got 5001."),
        ({"n_samples": 50.0}, "n_samples must be between 20 and 5000, got 50.0."),
        ({"noise": 1.5}, "noise must be between 0 and 1, got 1.5."),
        ({"noise": -0.1}, "noise must be between 0 and 1, got -0.1."),
        ({"n_classes": 3}, "n_classes must be 2 for 'circles', got 3."),
        ({"kind": "spiral", "n_classes": 6},
         "n_classes must be between 2 and 5 for 'spiral', got 6."),
        ({"kind": "gaussians", "n_classes": 1},
         "n_classes must be between 2 and 5 for 'gaussians', got 1."),
        ({"seed": -2}, "seed must be an integer in [0, 2**32), got -2."),
        ({"test_size": 1.5}, "test_size must be in (0, 1), got 1.5."),
    ],
)
def test_make_toy_validation(kwargs, message):
    with _raises(message):
        make_toy(**({"kind": "circles"} | kwargs))


def test_toy_sample_limits_are_accepted():
    assert make_toy("moons", n_samples=ds.MIN_TOY_SAMPLES).n_train == 14
    assert make_toy("xor", n_samples=ds.MAX_TOY_SAMPLES, noise=1.0).n_test == 1500


@settings(max_examples=30, deadline=None)
@given(
    kind=st.sampled_from(TOYS),
    n_samples=st.integers(ds.MIN_TOY_SAMPLES, 400),
    noise=st.floats(0, 1),
    seed=st.integers(0, 2**32 - 1),
    test_size=st.floats(0.05, 0.95),
)
def test_any_valid_toy_splits_every_row_once(kind, n_samples, noise, seed, test_size):
    data = make_toy(kind, n_samples=n_samples, noise=noise, seed=seed, test_size=test_size)
    assert data.n_train + data.n_test == n_samples
    assert data.n_train >= 1 and data.n_test >= 1
    assert np.isfinite(data.X_all).all()
    counts = np.bincount(data.y_all, minlength=2)
    assert counts.max() - counts.min() <= 1


# --- sklearn's bundled sets and the registry --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "rows", "features", "classes"),
    [("iris", 150, 4, 3), ("wine", 178, 13, 3), ("breast_cancer", 569, 30, 2),
     ("digits", 1797, 64, 10)],
)
def test_builtin_sets(name, rows, features, classes):
    data = load_builtin(name)
    assert data.n_train + data.n_test == rows
    assert data.n_test == int(np.ceil(0.3 * rows))
    assert (data.n_features, data.n_classes) == (features, classes)
    assert len(data.feature_names) == features and len(data.class_names) == classes
    assert data.split.stratified
    np.testing.assert_allclose(data.X_train.mean(axis=0), 0, atol=1e-4)


def test_builtin_unknown_name():
    with _raises("name must be one of ['iris', 'wine', 'breast_cancer', 'digits'], got 'mnist'."):
        load_builtin("mnist")


def test_builtin_cache_does_not_leak_changes():
    data = load_builtin("wine")
    data.X_train[:] = 0  # a caller scribbling on its copy
    np.testing.assert_array_equal(load_builtin("wine").scaler.mean_, data.scaler.mean_)
    assert load_builtin("wine").X_train.std() > 0.5


def test_registry_covers_builtins_and_toys_with_one_calling_convention():
    assert list(DATASETS) == ["iris", "wine", "breast_cancer", "digits", *TOYS,
                              *ds.REGRESSION_SETS]
    for key, loader in DATASETS.items():
        data = loader(test_size=0.25, seed=1)
        assert isinstance(data, Dataset)
        assert data.name == ds.LABELS[key] and data.description == ds.DESCRIPTIONS[key]
    assert DATASETS["spiral"](n_samples=60, noise=0.0, n_classes=3).n_classes == 3
