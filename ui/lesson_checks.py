"""Check yourself on the lesson pages: predict each number before the page shows it.

A page lists its questions (what to compute, the value mlp_core computed, the formula that gives
it) and calls predict_first() where its numbers begin. With "hide the answers" on, the student
types each answer (ui/check.py grades it within its tolerance; a wrong one points to the
formula), and the page holds back everything below until every answer is right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import streamlit as st

from mlp_core.backprop import Trace
from mlp_core.functions import ACTIVATIONS
from ui.check import check_yourself
from ui.i18n import t

PAGES = ("sigmoid", "softmax", "forward_backward", "activations")
# f'(z) for each hidden activation, written as the lecture writes its derivatives.
DERIVATIVES = {
    "identity": r"f'(z) = 1",
    "sigmoid": r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z))",
    "relu": r"\mathrm{ReLU}'(z) = 1 \text{ if } z > 0 \text{ else } 0",
    "tanh": r"\tanh'(z) = 1 - \tanh^2(z)",
    "leaky_relu": r"\mathrm{LeakyReLU}'(z) = 1 \text{ if } z > 0 \text{ else } 0.01",
    "gelu": r"\mathrm{GELU}'(z) = \Phi(z) + z\,\varphi(z)",
}
_HIDDEN = {"identity": "", "sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}", "tanh": r"\tanh"}


@dataclass(frozen=True)
class Question:
    """One number (or vector) to predict: `label` says what, `formula` (LaTeX) how."""

    name: str
    label: str
    expected: object
    formula: str


def hide_key(page: str) -> str:
    return f"{page}.check.hide"


def answer_key(page: str, name: str) -> str:
    return f"{page}.check.{name}"


QUESTION_NAMES = {
    "sigmoid": ("z", "p", "slope"),
    "softmax": ("y_hat", "loss"),
    "forward_backward": ("h", "y_hat", "loss", "delta"),
    "activations": ("f", "df"),
}
# Every key the blocks use, for ui/state.py: kept while the student visits other pages.
DEFAULTS: dict = {hide_key(p): False for p in PAGES} | {
    answer_key(p, n): "" for p, names in QUESTION_NAMES.items() for n in names}


# -------------------------------------------------------------------------- each page's numbers
def sigmoid_questions(z: float, p: float, slope: float) -> list[Question]:
    return [
        Question("z", "z = wx + b", z, r"z = w\,x + b"),
        Question("p", "σ(z)", p, r"\sigma(z) = \frac{1}{1 + e^{-z}}"),
        Question("slope", "σ'(z)", slope, DERIVATIVES["sigmoid"]),
    ]


def softmax_questions(y_hat, loss: float, y: int) -> list[Question]:
    return [
        Question("y_hat", t("common.check.q_y_hat"), y_hat,
                 r"\hat y_i = \frac{e^{z_i}}{\sum_j e^{z_j}}"),
        Question("loss", t("common.check.q_loss_class", y=y), loss,
                 rf"L = -\mathbf{{y}}^T \log \hat{{\mathbf{{y}}}} = -\log \hat y_{{{y}}}"),
    ]


def forward_backward_questions(trace: Trace, hidden: str, output: str) -> list[Question]:
    f = _HIDDEN[hidden]
    h = rf"\mathbf{{h}} = {f}([1, \mathbf{{x}}]\, W_h)" if f else \
        r"\mathbf{h} = [1, \mathbf{x}]\, W_h"
    if output == "sigmoid":
        y_hat, loss = (r"\hat y = \sigma([1, \mathbf{h}]\, W_z)",
                       r"L = -[y \log \hat y + (1 - y) \log(1 - \hat y)]")
        delta = r"\delta_z = \hat y - y"
    else:
        y_hat, loss = (r"\hat{\mathbf{y}} = \mathrm{softmax}([1, \mathbf{h}]\, W_z)",
                       r"L = -\log \hat y_y")
        delta = r"\boldsymbol{\delta}_z = \hat{\mathbf{y}} - \mathbf{y}_{\text{one-hot}}"
    return [
        Question("h", t("common.check.q_hidden"), trace.layers[0].activation, h),
        Question("y_hat", t("common.check.q_y_hat"), trace.output, y_hat),
        Question("loss", t("common.check.q_loss"), trace.loss, loss),
        Question("delta", t("common.check.q_delta"), trace.layers[-1].delta, delta),
    ]


def activation_questions(name: str, x) -> list[Question]:
    act = ACTIVATIONS[name]
    x = np.asarray(x, dtype=float)
    return [
        Question("f", t("common.check.q_f", name=act.label), act.f(x), act.latex),
        Question("df", t("common.check.q_df", name=act.label), act.df(x), DERIVATIVES[name]),
    ]


# ------------------------------------------------------------------------------- the block
def predict_first(page: str, questions: Sequence[Question]) -> bool:
    """The "check yourself" box; True while the answers are hidden and not all right yet (the
    page then stops here, so that its numbers wait for the student's own)."""
    for key in (hide_key(page), *(answer_key(page, q.name) for q in questions)):
        st.session_state.setdefault(key, DEFAULTS.get(key, ""))
    with st.container(border=True, key=f"{page}.check"):
        hide = st.toggle(t("common.check.hide"), key=hide_key(page),
                         help=t("common.check.hide_help"))
        if not hide:
            return False
        st.caption(t("common.check.predict_intro"))
        right = 0
        for q in questions:
            verdict = check_yourself(q.label, answer_key(page, q.name), q.expected,
                                     then="_formula")
            if verdict.right is False:
                st.markdown(t("common.check.hint", formula=f"${q.formula}$"))
            right += verdict.right is True
        if right == len(questions):
            st.success(t("common.check.all_right"), icon=":material/visibility:")
            return False
        st.info(t("common.check.held_back", left=len(questions) - right),
                icon=":material/visibility_off:")
        return True
