"""Check yourself: the student types a number, vector or matrix and learns whether it is right.

Typing format: ui.numbers' (e.g. "0.1537, 0.1463; 0.3269, 0.3731"); a matrix typed as one flat
row is read row by row.
"""

from dataclasses import dataclass

import numpy as np
import streamlit as st

from ui.format import fmt
from ui.i18n import t
from ui.numbers import parse_matrix

TOLERANCE = 5e-4  # an answer rounded to three decimals still counts as right


@dataclass(frozen=True)
class Verdict:
    """The outcome of one answer: right is None while nothing (readable) was typed."""

    right: bool | None
    message: str


def _shape_words(shape: tuple[int, ...]) -> str:
    if len(shape) == 2:
        return t("common.check.shape_matrix", rows=shape[0], cols=shape[1])
    return t("common.check.shape_one") if shape == (1,) else t("common.check.shape_many",
                                                                n=shape[0])


def grade(text: str, expected, tol: float = TOLERANCE, then: str = "") -> Verdict:
    """Compare a typed answer with `expected` entry by entry within `tol`.

    `then` names what a wrong answer's message suggests: "" the step above, "_formula" the
    formula shown with it (common.check.off_one<then>, off_many<then>).
    """
    expected = np.atleast_1d(np.asarray(expected, dtype=float))
    if not text.strip():
        return Verdict(None, "")
    try:
        typed = parse_matrix(text, t("common.check.answer_name"))
    except ValueError:  # its message quotes what was typed, which must not reach markdown
        return Verdict(None, t("common.check.unreadable"))
    if typed.size != expected.size or (typed.ndim == 2 and typed.shape != expected.shape):
        return Verdict(False, t("common.check.wrong_shape", expected=_shape_words(expected.shape),
                                n=typed.size))
    off = np.abs(typed.reshape(expected.shape) - expected) > tol
    if not off.any():
        return Verdict(True, t("common.check.right", tol=fmt(tol)))
    if expected.size == 1:
        return Verdict(False, t(f"common.check.off_one{then}", tol=fmt(tol)))
    return Verdict(False, t(f"common.check.off_many{then}", k=int(off.sum()), n=expected.size,
                            tol=fmt(tol)))


def check_yourself(label: str, key: str, expected, tol: float = TOLERANCE,
                   then: str = "") -> Verdict:
    """A text box for one answer and its verdict (st.success / st.error) right below it."""
    typed = st.text_input(label, key=key, placeholder=t("common.check.placeholder"))
    verdict = grade(typed, expected, tol, then)
    if verdict.right is True:
        st.success(verdict.message, icon="✅")
    elif verdict.right is False:
        st.error(verdict.message, icon="❌")
    elif verdict.message:
        st.warning(verdict.message)
    return verdict
