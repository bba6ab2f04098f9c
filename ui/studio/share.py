"""The studio's link: all that fixes a run (data, split, seed, network, training) and the view.

A teacher's link opens on exactly the same run: the same data and split, the same seed (so the
same initial weights and batch order), the same settings, hence the same curve. The uploaded
table cannot travel in a link; a link naming it opens on the lecture's Iris and says why. Which
settings travel, under which names and codecs, is declared in ui/studio/settings.py.
"""

from __future__ import annotations

import streamlit as st

from ui import links, state
from ui.studio import settings

PARAMS = settings.PARAMS
HIDDEN = settings.BY_NAME["hidden"].key


def sync_view() -> None:
    """The view's settings only, from the regions fragment (which reruns on its own)."""
    links.sync(settings.VIEW_PARAMS, state.STUDIO)


def sync() -> None:
    """Apply a link's settings before the widgets are drawn, then put this run's in the URL."""
    # The hidden widths in use, in step with the layer and width inputs: one URL value ("16-8",
    # "0" for none) carries both how many layers and how wide each one is.
    st.session_state[HIDDEN] = settings.hidden(st.session_state)
    links.sync(PARAMS, state.STUDIO)
