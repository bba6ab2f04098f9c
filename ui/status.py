"""Streamlit's "busy" indicators, held still.

While a script runs, Streamlit swaps its running-man icon five times a second, and while a chart
is on its way it shows a placeholder that shimmers without end. Each is a repaint of the tab for
as long as it lasts: the icon ~0.04 of a core per waiting tab. One student never notices; twenty
tabs on the server's own machine (the class load test) lost over a third of the machine to the
icon alone, and the shimmer lasts longer the busier the machine is, which makes it busier still.
A still hourglass and a still grey placeholder say the same.

Streamlit also dims what a running script has not redrawn yet, fading each element over a second
(after half a second): element containers, tab bars and expanders. The fade is a repaint per
frame of everything on the page; on a crowded server every run lasts long enough for it, in every
tab. The dimming stays, as one step after the same half second. Static CSS, no user text in it.
"""

from __future__ import annotations

import streamlit as st

STILL_BUSY_INDICATORS = """
<style>
[data-testid="stStatusWidgetRunningIcon"] { display: none; }
[data-testid="stStatusWidget"]::before { content: "\\23F3"; font-size: 1.2rem; margin: 0 0.5rem; }
[data-testid="stSkeleton"], [data-testid="stSkeleton"] * { animation: none !important; }
[data-stale="true"], [data-testid="stTabs"] [role="tablist"], [data-testid="stExpander"] * {
  transition-duration: 0s !important;
}
</style>
"""


def style() -> None:
    """Apply to this run (app.py calls it once, before the page)."""
    st.html(STILL_BUSY_INDICATORS)
