"""How numbers and user text are written on screen: four decimals (scientific notation for the
very large), LaTeX for matrices and vectors, and what a person uploaded or a link carried as plain
text (one_line, plain_name)."""

import html
import math
import re
from collections.abc import Iterable

import numpy as np

DECIMALS = 4
# From LARGE up a number is written in scientific notation with SIGNIFICANT digits: 4.028e+32,
# not 33 digits and four decimals (a diverging loss). A tiny one keeps its decimals: written out,
# 1e-17 would be float rounding shown as a value (a gradient that symmetry makes 0).
LARGE, SIGNIFICANT = 1e5, 4


def fmt(value: float, decimals: int = DECIMALS) -> str:
    """A number with a fixed count of decimals, or from LARGE up with 4 significant digits in
    scientific notation (4.028e+32); -0.0000 is written 0.0000."""
    value = float(value)
    if math.isfinite(value) and abs(value) >= LARGE:
        return f"{value:.{SIGNIFICANT - 1}e}"
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


# A loss axis is logarithmic once its values span this factor: a diverging run's 1e+32 would
# otherwise flatten every earlier epoch, and every other run pinned beside it, onto zero.
LOG_SPAN = 1e3
# A tick of a log axis, a power of ten: 1e-1, 1e0, 1e10. An ECharts label template as it is.
POWER_OF_TEN = "1e{value}"


def log_scale(*series: Iterable[float] | None) -> bool:
    """Whether values (several series on one axis, None for one that is absent) are better read
    on a log axis: all positive, and the largest at least LOG_SPAN times the smallest."""
    values = _finite(series)
    return bool(len(values)) and values.min() > 0 and values.max() >= LOG_SPAN * values.min()


def _finite(series) -> np.ndarray:
    """The finite values of several series (None for one that is absent), in one array."""
    values = np.concatenate([np.ravel(np.asarray(s, dtype=np.float64)) for s in series
                             if s is not None] or [np.empty(0)])
    return values[np.isfinite(values)]


def log_ticks(*series: Iterable[float] | None, most: int = 8) -> tuple[list[float], list[str]]:
    """Ticks of a log axis over positive values: whole powers of ten, at most `most` of them
    (every 10th power, say, over 40 decades), written as the live curves' log axis writes them,
    1e-1, 1e0, 1e10: (values, labels)."""
    values = _finite(series)
    values = values[values > 0]
    low, high = math.floor(np.log10(values.min())), math.ceil(np.log10(values.max()))
    # A step of a whole number of decades; the first tick at or below the lowest value and the
    # last at or above the highest one leave room for two ticks more than the span's own.
    step = max(1, math.ceil((high - low) / (most - 2)))
    powers = range(low - low % step, high + step, step)
    return [10.0 ** k for k in powers], [POWER_OF_TEN.format(value=k) for k in powers]


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


# Characters that change how the text around them is shown, not what it says: C0 and C1 controls
# and the bidirectional marks, embeddings, overrides and isolates (U+202E turns "txt.exe" around).
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&\"'])")
# Streamlit's Markdown turns some plain text into more after the escapes are read: bare URLs
# ("https://", "www.") and e-mail addresses into links, ":name:" into an icon or an emoji. A word
# joiner (invisible) after a ":" that a space does not follow, inside "www." and before "@", put
# in before the escapes, leaves nothing to match.
_TEXT_TRIGGERS = re.compile(r"(?<=:)(?=\S)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"
NAME_LENGTH = 60  # characters of a user-given name shown; a longer one is cut with "…"


def one_line(text, limit: int = NAME_LENGTH) -> str:
    """User text as one line of what it says: no control or bidi characters, no line breaks, every
    run of white space one space, at most `limit` characters (a cut marked "…").

    For anything a person uploaded or a link carried, wherever it is shown: as a name it needs no
    more than a line, and none of it may change how the rest of the page reads.
    """
    text = _INVISIBLE.sub("", re.sub(r"\s", " ", str(text)))  # a line break is a space, first
    text = re.sub(" {2,}", " ", text).strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


def distinct(names, limit: int = NAME_LENGTH) -> list[str]:
    """one_line of each name, names that became the same told apart by their place: "x (2)".

    A table's rows and columns, or a legend, stay one per class or feature even when two names
    differed only in what one_line drops (a bidi mark) or in their end beyond the limit. Each
    result is at most `limit` characters, so one_line leaves it as it is.
    """
    shown, seen = [], set()
    for name in names:
        candidate, k = one_line(name, limit), 2
        while candidate in seen:
            suffix = f" ({k})"
            candidate, k = one_line(one_line(name, limit - len(suffix)) + suffix, limit), k + 1
        seen.add(candidate)
        shown.append(candidate)
    return shown


def plain(text: str) -> str:
    """Text that Markdown shows literally: every punctuation mark that means something escaped.

    For anything a person typed or uploaded on its way into st.error, st.warning or st.markdown.
    Line breaks are kept, blank lines are not (a value cannot start a paragraph of its own);
    control and bidi characters are dropped (one_line, for names, drops the line breaks too).
    """
    lines = (_INVISIBLE.sub("", line) for line in str(text).split("\n"))
    text = "\n".join(line for line in lines if line.strip())
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", _TEXT_TRIGGERS.sub(WORD_JOINER, text))
    return text.replace("\n", "  \n")


def plain_name(text, limit: int = NAME_LENGTH) -> str:
    """A user-given name (a column, a class, a file) for any element that renders Markdown:
    st.markdown, st.caption, st.table's cells and headers, widget labels, st.radio's options.

    Not for st.selectbox and st.multiselect options, st.text or st.dataframe, which show text as
    it is (there one_line alone: an escape would show as a backslash).
    """
    return plain(one_line(text, limit))


def plain_names(names) -> list[str]:
    """Names for a Markdown table's index, columns or cells: one each, distinct, escaped."""
    return [plain(name) for name in distinct(names)]


def figure_text(text, limit: int = NAME_LENGTH) -> str:
    """User text for a plotly figure, whose texts and hovers read HTML tags (<a>, <b>, <br>)."""
    return html.escape(one_line(text, limit), quote=False)
