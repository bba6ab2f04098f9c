"""Home: what the playground is and where each lesson leads."""

import streamlit as st

st.title("MLP Playground")
st.markdown(
    "A multilayer perceptron is a handful of matrix products and a few simple functions. "
    "Here you can touch every number: set a weight and watch the output move, step a model "
    "by hand, then train one live on real data and look inside."
)

LESSONS = [
    ("app_pages/sigmoid_neuron.py", "1 · Sigmoid neuron",
     "One neuron, z = wx + b, squashed by σ into a probability; the Hours/Pass table as a "
     "decision."),
    ("app_pages/softmax.py", "2 · Softmax, one-hot, cross-entropy",
     "Turning several scores into probabilities that sum to 1, and scoring them against the "
     "truth."),
    ("app_pages/softmax_regression.py", "3 · Softmax regression by hand",
     "The lecture's five steps of one SGD update, every intermediate number written out."),
    ("app_pages/mlp_anatomy.py", "4 · MLP anatomy",
     "Layers, widths and the parameter count (n_in + 1) × n_out; the network drawn weight by "
     "weight."),
    ("app_pages/forward_backward.py", "5 · Forward and backward",
     "The 2-2-1 example: forward pass, loss, every delta and gradient, one SGD step, checked by "
     "PyTorch."),
    ("app_pages/activations_losses.py", "6 · Activations and losses",
     "Sigmoid, ReLU, tanh and friends with their derivatives; BCE, cross-entropy and MSE "
     "compared."),
]
TOOLS = [
    ("app_pages/training_studio.py", "Training studio",
     "Train an MLP live on Iris, toy 2-D sets or your data: loss curves, decision regions, "
     "confusion matrices."),
    ("app_pages/your_data.py", "Your own data",
     "Upload a CSV, see it checked and prepared, and hand it to the studio."),
]

st.header("The lessons, in the lecture's order")
for path, title, what in LESSONS:
    st.page_link(path, label=f"**{title}**")
    st.caption(what)

st.header("Tools")
for path, title, what in TOOLS:
    st.page_link(path, label=f"**{title}**")
    st.caption(what)

st.divider()
st.caption(
    "Numbers are shown with four decimals; hover a figure or open an expander for the exact value. "
    "Blue means positive and vermillion negative everywhere, colours chosen to stay apart for "
    "colour-blind readers."
)
