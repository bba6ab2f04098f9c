"""Decision regions: a model's class probabilities over a 2-D grid through the data, and
which two features to draw them over."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from mlp_core.features import made_columns

MAX_RESOLUTION = 300  # 300 x 300 = 90,000 points in one batch: fast on CPU, light to send
MIN_RESOLUTION = 2


@dataclass(frozen=True, eq=False)
class Grid:
    """The model's answer at every grid point; row i, column j is the point (xs[j], ys[i]).

    xs : (resolution,) values of feature features[0]; ys : (resolution,) of features[1]
    proba : (resolution, resolution, n_classes); predicted : (resolution, resolution) int64
    held : (n_features,) the point the slice goes through; the entries at `features` are
    replaced by the grid, the others are the values every grid point keeps.
    made : the hand-made features (mlp_core.features codes) of 2-D data, its last columns,
    computed at every grid point from its x1, x2 (held's values for them are not used).
    """

    xs: np.ndarray
    ys: np.ndarray
    proba: np.ndarray
    predicted: np.ndarray
    features: tuple[int, int]
    held: np.ndarray
    made: tuple[str, ...] = ()

    @property
    def resolution(self) -> int:
        return len(self.xs)

    @property
    def n_classes(self) -> int:
        return self.proba.shape[-1]

    @property
    def other_features(self) -> tuple[int, ...]:
        """Indices of the features held fixed (empty for 2-D data)."""
        return tuple(i for i in range(len(self.held) - len(self.made))
                     if i not in self.features)

    def points(self) -> np.ndarray:
        """Every grid point as a model input, row by row : (resolution**2, n_features) float32."""
        return grid_points(self.xs, self.ys, self.features, self.held, self.made)


def grid_points(xs, ys, features: tuple[int, int], held, made=()) -> np.ndarray:
    """Points (xs[j], ys[i]) in row-major order, other features from held : (len(ys)*len(xs), d).

    xs : (nx,); ys : (ny,); held : (n_features,) -> float32 (ny * nx, n_features)
    made : the hand-made features of 2-D data (its last len(made) columns), each made from the
    point's x1, x2 as the data's were: the model sees a grid point as it saw the samples.
    """
    gx, gy = np.meshgrid(xs, ys)  # (ny, nx) each, gx[i, j] = xs[j], gy[i, j] = ys[i]
    points = np.tile(np.asarray(held, dtype=np.float32), (gx.size, 1))
    points[:, features[0]] = gx.ravel()
    points[:, features[1]] = gy.ravel()
    if len(made):
        points[:, 2:] = made_columns(points[:, :2], made)
    return points


def _check_made(made, n_features: int, pair: tuple[int, int]) -> tuple[str, ...]:
    made = tuple(made)
    if made and (n_features != 2 + len(made) or set(pair) != {0, 1}):
        raise ValueError(f"made features {list(made)} need X of 2 + {len(made)} columns and the "
                         f"grid over columns 0 and 1, got {n_features} columns and {pair}.")
    return made


def _check_features(features, n_features: int) -> tuple[int, int]:
    pair = tuple(features) if isinstance(features, tuple | list) else ()
    if len(pair) != 2 or not all(
        isinstance(f, int | np.integer) and not isinstance(f, bool) for f in pair
    ):
        raise ValueError(f"features must be two column indices, got {features!r}.")
    i, j = int(pair[0]), int(pair[1])
    if i == j:
        raise ValueError(f"features must be two distinct column indices, got ({i}, {j}).")
    if not (0 <= i < n_features and 0 <= j < n_features):
        raise ValueError(f"features must be column indices in [0, {n_features}), got ({i}, {j}).")
    return i, j


def _as_proba(out, n_points: int) -> np.ndarray:
    """The callable's output as (n_points, n_classes); one column or (n,) means P(class 1)."""
    proba = np.asarray(out, dtype=np.float64)
    if proba.ndim == 1 or (proba.ndim == 2 and proba.shape[1] == 1):
        p1 = proba.reshape(-1)
        proba = np.column_stack([1 - p1, p1])
    if proba.ndim != 2 or proba.shape[0] != n_points:
        raise ValueError(
            f"predict_proba must return shape ({n_points}, n_classes), got {np.shape(out)}."
        )
    return proba


def decision_grid(predict_proba: Callable[[np.ndarray], np.ndarray], X, *args, **kwargs) -> Grid:
    """Class probabilities over features[0] x features[1], the other features held at their mean.

    predict_proba : (n, n_features) float32 -> (n, n_classes) numpy, called once on all points;
    X and the other arguments (features, resolution, margin, held, square, made): decision_grids'.
    """
    (grid,) = decision_grids(lambda points: [predict_proba(points)], X, *args, **kwargs)
    return grid


def decision_grids(
    predict_each: Callable[[np.ndarray], Sequence[np.ndarray]],
    X,
    features: tuple[int, int] = (0, 1),
    resolution: int = 100,
    margin: float = 0.5,
    held=None,
    square: bool = False,
    made=(),
) -> list[Grid]:
    """decision_grid for several models at once (a playback's epochs), on one grid laid once.

    predict_each : (n, n_features) float32 -> one (n, n_classes) array per model (an (E, n,
    n_classes) array does), called once on all points; one Grid per model, in its order
    X : (n_samples, n_features) the data to cover: each axis spans min - margin .. max + margin
    held : (n_features,) optional values for the other features; default the column means of X
    square : both axes span the longer of the two ranges, centred on the data, so that a square
    picture of the grid draws one unit as long on both axes (circles stay round)
    made : the hand-made features of 2-D data (X's last columns): the grid lies over x1 x2 and
    each point's made features are computed from them (grid_points)
    """
    xs, ys, (i, j), held = _lay_grid(X, features, resolution, margin, held, square)
    made = _check_made(made, len(held), (i, j))
    points = grid_points(xs, ys, (i, j), held, made)
    grids = []
    for out in predict_each(points):
        proba = _as_proba(out, len(points)).reshape(resolution, resolution, -1)
        grids.append(Grid(xs, ys, proba, proba.argmax(axis=-1).astype(np.int64), (i, j), held,
                          made))
    return grids


def value_grid(
    predict: Callable[[np.ndarray], np.ndarray],
    X,
    features: tuple[int, int] = (0, 1),
    resolution: int = 100,
    margin: float = 0.5,
    held=None,
    square: bool = False,
    made=(),
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A regression's predicted value over the grid decision_grid lays (same arguments).

    predict : (n, n_features) float32 -> (n,) values, called once on all points.
    Returns xs : (resolution,), ys : (resolution,) and values : (resolution, resolution), row i
    and column j the point (xs[j], ys[i]).
    """
    xs, ys, pair, held = _lay_grid(X, features, resolution, margin, held, square)
    points = grid_points(xs, ys, pair, held, _check_made(made, len(held), pair))
    values = np.asarray(predict(points), dtype=np.float64)
    if values.shape != (len(points),):
        raise ValueError(f"predict must return shape ({len(points)},), got {values.shape}.")
    return xs, ys, values.reshape(resolution, resolution)


def _lay_grid(X, features, resolution, margin, held, square):
    """The grid's axes xs, ys (float32), its two columns and the held values (float32)."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] < 2 or X.shape[0] < 1:
        raise ValueError(
            f"X must have shape (n_samples, n_features) with n_features >= 2, got {X.shape}."
        )
    if not np.isfinite(X).all():
        raise ValueError("X must hold only finite numbers, got NaN or infinite values.")
    i, j = _check_features(features, X.shape[1])
    if isinstance(resolution, bool) or not isinstance(resolution, int | np.integer) \
            or not MIN_RESOLUTION <= resolution <= MAX_RESOLUTION:
        raise ValueError(
            f"resolution must be between {MIN_RESOLUTION} and {MAX_RESOLUTION}, got {resolution!r}."
        )
    if not isinstance(margin, int | float | np.number) or not 0 <= margin < np.inf:
        raise ValueError(f"margin must be >= 0, got {margin!r}.")
    if held is None:
        held = X.mean(axis=0)
    held = np.asarray(held, dtype=np.float64)
    if held.shape != (X.shape[1],):
        raise ValueError(f"held must have shape ({X.shape[1]},), got {held.shape}.")

    lo, hi = X[:, [i, j]].min(axis=0) - margin, X[:, [i, j]].max(axis=0) + margin
    if square:
        half = (hi - lo).max() / 2
        centre = (lo + hi) / 2
        lo, hi = centre - half, centre + half
    # float32 axes: the model sees exactly the coordinates the figure draws.
    xs = np.linspace(lo[0], hi[0], resolution).astype(np.float32)
    ys = np.linspace(lo[1], hi[1], resolution).astype(np.float32)
    return xs, ys, (i, j), held.astype(np.float32)


def separating_pair(X, y) -> tuple[int, int]:
    """The two columns whose classes stand furthest apart, in column order.

    X : (n_samples, n_features) with n_features >= 2; y : (n_samples,) class labels.
    Each column is ranked by its Fisher score: the spread of the class means around the overall
    mean over the spread of the samples within their classes (between over within sums of
    squares; the ranking of scikit-learn's f_classif). A constant column scores 0; ties go to
    the earlier column. One pass over the data, so cheap enough for every dataset.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] < 2 or X.shape[0] < 1:
        raise ValueError(
            f"X must have shape (n_samples, n_features) with n_features >= 2, got {X.shape}."
        )
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},), got {y.shape}.")
    between, within = np.zeros(X.shape[1]), np.zeros(X.shape[1])
    mean = X.mean(axis=0)
    for c in np.unique(y):
        mine = X[y == c]
        centre = mine.mean(axis=0)
        between += len(mine) * (centre - mean) ** 2
        within += ((mine - centre) ** 2).sum(axis=0)
    # A column constant within every class but not overall separates perfectly: rank it first.
    score = np.divide(between, within, out=np.where(between > 0, np.inf, 0.0),
                      where=within > 0)
    best = np.argsort(-score, kind="stable")[:2]
    return int(min(best)), int(max(best))


def target_pair(X, y) -> tuple[int, int]:
    """The two columns most correlated with a regression's target y, in column order.

    X : (n_samples, n_features) with n_features >= 2; y : (n_samples,) values. Each column is
    ranked by |Pearson correlation| with y (scikit-learn's r_regression); a constant column
    scores 0; ties go to the earlier column.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] < 2 or X.shape[0] < 1:
        raise ValueError(
            f"X must have shape (n_samples, n_features) with n_features >= 2, got {X.shape}."
        )
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},), got {y.shape}.")
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    spread = np.sqrt((Xc**2).sum(axis=0) * (yc**2).sum())
    score = np.divide(np.abs(Xc.T @ yc), spread, out=np.zeros(X.shape[1]), where=spread > 0)
    best = np.argsort(-score, kind="stable")[:2]
    return int(min(best)), int(max(best))


@dataclass(frozen=True, eq=False)
class Plane:
    """The plane of the data's first two principal components, through its mean.

    mean : (n_features,); axes : (2, n_features) orthonormal rows, PC1 then PC2;
    variance_ratio : (2,) the share of the data's variance along each.
    """

    mean: np.ndarray
    axes: np.ndarray
    variance_ratio: np.ndarray

    def project(self, X) -> np.ndarray:
        """Each row's coordinates along PC1 and PC2 : (n, n_features) -> (n, 2)."""
        return (np.asarray(X, dtype=np.float64) - self.mean) @ self.axes.T

    def lift(self, uv) -> np.ndarray:
        """The point of the plane at (PC1, PC2), every other component 0 (the mean's) :
        (n, 2) -> (n, n_features) float32, the model's input type."""
        # float32 throughout: a 300 x 300 grid of 64 features is cheaper built so.
        axes, mean = self.axes.astype(np.float32), self.mean.astype(np.float32)
        return mean + np.asarray(uv, dtype=np.float32) @ axes


def principal_plane(X) -> Plane:
    """PC1 and PC2 of X : (n_samples, n_features), n_samples >= 2 and n_features >= 2.

    Each axis's sign is fixed so that its largest entry is positive: the same data always draws
    the same way round.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] < 2 or X.shape[0] < 2:
        raise ValueError(
            f"X must have shape (n_samples, n_features) with both >= 2, got {X.shape}."
        )
    mean = X.mean(axis=0)
    centred = X - mean
    # The eigenvectors of the (n_features, n_features) scatter matrix: the SVD's right singular
    # vectors, at a fraction of its cost on tall data.
    variance, vectors = np.linalg.eigh(centred.T @ centred)
    top = vectors[:, ::-1][:, :2].T  # (2, n_features), largest variance first
    axes = top * np.sign(top[np.arange(2), np.abs(top).argmax(axis=1)])[:, None]
    total = variance.sum()
    ratio = variance[::-1][:2] / total if total > 0 else np.zeros(2)
    return Plane(mean, axes, ratio)


def plane_grid(
    predict_proba: Callable[[np.ndarray], np.ndarray],
    plane: Plane,
    X,
    resolution: int = 100,
    margin: float = 0.5,
    square: bool = False,
) -> Grid:
    """Class probabilities over PC1 x PC2: decision_grid over the data's projection, each grid
    point lifted back to a full input (Plane.lift) before the model sees it.

    X : (n_samples, n_features) the data to cover. The Grid's xs and ys are PC1 and PC2
    coordinates, its features (0, 1) and held the projected mean: there is no other column.
    """
    (grid,) = plane_grids(lambda points: [predict_proba(points)], plane, X, resolution, margin,
                          square)
    return grid


def plane_grids(
    predict_each: Callable[[np.ndarray], Sequence[np.ndarray]],
    plane: Plane,
    X,
    resolution: int = 100,
    margin: float = 0.5,
    square: bool = False,
) -> list[Grid]:
    """plane_grid for several models at once, as decision_grids is decision_grid's."""
    def on_the_plane(uv: np.ndarray) -> Sequence[np.ndarray]:
        return predict_each(plane.lift(uv))

    return decision_grids(on_the_plane, plane.project(X), features=(0, 1),
                          resolution=resolution, margin=margin, square=square)
