"""Lesson 1: one sigmoid neuron, z = wx + b, and the Hours/Pass table it classifies."""

import streamlit as st

from mlp_core.datasets import hours_pass_frame, hours_score_frame
from ui import neuron as nr
from ui import state
from ui.figures.neuron import hours_figure, sigmoid_figure
from ui.format import fmt
from ui.widgets import number_slider

FITTED = {"sigmoid.w": 4.0, "sigmoid.b": -5.0, "sigmoid.x": 1.25}  # boundary at 1.25 hours

st.title("Sigmoid neuron")
st.markdown(
    "One neuron multiplies its input by a weight **w**, adds a bias **b**, and squashes the result "
    "**z = wx + b** through the sigmoid **σ(z) = 1 / (1 + e⁻ᶻ)** into a number between 0 and 1 "
    "that we read as a probability. It opens on the lecture's number: w = b = 0.1 and x = 0.8 give "
    "z = 0.18 and σ(0.18) = 0.5449. Move w and b and watch the curve over the Hours/Pass data "
    "shift; try to put the decision boundary between 1.0 and 1.5 hours so that every row is right."
)
state.init(state.SIGMOID)
left, right = st.columns(2)
left.button("Reset to the lecture's example", on_click=state.reset, args=(state.SIGMOID,),
            key="sigmoid.reset")
right.button("Try a neuron that fits Hours/Pass (w = 4, b = −5)", on_click=state.reset,
             args=(FITTED,), key="sigmoid.fitted")

w = number_slider("Weight w", "sigmoid.w", -10.0, 10.0, 0.01, box_min=-100.0, box_max=100.0)
b = number_slider("Bias b", "sigmoid.b", -10.0, 10.0, 0.01, box_min=-100.0, box_max=100.0)
x = number_slider("Input x (hours studied)", "sigmoid.x", -1.0, 5.0, 0.01,
                  box_min=-100.0, box_max=100.0)
out = nr.neuron(w, b, x)

st.subheader("The neuron, with your numbers")
st.latex(nr.latex_z(out))
st.latex(nr.latex_sigma(out))
c1, c2, c3 = st.columns(3)
c1.metric("z = wx + b", fmt(out.z))
c2.metric("σ(z)", fmt(out.p))
c3.metric("σ'(z)", fmt(out.slope))
st.plotly_chart(sigmoid_figure(*nr.curves(out.z), out.z, out.p, out.slope), key="sigmoid.curve")
st.caption(
    "The dashed curve is the slope σ'(z) = σ(z)(1 − σ(z)). It peaks at 0.25 where z = 0 and "
    "fades to 0 in both tails: a neuron that is very sure learns slowly."
)

st.subheader("Classifying the Hours/Pass table")
table = nr.hours_pass_table(w, b)
boundary = nr.decision_boundary(w, b)
fig_col, side_col = st.columns([3, 2])
fig_col.plotly_chart(hours_figure(table["Hours"], table["Pass"], *nr.hours_curve(w, b, x),
                                  boundary, x, out.p), key="sigmoid.hours")
correct = int((table["Predicted"] == table["Pass"]).sum())
side_col.metric("Rows right at the 0.5 threshold", f"{correct} / {len(table)}")
if boundary is None:
    side_col.warning(
        f"w = 0: no decision boundary. z = b for every input, so every row gets the same "
        f"probability σ({fmt(b)}) = {fmt(out.p)}."
    )
else:
    side = "above" if w > 0 else "below"
    side_col.info(
        f"Decision boundary: x = −b/w = {fmt(boundary)} hours. There z = 0 and σ(z) = 0.5; "
        f"inputs {side} it are predicted Pass = 1."
    )
st.dataframe(
    table, hide_index=True, key="sigmoid.table",
    column_config={c: st.column_config.NumberColumn(format="%.4f")
                   for c in ("Hours", "z = w·Hours + b", "P(pass)")},
)
with st.expander("Exact values"):
    st.write({"z": out.z, "σ(z)": out.p, "σ'(z)": out.slope, "boundary": boundary})
    st.dataframe(table, hide_index=True)

st.subheader("Binary or multi-class?")
bin_col, multi_col = st.columns(2)
with bin_col:
    st.markdown("**Binary**: Pass takes two values, classes {0, 1}.")
    st.dataframe(hours_pass_frame(), hide_index=True, key="sigmoid.pass_table")
    st.markdown(
        "One sigmoid output is enough: σ(z) is P(Pass = 1), and P(Pass = 0) is what is left, "
        "1 − σ(z)."
    )
with multi_col:
    st.markdown("**Multi-class**: Score takes four values, classes {0, 1, 2, 3}.")
    st.dataframe(hours_score_frame(), hide_index=True, key="sigmoid.score_table")
    st.markdown(
        "One number between 0 and 1 cannot say which of four classes: the model needs one "
        "output per class, turned into probabilities that sum to 1 by the softmax: the next "
        "lesson, *Softmax, one-hot, cross-entropy*."
    )
