"""Reading numbers that a person typed, with a message they can act on.

One convention for every text box of the app: numbers separated by commas or spaces, matrix rows
separated by ';' or new lines, brackets ignored ("[0.25, 0.4]" works). A list is read from any of
these, so "0.18; -0.18" is the same two numbers as "0.18, -0.18".
"""

import re

import numpy as np

from ui.i18n import t

MAX_COUNT = 50


def _rows(text: str) -> list[list[str]]:
    cleaned = re.sub(r"[\[\]()]", " ", str(text))
    return [row for row in (re.split(r"[,\s]+", r.strip()) for r in re.split(r"[;\n]", cleaned))
            if row != [""]]


def _number(token: str, name: str) -> float:
    try:
        value = float(token)
    except ValueError:
        raise ValueError(t("common.numbers.not_number", name=name, token=repr(token))) from None
    if not np.isfinite(value):
        raise ValueError(t("common.numbers.not_finite", name=name, token=repr(token)))
    return value


def parse_numbers(text: str, name: str = "input", max_count: int = MAX_COUNT) -> np.ndarray:
    """"0.18, -0.18" -> array : (n,). Raises ValueError naming the first entry that is no number."""
    tokens = [tok for row in _rows(text) for tok in row if tok]
    if not tokens:
        raise ValueError(t("common.numbers.empty", name=name))
    if len(tokens) > max_count:
        raise ValueError(t("common.numbers.too_many", name=name, max_count=max_count,
                           n=len(tokens)))
    return np.array([_number(tok, name) for tok in tokens])


def parse_matrix(text: str, name: str = "answer", max_count: int = MAX_COUNT) -> np.ndarray:
    """"0.1, 0.2; 0.3, 0.4" -> (2, 2); one row -> (n,). Raises ValueError for ragged rows too."""
    rows = [[tok for tok in row if tok] for row in _rows(text)]
    rows = [row for row in rows if row]
    values = parse_numbers(text, name, max_count)  # every token checked, with its message
    if len(rows) == 1:
        return values
    if len({len(row) for row in rows}) != 1:
        raise ValueError(t("common.numbers.ragged", name=name,
                           lengths=", ".join(str(len(row)) for row in rows)))
    return values.reshape(len(rows), -1)
