"""Streamlit's "running" indicator, held still.

While a script runs, Streamlit swaps its running-man icon five times a second. Each swap is a
React update, a style pass and a repaint in the student's browser: about 0.04 of a core per open
tab for as long as the run lasts. One student never notices; a class load-tested with twenty tabs
on the server's own machine lost a third of the machine to it while the server was busiest. A
still hourglass says the same thing. Static CSS, no user text in it.
"""

from __future__ import annotations

import streamlit as st

STILL_RUNNING_ICON = """
<style>
[data-testid="stStatusWidgetRunningIcon"] { display: none; }
[data-testid="stStatusWidget"]::before { content: "\\23F3"; font-size: 1.2rem; margin: 0 0.5rem; }
</style>
"""


def style() -> None:
    """Apply to this run (app.py calls it once, before the page)."""
    st.html(STILL_RUNNING_ICON)
