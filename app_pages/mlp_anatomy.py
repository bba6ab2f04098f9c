"""Lesson 4: the anatomy of an MLP: layers, widths, the parameter count and every weight drawn."""

import streamlit as st

from mlp_core.anatomy import NO_OUTPUT_ACTIVATION, Architecture
from mlp_core.functions import ACTIVATIONS
from mlp_core.network import OUTPUT_ACTIVATIONS, check_hidden
from ui import links, presenter, state
from ui.figures.network import MAX_UNITS, network_figure
from ui.i18n import error_text, t
from ui.labels import activation_label
from ui.lessons import mlp_anatomy as an

MAX_IN, MAX_HIDDEN, MAX_OUT, MAX_SEED = 10, 4, 10, 1_000_000
OUTPUTS = [NO_OUTPUT_ACTIVATION, *(k for k in OUTPUT_ACTIVATIONS if k != "identity")]
WEIGHTS = ("lecture", "random")

st.title(t("anatomy.title"))
st.markdown(t("anatomy.intro"))
state.init(state.ANATOMY)
# The link carries the whole build: sizes, activations and the weights' source.
PARAMS = [
    links.number("in", "anatomy.n_in", 1, MAX_IN, integer=True),
    links.number("hidden", "anatomy.n_hidden", 0, MAX_HIDDEN, integer=True),
    *(links.number(f"w{k}", f"anatomy.width.{k}", 0, MAX_UNITS, integer=True)
      for k in range(1, MAX_HIDDEN + 1)),
    links.choice("act", "anatomy.activation", list(ACTIVATIONS)),
    links.number("out", "anatomy.n_out", 1, MAX_OUT, integer=True),
    links.choice("output", "anatomy.output", OUTPUTS),
    links.choice("weights", "anatomy.weights", WEIGHTS),
    links.number("seed", "anatomy.seed", 0, MAX_SEED, integer=True),
]


def layer_in_use(k: int) -> links.Rule:
    """Width k may be 0 in a link only while hidden layer k is not in use (the box's 0 is for
    saying so under the widths, not for a link to build a model that cannot be built)."""

    def why(ss) -> str | None:
        empty = ss["anatomy.n_hidden"] >= k and ss[f"anatomy.width.{k}"] == 0
        return t("anatomy.link_empty_layer", k=k) if empty else None

    return links.Rule(f"w{k}", why)


links.sync(PARAMS, state.ANATOMY, rules=[layer_in_use(k) for k in range(1, MAX_HIDDEN + 1)])
present = presenter.on()

st.subheader(t("anatomy.presets"))
# The first label is the longest: a wider column keeps it whole.
for col, name in zip(st.columns([3, 2, 2, 2, 2]), an.PRESETS, strict=True):
    col.button(an.preset_label(name), key=f"anatomy.preset.{name}", on_click=an.apply_preset,
               args=(name,), width="stretch")
st.button(t("anatomy.reset"), key="anatomy.reset", on_click=state.reset, args=(state.ANATOMY,))

controls, counts_col = st.columns([1, 2], gap="large")
with controls:
    st.markdown(t("anatomy.build"))
    n_in = st.number_input(t("anatomy.n_in"), 1, MAX_IN, step=1, key="anatomy.n_in")
    n_hidden = st.number_input(t("anatomy.n_hidden"), 0, MAX_HIDDEN, step=1,
                               key="anatomy.n_hidden")
    widths = tuple(st.number_input(t("anatomy.width", k=k), 0, MAX_UNITS, step=1,
                                   key=f"anatomy.width.{k}") for k in range(1, n_hidden + 1))
    try:
        check_hidden(widths)
        bad_width = False
    except ValueError:
        # Said here, under the widths; the remaining controls still render so they keep their state.
        st.error(t("anatomy.bad_width", widths=widths))
        bad_width = True
    activation = st.selectbox(t("anatomy.activation"), list(ACTIVATIONS),
                              key="anatomy.activation", format_func=activation_label,
                              disabled=n_hidden == 0, help=t("anatomy.activation_help"))
    n_out = st.number_input(t("anatomy.n_out"), 1, MAX_OUT, step=1, key="anatomy.n_out")
    output = st.selectbox(t("anatomy.output"), OUTPUTS, key="anatomy.output",
                          format_func=an.output_label)
    if not present:
        st.caption(t("anatomy.limits", hidden=MAX_HIDDEN, units=MAX_UNITS))
    weights = st.radio(t("anatomy.weights"), WEIGHTS, key="anatomy.weights",
                       format_func=lambda k: t(f"anatomy.weights_{k}"))
    if present:  # the seed is fine-tuning; "New random weights" still draws the next one
        seed = st.session_state["anatomy.seed"]
    else:
        seed = st.number_input(t("anatomy.seed"), 0, MAX_SEED, step=1, key="anatomy.seed",
                               disabled=weights == "lecture")
    st.button(t("anatomy.new_weights"), key="anatomy.new_weights",
              on_click=an.new_random_weights, width="stretch")

    if bad_width:
        st.stop()
    arch = Architecture(int(n_in), tuple(int(w) for w in widths), activation, int(n_out), output)
    try:
        model = an.anatomy(arch, weights == "lecture", int(seed))
    except ValueError as err:
        st.error(error_text(err))
        st.stop()

with counts_col:
    st.metric(t("anatomy.parameters"), model.total)
    st.markdown(t("anatomy.counting"))
    for name, count in zip(model.linear_names, model.counts, strict=True):
        st.latex(an.formula_latex(count, name))
    st.latex(an.total_latex(model.counts, model.total))
    st.caption(t("anatomy.torch_agrees", numel=model.numel))

code_col, table_col = st.columns([3, 2], gap="large")
with code_col:
    st.markdown("**`print(model)`**")
    st.code(model.printout, language="text", wrap_lines=True)
with table_col:
    st.markdown(f"**`summary(model, (1, {arch.n_in}))`**")
    # torchinfo's own table and footer, as the lecture prints them: code output, not translated.
    st.dataframe(model.summary, hide_index=True, key="anatomy.summary")
    st.text(f"Total params: {model.total}\nTrainable params: {model.trainable}\n"
            f"Non-trainable params: {model.non_trainable}")

st.subheader(t("anatomy.diagram"))
presenter.chart(network_figure(model.weights, model.biases, model.activations),
                key="anatomy.diagram")
st.caption(t("anatomy.diagram_caption"))

if not present:  # every weight to full precision: for the desk, not the projector
    with st.expander(t("anatomy.exact")):
        st.markdown(t("anatomy.exact_text"))
        for k, W in enumerate(model.lecture_layout):
            st.markdown(t("anatomy.exact_shape", name=model.linear_names[k], rows=W.shape[0],
                          cols=W.shape[1]))
            st.dataframe(an.lecture_layout_frame(W, k, len(model.lecture_layout)),
                         key=f"anatomy.exact.{k}")
