"""How good the predictions are: accuracy, confusion matrix, per-class precision/recall/F1."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

REPORT_COLUMNS = ("class", "precision", "recall", "f1", "support")


def _pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    """Both label vectors as int64 (n,), same length, not empty."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.ndim != 1:
        raise ValueError(f"y_true must have shape (n,), got {y_true.shape}.")
    if y_pred.shape != y_true.shape:
        raise ValueError(f"y_pred must have shape {y_true.shape}, got {y_pred.shape}.")
    if y_true.size == 0:
        raise ValueError("y_true must hold at least 1 label, got 0.")
    return y_true.astype(np.int64), y_pred.astype(np.int64)


def _check_range(y: np.ndarray, n_classes: int, name: str) -> None:
    # sklearn silently drops labels outside `labels=`; a wrong count must not hide.
    bad = y[(y < 0) | (y >= n_classes)]
    if bad.size:
        raise ValueError(f"{name} must hold class indices in [0, {n_classes}), got {bad[0]}.")


def _check_n_classes(n_classes) -> int:
    if isinstance(n_classes, bool) or not isinstance(n_classes, int | np.integer) or n_classes < 1:
        raise ValueError(f"n_classes must be an integer >= 1, got {n_classes!r}.")
    return int(n_classes)


def accuracy(y_true, y_pred) -> float:
    """Share of predictions equal to the label: sum(y_pred == y_true) / n."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, n_classes: int) -> np.ndarray:
    """Counts : (n_classes, n_classes) int64; row = true class, column = predicted class.

    Every class gets a row and a column, even one absent from both vectors.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    n_classes = _check_n_classes(n_classes)
    _check_range(y_true, n_classes, "y_true")
    _check_range(y_pred, n_classes, "y_pred")
    # Counted directly: sklearn's checks cost a millisecond a call, and a playback asks for one
    # matrix per frame and part (ui/studio/results.py). tests/test_metrics.py holds it to sklearn.
    cells = np.bincount(y_true.astype(np.int64) * n_classes + y_pred.astype(np.int64),
                        minlength=n_classes * n_classes)
    return cells.reshape(n_classes, n_classes).astype(np.int64)


def row_normalize(cm) -> np.ndarray:
    """Each row divided by its total (the recall view); a row with no samples stays 0, not NaN.

    cm : (n_classes, n_classes) counts -> (n_classes, n_classes) float64
    """
    cm = np.asarray(cm, dtype=np.float64)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"cm must be a square matrix (n_classes, n_classes), got {cm.shape}.")
    totals = cm.sum(axis=1, keepdims=True)
    return np.divide(cm, totals, out=np.zeros_like(cm), where=totals > 0)


def normalized_confusion_matrix(y_true, y_pred, n_classes: int) -> np.ndarray:
    """confusion_matrix with each row divided by the class's support : (n_classes, n_classes)."""
    return row_normalize(confusion_matrix(y_true, y_pred, n_classes))


def per_class_report(y_true, y_pred, class_names: Sequence[str]) -> pd.DataFrame:
    """One row per class: class, precision, recall, f1, support (0 where a ratio has no samples)."""
    y_true, y_pred = _pair(y_true, y_pred)
    n_classes = len(class_names)
    if n_classes < 1:
        raise ValueError("class_names must name at least 1 class, got 0.")
    _check_range(y_true, n_classes, "y_true")
    _check_range(y_pred, n_classes, "y_pred")
    # From the counts, as sklearn's precision_recall_fscore_support divides them (zero_division=0;
    # F1 = 2 tp / (true + predicted)), without its checks' milliseconds in every results rerun.
    cm = confusion_matrix(y_true, y_pred, n_classes)
    tp, support, predicted = np.diag(cm).astype(np.float64), cm.sum(axis=1), cm.sum(axis=0)
    precision, recall, f1 = (_divide(top, bottom) for top, bottom in (
        (tp, predicted), (tp, support), (2 * tp, support + predicted)))
    return pd.DataFrame(
        {
            "class": [str(c) for c in class_names],
            "precision": precision.astype(np.float64),
            "recall": recall.astype(np.float64),
            "f1": f1.astype(np.float64),
            "support": support.astype(np.int64),
        },
        columns=list(REPORT_COLUMNS),
    )


def _divide(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    """top / bottom, 0 where bottom is 0."""
    return np.divide(top, bottom, out=np.zeros(len(top)), where=bottom != 0)


def misclassified(y_true, y_pred) -> np.ndarray:
    """Indices where the prediction differs from the label : (n_wrong,) int64."""
    y_true, y_pred = _pair(y_true, y_pred)
    return np.flatnonzero(y_true != y_pred).astype(np.int64)


@dataclass(frozen=True)
class RegressionScores:
    """How close a regression's predictions are: R^2, and MAE and RMSE in the target's units."""

    r2: float
    mae: float
    rmse: float


def regression_scores(y_true, y_pred) -> RegressionScores:
    """R^2 = 1 - SS_res / SS_tot, MAE = mean |y - y_hat|, RMSE = sqrt(mean (y - y_hat)^2).

    y_true, y_pred : (n,) values, n >= 1. A constant y_true scores R^2 1 when every prediction
    is exact and 0 otherwise (sklearn's r2_score says the same).
    """
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    if y_true.ndim != 1 or y_true.size == 0:
        raise ValueError(f"y_true must have shape (n,) with n >= 1, got {y_true.shape}.")
    if y_pred.shape != y_true.shape:
        raise ValueError(f"y_pred must have shape {y_true.shape}, got {y_pred.shape}.")
    error = y_true - y_pred
    residual, total = (error**2).sum(), ((y_true - y_true.mean()) ** 2).sum()
    r2 = 1 - residual / total if total > 0 else float(residual == 0)
    return RegressionScores(float(r2), float(np.abs(error).mean()),
                            float(np.sqrt((error**2).mean())))
