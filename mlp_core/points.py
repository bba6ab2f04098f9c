"""2-D points placed by hand: a toy set as drawn, then edited point by point (data by hand).

Points are values, not arrays: frozen tuples, so a DataSpec holding them stays hashable (a cache
key) and a change is a new Points. Each edit returns a new one; nothing is changed in place.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Every class keeps this many points (a regression, this many in all): a stratified split of
# 30% then puts at least one of each in the test part and two in the training part.
MIN_CLASS_POINTS = 5


@dataclass(frozen=True)
class Points:
    """Raw (unscaled) 2-D points and their labels: class indices, or a regression's targets.

    X : (n, 2) as n pairs; y : (n,) class indices (int) or targets (float).
    """

    X: tuple[tuple[float, float], ...]
    y: tuple[float, ...] | tuple[int, ...]
    regression: bool = False

    def __post_init__(self):
        if len(self.X) != len(self.y):
            raise ValueError(f"y must have {len(self.X)} values, one a point, got {len(self.y)}.")
        if any(len(xy) != 2 for xy in self.X):
            raise ValueError("X must hold pairs (x1, x2), got a point of another length.")
        values = np.asarray(self.X, dtype=np.float64).reshape(-1)
        if not np.isfinite(values).all() or not np.isfinite(np.asarray(self.y, float)).all():
            raise ValueError("points must be finite numbers, got nan or inf.")

    @classmethod
    def of(cls, X, y, regression: bool = False) -> Points:
        """Points from arrays X : (n, 2) and y : (n,)."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != 2:
            raise ValueError(f"X must have shape (n, 2), got {X.shape}.")
        kind = float if regression else int
        return cls(tuple((float(a), float(b)) for a, b in X),
                   tuple(kind(v) for v in np.asarray(y).reshape(-1)), regression)

    def __len__(self) -> int:
        return len(self.y)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """X : (n, 2) float64 and y : (n,) int64 (float64 for a regression)."""
        y = np.asarray(self.y, dtype=np.float64 if self.regression else np.int64)
        return np.asarray(self.X, dtype=np.float64).reshape(-1, 2), y

    def added(self, xy, value) -> Points:
        """These points and one more at xy = (x1, x2), of class (or target) `value`."""
        x1, x2 = (float(v) for v in xy)
        label = float(value) if self.regression else int(value)
        return Points((*self.X, (x1, x2)), (*self.y, label), self.regression)

    def nearest(self, xy) -> int:
        """The index of the point nearest to xy = (x1, x2)."""
        X, _ = self.arrays()
        return int(((X - np.asarray(xy, dtype=np.float64)) ** 2).sum(axis=1).argmin())

    def can_remove(self, index: int) -> bool:
        """Whether point `index` can go and leave MIN_CLASS_POINTS of its class (or in all)."""
        _, y = self.arrays()
        left = len(y) if self.regression else int((y == y[index]).sum())
        return left > MIN_CLASS_POINTS

    def without(self, index: int) -> Points:
        """These points but point `index`."""
        if not 0 <= index < len(self):
            raise ValueError(f"index must be in [0, {len(self)}), got {index}.")
        return Points(self.X[:index] + self.X[index + 1:], self.y[:index] + self.y[index + 1:],
                      self.regression)

    def counts(self, n_classes: int) -> tuple[int, ...]:
        """How many points each class has : (n_classes,) (a regression: one count, all)."""
        if self.regression:
            return (len(self),)
        return tuple(int(c) for c in np.bincount(self.arrays()[1], minlength=n_classes))
