"""Hand-made input features for 2-D data, as TensorFlow Playground offers them (its INPUTS).

Each is named by a code and computed from the two columns x1, x2; the studio appends the chosen
ones to the data as extra columns, so the Trainer, the metrics and the exported script see only
more inputs. ui says the codes in words (x1², sin(x1)).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

# Code -> f(x1, x2), in the order the columns are appended (Playground's order).
FEATURES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x1sq": lambda x1, x2: x1 * x1,
    "x2sq": lambda x1, x2: x2 * x2,
    "x1x2": lambda x1, x2: x1 * x2,
    "sin1": lambda x1, x2: np.sin(x1),
    "sin2": lambda x1, x2: np.sin(x2),
}
# The same, as the exported script writes it (x1, x2: numpy columns).
EXPRESSIONS = {"x1sq": "x1 * x1", "x2sq": "x2 * x2", "x1x2": "x1 * x2", "sin1": "np.sin(x1)",
               "sin2": "np.sin(x2)"}


def canonical(codes: Iterable[str]) -> tuple[str, ...]:
    """The codes in FEATURES' order, each once: a choice in any order names one set of columns."""
    if isinstance(codes, str):
        raise ValueError(f"features must be a sequence of codes, got the string {codes!r}.")
    codes = tuple(codes)
    unknown = [c for c in codes if c not in FEATURES]
    if unknown:
        raise ValueError(f"features must be among {list(FEATURES)}, got {unknown[0]!r}.")
    return tuple(c for c in FEATURES if c in codes)


def made_columns(X, codes: Iterable[str]) -> np.ndarray:
    """The chosen features of each row : (n, 2) -> (n, k), k = len(canonical(codes)).

    The dtype of X is kept (float32 grid points stay float32).
    """
    codes = canonical(codes)
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2): the columns x1, x2, got {X.shape}.")
    x1, x2 = X[:, 0], X[:, 1]
    return np.column_stack([FEATURES[c](x1, x2) for c in codes]) if codes \
        else X[:, :0].copy()


def with_features(X, codes: Iterable[str]) -> np.ndarray:
    """x1, x2 and the chosen features after them : (n, 2) -> (n, 2 + k)."""
    X = np.asarray(X)
    return np.concatenate([X, made_columns(X, codes)], axis=1)
