"""Datasets as the pages use them: train/test arrays, names, and the scaler fitted on train only.

A DataSpec names one (a source and its options); a Dataset says how it was split (Split).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial

import numpy as np
import pandas as pd
from sklearn import datasets as sk_datasets
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from mlp_core import features as made_features
from mlp_core.points import Points

TOYS = ("circles", "xor", "gaussians", "spiral", "moons")
BUILTINS = ("iris", "wine", "breast_cancer", "digits")
# Sets whose target is a number: the lecture's hours -> score read as a value, TensorFlow
# Playground's two regression shapes, and scikit-learn's bundled diabetes.
REGRESSION_TOYS = ("plane", "bumps")
REGRESSION_SETS = ("hours_score", *REGRESSION_TOYS, "diabetes")
TASKS = ("classification", "regression")
BUMP_WIDTH = 0.35  # std of each Gaussian bump of the bumps set
MIN_TOY_SAMPLES = 20
MAX_TOY_SAMPLES = 5000
MIN_NOISE, MAX_NOISE = 0.0, 1.0
MAX_TOY_CLASSES = 5  # spiral and gaussians only; the other shapes have exactly two classes
MULTICLASS_TOYS = ("gaussians", "spiral")
GAUSSIAN_SPREAD = 0.4  # std of each blob before noise is added
SPIRAL_TURNS = 1.75  # as in TensorFlow Playground's spiral
XOR_PADDING = 0.1  # keeps xor points off the axes, where the class flips
UPLOADED = "uploaded"  # a DataSpec source: the table a student prepared, held by their session
# How a Dataset's rows were split (see Split).
SPLIT_KINDS = ("stratified", "stratify_off", "rare_class", "small_part", "unsplit", "continuous")

LABELS = {
    "iris": "Iris",
    "wine": "Wine",
    "breast_cancer": "Breast cancer",
    "digits": "Digits",
    "circles": "Circles",
    "xor": "XOR",
    "gaussians": "Gaussians",
    "spiral": "Spiral",
    "moons": "Moons",
    "hours_score": "Hours → Score (regression)",
    "plane": "Plane (regression)",
    "bumps": "Bumps (regression)",
    "diabetes": "Diabetes (regression)",
}

DESCRIPTIONS = {
    "iris": "150 Iris flowers, 4 measurements each, 3 species: the lecture's dataset.",
    "wine": "178 wines from three cultivars, 13 chemical measurements each.",
    "breast_cancer": "569 breast tumour biopsies, 30 cell-nucleus measurements each, "
    "malignant or benign.",
    "digits": "1,797 handwritten digits, each an 8×8 grid of pixel intensities (64 features).",
    "circles": "Two rings, one inside the other: no straight line separates them.",
    "xor": "The class flips with the sign of x1·x2 (the XOR problem): one neuron cannot solve it.",
    "gaussians": "Round blobs of points, one per class: nearly separable by straight lines.",
    "spiral": "Arms winding around the centre, one per class: a hard shape for a small network.",
    "moons": "Two interleaving half-moons: a gentle curve separates them.",
    "hours_score": "The lecture's table: hours studied and the score reached, 0 to 3, read as a "
    "number to predict.",
    "plane": "A tilted plane: the target is (x1 + x2) / 2 plus noise, a job for one linear unit.",
    "bumps": "A sum of Gaussian bumps, two up and two down: a curved surface that needs hidden "
    "units.",
    "diabetes": "442 diabetes patients, 10 measurements each; the target is how far the disease "
    "progressed a year later.",
}

# The lecture's two tables, columns (Hours, label); read-only so no page can change them.
HOURS_PASS = np.array([[0.5, 0], [1.0, 0], [1.5, 1], [2.0, 1]])
HOURS_SCORE = np.array(
    [[0.5, 0], [1.0, 0], [1.5, 1], [2.0, 1], [2.5, 2], [3.0, 2], [3.5, 3], [4.0, 3]]
)
HOURS_PASS.setflags(write=False)
HOURS_SCORE.setflags(write=False)


@dataclass(frozen=True)
class Split:
    """How a Dataset's rows were split into train and test, as facts; ui says it in words.

    kind "stratified": every class keeps its share in both parts. A plain random split says why:
    "stratify_off" (the caller asked for none), "rare_class" (`rare_class` has a single sample),
    "small_part" (a part of `part_rows` rows cannot hold all `n_classes` classes), "continuous"
    (a regression's target has no classes). "unsplit": every row is a training row.
    """

    kind: str  # one of SPLIT_KINDS
    rare_class: str = ""
    part_rows: int = 0
    n_classes: int = 0

    @property
    def stratified(self) -> bool:
        return self.kind == "stratified"


@dataclass(frozen=True, eq=False)
class Dataset:
    """One dataset split into train and test; eq=False keeps it hashable by identity.

    X_train : (n_train, n_features) float32, scaled with `scaler` when it is not None
    X_test : (n_test, n_features) float32 (n_test may be 0)
    y_train : (n_train,) int64 class indices; y_test : (n_test,) int64
    A regression (task "regression") has float32 targets instead, scaled with target_scaler
    when it is not None, and one class name: the target's.
    made : the hand-made features (mlp_core.features codes) of 2-D data, its last len(made)
    columns (named by their codes where the data is built), computed from the first two (scaled)
    columns; `scaler` covers only those first n_base_features columns.
    """

    name: str
    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]
    scaler: StandardScaler | None = None
    description: str = ""
    split: Split | None = None  # None: the rows came split, how is not known
    task: str = "classification"  # one of TASKS
    target_scaler: StandardScaler | None = None
    made: tuple[str, ...] = ()

    def __post_init__(self):
        # Frozen, so coerce through object.__setattr__: callers may pass lists or float64.
        set_ = partial(object.__setattr__, self)
        set_("X_train", np.asarray(self.X_train, dtype=np.float32))
        set_("X_test", np.asarray(self.X_test, dtype=np.float32))
        if self.task not in TASKS:
            raise ValueError(f"task must be one of {list(TASKS)}, got {self.task!r}.")
        y_type = np.float32 if self.regression else np.int64
        set_("y_train", np.asarray(self.y_train, dtype=y_type))
        set_("y_test", np.asarray(self.y_test, dtype=y_type))
        set_("feature_names", tuple(str(f) for f in self.feature_names))
        set_("class_names", tuple(str(c) for c in self.class_names))
        set_("made", made_features.canonical(self.made))
        d = len(self.feature_names)
        if self.made and d != 2 + len(self.made):
            raise ValueError(f"feature_names must name x1, x2 and the {len(self.made)} made "
                             f"features, got {d} names.")
        for part in ("train", "test"):
            X, y = getattr(self, f"X_{part}"), getattr(self, f"y_{part}")
            if X.ndim != 2 or X.shape[1] != d:
                raise ValueError(f"X_{part} must have shape (n, {d}), got {X.shape}.")
            if y.shape != (X.shape[0],):
                raise ValueError(f"y_{part} must have shape ({X.shape[0]},), got {y.shape}.")
            if self.regression:
                _check_targets(y, len(self.class_names), f"y_{part}")
            else:
                _check_labels(y, len(self.class_names), f"y_{part}")
        if len(self.y_train) == 0:
            raise ValueError("X_train must have at least 1 row, got 0.")

    @property
    def regression(self) -> bool:
        return self.task == "regression"

    def target_values(self, y) -> np.ndarray:
        """Targets (or predictions) in the target's own units : (n,), undoing target_scaler."""
        y = np.asarray(y, dtype=np.float64).reshape(-1)
        if self.target_scaler is None or not len(y):
            return y
        return self.target_scaler.inverse_transform(y[:, None])[:, 0]

    @property
    def n_features(self) -> int:
        return self.X_train.shape[1]

    @property
    def n_base_features(self) -> int:
        """The columns the data came with: all but the hand-made ones."""
        return self.n_features - len(self.made)

    def with_made(self, X) -> np.ndarray:
        """Rows of the base columns (scaled) with the made features appended, as the model
        takes them : (n, n_base_features) -> (n, n_features) float32."""
        X = np.asarray(X, dtype=np.float32)
        return made_features.with_features(X, self.made) if self.made else X

    @property
    def n_classes(self) -> int:
        """Counted from class_names, so a class absent from the data still counts."""
        return len(self.class_names)

    @property
    def n_train(self) -> int:
        return len(self.y_train)

    @property
    def n_test(self) -> int:
        return len(self.y_test)

    @property
    def X_all(self) -> np.ndarray:
        """Train rows then test rows : (n_train + n_test, n_features)."""
        return np.concatenate([self.X_train, self.X_test])

    @property
    def y_all(self) -> np.ndarray:
        """Train labels then test labels : (n_train + n_test,)."""
        return np.concatenate([self.y_train, self.y_test])


def _check_labels(y: np.ndarray, n_classes: int, name: str) -> None:
    """Class indices must lie in [0, n_classes)."""
    if n_classes < 1:
        raise ValueError(f"class_names must name at least 1 class, got {n_classes}.")
    bad = y[(y < 0) | (y >= n_classes)]
    if bad.size:
        raise ValueError(f"{name} must hold class indices in [0, {n_classes}), got {bad[0]}.")


def _check_targets(y: np.ndarray, n_names: int, name: str) -> None:
    """A regression's targets are finite numbers, named by one name."""
    if n_names != 1:
        raise ValueError(f"class_names must hold the one target's name, got {n_names} names.")
    if not np.isfinite(y).all():
        raise ValueError(f"{name} must hold finite numbers, got nan or inf.")


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be an integer in [0, 2**32), got {seed!r}.")
    return int(seed)


def _check_test_size(test_size) -> float:
    if isinstance(test_size, bool) or not isinstance(test_size, int | float | np.number) \
            or not 0 < test_size < 1:
        raise ValueError(f"test_size must be in (0, 1), got {test_size!r}.")
    return float(test_size)


def _as_labels(y) -> np.ndarray:
    """Labels as int64, refusing fractions such as 0.5."""
    y = np.asarray(y)
    if y.dtype.kind == "f":
        frac = y[y != np.round(y)]
        if frac.size:
            raise ValueError(f"y must hold integer class indices, got {frac[0]}.")
    elif y.dtype.kind not in "iub":
        raise ValueError(f"y must hold integer class indices, got dtype {y.dtype}.")
    return y.astype(np.int64)


def _split_kind(y: np.ndarray, class_names: Sequence[str], test_size: float) -> Split:
    """A stratified split when one is possible, else a plain one and why."""
    labels, counts = np.unique(y, return_counts=True)
    if counts.min() < 2:
        return Split("rare_class", rare_class=str(class_names[labels[counts.argmin()]]))
    # The part sizes sklearn will use; each part needs room for one row of every class.
    n_test = math.ceil(test_size * len(y))
    n_train = len(y) - n_test
    if min(n_test, n_train) < len(labels):
        return Split("small_part", part_rows=min(n_test, n_train), n_classes=len(labels))
    return Split("stratified")


def split_and_scale(
    X,
    y,
    feature_names: Sequence[str],
    class_names: Sequence[str],
    test_size: float = 0.3,
    seed: int = 0,
    name: str = "",
    description: str = "",
    stratify: bool = True,
    scale: bool = True,
    task: str = "classification",
    made: Sequence[str] = (),
) -> Dataset:
    """Split with train_test_split(random_state=seed), then fit a StandardScaler on train only.

    X : (n_samples, n_features); y : (n_samples,) class indices in [0, len(class_names)), or for
    task "regression" finite values with class_names the target's one name: a plain random
    split, and with scale the target scaled too (its own StandardScaler, train only).
    made : hand-made features (mlp_core.features codes) appended to 2-D data after scaling.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (n_samples, n_features), got {X.shape}.")
    regression = task == "regression"
    y = np.asarray(y, dtype=np.float64) if regression else _as_labels(y)
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},), got {y.shape}.")
    if X.shape[0] < 2:
        raise ValueError(f"X must have at least 2 rows to split, got {X.shape[0]}.")
    if not np.isfinite(X).all():
        raise ValueError(f"X must hold only finite numbers, got {(~np.isfinite(X)).sum()} "
                         "NaN or infinite values.")
    if len(feature_names) != X.shape[1]:
        raise ValueError(f"feature_names must have {X.shape[1]} names, got {len(feature_names)}.")
    if regression:
        _check_targets(y, len(class_names), "y")
    else:
        _check_labels(y, len(class_names), "y")
    test_size = _check_test_size(test_size)
    seed = _check_seed(seed)
    made = made_features.canonical(made)
    if made and X.shape[1] != 2:
        raise ValueError(f"made features need 2-D data (x1, x2), got {X.shape[1]} columns.")

    if regression:
        split = Split("continuous")
    else:
        split = _split_kind(y, class_names, test_size) if stratify else Split("stratify_off")
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=seed, stratify=y if split.stratified else None
    )
    scaler = target_scaler = None
    if scale:
        # Fitted on train only: the test rows must not leak into the mean and std.
        scaler = StandardScaler().fit(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    if scale and regression:
        # A target of hundreds (diabetes) would need its own learning rate; scaled, every
        # regression trains at the studio's usual ones, and the scores go back to its units.
        target_scaler = StandardScaler().fit(y_train[:, None])
        y_train = target_scaler.transform(y_train[:, None])[:, 0]
        y_test = target_scaler.transform(y_test[:, None])[:, 0] if len(y_test) else y_test
    if made:
        # Made from the scaled x1, x2, the columns the model sees: the regions' grid, laid in
        # those coordinates, goes through the same map with no scaler in between, and x1² is
        # then the squared distance from the data's centre along x1 (on raw data off the origin
        # it would be nearly a linear term). The made columns are not rescaled, so x1² stays
        # x1² (as in TensorFlow Playground). Computed in float64, as the exported script does.
        X_train, X_test = (made_features.with_features(part, made) for part in (X_train, X_test))
        feature_names = (*feature_names, *made)
    return Dataset(
        name=name,
        X_train=X_train,
        X_test=X_test,
        y_train=y_train,
        y_test=y_test,
        feature_names=tuple(feature_names),
        class_names=tuple(class_names),
        scaler=scaler,
        description=description,
        split=split,
        task=task,
        target_scaler=target_scaler,
        made=made,
    )


@cache
def _builtin_raw(name: str) -> tuple[np.ndarray, np.ndarray, tuple[str, ...], tuple[str, ...]]:
    """sklearn's bundled copy (no download), read once; arrays read-only since they are shared."""
    bunch = getattr(sk_datasets, f"load_{name}")()
    X, y = np.array(bunch.data, dtype=np.float64), np.array(bunch.target, dtype=np.int64)
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y, tuple(map(str, bunch.feature_names)), tuple(map(str, bunch.target_names))


def load_builtin(name: str, test_size: float = 0.3, seed: int = 0) -> Dataset:
    """One of sklearn's bundled datasets (BUILTINS), split and scaled."""
    if name not in BUILTINS:
        raise ValueError(f"name must be one of {list(BUILTINS)}, got {name!r}.")
    X, y, features, classes = _builtin_raw(name)
    return split_and_scale(
        X, y, features, classes, test_size=test_size, seed=seed,
        name=LABELS[name], description=DESCRIPTIONS[name],
    )


def load_iris(test_size: float = 0.3, seed: int = 0) -> Dataset:
    """Iris as in the lecture: 70/30 split (105/45 rows), StandardScaler fitted on train."""
    return load_builtin("iris", test_size=test_size, seed=seed)


def _hours(table: np.ndarray, label: str, n_classes: int, description: str) -> Dataset:
    """All rows train and no test: four or eight rows are too few to hold any out."""
    return Dataset(
        name=f"Hours → {label}",
        X_train=table[:, :1],
        X_test=np.empty((0, 1)),
        y_train=table[:, 1],
        y_test=np.empty(0),
        feature_names=("Hours",),
        class_names=tuple(str(c) for c in range(n_classes)),
        scaler=None,  # unscaled, so Hours keep the lecture's values (x = 0.5 in the SGD step)
        description=description,
        split=Split("unsplit"),
    )


def hours_pass() -> Dataset:
    """The lecture's binary table: Hours 0.5, 1.0, 1.5, 2.0 -> Pass 0, 0, 1, 1 (unscaled)."""
    return _hours(HOURS_PASS, "Pass", 2, "Hours studied and whether the exam was passed.")


def hours_score() -> Dataset:
    """The lecture's 4-class table: Hours 0.5 .. 4.0 -> Score 0, 0, 1, 1, 2, 2, 3, 3 (unscaled)."""
    return _hours(HOURS_SCORE, "Score", 4, "Hours studied and the score band reached, 0 to 3.")


def hours_score_values(test_size: float = 0.3, seed: int = 0) -> Dataset:
    """The lecture's Hours -> Score table as a regression: the score a number to predict.

    All eight rows train, unscaled, as hours_score() (test_size and seed change nothing).
    """
    return Dataset(
        name=LABELS["hours_score"], X_train=HOURS_SCORE[:, :1], X_test=np.empty((0, 1)),
        y_train=HOURS_SCORE[:, 1], y_test=np.empty(0), feature_names=("Hours",),
        class_names=("Score",), description=DESCRIPTIONS["hours_score"], split=Split("unsplit"),
        task="regression",
    )


@cache
def _diabetes_raw() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    bunch = sk_datasets.load_diabetes()  # bundled with scikit-learn, no download
    X, y = np.array(bunch.data, dtype=np.float64), np.array(bunch.target, dtype=np.float64)
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y, tuple(map(str, bunch.feature_names))


def load_diabetes(test_size: float = 0.3, seed: int = 0) -> Dataset:
    """scikit-learn's diabetes regression set, split and scaled (its target too)."""
    X, y, features = _diabetes_raw()
    return split_and_scale(X, y, features, ("progression",), test_size=test_size, seed=seed,
                           name=LABELS["diabetes"], description=DESCRIPTIONS["diabetes"],
                           task="regression")


def hours_pass_frame() -> pd.DataFrame:
    """The Hours/Pass table as the lecture prints it (a fresh copy each call)."""
    return pd.DataFrame({"Hours": HOURS_PASS[:, 0], "Pass": HOURS_PASS[:, 1].astype(np.int64)})


def hours_score_frame() -> pd.DataFrame:
    """The Hours/Score table as the lecture prints it (a fresh copy each call)."""
    return pd.DataFrame({"Hours": HOURS_SCORE[:, 0], "Score": HOURS_SCORE[:, 1].astype(np.int64)})


def _class_sizes(n_samples: int, n_classes: int) -> np.ndarray:
    """Balanced class sizes that differ by at most one."""
    base, extra = divmod(n_samples, n_classes)
    return np.full(n_classes, base) + (np.arange(n_classes) < extra)


def _xor(n_samples: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Class 1 where x1 and x2 have opposite signs; points kept XOR_PADDING off the axes."""
    y = np.repeat([0, 1], _class_sizes(n_samples, 2))
    sign1 = rng.choice([-1.0, 1.0], size=n_samples)
    sign2 = np.where(y == 1, -sign1, sign1)
    magnitude = rng.uniform(XOR_PADDING, 1.0, size=(n_samples, 2))
    return magnitude * np.column_stack([sign1, sign2]), y


def _gaussians(n_samples: int, n_classes: int, rng: np.random.Generator):
    """One round blob per class, centres on a circle of radius √2 (two classes: (-1,-1), (1,1))."""
    y = np.repeat(np.arange(n_classes), _class_sizes(n_samples, n_classes))
    angle = 5 * np.pi / 4 + 2 * np.pi * np.arange(n_classes) / n_classes
    centres = np.sqrt(2) * np.column_stack([np.cos(angle), np.sin(angle)])
    return centres[y] + GAUSSIAN_SPREAD * rng.standard_normal((n_samples, 2)), y


def _spiral(n_samples: int, n_classes: int, rng: np.random.Generator):
    """Arms turning SPIRAL_TURNS times as the radius grows from 0.1 to 1, one arm per class."""
    y = np.repeat(np.arange(n_classes), _class_sizes(n_samples, n_classes))
    r = rng.uniform(0.1, 1.0, size=n_samples)
    # At any radius the arms sit 2π/C apart in angle, so without noise they never touch.
    t = 2 * np.pi * (y / n_classes + SPIRAL_TURNS * r)
    return r[:, None] * np.column_stack([np.cos(t), np.sin(t)]), y


def _plane(n_samples: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Points uniform in [-1, 1]^2; the target (x1 + x2) / 2, a tilted plane."""
    X = rng.uniform(-1.0, 1.0, size=(n_samples, 2))
    return X, X.sum(axis=1) / 2


BUMPS = ((-0.5, -0.5, 1.0), (0.5, 0.5, 1.0), (-0.5, 0.5, -1.0), (0.5, -0.5, -1.0))  # x1, x2, h


def _bumps(n_samples: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Points uniform in [-1, 1]^2; the target a sum of Gaussian bumps h e^(-|x - c|^2 / 2s^2)."""
    X = rng.uniform(-1.0, 1.0, size=(n_samples, 2))
    centres, heights = np.array(BUMPS)[:, :2], np.array(BUMPS)[:, 2]
    d2 = ((X[:, None, :] - centres[None]) ** 2).sum(axis=2)  # (n, n_bumps)
    return X, np.exp(-d2 / (2 * BUMP_WIDTH**2)) @ heights


def regression_points(kind: str, n_samples: int = 200, noise: float = 0.1,
                      seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A regression toy's raw 2-D points and targets; noise is the std of Gaussian jitter added
    to the target (as TensorFlow Playground's regression sets do).

    Returns X : (n_samples, 2) float64 and y : (n_samples,) float64.
    """
    if kind not in REGRESSION_TOYS:
        raise ValueError(f"kind must be one of {list(REGRESSION_TOYS)}, got {kind!r}.")
    _check_toy_args("circles", n_samples, noise, 2)  # the same ranges as every toy
    rng = np.random.default_rng(_check_seed(seed))
    X, y = (_plane if kind == "plane" else _bumps)(n_samples, rng)
    return X, y + float(noise) * rng.standard_normal(n_samples)


def make_regression_toy(kind: str, n_samples: int = 200, noise: float = 0.1, seed: int = 0,
                        test_size: float = 0.3, n_classes: int = 2,
                        made: Sequence[str] = ()) -> Dataset:
    """A regression toy from REGRESSION_TOYS, split and scaled (n_classes is not used), with
    the hand-made features `made` appended."""
    X, y = regression_points(kind, n_samples=n_samples, noise=noise, seed=seed)
    return split_and_scale(X, y, ("x1", "x2"), ("y",), test_size=test_size, seed=seed,
                           name=LABELS[kind], description=DESCRIPTIONS[kind], task="regression",
                           made=made)


def _check_toy_args(kind, n_samples, noise, n_classes) -> None:
    if kind not in TOYS:
        raise ValueError(f"kind must be one of {list(TOYS)}, got {kind!r}.")
    if isinstance(n_samples, bool) or not isinstance(n_samples, int | np.integer) \
            or not MIN_TOY_SAMPLES <= n_samples <= MAX_TOY_SAMPLES:
        raise ValueError(
            f"n_samples must be between {MIN_TOY_SAMPLES} and {MAX_TOY_SAMPLES}, got {n_samples!r}."
        )
    if isinstance(noise, bool) or not isinstance(noise, int | float | np.number) \
            or not MIN_NOISE <= noise <= MAX_NOISE:
        raise ValueError(f"noise must be between {MIN_NOISE:g} and {MAX_NOISE:g}, got {noise!r}.")
    if kind in MULTICLASS_TOYS:
        if isinstance(n_classes, bool) or not isinstance(n_classes, int | np.integer) \
                or not 2 <= n_classes <= MAX_TOY_CLASSES:
            raise ValueError(
                f"n_classes must be between 2 and {MAX_TOY_CLASSES} for {kind!r}, "
                f"got {n_classes!r}."
            )
    elif n_classes != 2:
        raise ValueError(f"n_classes must be 2 for {kind!r}, got {n_classes!r}.")


def toy_points(
    kind: str, n_samples: int = 200, noise: float = 0.1, seed: int = 0, n_classes: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """The raw, unscaled 2-D points of a toy shape; noise is the std of Gaussian jitter added.

    Returns X : (n_samples, 2) float64 and y : (n_samples,) int64, classes balanced within one.
    """
    _check_toy_args(kind, n_samples, noise, n_classes)
    seed, noise = _check_seed(seed), float(noise)
    if kind == "circles":
        X, y = sk_datasets.make_circles(n_samples, noise=noise, factor=0.5, random_state=seed)
        return X, y.astype(np.int64)
    if kind == "moons":
        X, y = sk_datasets.make_moons(n_samples, noise=noise, random_state=seed)
        return X, y.astype(np.int64)
    rng = np.random.default_rng(seed)
    if kind == "xor":
        X, y = _xor(n_samples, rng)
    elif kind == "gaussians":
        X, y = _gaussians(n_samples, n_classes, rng)
    else:
        X, y = _spiral(n_samples, n_classes, rng)
    return X + noise * rng.standard_normal(X.shape), y.astype(np.int64)


def make_toy(
    kind: str,
    n_samples: int = 200,
    noise: float = 0.1,
    seed: int = 0,
    test_size: float = 0.3,
    n_classes: int = 2,
    made: Sequence[str] = (),
) -> Dataset:
    """A 2-D toy shape from TOYS, split and scaled; one seed fixes both the points and the split.
    The hand-made features `made` are appended (split_and_scale)."""
    X, y = toy_points(kind, n_samples=n_samples, noise=noise, seed=seed, n_classes=n_classes)
    return split_and_scale(
        X, y, ("x1", "x2"), tuple(str(c) for c in range(n_classes)),
        test_size=test_size, seed=seed, name=LABELS[kind], description=DESCRIPTIONS[kind],
        made=made,
    )


# Every loader takes test_size= and seed= keywords; toy loaders also n_samples=, noise=, made=
# (hand-made features), and (gaussians, spiral) n_classes=.
DATASETS: dict[str, Callable[..., Dataset]] = {
    "iris": load_iris,
    **{name: partial(load_builtin, name) for name in BUILTINS if name != "iris"},
    **{kind: partial(make_toy, kind) for kind in TOYS},
    "hours_score": hours_score_values,
    **{kind: partial(make_regression_toy, kind) for kind in REGRESSION_TOYS},
    "diabetes": load_diabetes,
}


def task_of(source: str) -> str:
    """"regression" for the sets of REGRESSION_SETS, else "classification" (an upload says its
    own on its Dataset)."""
    return "regression" if source in REGRESSION_SETS else "classification"


@dataclass(frozen=True)
class DataSpec:
    """Which data a run trains on: a name from DATASETS (or UPLOADED) and its options.

    n_samples and noise apply to the toy shapes, n_classes to gaussians and spiral only;
    features (hand-made inputs, mlp_core.features codes, kept in their canonical order) to the
    2-D toy shapes only. `points`: a toy's points as edited by hand, in place of the drawn ones
    (split with test_size and seed as those would be).
    """

    source: str
    test_size: float = 0.3
    seed: int = 0
    n_samples: int = 200
    noise: float = 0.1
    n_classes: int = 2
    features: tuple[str, ...] = ()
    points: Points | None = None

    def __post_init__(self):
        if self.source not in DATASETS and self.source != UPLOADED:
            raise ValueError(
                f"source must be one of {[*DATASETS, UPLOADED]}, got {self.source!r}."
            )
        object.__setattr__(self, "features", made_features.canonical(self.features))
        if self.features and not self.is_toy:
            raise ValueError(f"features apply to the 2-D toy sets only, got {self.source!r}.")
        if self.points is not None:
            _check_points(self.source, self.points, self.toy_classes)

    @property
    def is_toy(self) -> bool:
        """A 2-D toy shape, generated from n_samples, noise and the seed."""
        return self.source in TOYS or self.source in REGRESSION_TOYS

    @property
    def toy_classes(self) -> int:
        """A toy shape's classes: n_classes for gaussians and spiral, else 2."""
        return self.n_classes if self.source in MULTICLASS_TOYS else 2

    def load(self) -> Dataset:
        """The Dataset this spec names (not for UPLOADED, which only the session holds)."""
        if self.source == UPLOADED:
            raise ValueError("source 'uploaded' cannot be loaded from a spec, got 'uploaded'.")
        if self.points is not None:
            return _from_points(self)
        loader = DATASETS[self.source]
        if self.is_toy:
            return loader(test_size=self.test_size, seed=self.seed, n_samples=self.n_samples,
                          noise=self.noise, n_classes=self.toy_classes, made=self.features)
        return loader(test_size=self.test_size, seed=self.seed)


def _check_points(source: str, points: Points, n_classes: int) -> None:
    """Hand-placed points belong to a toy shape, of its task and classes, within its cap."""
    if source not in TOYS and source not in REGRESSION_TOYS:
        raise ValueError(f"points must belong to a 2-D toy set, got source {source!r}.")
    if points.regression != (source in REGRESSION_TOYS):
        raise ValueError(f"points must be {task_of(source)} points for {source!r}.")
    if not 2 <= len(points) <= MAX_TOY_SAMPLES:
        raise ValueError(f"points must number between 2 and {MAX_TOY_SAMPLES}, "
                         f"got {len(points)}.")
    if not points.regression:
        _check_labels(points.arrays()[1], n_classes, "points.y")


def _from_points(spec: DataSpec) -> Dataset:
    """A toy's hand-edited points, split and scaled as its drawn points would be."""
    X, y = spec.points.arrays()
    classes = ("y",) if spec.points.regression else tuple(map(str, range(spec.toy_classes)))
    return split_and_scale(X, y, ("x1", "x2"), classes, test_size=spec.test_size,
                           seed=spec.seed, name=LABELS[spec.source],
                           description=DESCRIPTIONS[spec.source], task=task_of(spec.source),
                           made=spec.features)
