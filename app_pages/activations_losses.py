"""Lesson 6: activation functions with their derivatives, and three losses with their gradients."""

import streamlit as st

from mlp_core import activations_losses as al
from mlp_core.functions import ACTIVATIONS, LOSSES
from ui import lesson_challenge, lesson_checks, presenter, state
from ui.figures.activations import comparison_figure, curve_figure, gradient_bars
from ui.format import fmt, fmt_list, latex_matrix, plain
from ui.i18n import error_text, language, t
from ui.labels import activation_label, loss_label
from ui.lessons import activations_losses as av
from ui.numbers import parse_numbers
from ui.widgets import setting_slider

S = av.SCHEMA
OUTPUT_LATEX = {"sigmoid": r"\sigma(z)", "softmax": r"\mathrm{softmax}(\mathbf{z})",
                "identity": "z"}


def inputs_help(loss_name: str) -> tuple[str, str]:
    """What to type in the z box and in the y box for this loss."""
    return t(f"activations.help_z_{loss_name}"), t(f"activations.help_y_{loss_name}")


# A fragment: its slider and radio rerun only this comparison (a class moves them often), not
# the activations and losses above; it syncs the link too, so the address bar follows.
@st.fragment
def compare() -> None:
    S.sync()
    st.subheader(t("activations.compare"))
    st.markdown(t("activations.compare_intro"))
    cz_col, cy_col = st.columns([3, 1])
    with cz_col:
        cmp_z = setting_slider(S["activations.cmp_z"])
    cmp_y = int(cy_col.radio(t("activations.cmp_y"), S["activations.cmp_y"].options,
                             key="activations.cmp_y", horizontal=True))
    four_decimals = st.column_config.NumberColumn(format="%.4f")
    at_z = al.binary_comparison(cmp_z, cmp_y)
    st.dataframe(av.comparison_table(at_z), hide_index=True, key="activations.comparison",
                 column_config={"L": four_decimals, "dL/dz": four_decimals})
    cmp_zs, cmp_curves = al.comparison_curves(cmp_y, cmp_z)
    labels = {n: av.comparison_label(n) for n in al.COMPARISON}
    presenter.chart(comparison_figure(cmp_zs, cmp_curves, cmp_z, at_z, labels),
                    key="activations.cmp_fig")
    for same in (g for g in al.coinciding(cmp_curves) if len(g) > 1):
        st.caption(t("activations.cmp_coincide", names=" = ".join(av.comparison_label(n)
                                                                    for n in same)))


state.init(S.defaults)
st.title(t("activations.title"))
st.markdown(t("activations.intro"))
# A fragment of the activations, the losses and the comparison (a fragment of its own inside):
# a change of any of them reruns them, never the app's shell and sidebar, which a class's many
# changes would otherwise repeat; the address bar follows through the sync in here.
@st.fragment
def lesson() -> None:
    lesson_challenge.apply("activations", S)  # a challenge's fixed settings, before the link's
    S.sync()
    present = presenter.on()
    st.button(t("activations.reset"), on_click=state.reset, args=(S.defaults,),
              key="activations.reset")

    st.header(t("activations.activations"))
    pick_col, input_col = st.columns(2)
    name = pick_col.selectbox(t("activations.pick"), S["activations.name"].options,
                              key="activations.name", format_func=activation_label)
    text = input_col.text_input(t("activations.input"), key="activations.input",
                                help=t("activations.input_help"))
    try:
        x = parse_numbers(text, t("activations.input_name"))
    except ValueError as err:
        input_col.error(t("activations.input_error", error=plain(err)))  # err quotes what was typed
        x = None

    if x is not None and lesson_checks.predict_first("activations",
                                                     lesson_checks.activation_questions(name, x)):
        st.stop()  # the numbers below wait for the student's own
    act = ACTIVATIONS[name]
    label = activation_label(name)
    st.latex(act.latex)
    zs, f, df = al.activation_curves(name, x if x is not None else [0.0])
    points = (x, act.f(x), act.df(x)) if x is not None else ((), (), ())
    presenter.chart(curve_figure(zs, f, df, f"{label}(z)", f"{label}'(z)", *points),
                    key="activations.curve")
    if x is not None:
        st.markdown(t("activations.every_activation", x=fmt_list(x)))
        table, exact = av.activation_tables(x, language())
        st.dataframe(table, hide_index=True, key="activations.table")
        if not present:  # unrounded values beside PyTorch: for the desk, not the projector
            with st.expander(t("activations.exact_activations")):
                st.dataframe(exact, hide_index=True)

    st.header(t("activations.losses"))
    st.markdown(t("activations.losses_intro"))
    preset_cols = st.columns(len(av.LOSS_PRESETS))
    for col, (key, (label_key, loss_name, z_text, y_text)) in zip(
            preset_cols, av.LOSS_PRESETS.items(), strict=True):
        col.button(t(label_key), key=f"activations.preset.{key}", on_click=state.reset, args=({
            "activations.loss": loss_name, "activations.z": z_text, "activations.y": y_text},))
    # Labels looked up now, in this run's language: AppTest calls format_func outside the run.
    loss_labels = {name: loss_label(name) for name in S["activations.loss"].options}
    loss_name = st.radio(t("activations.loss"), S["activations.loss"].options,
                         key="activations.loss", horizontal=True, format_func=loss_labels.get)
    loss = LOSSES[loss_name]
    help_z, help_y = inputs_help(loss_name)
    z_col, y_col = st.columns(2)
    z_text = z_col.text_input(t("activations.z"), key="activations.z", help=help_z)
    y_text = y_col.text_input(t("activations.y"), key="activations.y", help=help_y)
    st.latex(loss.latex)
    try:
        report = al.loss_report(loss_name, parse_numbers(z_text, "z"), parse_numbers(y_text, "y"))
    except ValueError as err:
        # A refusal of mlp_core's (a label out of range) in the session's language; it quotes y.
        st.error(t("activations.loss_error", error=plain(error_text(err)), help_z=help_z,
                   help_y=help_y))
        report = None
    if report is not None:
        st.latex(rf"\hat{{y}} = {OUTPUT_LATEX[loss.output]} = {latex_matrix(report.y_hat)}, \qquad "
                 rf"L = {fmt(report.value)}, \qquad \frac{{\partial L}}{{\partial z}} = "
                 rf"{latex_matrix(report.grad)}")
        m1, m2 = st.columns(2)
        m1.metric(f"{loss_label(loss_name)} L", fmt(report.value))
        m2.metric("dL/dz", fmt_list(report.grad))
        curve_col, bars_col = st.columns([3, 2])
        k = al.swept_component(report)
        zs, values, slopes = al.loss_sweep(report)
        presenter.chart(curve_figure(zs, values, slopes, "L", f"dL/dz_{k}", [report.z[k]],
                                     [report.value], [report.grad[k]], x_title=f"z_{k}"),
                        key="activations.loss_curve", where=curve_col)
        curve_col.caption(t("activations.sweep_caption", k=k))
        presenter.chart(gradient_bars(report.grad), key="activations.grad_bars", where=bars_col)
        if not present:
            with st.expander(t("activations.exact_loss")):
                st.json({"z": report.z.tolist(), "y": report.y.tolist(),
                         "ŷ": report.y_hat.tolist(), "L": report.value,
                         "dL/dz": report.grad.tolist()})

    compare()


lesson()
