"""MLP Playground: the router. Every page is a script in app_pages/; this file wires them up.

The folder is not called pages/: Streamlit would treat a pages/ folder beside the entry point as an
old-style multipage app until app.py has run once, so the first deep link on a fresh server would
skip this router (no wide layout, a file-name sidebar, a stray "Page not found").
"""

import streamlit as st
import torch

from ui import links, presenter, server_start, session_reaper, state, status
from ui.i18n import LANGUAGES, t
from ui.navigation import pages

# One server process serves a whole class: one thread per request keeps sessions from fighting
# over the two cores, and tiny MLPs gain nothing from intra-op threads anyway.
torch.set_num_threads(1)

st.set_page_config(page_title="MLP Playground", page_icon="🧠", layout="wide")
session_reaper.watch()  # a closed session's uploads, downloads and memory come back
server_start.begin()  # every module imported, then frozen out of the collector's walks
state.init(state.APP)
state.keep_widget_values()  # a student's numbers survive a visit to another page
# ?lang=vi and ?present=1 travel in every page's link; the page adds its own settings.
links.begin_run()
links.sync([links.choice("lang", "app.lang", LANGUAGES), links.flag("present", "app.present")],
           state.APP)

with st.sidebar:
    st.selectbox("Language · Ngôn ngữ", LANGUAGES, format_func=LANGUAGES.get, key="app.lang")
    st.toggle(t("app.presenter"), key="app.present", help=t("app.presenter_help"))
    share = st.container()  # filled after the page has put its settings in the URL
presenter.style()
status.style()

navigation = st.navigation(pages())  # the lessons, then the tools (ui/navigation.py)
navigation.run()
links.drop_unclaimed()
links.share_box(share)
