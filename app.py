"""MLP Playground: the router. Every page is a script in pages/; this file only wires them up."""

import streamlit as st
import torch

# One server process serves a whole class: one thread per request keeps sessions from fighting
# over the two cores, and tiny MLPs gain nothing from intra-op threads anyway.
torch.set_num_threads(1)

st.set_page_config(page_title="MLP Playground", page_icon="🧠", layout="wide")

# The lessons in the lecture's order, then the tools. url_path gives each page a stable link.
LESSONS = [
    st.Page("pages/sigmoid_neuron.py", title="1 · Sigmoid neuron", url_path="sigmoid"),
    st.Page("pages/softmax.py", title="2 · Softmax, one-hot, cross-entropy", url_path="softmax"),
    st.Page("pages/softmax_regression.py", title="3 · Softmax regression by hand",
            url_path="softmax_regression"),
    st.Page("pages/mlp_anatomy.py", title="4 · MLP anatomy", url_path="anatomy"),
    st.Page("pages/forward_backward.py", title="5 · Forward and backward",
            url_path="forward_backward"),
    st.Page("pages/activations_losses.py", title="6 · Activations and losses",
            url_path="activations"),
]
TOOLS = [
    st.Page("pages/training_studio.py", title="Training studio", url_path="studio"),
    st.Page("pages/your_data.py", title="Your own data", url_path="your_data"),
]
HOME = st.Page("pages/home.py", title="Home", default=True)

navigation = st.navigation({"": [HOME], "Lessons": LESSONS, "Tools": TOOLS})
navigation.run()
