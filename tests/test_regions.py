"""Decision grids: coverage, orientation, held features, and agreement with a real torch model."""

import dataclasses
import re

import numpy as np
import pytest
import torch
from torch import nn

from mlp_core.regions import (
    MAX_RESOLUTION,
    Grid,
    decision_grid,
    decision_grids,
    grid_points,
    plane_grid,
    plane_grids,
    principal_plane,
    separating_pair,
)

RNG = np.random.default_rng(0)
X4 = RNG.normal(size=(60, 4)) * [1.0, 2.0, 0.5, 3.0] + [0.0, 1.0, -2.0, 5.0]
W = RNG.normal(size=(4, 3))
B = np.array([0.1, -0.2, 0.3])


def _raises(message: str):
    return pytest.raises(ValueError, match=re.escape(message))


def linear_softmax(points: np.ndarray) -> np.ndarray:
    """A hand-made classifier: softmax(points @ W + B), (n, 4) -> (n, 3)."""
    z = points @ W + B
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


class Recorder:
    """Wraps a predict_proba and remembers every batch it was called with."""

    def __init__(self, f):
        self.f, self.calls = f, []

    def __call__(self, points):
        self.calls.append(points.copy())
        return self.f(points)


def test_one_batch_of_float32_points():
    rec = Recorder(linear_softmax)
    grid = decision_grid(rec, X4, resolution=40)
    assert len(rec.calls) == 1
    assert rec.calls[0].shape == (40 * 40, 4) and rec.calls[0].dtype == np.float32
    np.testing.assert_array_equal(rec.calls[0], grid.points())
    assert grid.proba.shape == (40, 40, 3) and grid.predicted.shape == (40, 40)
    assert (grid.resolution, grid.n_classes) == (40, 3)


def test_proba_rows_sum_to_one_and_predicted_is_argmax():
    grid = decision_grid(linear_softmax, X4, resolution=50)
    np.testing.assert_allclose(grid.proba.sum(axis=-1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(grid.predicted, grid.proba.argmax(axis=-1))
    assert grid.predicted.dtype == np.int64
    assert len(np.unique(grid.predicted)) > 1  # the slice crosses a boundary


def test_other_features_are_held_at_the_column_means():
    rec = Recorder(linear_softmax)
    grid = decision_grid(rec, X4, features=(1, 3), resolution=20)
    np.testing.assert_allclose(grid.held, X4.mean(axis=0), rtol=1e-6)
    assert grid.other_features == (0, 2)
    points = rec.calls[0]
    np.testing.assert_array_equal(points[:, 0], np.float32(X4[:, 0].mean()))
    np.testing.assert_array_equal(points[:, 2], np.float32(X4[:, 2].mean()))


def test_held_can_be_chosen():
    held = np.array([1.0, 2.0, 3.0, 4.0])
    rec = Recorder(linear_softmax)
    grid = decision_grid(rec, X4, features=(0, 1), resolution=10, held=held)
    np.testing.assert_array_equal(grid.held, held.astype(np.float32))
    np.testing.assert_array_equal(rec.calls[0][:, 2:], np.tile([3.0, 4.0], (100, 1)))


@pytest.mark.parametrize("features", [(0, 1), (3, 1), (2, 0)])
def test_grid_covers_the_data_range_plus_margin(features):
    i, j = features
    grid = decision_grid(linear_softmax, X4, features=features, resolution=30, margin=0.25)
    assert grid.features == features
    assert grid.xs.dtype == np.float32 and grid.xs.shape == (30,) and grid.ys.shape == (30,)
    np.testing.assert_allclose(grid.xs[[0, -1]], [X4[:, i].min() - 0.25, X4[:, i].max() + 0.25],
                               rtol=1e-6)
    np.testing.assert_allclose(grid.ys[[0, -1]], [X4[:, j].min() - 0.25, X4[:, j].max() + 0.25],
                               rtol=1e-6)
    np.testing.assert_allclose(np.diff(grid.xs), np.diff(grid.xs)[0], rtol=1e-4)


def test_row_is_y_and_column_is_x():
    # A classifier that looks only at feature 0: every column j is constant down the rows.
    def by_x(points):
        p1 = 1 / (1 + np.exp(-points[:, 0].astype(np.float64)))
        return np.column_stack([1 - p1, p1])

    grid = decision_grid(by_x, X4[:, :2], resolution=25)
    expected = 1 / (1 + np.exp(-grid.xs.astype(np.float64)))
    np.testing.assert_allclose(grid.proba[:, :, 1], np.tile(expected, (25, 1)))
    assert grid.proba[3, 7, 1] == pytest.approx(expected[7])


def test_grid_equals_a_torch_linear_model_on_those_points():
    torch.manual_seed(0)
    model = nn.Linear(4, 3)

    def predict_proba(points):
        with torch.no_grad():
            return torch.softmax(model(torch.from_numpy(points)), dim=1).numpy()

    grid = decision_grid(predict_proba, X4, features=(2, 1), resolution=30)
    for i, j in [(0, 0), (5, 17), (29, 29), (12, 3)]:
        x = torch.tensor(grid.held.copy())
        x[2], x[1] = float(grid.xs[j]), float(grid.ys[i])
        with torch.no_grad():
            expected = torch.softmax(model(x), dim=0).numpy()
        np.testing.assert_allclose(grid.proba[i, j], expected, rtol=1e-5, atol=1e-7)
        assert grid.predicted[i, j] == int(expected.argmax())


def test_one_column_output_is_read_as_probability_of_class_one():
    def sigmoid_unit(points):
        return 1 / (1 + np.exp(-(points[:, :1] - points[:, 1:2])))  # (n, 1)

    grid = decision_grid(sigmoid_unit, X4[:, :2], resolution=12)
    assert grid.proba.shape == (12, 12, 2)
    np.testing.assert_allclose(grid.proba.sum(axis=-1), 1.0)
    flat = grid.proba.reshape(-1, 2)
    np.testing.assert_allclose(flat[:, 1], sigmoid_unit(grid.points())[:, 0])


def test_grid_points_are_row_major():
    points = grid_points(np.array([1.0, 2.0, 3.0]), np.array([10.0, 20.0]), (1, 0), [7.0, 8.0, 9.0])
    np.testing.assert_array_equal(
        points,
        [[10, 1, 9], [10, 2, 9], [10, 3, 9], [20, 1, 9], [20, 2, 9], [20, 3, 9]],
    )


def test_max_resolution_is_accepted_and_grid_is_frozen():
    grid = decision_grid(linear_softmax, X4, resolution=MAX_RESOLUTION)
    assert grid.proba.shape == (300, 300, 3)
    assert isinstance(grid, Grid)
    with pytest.raises(dataclasses.FrozenInstanceError):
        grid.xs = None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"resolution": 500}, "resolution must be between 2 and 300, got 500."),
        ({"resolution": 1}, "resolution must be between 2 and 300, got 1."),
        ({"resolution": 2.5}, "resolution must be between 2 and 300, got 2.5."),
        ({"margin": -1}, "margin must be >= 0, got -1."),
        ({"margin": float("inf")}, "margin must be >= 0, got inf."),
        ({"features": (0, 0)}, "features must be two distinct column indices, got (0, 0)."),
        ({"features": (0, 7)}, "features must be column indices in [0, 4), got (0, 7)."),
        ({"features": (-1, 0)}, "features must be column indices in [0, 4), got (-1, 0)."),
        ({"features": (0, 1, 2)}, "features must be two column indices, got (0, 1, 2)."),
        ({"features": (0, 1.5)}, "features must be two column indices, got (0, 1.5)."),
        ({"features": "01"}, "features must be two column indices, got '01'."),
        ({"held": [0.0, 1.0]}, "held must have shape (4,), got (2,)."),
        ({"X": X4[:, 0]}, "X must have shape (n_samples, n_features) with n_features >= 2, "
                          "got (60,)."),
        ({"X": X4[:, :1]}, "X must have shape (n_samples, n_features) with n_features >= 2, "
                           "got (60, 1)."),
        ({"X": np.full((3, 2), np.nan)},
         "X must hold only finite numbers, got NaN or infinite values."),
        ({"predict_proba": lambda p: np.ones((5, 3))},
         "predict_proba must return shape (400, n_classes), got (5, 3)."),
    ],
)
def test_validation_messages(kwargs, message):
    args = {"predict_proba": linear_softmax, "X": X4, "resolution": 20} | kwargs
    with _raises(message):
        decision_grid(**args)


@pytest.mark.parametrize("features", [(0, 1), (3, 2), (1, 3)])
def test_a_square_grid_has_one_step_on_both_axes_and_still_covers_the_data(features):
    grid = decision_grid(linear_softmax, X4, features=features, resolution=41, square=True)
    x_step, y_step = np.diff(grid.xs), np.diff(grid.ys)
    np.testing.assert_allclose(x_step, y_step[0], rtol=1e-5)
    np.testing.assert_allclose(y_step, y_step[0], rtol=1e-5)
    spans = [X4[:, f].max() - X4[:, f].min() + 2 * 0.5 for f in features]
    assert grid.xs[-1] - grid.xs[0] == pytest.approx(max(spans), rel=1e-5)
    for axis, f in zip((grid.xs, grid.ys), features, strict=True):
        assert axis[0] <= X4[:, f].min() - 0.5 + 1e-5 and axis[-1] >= X4[:, f].max() + 0.5 - 1e-5
        # centred on the data: as much room below the lowest sample as above the highest
        assert axis[0] + axis[-1] == pytest.approx(X4[:, f].min() + X4[:, f].max(), abs=1e-4)


def _f_classif_top_two(X, y) -> tuple[int, int]:
    import warnings

    from sklearn.feature_selection import f_classif

    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # digits' blank corner pixels are constant
        f_value, _ = f_classif(X, y)
    top = np.argsort(-np.nan_to_num(f_value, nan=0.0), kind="stable")[:2]
    return int(min(top)), int(max(top))


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "digits"])
def test_the_separating_pair_is_scikit_learns_top_two_by_anova_f(name):
    from mlp_core.datasets import load_builtin

    ds = load_builtin(name)
    pair = separating_pair(ds.X_train, ds.y_train)
    assert pair == _f_classif_top_two(ds.X_train, ds.y_train)
    if name == "iris":
        assert pair == (2, 3)  # petal length and petal width, the lecture's picture


def test_the_separating_pair_finds_the_two_informative_columns_among_noise():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 3, size=300)
    X = rng.normal(size=(300, 7))
    X[:, 5] += 3.0 * y
    X[:, 1] -= 2.0 * y
    X[:, 3] = 4.0  # constant: scores 0, never chosen
    assert separating_pair(X, y) == (1, 5)


def test_the_separating_pair_refuses_bad_shapes():
    with _raises("X must have shape (n_samples, n_features) with n_features >= 2, got (5, 1)."):
        separating_pair(np.zeros((5, 1)), np.zeros(5))
    with _raises("y must have shape (5,), got (4,)."):
        separating_pair(np.zeros((5, 3)), np.zeros(4))


def _sklearn_pca(X):
    from sklearn.decomposition import PCA

    return PCA(n_components=2).fit(X)


def test_the_principal_plane_is_scikit_learns_pca_up_to_each_axis_sign():
    plane = principal_plane(X4)
    pca = _sklearn_pca(X4)
    signs = np.sign(np.sum(plane.axes * pca.components_, axis=1))
    np.testing.assert_allclose(plane.axes, pca.components_ * signs[:, None], atol=1e-10)
    np.testing.assert_allclose(plane.project(X4), pca.transform(X4) * signs, atol=1e-10)
    np.testing.assert_allclose(plane.variance_ratio, pca.explained_variance_ratio_, rtol=1e-10)
    np.testing.assert_allclose(plane.mean, pca.mean_)


def test_the_grid_is_predicted_on_points_whose_principal_coordinates_are_the_grid():
    plane = principal_plane(X4)
    recorder = Recorder(linear_softmax)
    grid = plane_grid(recorder, plane, X4, resolution=7, square=True)
    (seen,) = recorder.calls
    assert seen.shape == (49, 4) and seen.dtype == np.float32  # full inputs, as the model wants
    uv = grid.points()
    np.testing.assert_allclose(plane.project(seen), uv, atol=1e-4)
    # The same by scikit-learn: the model saw the grid, PC3 and PC4 at 0 (the mean's).
    pca = _sklearn_pca(X4)
    signs = np.sign(np.sum(plane.axes * pca.components_, axis=1))
    np.testing.assert_allclose(pca.transform(seen) * signs, uv, atol=1e-4)
    rest = np.linalg.svd(X4 - X4.mean(axis=0))[2][2:]  # PC3, PC4
    np.testing.assert_allclose((seen - X4.mean(axis=0)) @ rest.T, 0.0, atol=1e-4)
    np.testing.assert_allclose(grid.proba.reshape(-1, 3), linear_softmax(seen))
    projected = plane.project(X4)  # the grid covers the samples' own coordinates
    assert grid.xs[0] <= projected[:, 0].min() and grid.xs[-1] >= projected[:, 0].max()
    assert grid.ys[0] <= projected[:, 1].min() and grid.ys[-1] >= projected[:, 1].max()


def test_the_principal_plane_refuses_too_little_data():
    with _raises("X must have shape (n_samples, n_features) with both >= 2, got (1, 3)."):
        principal_plane(np.zeros((1, 3)))


def _shifted(k: float):
    """Another hand-made classifier for each k: softmax((points @ W + B) * k)."""
    def predict_proba(points: np.ndarray) -> np.ndarray:
        z = (points @ W + B) * k
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return predict_proba


@pytest.mark.parametrize("square", [False, True])
def test_the_grids_of_several_models_at_once_are_each_models_own_grid(square):
    models = [_shifted(k) for k in (0.5, 1.0, 3.0)]
    recorder = Recorder(lambda points: np.stack([m(points) for m in models]))
    grids = decision_grids(recorder, X4, features=(3, 1), resolution=9, square=square)
    assert len(recorder.calls) == 1  # one grid laid, predicted once for all of them
    assert len(grids) == 3
    for model, grid in zip(models, grids, strict=True):
        alone = decision_grid(model, X4, features=(3, 1), resolution=9, square=square)
        for name in ("xs", "ys", "proba", "predicted", "held"):
            np.testing.assert_array_equal(getattr(grid, name), getattr(alone, name))
        assert grid.features == alone.features == (3, 1)
    # on the principal plane too
    plane = principal_plane(X4)
    for model, grid in zip(models, plane_grids(recorder, plane, X4, resolution=7),
                           strict=True):
        alone = plane_grid(model, plane, X4, resolution=7)
        np.testing.assert_array_equal(grid.proba, alone.proba)
        np.testing.assert_array_equal(grid.xs, alone.xs)
