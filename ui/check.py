"""Check yourself: the student types a number, vector or matrix and learns whether it is right.

Typing format: ui.numbers' (e.g. "0.1537, 0.1463; 0.3269, 0.3731"); a matrix typed as one flat
row is read row by row.
"""

from dataclasses import dataclass

import numpy as np
import streamlit as st

from ui.format import fmt
from ui.numbers import parse_matrix

TOLERANCE = 5e-4  # an answer rounded to three decimals still counts as right


@dataclass(frozen=True)
class Verdict:
    """The outcome of one answer: right is None while nothing (readable) was typed."""

    right: bool | None
    message: str


def _shape_words(shape: tuple[int, ...]) -> str:
    if len(shape) == 2:
        return f"a {shape[0]} × {shape[1]} matrix (rows separated by ';')"
    return "1 number" if shape == (1,) else f"{shape[0]} numbers"


def grade(text: str, expected, tol: float = TOLERANCE) -> Verdict:
    """Compare a typed answer with `expected` entry by entry within `tol`."""
    expected = np.atleast_1d(np.asarray(expected, dtype=float))
    if not text.strip():
        return Verdict(None, "")
    try:
        typed = parse_matrix(text, "An answer")
    except ValueError:  # its message quotes what was typed, which must not reach markdown
        return Verdict(None, "Could not read that: type numbers like 0.25, 0.4; matrix rows "
                             "separated by ';'.")
    if typed.size != expected.size or (typed.ndim == 2 and typed.shape != expected.shape):
        return Verdict(False, f"Expected {_shape_words(expected.shape)}, got {typed.size}.")
    off = np.abs(typed.reshape(expected.shape) - expected) > tol
    if not off.any():
        return Verdict(True, f"Right (within {fmt(tol)}).")
    which = "it is" if expected.size == 1 else f"{int(off.sum())} of {expected.size} entries are"
    return Verdict(False, f"Not quite: {which} off by more than {fmt(tol)}. Try again, or reveal "
                          "the step above.")


def check_yourself(label: str, key: str, expected, tol: float = TOLERANCE) -> Verdict:
    """A text box for one answer and its verdict (st.success / st.error) right below it."""
    verdict = grade(st.text_input(label, key=key, placeholder="e.g. 0.25, 0.4"), expected, tol)
    if verdict.right is True:
        st.success(verdict.message, icon="✅")
    elif verdict.right is False:
        st.error(verdict.message, icon="❌")
    elif verdict.message:
        st.warning(verdict.message)
    return verdict
