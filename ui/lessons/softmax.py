"""The softmax lesson written out: LaTeX with each class in its colour."""

import numpy as np

from ui.figures.palette import class_color
from ui.format import fmt


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


def latex_softmax(z, y_hat) -> str:
    """d = sum_j e^{z_j} with every term in its class colour, then y_hat_i = e^{z_i} / d per class.

    z, y_hat : (n_classes,). The e^z shown are for reading only; y_hat comes from mlp_core's stable
    softmax, so it stays right even where e^z would overflow.
    """
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):
        e = np.exp(z)
    d = float(e.sum())
    terms = " + ".join(_c(i, rf"e^{{{fmt(zi)}}}") for i, zi in enumerate(z))
    values = " + ".join(_c(i, _num(ei)) for i, ei in enumerate(e))
    # One "&=" per line lines the equals signs up; a colour group may not hold the "&".
    lines = [rf"d &= \sum_j e^{{z_j}} = {terms} = {values} = {_num(d)}"]
    lines += [_c(i, rf"\hat{{y}}_{{{i}}}") + " &= " + _c(
                  i, rf"\frac{{e^{{z_{{{i}}}}}}}{{d}} = "
                     rf"\frac{{{_num(ei)}}}{{{_num(d)}}} = {fmt(pi)}")
              for i, (ei, pi) in enumerate(zip(e, y_hat, strict=True))]
    lines.append(r"\textstyle\sum_i \hat{y}_i &= " + " + ".join(
        _c(i, fmt(pi)) for i, pi in enumerate(y_hat)) + rf" = {fmt(float(np.sum(y_hat)))}")
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
    return (rf"L = -\mathbf{{y}}^T \log \hat{{\mathbf{{y}}}} = -\left({terms}\right)"
            rf" = -\log {picked} = {fmt(loss)}")
