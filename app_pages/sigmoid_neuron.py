"""Lesson 1: one sigmoid neuron, z = wx + b, and the Hours/Pass table it classifies."""

import streamlit as st

from mlp_core import neuron
from mlp_core.datasets import hours_pass_frame, hours_score_frame
from ui import lesson_challenge, lesson_checks, presenter, state
from ui.figures.neuron import hours_figure, sigmoid_figure
from ui.format import fmt
from ui.i18n import t
from ui.lessons import sigmoid_neuron as nr
from ui.widgets import setting_slider

FITTED = {"sigmoid.w": 4.0, "sigmoid.b": -5.0, "sigmoid.x": 1.25}  # boundary at 1.25 hours
S = nr.SCHEMA

st.title(t("sigmoid.title"))
state.init(S.defaults)
lesson_challenge.apply("sigmoid", S)  # a challenge's fixed settings, before the link's
S.sync()
st.markdown(t("sigmoid.intro"))


# A fragment: a slider, a button or an answer reruns only the neuron and its table (a class moves
# them often), not the app shell and the data tables below; it keeps a challenge's fixed settings
# and syncs the link too, so the address bar follows. True while the numbers are held back for
# the student's own answers.
@st.fragment
def neuron_and_table() -> bool:
    lesson_challenge.keep_fixed("sigmoid", S)
    S.sync()
    left, right = st.columns(2)
    left.button(t("sigmoid.reset"), on_click=state.reset, args=(S.defaults,),
                key="sigmoid.reset")
    right.button(t("sigmoid.fitted"), on_click=state.reset, args=(FITTED,), key="sigmoid.fitted")

    w, b, x = (setting_slider(s) for s in S.settings)  # in the schema's order
    out = neuron.neuron(w, b, x)
    held = lesson_checks.predict_first("sigmoid", lesson_checks.sigmoid_questions(out.z, out.p,
                                                                                 out.slope))
    if nr.held_back_changed(held):
        st.rerun(scope="app")  # the data tables below the fragment show or hide with the numbers
    if held:
        return True  # the numbers below wait for the student's own

    st.subheader(t("sigmoid.neuron"))
    st.latex(nr.latex_z(out))
    st.latex(nr.latex_sigma(out))
    c1, c2, c3 = st.columns(3)
    c1.metric("z = wx + b", fmt(out.z))
    c2.metric("σ(z)", fmt(out.p))
    c3.metric("σ'(z)", fmt(out.slope))
    presenter.chart(sigmoid_figure(*neuron.curves(out.z), out.z, out.p, out.slope),
                    key="sigmoid.curve")
    st.caption(t("sigmoid.slope_note"))

    st.subheader(t("sigmoid.classifying"))
    table = nr.hours_pass_table(w, b)
    boundary = neuron.decision_boundary(w, b)
    fig_col, side_col = st.columns([3, 2])
    presenter.chart(hours_figure(table["Hours"], table["Pass"], *neuron.hours_curve(w, b, x),
                                 boundary, x, out.p), key="sigmoid.hours", where=fig_col)
    correct = int((table["Predicted"] == table["Pass"]).sum())
    side_col.metric(t("sigmoid.rows_right"), f"{correct} / {len(table['Hours'])}")
    if boundary is None:
        side_col.warning(t("sigmoid.no_boundary", b=fmt(b), p=fmt(out.p)))
    else:
        side = "boundary_above" if w > 0 else "boundary_below"
        side_col.info(t(f"sigmoid.{side}", boundary=fmt(boundary)))

    names = nr.column_names()
    shown = nr.as_shown(table, names)
    presenter.table(
        shown, key="sigmoid.table",
        column_config={names[c]: st.column_config.NumberColumn(format="%.4f")
                       for c in ("Hours", "z = w·Hours + b", "P(pass)")},
    )
    if not presenter.on():  # the exact digits are for a student at a desk, not a projector
        with st.expander(t("sigmoid.exact")):
            st.json({"z": out.z, "σ(z)": out.p, "σ'(z)": out.slope,
                     t("sigmoid.exact_boundary"): boundary})
            st.dataframe(shown, hide_index=True)
    return False


if neuron_and_table():
    st.stop()  # the data tables too wait for the student's own numbers
COLUMNS = nr.column_names()

st.subheader(t("sigmoid.binary_or_multi"))
bin_col, multi_col = st.columns(2)
with bin_col:
    st.markdown(t("sigmoid.binary", classes="{0, 1}"))
    presenter.table(hours_pass_frame().rename(columns=COLUMNS), key="sigmoid.pass_table")
    st.markdown(t("sigmoid.binary_note"))
with multi_col:
    st.markdown(t("sigmoid.multi", classes="{0, 1, 2, 3}"))
    presenter.table(hours_score_frame().rename(columns=COLUMNS), key="sigmoid.score_table")
    st.markdown(t("sigmoid.multi_note"))
