"""Lesson 4: the anatomy of an MLP: layers, widths, the parameter count and every weight drawn."""

import streamlit as st

from mlp_core.anatomy import Architecture
from mlp_core.network import check_hidden
from ui import lesson_challenge, presenter, state
from ui.figures.network import MAX_UNITS, network_figure
from ui.i18n import error_text, language, t
from ui.labels import activation_label
from ui.lessons import mlp_anatomy as an
from ui.widgets import setting_number

S = an.SCHEMA

st.title(t("anatomy.title"))
st.markdown(t("anatomy.intro"))
state.init(S.defaults)
# Every control here changes the model below it: the lesson is a fragment, so that a change
# reruns the lesson alone and not the app's shell and sidebar (one interpreter serves a class).
@st.fragment
def lesson() -> None:
    lesson_challenge.apply("anatomy", S)  # a challenge's fixed settings, before the link's
    S.sync()
    present = presenter.on()

    st.subheader(t("anatomy.presets"))
    # The first label is the longest: a wider column keeps it whole.
    for col, name in zip(st.columns([3, 2, 2, 2, 2]), an.PRESETS, strict=True):
        col.button(an.preset_label(name), key=f"anatomy.preset.{name}", on_click=an.apply_preset,
                   args=(name,), width="stretch")
    st.button(t("anatomy.reset"), key="anatomy.reset", on_click=state.reset, args=(S.defaults,))

    controls, counts_col = st.columns([1, 2], gap="large")
    with controls:
        st.markdown(t("anatomy.build"))
        n_in = setting_number(S["anatomy.n_in"])
        n_hidden = setting_number(S["anatomy.n_hidden"])
        widths = tuple(setting_number(S[f"anatomy.width.{k}"], t("anatomy.width", k=k))
                       for k in range(1, n_hidden + 1))
        try:
            check_hidden(widths)
            bad_width = False
        except ValueError:
            # Said here, under the widths; the remaining controls still render so they keep their
            # state.
            st.error(t("anatomy.bad_width", widths=widths))
            bad_width = True
        act = S["anatomy.activation"]
        activation = st.selectbox(t(act.label), act.options, key=act.key,
                                  format_func=activation_label, disabled=n_hidden == 0,
                                  help=t(act.help))
        n_out = setting_number(S["anatomy.n_out"])
        output = st.selectbox(t("anatomy.output"), S["anatomy.output"].options,
                              key="anatomy.output", format_func=an.output_label)
        if not present:
            st.caption(t("anatomy.limits", hidden=an.MAX_HIDDEN, units=MAX_UNITS))
        weights = st.radio(t("anatomy.weights"), S["anatomy.weights"].options,
                           key="anatomy.weights", format_func=lambda k: t(f"anatomy.weights_{k}"))
        seed_setting = S["anatomy.seed"]
        if present and not seed_setting.presenter:
            seed = st.session_state[seed_setting.key]
        else:
            seed = setting_number(seed_setting, disabled=weights == "lecture")
        st.button(t("anatomy.new_weights"), key="anatomy.new_weights",
                  on_click=an.new_random_weights, width="stretch")

        if bad_width:
            st.stop()
        arch = Architecture(int(n_in), tuple(int(w) for w in widths), activation, int(n_out),
                            output)
        try:
            model = an.anatomy(arch, weights == "lecture", int(seed))
        except ValueError as err:
            st.error(error_text(err))
            st.stop()

    with counts_col:
        st.metric(t("anatomy.parameters"), model.total)
        st.markdown(t("anatomy.counting"))
        for layer, (name, count) in enumerate(zip(model.linear_names, model.counts, strict=True),
                                              start=1):
            st.latex(an.formula_latex(count, name, layer))
        st.latex(an.total_latex(model.counts, model.total))
        if an.numbering_skips(model.linear_names):
            st.caption(t("anatomy.numbering", names=", ".join(model.summary["Layer (type)"])))
        st.caption(t("anatomy.torch_agrees", numel=model.numel))

    code_col, table_col = st.columns([3, 2], gap="large")
    with code_col:
        st.markdown("**`print(model)`**")
        st.code(model.printout, language="text", wrap_lines=True)
    with table_col:
        st.markdown(f"**`summary(model, (1, {arch.n_in}))`**")
        # torchinfo's own table and footer, as the lecture prints them: code output, not translated.
        presenter.table(an.summary(arch, weights == "lecture", int(seed)), key="anatomy.summary")
        st.code(f"Total params: {model.total}\nTrainable params: {model.trainable}\n"
                f"Non-trainable params: {model.non_trainable}", language="text")

    st.subheader(t("anatomy.diagram"))
    choice = (arch, weights == "lecture", int(seed), language())
    presenter.chart(network_figure(model.weights, model.biases, model.activations) if present
                    else an.diagram(*choice), key="anatomy.diagram")
    st.caption(t("anatomy.diagram_caption"))

    if not present:  # every weight to full precision: for the desk, not the projector
        with st.expander(t("anatomy.exact")):
            st.markdown(t("anatomy.exact_text"))
            for k, (W, table) in enumerate(zip(model.lecture_layout, an.exact_tables(*choice),
                                               strict=True)):
                st.markdown(t("anatomy.exact_shape", name=model.linear_names[k], rows=W.shape[0],
                              cols=W.shape[1]))
                st.dataframe(table, key=f"anatomy.exact.{k}")


lesson()
