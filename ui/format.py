"""How numbers are written on screen: four decimals, and LaTeX for matrices and vectors."""

import re
from collections.abc import Iterable

import numpy as np

DECIMALS = 4


def fmt(value: float, decimals: int = DECIMALS) -> str:
    """A number with a fixed count of decimals; -0.0000 is written 0.0000."""
    text = f"{float(value):.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def fmt_list(values: Iterable[float], decimals: int = DECIMALS) -> str:
    """A vector written as [a, b, c]."""
    return "[" + ", ".join(fmt(v, decimals) for v in np.ravel(values)) + "]"


def latex_matrix(values, decimals: int = DECIMALS) -> str:
    r"""A 1-D or 2-D array as a LaTeX bmatrix; a 1-D array is a row."""
    rows = np.atleast_2d(np.asarray(values, dtype=float))
    body = r" \\ ".join(" & ".join(fmt(v, decimals) for v in row) for row in rows)
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"


def latex_column(values, decimals: int = DECIMALS) -> str:
    """A vector as a LaTeX column."""
    return latex_matrix(np.reshape(np.asarray(values, dtype=float), (-1, 1)), decimals)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&\"'])")


def plain(text: str) -> str:
    """Text that Markdown shows literally: every punctuation mark that means something escaped.

    For anything a person typed or uploaded on its way into st.error, st.warning or st.markdown.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")
