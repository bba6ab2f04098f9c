"""Refusals of a value a person typed, with a code an interface can say in another language.

mlp_core knows no language but English: str(error) is the English text. The code names the
message and `values` fill its {placeholders}, so ui/i18n.error_text can show the same refusal
from the session's catalogue. INPUT_ERRORS are the lessons' refusals (a learning rate, a class
label, an input typed on a lesson page); csv_reader and tabular keep their own for uploads.
"""

from __future__ import annotations

import math

import numpy as np

INPUT_ERRORS = {
    "lr_positive": "lr must be > 0, got {lr}.",
    "class_index": "y must be a class index in [0, {n_classes}), got {y}.",
    "integer_labels": "y must be integer class indices, got {y}.",
    "binary_label": "y must be 0 or 1 for output 'sigmoid', got {y}.",
    "unit_interval": "y must be in [0, 1], got {y}.",
    "finite_x": "x must be finite, got {x}.",
    "finite_theta": "theta must be finite, got nan or inf.",
    "finite_weights": "weights[{k}] must be finite, got nan or inf.",
    "one_class": "y must be one class index for cross-entropy, got {n} numbers.",
    "one_per_z": "y must have one number per z: z has {n_z}, got {n_y}.",
}


class InputError(ValueError):
    """A value that cannot be used; the message is written for the person who typed it."""

    def __init__(self, message: str, code: str | None = None, values: dict | None = None):
        super().__init__(message)
        self.code = code
        self.values = dict(values or {})

    @classmethod
    def of(cls, texts: dict[str, str], code: str, **values) -> InputError:
        """The refusal `code` of a module's texts, its English filled in from `values`."""
        return cls(texts[code].format(**values), code, values)


def refuse(code: str, **values) -> InputError:
    """One of the lessons' INPUT_ERRORS, ready to raise."""
    return InputError.of(INPUT_ERRORS, code, **values)


# The checks every lesson that takes a step makes (softmax regression, forward/backward).
def check_lr(lr) -> float:
    """A learning rate: a finite number > 0."""
    if not lr > 0 or not math.isfinite(lr):
        raise refuse("lr_positive", lr=lr)
    return float(lr)


def check_class_index(y, n_classes: int) -> int:
    """One class label: an integer (3 or 3.0, not True) in [0, n_classes)."""
    if isinstance(y, bool) or not float(y).is_integer() or not 0 <= y < n_classes:
        raise refuse("class_index", n_classes=n_classes, y=y)
    return int(y)


def check_x(x, W: np.ndarray, name: str) -> np.ndarray:
    """One input: a finite vector with a value for each row of W below its bias row (row 0).

    W is in the lecture's layout, (1 + n_in, n_out); `name` is how the message calls it.
    """
    x = np.atleast_1d(np.asarray(x, dtype=float))
    n_in = W.shape[0] - 1
    if x.shape != (n_in,):
        raise ValueError(f"x must have shape ({n_in},) to match {name} of shape {W.shape}, "
                         f"got {x.shape}.")
    if not np.all(np.isfinite(x)):
        raise refuse("finite_x", x=x.tolist())
    return x
