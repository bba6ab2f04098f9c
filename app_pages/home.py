"""Home: what the playground is and where each lesson leads."""

import streamlit as st

from ui.i18n import t

st.title(t("home.title"))
st.markdown(t("home.intro"))
FIRST_LESSON = "app_pages/sigmoid_neuron.py"
# Plain titles in a list do not look like something to click: a framed first step, and an arrow
# on every link.
LINK_ICON = ":material/arrow_forward:"
with st.container(border=True):
    st.markdown(t("home.start_here"))
    st.page_link(FIRST_LESSON, label=f"**{t('home.start_link', lesson=t('app.page_sigmoid'))}**",
                 icon=":material/play_circle:")

# Page titles come from app.py's catalogue keys, so the list and the navigation always agree.
LESSONS = [
    (FIRST_LESSON, "app.page_sigmoid", "home.about_sigmoid"),
    ("app_pages/softmax.py", "app.page_softmax", "home.about_softmax"),
    ("app_pages/softmax_regression.py", "app.page_softmax_regression",
     "home.about_softmax_regression"),
    ("app_pages/mlp_anatomy.py", "app.page_anatomy", "home.about_anatomy"),
    ("app_pages/forward_backward.py", "app.page_forward_backward", "home.about_forward_backward"),
    ("app_pages/activations_losses.py", "app.page_activations", "home.about_activations"),
]
TOOLS = [
    ("app_pages/training_studio.py", "app.page_studio", "home.about_studio"),
    ("app_pages/your_data.py", "app.page_your_data", "home.about_your_data"),
]

st.header(t("home.lessons"))
for path, title, what in LESSONS:
    st.page_link(path, label=f"**{t(title)}**", icon=LINK_ICON)
    st.caption(t(what))

st.header(t("app.tools"))
for path, title, what in TOOLS:
    st.page_link(path, label=f"**{t(title)}**", icon=LINK_ICON)
    st.caption(t(what))

st.divider()
st.caption(t("home.footer"))
