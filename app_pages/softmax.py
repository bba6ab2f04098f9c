"""Lesson 2: softmax turns scores into probabilities; one-hot and cross-entropy score them."""

import numpy as np
import streamlit as st

from mlp_core.functions import cross_entropy, one_hot, softmax
from ui import softmax_view as sv
from ui import state
from ui.figures.probabilities import probability_bars
from ui.format import fmt, fmt_list
from ui.widgets import number_slider

MODES = {"logits": "Set the logits directly", "hours": "Weights and an Hours input"}
S = state.SOFTMAX

st.title("Softmax, one-hot and cross-entropy")
st.markdown(
    "A classifier gives every class a score, its **logit** $z_i$. The **softmax** makes them "
    r"probabilities, $\hat y_i = e^{z_i} / \sum_j e^{z_j}$: each between 0 and 1, all summing "
    "to 1. The true label becomes a **one-hot** vector **y**, and the **cross-entropy** "
    r"$L = -\mathbf{y}^T \log \hat{\mathbf{y}}$ is minus the log of the probability given to "
    "the true class. It opens on the lecture's example: logits [0.0580, 0.4275] and y = 0 give "
    "L = 0.8949. Raise the true class's logit and watch L fall; add classes; switch to weights "
    r"and an Hours input, $z_i = w_i \cdot \text{hours} + b_i$."
)
state.init(S)
st.button("Reset to the lecture's example", on_click=state.reset, args=(S,), key="softmax.reset")

left, right = st.columns(2)
n = int(left.radio("Number of classes", [2, 3, 4, 5], key="softmax.n_classes", horizontal=True))
mode = right.radio("Where the logits come from", list(MODES), format_func=MODES.get,
                   key="softmax.mode", horizontal=True)

if mode == "logits":
    z = np.array([number_slider(f"Logit z_{i} (class {i})", f"softmax.z{i}", -10.0, 10.0, 0.01,
                                box_min=-20.0, box_max=20.0) for i in range(n)])
else:
    hours = number_slider("Hours", "softmax.hours", 0.0, 5.0, 0.01, box_min=-20.0, box_max=20.0)
    w_col, b_col = st.columns(2)
    with w_col:
        w = [number_slider(f"w_{i} (class {i})", f"softmax.w{i}", -5.0, 5.0, 0.01,
                           box_min=-20.0, box_max=20.0) for i in range(n)]
    with b_col:
        b = [number_slider(f"b_{i} (class {i})", f"softmax.b{i}", -5.0, 5.0, 0.01,
                           box_min=-20.0, box_max=20.0) for i in range(n)]
    z = sv.logits_from_hours(w, b, hours)
    st.latex(sv.latex_logits_from_hours(w, b, hours, z))
    st.caption("The lecture's softmax regression writes the same numbers as θ = [[b_0, b_1], "
               "[w_0, w_1]] (row 0 the biases) and x = [1, hours]: z = θᵀx.")

y_hat = softmax(z)
st.subheader("Softmax: scores to probabilities")
fig_col, formula_col = st.columns([2, 3])
st.session_state["softmax.y"] = min(int(st.session_state["softmax.y"]), n - 1)  # fewer classes now
formula_col.latex(sv.latex_softmax(z, y_hat))
formula_col.caption("Adding the same number to every logit changes nothing: the e^c cancels "
                    "between numerator and denominator. Try it.")

st.subheader("One-hot label and cross-entropy")
y = int(st.radio("True label y", list(range(n)), key="softmax.y", horizontal=True))
fig_col.plotly_chart(probability_bars(y_hat, true_class=y), key="softmax.bars")
y_onehot = one_hot(y, n)
loss = cross_entropy(z, y)
st.latex(sv.latex_one_hot(y, y_onehot))
st.latex(sv.latex_cross_entropy(y_onehot, y_hat, loss))
m1, m2, m3 = st.columns(3)
m1.metric("Cross-entropy L", fmt(loss))
m2.metric(f"ŷ_{y}, the true class's probability", fmt(y_hat[y]))
m3.metric("Predicted class (largest ŷ)", int(np.argmax(y_hat)))
st.caption("L is 0 only when ŷ gives the true class probability 1, and grows without bound as "
           "that probability goes to 0. The zeros of the one-hot vector switch every other "
           "term off.")
with st.expander("Exact values"):
    st.write({"z": z.tolist(), "ŷ": y_hat.tolist(), "y (one-hot)": y_onehot.tolist(),
              "L": loss})
    st.code(f"z = {fmt_list(z)}\nŷ = {fmt_list(y_hat)}\nL = {fmt(loss)}")
