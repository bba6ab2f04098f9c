"""The app's pages for st.navigation by section: the lessons in the lecture's order, then tools.

st.Page looks its file up on the disk (a realpath) each time one is made, and app.py runs again on
every rerun of every student: the pages are made once per language for the process instead, and
each run gets its own copies, on which st.navigation marks the page it runs.
"""

import copy
import functools

import streamlit as st

from ui.i18n import language, t


def pages() -> dict[str, list]:
    """This run's pages by section title, in the session's language (url_path: a stable link)."""
    return {section: [copy.copy(page) for page in made]
            for section, made in _made(language()).items()}


@functools.cache
def _made(lang: str) -> dict[str, list]:
    # `lang` keys the cache: t() writes the titles in the session's language, which is lang.
    lessons = [
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
    tools = [
        st.Page("app_pages/training_studio.py", title=t("app.page_studio"), url_path="studio"),
        st.Page("app_pages/your_data.py", title=t("app.page_your_data"), url_path="your_data"),
        st.Page("app_pages/board.py", title=t("app.page_board"), url_path="board"),
    ]
    home = st.Page("app_pages/home.py", title=t("app.page_home"), default=True)
    return {"": [home], t("app.lessons"): lessons, t("app.tools"): tools}
