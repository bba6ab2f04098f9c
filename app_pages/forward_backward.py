"""Forward and backward: the lecture's 2-2-1 network, one sample, one SGD step, and PyTorch."""

from dataclasses import replace

import numpy as np
import pyarrow as pa
import streamlit as st

from mlp_core.backprop import forward_backward
from mlp_core.functions import ACTIVATIONS
from ui import lesson_challenge, lesson_checks, links, presenter, state
from ui.format import fmt, latex_matrix
from ui.i18n import error_text, t
from ui.lesson_steps import show_steps, step_controls
from ui.lessons.forward_backward import (
    HIDDEN,
    SCHEMA,
    P,
    backprop_lesson,
    difference_text,
    gradient_table,
    output_labels,
    state_dict_text,
    torch_step_once,
)
from ui.widgets import (
    matrix_editor,
    reset_with_matrices,
    resize_matrix_columns,
    setting_number,
)

S, DEFAULTS = SCHEMA, SCHEMA.defaults
OUTPUTS = {"sigmoid": t("forward_backward.output_sigmoid"),
           "softmax": t("forward_backward.output_softmax")}
MATRICES = [s.key for s in S.settings if s.widget == "matrix"]
state.init(DEFAULTS)

st.title(t("forward_backward.title"))
# y is synced after W_z: whether it is a class depends on the output and on W_z's columns.
Y = S[f"{P}.y"]
FIRST_PASS = [p for p in S.params if p.name != Y.url]


def sync_link() -> None:
    """The link's settings, then W_z (its stored matrix and shape depend on the output) and y,
    which must be one of the classes that output and W_z give."""
    ignored = links.sync(FIRST_PASS, DEFAULTS, warn=False)
    w_z = replace(S[f"{P}.W_z.{st.session_state[f'{P}.output']}"].codec(), name="wz")
    ignored += links.sync([w_z, Y.codec()], DEFAULTS, warn=False, rules=S.rules)
    links.notice(ignored)  # one notice for both passes


@st.fragment  # Next / Back rerun only the walk, not PyTorch below (nested in the lesson's)
def walk(lesson):
    sync_link()  # "show all steps" lives in here: keep the address bar on it
    show_steps(lesson, step_controls(f"{P}.walk", len(lesson)))


# The whole lesson is one fragment: its widgets change what is below them, so a change reruns
# the lesson alone, not the app's shell and sidebar (a class shares the server's one interpreter).
# The link follows, as its settings are synced in here.
@st.fragment
def lesson() -> None:
    lesson_challenge.apply(P, S)  # a challenge's fixed settings, before the link's
    sync_link()
    st.markdown(t("forward_backward.intro"))
    st.button(t("common.reset_lecture"), on_click=reset_with_matrices, args=(DEFAULTS, MATRICES))

    inputs, choices = st.columns(2)
    with inputs:
        x_cols = st.columns(2)
        # The boxes take any number (a refusal is said beside them); a link keeps to the declared
        # range.
        x1 = x_cols[0].number_input("x₁", key=f"{P}.x1", step=S[f"{P}.x1"].step, format="%.4f")
        x2 = x_cols[1].number_input("x₂", key=f"{P}.x2", step=S[f"{P}.x2"].step, format="%.4f")
        y_cols = st.columns(2)
        y = y_cols[0].number_input(t(Y.label), key=Y.key, step=Y.step)
        lr = y_cols[1].number_input(t("common.lr"), key=f"{P}.lr", step=S[f"{P}.lr"].step,
                                    format="%.4f")
    with choices:
        # Labels looked up now, in this run's language: a widget may format options outside a run.
        labels = {n: t("forward_backward.no_activation") if n == "identity"
                  else ACTIVATIONS[n].label for n in HIDDEN}
        hidden = st.selectbox(t("forward_backward.hidden"), HIDDEN, key=f"{P}.hidden",
                              format_func=labels.get)
        output = st.radio(t("forward_backward.output"), list(OUTPUTS), key=f"{P}.output",
                          format_func=OUTPUTS.get)
        if output == "softmax":
            # The stored W_z decides the class count; the box is seeded from it, then resizes it.
            st.session_state[f"{P}.n_classes"] = len(st.session_state[f"{P}.W_z.softmax"][0])
            setting_number(S[f"{P}.n_classes"], on_change=lambda: resize_matrix_columns(
                f"{P}.W_z.softmax", st.session_state[f"{P}.n_classes"], 0.1))

    n_out = len(st.session_state[f"{P}.W_z.{output}"][0])
    left, right = st.columns(2)
    with left:
        W_h = matrix_editor(t("forward_backward.W_h"), f"{P}.W_h",
                            [t("common.row_bias"), "x₁", "x₂"], ["h₁", "h₂"],
                            note=t("forward_backward.W_h_note"))
    with right:
        W_z = matrix_editor(t("forward_backward.W_z"), f"{P}.W_z.{output}",
                            [t("common.row_bias"), "h₁", "h₂"], output_labels(n_out),
                            note=t("forward_backward.W_z_note"))
    if W_h is None or W_z is None:
        st.stop()
    weights = [W_h, W_z]
    try:
        trace = forward_backward(weights, [x1, x2], y, lr, hidden, output)
    except ValueError as error:
        inputs.error(error_text(error))  # beside the inputs it is about
        st.stop()
    questions = lesson_checks.forward_backward_questions(trace, hidden, output)
    if lesson_checks.predict_first(P, questions):
        st.stop()  # the numbers below wait for the student's own


    st.header(t("forward_backward.walk_header"))
    walk(backprop_lesson(trace, weights, int(y), lr, hidden, output))
    if not presenter.on():  # every digit is for a student's own screen, not a projector
        with st.expander(t("common.exact_values")):
            st.json({t("forward_backward.exact_loss"): trace.loss, "ŷ": trace.output.tolist(),
                     **{t("forward_backward.exact_layer", k=k,
                          name=t(f"forward_backward.exact_{name}")): getattr(layer, name).tolist()
                        for k, layer in enumerate(trace.layers, start=1)
                        for name in ("pre_activation", "activation", "delta", "grad")},
                     t("forward_backward.exact_after", name="W_h"): trace.weights_next[0].tolist(),
                     t("forward_backward.exact_after", name="W_z"):
                         trace.weights_next[1].tolist()})

    st.header(t("forward_backward.torch_header"))
    torch_run = torch_step_once(weights, [x1, x2], int(y), lr, hidden, output)
    st.markdown(t("forward_backward.torch_layouts"))
    st.code(torch_run.model_text, language="text")
    for when, lecture_w, torch_state in [(t("forward_backward.before"), weights,
                                          torch_run.state_before),
                                         (t("forward_backward.after"), trace.weights_next,
                                          torch_run.state_after)]:
        st.markdown(f"**{when}**")
        # Side by side at a desk; one under the other on a projector, where a 5-class W_z is too
        # wide for half the page.
        lecture_col, torch_col = ((st.container(), st.container()) if presenter.on()
                                  else st.columns(2))
        lecture_col.caption(t("forward_backward.lecture_layout"))
        lecture_col.latex(r"W_h = " + latex_matrix(lecture_w[0]) + r",\quad \allowbreak W_z = "
                          + latex_matrix(lecture_w[1]))
        torch_col.caption(t("forward_backward.torch_layout"))
        torch_col.code(state_dict_text(torch_state), language="text")

    st.subheader(t("forward_backward.autograd_header"))
    table = gradient_table([layer.grad for layer in trace.layers], torch_run.grads)
    difference = t("forward_backward.table.difference")
    loss_col, diff_col = st.columns(2)
    loss_col.metric(t("forward_backward.loss_by_hand"), fmt(trace.loss))
    loss_col.metric(t("forward_backward.loss_torch"), fmt(torch_run.loss))
    differences = table[difference].to_numpy()
    largest = np.fmax.reduce(differences)  # a NaN left out unless all are, as pandas' max does
    diff_col.metric(t("forward_backward.largest_difference"), difference_text(largest))
    if largest < 1e-9:
        diff_col.success(t("forward_backward.equal"))
    else:  # only when the sigmoid saturates: torch's BCELoss sees y_hat = 0 or 1 exactly
        diff_col.warning(t("forward_backward.saturated"))
    if not presenter.on():  # the metrics above say it for the room; the table is for a closer look
        # Column formats, not a pandas Styler: the Styler is rebuilt on every rerun, and cost more
        # of the server than the table; the differences are written as text (a plain 0 when none).
        four_decimals = st.column_config.NumberColumn(format="%.4f")
        shown = table.set_column(table.column_names.index(difference), difference,
                                 pa.array([difference_text(v) for v in differences]))
        st.dataframe(shown, hide_index=True,
                     column_config={t("forward_backward.table.by_hand"): four_decimals,
                                    t("forward_backward.table.autograd"): four_decimals,
                                    difference: st.column_config.TextColumn(alignment="right")})


lesson()
