"""Reading numbers that a person typed, with a message they can act on.

One convention for every text box of the app: numbers separated by commas or spaces, matrix rows
separated by ';' or new lines, brackets ignored ("[0.25, 0.4]" works). A list is read from any of
these, so "0.18; -0.18" is the same two numbers as "0.18, -0.18".
"""

import re

import numpy as np

MAX_COUNT = 50


def _rows(text: str) -> list[list[str]]:
    cleaned = re.sub(r"[\[\]()]", " ", str(text))
    return [row for row in (re.split(r"[,\s]+", r.strip()) for r in re.split(r"[;\n]", cleaned))
            if row != [""]]


def _number(token: str, name: str) -> float:
    try:
        value = float(token)
    except ValueError:
        raise ValueError(f"{name} must be numbers separated by commas, got {token!r}.") from None
    if not np.isfinite(value):
        raise ValueError(f"{name} must hold finite numbers, got {token!r}.")
    return value


def parse_numbers(text: str, name: str = "input", max_count: int = MAX_COUNT) -> np.ndarray:
    """"0.18, -0.18" -> array : (n,). Raises ValueError naming the first entry that is no number."""
    tokens = [t for row in _rows(text) for t in row if t]
    if not tokens:
        raise ValueError(f"{name} must hold at least one number, got nothing.")
    if len(tokens) > max_count:
        raise ValueError(f"{name} must hold at most {max_count} numbers, got {len(tokens)}.")
    return np.array([_number(t, name) for t in tokens])


def parse_matrix(text: str, name: str = "answer", max_count: int = MAX_COUNT) -> np.ndarray:
    """"0.1, 0.2; 0.3, 0.4" -> (2, 2); one row -> (n,). Raises ValueError for ragged rows too."""
    rows = [[t for t in row if t] for row in _rows(text)]
    rows = [row for row in rows if row]
    values = parse_numbers(text, name, max_count)  # every token checked, with its message
    if len(rows) == 1:
        return values
    if len({len(row) for row in rows}) != 1:
        raise ValueError(f"{name} must have rows of equal length, got rows of "
                         f"{', '.join(str(len(row)) for row in rows)} numbers.")
    return values.reshape(len(rows), -1)
