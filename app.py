"""MLP Playground: the router. Every page is a script in app_pages/; this file wires them up.

The folder is not called pages/: Streamlit would treat a pages/ folder beside the entry point as an
old-style multipage app until app.py has run once, so the first deep link on a fresh server would
skip this router (no wide layout, a file-name sidebar, a stray "Page not found").
"""

import streamlit as st
import torch

from ui import links, presenter, session_reaper, state, status
from ui.i18n import LANGUAGES, t

# One server process serves a whole class: one thread per request keeps sessions from fighting
# over the two cores, and tiny MLPs gain nothing from intra-op threads anyway.
torch.set_num_threads(1)

st.set_page_config(page_title="MLP Playground", page_icon="🧠", layout="wide")
session_reaper.watch()  # a closed session's uploads, downloads and memory come back
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

# The lessons in the lecture's order, then the tools. url_path gives each page a stable link.
LESSONS = [
    st.Page("app_pages/sigmoid_neuron.py", title=t("app.page_sigmoid"), url_path="sigmoid"),
    st.Page("app_pages/softmax.py", title=t("app.page_softmax"), url_path="softmax"),
    st.Page("app_pages/softmax_regression.py", title=t("app.page_softmax_regression"),
            url_path="softmax_regression"),
    st.Page("app_pages/mlp_anatomy.py", title=t("app.page_anatomy"), url_path="anatomy"),
    st.Page("app_pages/forward_backward.py", title=t("app.page_forward_backward"),
            url_path="forward_backward"),
    st.Page("app_pages/activations_losses.py", title=t("app.page_activations"),
            url_path="activations"),
]
TOOLS = [
    st.Page("app_pages/training_studio.py", title=t("app.page_studio"), url_path="studio"),
    st.Page("app_pages/your_data.py", title=t("app.page_your_data"), url_path="your_data"),
    st.Page("app_pages/board.py", title=t("app.page_board"), url_path="board"),
]
HOME = st.Page("app_pages/home.py", title=t("app.page_home"), default=True)

navigation = st.navigation({"": [HOME], t("app.lessons"): LESSONS, t("app.tools"): TOOLS})
navigation.run()
links.drop_unclaimed()
links.share_box(share)
