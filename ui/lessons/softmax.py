"""The softmax lesson: its settings, and the lesson in LaTeX with each class in its colour."""

import numpy as np
import streamlit as st

from ui.figures.palette import class_color
from ui.format import fmt
from ui.settings import Schema, Setting

MODES = ("logits", "hours")
CLASS_COUNTS = (2, 3, 4, 5)
MAX_CLASSES = CLASS_COUNTS[-1]


def keep_label_valid() -> None:
    """The true label must be one of the classes on show (fewer classes now, or a link's y)."""
    ss = st.session_state
    ss["softmax.y"] = min(int(ss["softmax.y"]), int(ss["softmax.n_classes"]) - 1)


def store_then_keep_label_valid(key: str, value) -> None:
    """How a link sets the class count or the label: the URL then gets the label on show."""
    st.session_state[key] = value
    keep_label_valid()


def _numbers(name: str, label: str, defaults, slider) -> list[Setting]:
    # One per class; the slider covers the lesson's range, the box and the link [-20, 20].
    return [Setting(f"softmax.{name}{i}", v, label, widget="slider", lo=-20.0, hi=20.0,
                    step=0.01, slider=slider, url=f"{name}{i}") for i, v in enumerate(defaults)]


SCHEMA = Schema([
    Setting("softmax.n_classes", 2, "softmax.n_classes", widget="radio", options=CLASS_COUNTS,
            url="n", store=store_then_keep_label_valid),
    Setting("softmax.mode", "logits", "softmax.mode", widget="radio", options=MODES, url="mode"),
    # The lecture's CrossEntropyLoss example: logits [0.0580, 0.4275], y = 0 -> 0.8949.
    *_numbers("z", "softmax.logit", [0.0580, 0.4275, -0.5, 1.0, 0.2], (-10.0, 10.0)),
    # Hours mode starts on the lecture's theta = [[0.1, 0.2], [0.3, 0.4]] (row 0 biases) at x = 0.5.
    Setting("softmax.hours", 0.5, "softmax.hours", widget="slider", lo=-20.0, hi=20.0, step=0.01,
            slider=(0.0, 5.0), url="hours"),
    *_numbers("w", "softmax.weight", [0.3, 0.4, 0.6, 0.8, 1.0], (-5.0, 5.0)),
    *_numbers("b", "softmax.bias", [0.1, 0.2, -0.3, -1.0, -2.0], (-5.0, 5.0)),
    Setting("softmax.y", 0, "softmax.true_label", widget="radio",
            options=tuple(range(MAX_CLASSES)), url="y", store=store_then_keep_label_valid),
])


def _num(v: float) -> str:
    """Four decimals, or 4-digit scientific notation once the number is too long to read."""
    if np.isfinite(v) and abs(v) < 1e6:
        return fmt(v)
    if not np.isfinite(v):
        return r"\infty"  # e^z past about z = 709 overflows; shown, never used for y_hat
    mantissa, exponent = f"{v:.4e}".split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


def _paren(v: float) -> str:
    """A number, in brackets when negative so that "+ -0.5" reads "+ (-0.5)"."""
    return f"({fmt(v)})" if fmt(v).startswith("-") else fmt(v)


def _c(i: int, body: str) -> str:
    return rf"\textcolor{{{class_color(i)}}}{{{body}}}"


def latex_logits_from_hours(w, b, hours: float, z) -> str:
    """One line per class: z_i = w_i * hours + b_i = value."""
    rows = [_c(i, rf"z_{{{i}}}") + " &= "
            + _c(i, rf"{fmt(wi)} \cdot {_paren(hours)} + {_paren(bi)} = {fmt(zi)}")
            for i, (wi, bi, zi) in enumerate(zip(w, b, z, strict=True))]
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


TERMS_PER_LINE = 3  # five e^z terms side by side do not fit beside the bars, nor on a projector


def _sum_lines(terms: list[str], end: str = "", start: str = "") -> list[str]:
    r"""Aligned lines "start &= a + b + c", "&\quad + d + e" ending in `end`: a sum cut to fit."""
    cuts = [terms[k:k + TERMS_PER_LINE] for k in range(0, len(terms), TERMS_PER_LINE)]
    return [(start + r"&= " if k == 0 else r"&\quad + ") + " + ".join(cut)
            + (end if k == len(cuts) - 1 else "") for k, cut in enumerate(cuts)]


def latex_softmax(z, y_hat) -> str:
    """d = sum_j e^{z_j} with every term in its class colour, then y_hat_i = e^{z_i} / d per class.

    z, y_hat : (n_classes,). The e^z shown are for reading only; y_hat comes from mlp_core's stable
    softmax, so it stays right even where e^z would overflow.
    """
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):
        e = np.exp(z)
    d = float(e.sum())
    terms = [_c(i, rf"e^{{{fmt(zi)}}}") for i, zi in enumerate(z)]
    values = [_c(i, _num(ei)) for i, ei in enumerate(e)]
    # One "&=" per line lines the equals signs up; a colour group may not hold the "&". A line of
    # an aligned block cannot wrap, so d's terms and values go TERMS_PER_LINE to a line.
    lines = [r"d &= \sum_j e^{z_j}", *_sum_lines(terms), *_sum_lines(values, f" = {_num(d)}")]
    lines += [_c(i, rf"\hat{{y}}_{{{i}}}") + " &= " + _c(
                  i, rf"\frac{{e^{{z_{{{i}}}}}}}{{d}} = "
                     rf"\frac{{{_num(ei)}}}{{{_num(d)}}} = {fmt(pi)}")
              for i, (ei, pi) in enumerate(zip(e, y_hat, strict=True))]
    lines += _sum_lines([_c(i, fmt(pi)) for i, pi in enumerate(y_hat)],
                        f" = {fmt(float(np.sum(y_hat)))}", r"\textstyle\sum_i \hat{y}_i ")
    return r"\begin{aligned}" + r" \\[4pt] ".join(lines) + r"\end{aligned}"


def latex_one_hot(y: int, onehot) -> str:
    """y = k -> the one-hot column, its entries in their class colours."""
    col = r" \\ ".join(_c(i, str(int(v))) for i, v in enumerate(onehot))
    return rf"y = {y} \;\rightarrow\; \mathbf{{y}} = \begin{{bmatrix}} {col} \end{{bmatrix}}"


def latex_cross_entropy(onehot, y_hat, loss: float) -> str:
    """L = -y^T log y_hat, every term written, then the one term that is left."""
    terms = " + ".join(_c(i, rf"{int(v)} \cdot \log {fmt(p)}")
                       for i, (v, p) in enumerate(zip(onehot, y_hat, strict=True)))
    k = int(np.argmax(onehot))
    picked = _c(k, rf"\hat{{y}}_{{{k}}}")
    # Plain brackets, not \left( \right): a formula may break at the + between them.
    return (rf"L = -\mathbf{{y}}^T \log \hat{{\mathbf{{y}}}} = -({terms})"
            rf" = -\log {picked} = {fmt(loss)}")
