"""MLP Playground: the router. Every page is a script in app_pages/; this file wires them up.

The folder is not called pages/: Streamlit would treat a pages/ folder beside the entry point as an
old-style multipage app until app.py had run once, so the first deep link on a fresh server
skipped this router (no wide layout, a file-name sidebar, a stray "Page not found").
"""

import streamlit as st
import torch

from ui import state

# One server process serves a whole class: one thread per request keeps sessions from fighting
# over the two cores, and tiny MLPs gain nothing from intra-op threads anyway.
torch.set_num_threads(1)

st.set_page_config(page_title="MLP Playground", page_icon="🧠", layout="wide")
state.keep_widget_values()  # a student's numbers survive a visit to another page

# The lessons in the lecture's order, then the tools. url_path gives each page a stable link.
LESSONS = [
    st.Page("app_pages/sigmoid_neuron.py", title="1 · Sigmoid neuron", url_path="sigmoid"),
    st.Page("app_pages/softmax.py", title="2 · Softmax, one-hot, cross-entropy",
            url_path="softmax"),
    st.Page("app_pages/softmax_regression.py", title="3 · Softmax regression by hand",
            url_path="softmax_regression"),
    st.Page("app_pages/mlp_anatomy.py", title="4 · MLP anatomy", url_path="anatomy"),
    st.Page("app_pages/forward_backward.py", title="5 · Forward and backward",
            url_path="forward_backward"),
    st.Page("app_pages/activations_losses.py", title="6 · Activations and losses",
            url_path="activations"),
]
TOOLS = [
    st.Page("app_pages/training_studio.py", title="Training studio", url_path="studio"),
    st.Page("app_pages/your_data.py", title="Your own data", url_path="your_data"),
]
HOME = st.Page("app_pages/home.py", title="Home", default=True)

navigation = st.navigation({"": [HOME], "Lessons": LESSONS, "Tools": TOOLS})
navigation.run()
