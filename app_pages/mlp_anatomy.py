"""Lesson 4: the anatomy of an MLP: layers, widths, the parameter count and every weight drawn."""

import streamlit as st

from mlp_core.functions import ACTIVATIONS
from mlp_core.network import OUTPUT_ACTIVATIONS, check_hidden
from ui import anatomy as an
from ui import state
from ui.figures.network import MAX_UNITS, network_figure

MAX_IN, MAX_HIDDEN, MAX_OUT = 10, 4, 10
OUTPUTS = [an.NO_OUTPUT_ACTIVATION, *(k for k in OUTPUT_ACTIVATIONS if k != "identity")]
WEIGHTS = {"lecture": "The lecture's example: every weight and bias 0.1",
           "random": "Random, from a seed (PyTorch's default initialisation)"}

st.title("MLP anatomy")
st.markdown(
    "An MLP is a stack of `nn.Linear` layers with an activation between them. Each layer has one "
    "weight per (input, unit) pair and one bias per unit, so it holds **(n_in + 1) × n_out** "
    "parameters: the +1 is the bias, which the lecture writes as an extra input fixed at 1 "
    "(h = [1, x] W). "
    "Pick one of the lecture's models, or build your own: change a width and watch the count, the "
    "PyTorch summary and the drawing follow. In the drawing blue edges are positive weights, "
    "vermillion negative ones, thicker means larger |w|; the square **+1** nodes carry the biases. "
    "Hover an edge or a unit for its exact value."
)
state.init(state.ANATOMY)

st.subheader("The lecture's models, one click away")
# The first label is the longest: a wider column keeps it whole.
for col, (name, preset) in zip(st.columns([3, 2, 2, 2, 2]), an.PRESETS.items(), strict=True):
    col.button(preset.label, key=f"anatomy.preset.{name}", on_click=an.apply_preset, args=(name,),
               width="stretch")
st.button("Reset to the lecture's example", key="anatomy.reset", on_click=state.reset,
          args=(state.ANATOMY,))

controls, counts_col = st.columns([1, 2], gap="large")
with controls:
    st.markdown("**Build your own**")
    n_in = st.number_input("Inputs", 1, MAX_IN, step=1, key="anatomy.n_in")
    n_hidden = st.number_input("Hidden layers", 0, MAX_HIDDEN, step=1, key="anatomy.n_hidden")
    widths = tuple(st.number_input(f"Units in hidden layer {k}", 0, MAX_UNITS, step=1,
                                   key=f"anatomy.width.{k}") for k in range(1, n_hidden + 1))
    try:
        check_hidden(widths)
        bad_width = False
    except ValueError as err:
        # Said here, under the widths; the remaining controls still render so they keep their state.
        st.error(f"{err} Every hidden layer needs at least 1 unit.")
        bad_width = True
    activation = st.selectbox("Hidden activation", list(ACTIVATIONS), key="anatomy.activation",
                              format_func=lambda k: ACTIVATIONS[k].label,
                              disabled=n_hidden == 0,
                              help="Identity adds no module: two Linear layers in a row.")
    n_out = st.number_input("Outputs", 1, MAX_OUT, step=1, key="anatomy.n_out")
    output = st.selectbox("Output activation", OUTPUTS, key="anatomy.output",
                          format_func=an.output_label)
    st.caption(f"Up to {MAX_HIDDEN} hidden layers of {MAX_UNITS} units, so that the drawing "
               "below stays readable.")
    weights = st.radio("Weights", list(WEIGHTS), format_func=WEIGHTS.get, key="anatomy.weights")
    seed = st.number_input("Seed", 0, 1_000_000, step=1, key="anatomy.seed",
                           disabled=weights == "lecture")
    st.button("New random weights", key="anatomy.new_weights", on_click=an.new_random_weights,
              width="stretch")

    if bad_width:
        st.stop()
    arch = an.Architecture(int(n_in), tuple(int(w) for w in widths), activation, int(n_out), output)
    try:
        model = an.anatomy(arch, weights == "lecture", int(seed))
    except ValueError as err:
        st.error(str(err))
        st.stop()

with counts_col:
    st.metric("Parameters", model.total)
    st.markdown("**Counting them, layer by layer**")
    for name, count in zip(model.linear_names, model.counts, strict=True):
        st.latex(an.formula_latex(count, name))
    st.latex(an.total_latex(model.counts, model.total))
    st.caption(f"PyTorch agrees: sum(p.numel() for p in model.parameters()) = {model.numel}. "
               "Activations have no parameters: their rows show 0.")

code_col, table_col = st.columns([3, 2], gap="large")
with code_col:
    st.markdown("**`print(model)`**")
    st.code(model.printout, language="text", wrap_lines=True)
with table_col:
    st.markdown(f"**`summary(model, (1, {arch.n_in}))`**")
    st.dataframe(model.summary, hide_index=True, key="anatomy.summary")
    st.text(f"Total params: {model.total}\nTrainable params: {model.trainable}\n"
            f"Non-trainable params: {model.non_trainable}")

st.subheader("The network, weight by weight")
st.plotly_chart(network_figure(model.weights, model.biases, model.activations),
                key="anatomy.diagram")
st.caption("Inputs on the left, outputs on the right; each +1 node feeds its layer's biases, "
           "the way the lecture writes h = [1, x] W.")

with st.expander("Every weight, exactly (lecture layout: row 0 holds the biases)"):
    st.markdown("Each layer as the lecture's matrix **W** of shape (1 + n_in) × n_out: row 0 the "
                "biases, then one row per input, one column per unit. PyTorch stores the same "
                "numbers as `weight` (n_out × n_in, the rows below transposed) and `bias`.")
    for k, W in enumerate(model.lecture_layout):
        st.markdown(f"{model.linear_names[k]}: W is {W.shape[0]} × {W.shape[1]}")
        st.dataframe(an.lecture_layout_frame(W, k, len(model.lecture_layout)),
                     key=f"anatomy.exact.{k}")
