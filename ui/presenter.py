"""Presenter mode, for a projector: larger type and figures, high contrast, fewer controls.

The choice is a per-session switch ("app.present", in the sidebar or ?present=1 in a link) that
lasts across pages. Pages ask on() before drawing a control a projected class does not need, and
draw every figure through chart() so figures grow with the type.
"""

from __future__ import annotations

import streamlit as st

PRESENT_KEY = "app.present"
FIGURE_FONT = 18  # px: readable from the back of a classroom
FIGURE_SCALE = 1.3  # figures grow with the type

# Static CSS (no user text in it): bigger root type scales everything Streamlit sizes in rem;
# black on white with heavier rules reads better through a washed-out projector.
STYLE = """
<style>
html { font-size: 21px; }
[data-testid="stAppViewContainer"], [data-testid="stSidebar"] { color: #000; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { line-height: 1.5; }
[data-testid="stMetricValue"] { font-size: 2.6rem; font-weight: 700; }
[data-testid="stCaptionContainer"] { color: #1a1a1a; }
hr { border-top: 2px solid #000; }
.katex { font-size: 1.35em; }
</style>
"""


def on() -> bool:
    """Whether this session presents to a room."""
    return bool(st.session_state.get(PRESENT_KEY, False))


def style() -> None:
    """Apply the presenter look to this run (app.py calls it once, before the page)."""
    if on():
        st.html(STYLE)


def chart(fig, *, key: str, where=None, **kwargs) -> None:
    """st.plotly_chart, with larger type and height in presenter mode."""
    if on():
        height = fig.layout.height
        fig.update_layout(font_size=FIGURE_FONT,
                          height=round(height * FIGURE_SCALE) if height else None)
    (where or st).plotly_chart(fig, key=key, **kwargs)
