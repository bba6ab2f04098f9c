"""Forward and backward: the lecture's 2-2-1 network, one sample, one SGD step, and PyTorch."""

import streamlit as st

from mlp_core.backprop import forward_backward
from mlp_core.functions import ACTIVATIONS
from ui import state
from ui.autograd_check import torch_step
from ui.backprop_steps import (
    SATURATED,
    backprop_lesson,
    gradient_table,
    output_labels,
    state_dict_text,
)
from ui.format import fmt, latex_matrix
from ui.lesson_steps import show_steps, step_controls
from ui.widgets import matrix_editor, reset_with_matrices, resize_matrix_columns

P = "forward_backward"
DEFAULTS = state.FORWARD_BACKWARD
HIDDEN = ["identity", "sigmoid", "relu", "tanh"]
OUTPUTS = {"sigmoid": "sigmoid + binary cross-entropy (y is 0 or 1)",
           "softmax": "softmax + cross-entropy (y is a class index)"}
MATRICES = [f"{P}.W_h", f"{P}.W_z.sigmoid", f"{P}.W_z.softmax"]
state.init(DEFAULTS)

st.title("Forward and backward")
st.markdown(
    "The lecture's small network: two inputs, two hidden units, one output. Follow one sample "
    "through it (**forward**), measure the loss, send the error back (**backward**) to get a "
    "gradient for every weight, and take one SGD step. Then PyTorch does the very same step, and "
    "its autograd gradients sit next to the hand-computed ones. Change any weight, the input, "
    "the hidden activation or the output and watch every number follow."
)
st.button("Reset to the lecture's example", on_click=reset_with_matrices, args=(DEFAULTS, MATRICES))

inputs, choices = st.columns(2)
with inputs:
    x_cols = st.columns(2)
    x1 = x_cols[0].number_input("x₁", key=f"{P}.x1", step=0.5, format="%.4f")
    x2 = x_cols[1].number_input("x₂", key=f"{P}.x2", step=0.5, format="%.4f")
    y_cols = st.columns(2)
    y = y_cols[0].number_input("Label y", key=f"{P}.y", step=1)
    lr = y_cols[1].number_input("Learning rate η", key=f"{P}.lr", step=0.01, format="%.4f")
with choices:
    hidden = st.selectbox("Hidden activation", HIDDEN, key=f"{P}.hidden",
                          format_func=lambda n: "none (identity)" if n == "identity"
                          else ACTIVATIONS[n].label)
    output = st.radio("Output and loss", list(OUTPUTS), key=f"{P}.output",
                      format_func=OUTPUTS.get)
    if output == "softmax":
        # The stored W_z decides the class count; the box is seeded from it, then resizes it.
        st.session_state[f"{P}.n_classes"] = len(st.session_state[f"{P}.W_z.softmax"][0])
        st.number_input("Classes (columns of W_z)", key=f"{P}.n_classes", min_value=2,
                        max_value=5, step=1, on_change=lambda: resize_matrix_columns(
                            f"{P}.W_z.softmax", st.session_state[f"{P}.n_classes"], 0.1))

n_out = len(st.session_state[f"{P}.W_z.{output}"][0])
left, right = st.columns(2)
with left:
    W_h = matrix_editor("W_h (input → hidden)", f"{P}.W_h", ["bias (row 0)", "x₁", "x₂"],
                        ["h₁", "h₂"], note="lecture layout: row 0 = biases, one row per input")
with right:
    W_z = matrix_editor("W_z (hidden → output)", f"{P}.W_z.{output}", ["bias (row 0)", "h₁", "h₂"],
                        output_labels(n_out),
                        note="lecture layout: row 0 = biases, one row per hidden unit")
if W_h is None or W_z is None:
    st.stop()
weights = [W_h, W_z]
try:
    trace = forward_backward(weights, [x1, x2], y, lr, hidden, output)
except ValueError as error:
    inputs.error(str(error))  # beside the inputs it is about
    st.stop()


@st.fragment  # Next / Back rerun only the walk, not PyTorch below
def walk(lesson):
    show_steps(lesson, step_controls(f"{P}.walk", len(lesson)))


st.header("Walk through one training step")
walk(backprop_lesson(trace, weights, int(y), lr, hidden, output))
with st.expander("Exact values (every digit)"):
    st.write({"loss": trace.loss, "y_hat": trace.output.tolist(),
              **{f"layer {k} {name}": getattr(layer, name).tolist()
                 for k, layer in enumerate(trace.layers, start=1)
                 for name in ("pre_activation", "activation", "delta", "grad")},
              "W_h after": trace.weights_next[0].tolist(),
              "W_z after": trace.weights_next[1].tolist()})

st.header("The same step in PyTorch")
torch_run = torch_step(weights, [x1, x2], int(y), lr, hidden, output)
st.markdown(
    "PyTorch stores each `nn.Linear` as `weight` (out × in) and `bias` separately; the lecture "
    "stacks them into one matrix (row 0 = biases, then one row per input), so **W_h is weight "
    "transposed under the bias row**. Same numbers, two layouts."
)
st.code(torch_run.model_text, language="text")
for when, lecture_w, torch_state in [("Before", weights, torch_run.state_before),
                                     ("After one SGD step", trace.weights_next,
                                      torch_run.state_after)]:
    st.markdown(f"**{when}**")
    lecture_col, torch_col = st.columns(2)
    lecture_col.caption("Lecture layout (by hand)")
    lecture_col.latex(r"W_h = " + latex_matrix(lecture_w[0]) + r",\quad W_z = "
                      + latex_matrix(lecture_w[1]))
    torch_col.caption("PyTorch state_dict (weight is out × in)")
    torch_col.code(state_dict_text(torch_state), language="text")

st.subheader("Autograd's gradients beside the hand-computed ones")
table = gradient_table([layer.grad for layer in trace.layers], torch_run.grads)
loss_col, diff_col = st.columns(2)
loss_col.metric("Loss by hand", fmt(trace.loss))
loss_col.metric("Loss from PyTorch", fmt(torch_run.loss))
largest = table["|difference|"].max()
diff_col.metric("Largest gradient difference", f"{largest:.1e}")
if largest < 1e-9:
    diff_col.success("Equal: autograd agrees with the hand-computed backward pass.")
else:  # only when the sigmoid saturates: torch's BCELoss sees y_hat = 0 or 1 exactly
    diff_col.warning(SATURATED)
st.dataframe(table.style.format({c: "{:.4f}" for c in ("by hand", "torch autograd")}
                                | {"|difference|": "{:.1e}"}), hide_index=True)
