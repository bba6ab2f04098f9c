"""Lesson 6: activation functions with their derivatives, and three losses with their gradients."""

import streamlit as st

from mlp_core.functions import ACTIVATIONS, LOSSES
from ui import activations_view as av
from ui import state
from ui.figures.activations import comparison_figure, curve_figure, gradient_bars
from ui.format import fmt, fmt_list, latex_matrix, plain
from ui.numbers import parse_numbers
from ui.widgets import number_slider

S = state.ACTIVATIONS_LOSSES
OUTPUT_LATEX = {"sigmoid": r"\sigma(z)", "softmax": r"\mathrm{softmax}(\mathbf{z})",
                "identity": "z"}
INPUTS_HELP = {
    "bce": ("One logit z (several: one per sample).", "The label, 0 or 1, one per logit."),
    "cross_entropy": ("One logit per class.", "The index of the true class, e.g. 0."),
    "mse": ("The predictions (the output is z itself).", "One target per prediction."),
}

st.title("Activations and losses")
st.markdown(
    "An **activation** bends each neuron's z; without one, stacked layers collapse into one "
    "linear map. Its **derivative** f' is what backpropagation multiplies by, so where f' is "
    "near 0 learning stalls. A **loss** scores a prediction against the truth, and its "
    "gradient dL/dz is the signal that flows back. Start with the lecture's input [0.18, −0.18], "
    "then type your own numbers; below, compare the losses on the lecture's two cases."
)
state.init(S)
st.button("Reset to the lecture's example", on_click=state.reset, args=(S,),
          key="activations.reset")

st.header("Activations")
pick_col, input_col = st.columns(2)
name = pick_col.selectbox("Activation to plot", list(ACTIVATIONS), key="activations.name",
                          format_func=lambda k: ACTIVATIONS[k].label)
text = input_col.text_input("Inputs (numbers separated by commas)", key="activations.input",
                            help="The lecture uses torch.tensor([0.18, -0.18]).")
try:
    x = parse_numbers(text, "Inputs")
except ValueError as err:
    input_col.error(f"{plain(err)} Example: 0.18, -0.18")  # err quotes what was typed
    x = None

act = ACTIVATIONS[name]
st.latex(act.latex)
zs, f, df = av.activation_curves(name, x if x is not None else [0.0])
points = (x, act.f(x), act.df(x)) if x is not None else ((), (), ())
st.plotly_chart(curve_figure(zs, f, df, f"{act.label}(z)", f"{act.label}'(z)", *points),
                key="activations.curve")
if x is not None:
    st.markdown(f"Every activation on your input **{fmt_list(x)}**:")
    st.dataframe(av.activation_table(x), hide_index=True, key="activations.table")
    with st.expander("Exact values, and PyTorch's modules on the same input"):
        st.dataframe(av.exact_values(x), hide_index=True)

st.header("Losses")
st.markdown(
    "Pick a loss and type the output layer's **z** and the target **y**. Sigmoid + binary "
    "cross-entropy and softmax + cross-entropy both give the gradient dL/dz = ŷ − y: prediction "
    "minus truth. Mean squared error on the raw output gives 2(ŷ − y)/n."
)
preset_cols = st.columns(len(av.LOSS_PRESETS))
for col, (key, (label, loss_name, z_text, y_text)) in zip(preset_cols, av.LOSS_PRESETS.items(),
                                                          strict=True):
    col.button(label, key=f"activations.preset.{key}", on_click=state.reset, args=({
        "activations.loss": loss_name, "activations.z": z_text, "activations.y": y_text},))
loss_name = st.radio("Loss", list(LOSSES), key="activations.loss", horizontal=True,
                     format_func=lambda k: LOSSES[k].label)
loss = LOSSES[loss_name]
z_col, y_col = st.columns(2)
z_text = z_col.text_input("z (output layer)", key="activations.z", help=INPUTS_HELP[loss_name][0])
y_text = y_col.text_input("y (target)", key="activations.y", help=INPUTS_HELP[loss_name][1])
st.latex(loss.latex)
try:
    report = av.loss_report(loss_name, parse_numbers(z_text, "z"), parse_numbers(y_text, "y"))
except ValueError as err:
    st.error(f"{plain(err)} {INPUTS_HELP[loss_name][0]} {INPUTS_HELP[loss_name][1]}")
    report = None
if report is not None:
    st.latex(rf"\hat{{y}} = {OUTPUT_LATEX[loss.output]} = {latex_matrix(report.y_hat)}, \qquad "
             rf"L = {fmt(report.value)}, \qquad \frac{{\partial L}}{{\partial z}} = "
             rf"{latex_matrix(report.grad)}")
    m1, m2 = st.columns(2)
    m1.metric(f"{loss.label} L", fmt(report.value))
    m2.metric("dL/dz", fmt_list(report.grad))
    curve_col, bars_col = st.columns([3, 2])
    k = av.swept_component(report)
    zs, values, slopes = av.loss_sweep(report)
    curve_col.plotly_chart(curve_figure(zs, values, slopes, "L", f"dL/dz_{k}", [report.z[k]],
                                        [report.value], [report.grad[k]], x_title=f"z_{k}"),
                           key="activations.loss_curve")
    curve_col.caption(f"The loss and its slope as z_{k} moves and everything else stays put.")
    bars_col.plotly_chart(gradient_bars(report.grad), key="activations.grad_bars")
    with st.expander("Exact values"):
        st.write({"z": report.z.tolist(), "y": report.y.tolist(), "ŷ": report.y_hat.tolist(),
                  "L": report.value, "dL/dz": report.grad.tolist()})

st.subheader("One binary case, three losses")
st.markdown(
    "The same logit z and label y scored three ways. Cross-entropy with class 0's logit held at "
    "0 is binary cross-entropy exactly. MSE on σ(z) is different: its gradient carries σ'(z), so "
    "when the neuron is confidently wrong (z far on the wrong side) the gradient almost vanishes "
    "and learning crawls. Try z = −6 with y = 1."
)
cz_col, cy_col = st.columns([3, 1])
with cz_col:
    cmp_z = number_slider("Logit z", "activations.cmp_z", -8.0, 8.0, 0.01,
                          box_min=-30.0, box_max=30.0)
cmp_y = int(cy_col.radio("Label y", [0, 1], key="activations.cmp_y", horizontal=True))
four_decimals = st.column_config.NumberColumn(format="%.4f")
st.dataframe(av.comparison_table(cmp_z, cmp_y), hide_index=True, key="activations.comparison",
             column_config={"L": four_decimals, "dL/dz": four_decimals})
st.plotly_chart(comparison_figure(*av.comparison_curves(cmp_y, cmp_z), cmp_z,
                                  av.binary_comparison(cmp_z, cmp_y)), key="activations.cmp_fig")
