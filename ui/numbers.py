"""Reading a list of numbers that a person typed, with a message they can act on."""

import re

import numpy as np

MAX_COUNT = 50


def parse_numbers(text: str, name: str = "input", max_count: int = MAX_COUNT) -> np.ndarray:
    """"0.18, -0.18" (commas, spaces or semicolons; brackets allowed) -> array : (n,).

    Raises ValueError naming the first entry that is not a finite number.
    """
    tokens = [t for t in re.split(r"[,;\s]+", str(text).strip().strip("[]()")) if t]
    if not tokens:
        raise ValueError(f"{name} must hold at least one number, got nothing.")
    if len(tokens) > max_count:
        raise ValueError(f"{name} must hold at most {max_count} numbers, got {len(tokens)}.")
    values = []
    for token in tokens:
        try:
            value = float(token)
        except ValueError:
            raise ValueError(
                f"{name} must be numbers separated by commas, got {token!r}."
            ) from None
        if not np.isfinite(value):
            raise ValueError(f"{name} must hold finite numbers, got {token!r}.")
        values.append(value)
    return np.array(values)
