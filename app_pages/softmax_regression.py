"""Softmax regression by hand: the lecture's five steps of one SGD step, every number editable."""

import numpy as np
import streamlit as st

from mlp_core.datasets import hours_pass
from mlp_core.softmax_regression import predict_proba, sgd_step
from ui import lesson_challenge, presenter, state
from ui.check import check_yourself
from ui.figures.stepping import loss_curve, probability_curve, theta_paths
from ui.format import fmt_list
from ui.i18n import error_text, t
from ui.lesson_steps import show_steps, step_controls
from ui.lessons.softmax_regression import (
    SCHEMA,
    P,
    cached_path,
    epoch_table,
    prediction_table,
    softmax_lesson,
)
from ui.numbers import parse_numbers
from ui.widgets import matrix_editor, reset_with_matrices, setting_number

S, DEFAULTS = SCHEMA, SCHEMA.defaults
ROWS = [t("common.row_bias"), t("softmax_regression.row_hours")]
COLS = [t("softmax_regression.col_fail"), t("softmax_regression.col_pass")]
state.init(DEFAULTS)

st.title(t("softmax_regression.title"))
lesson_challenge.apply(P, S)  # a challenge's fixed settings, before the link's
S.sync()
st.markdown(t("softmax_regression.intro"))


def settings_in_force() -> None:
    """A challenge's fixed settings put back, then the link synced: what a fragment's own rerun
    does that the page's start does on a full run."""
    lesson_challenge.keep_fixed(P, S)
    S.sync()


# Fragments: Next / Back, an answer or the epochs rerun only their own section, not the page;
# each keeps a challenge's fixed settings and syncs the link too, so the address bar follows a
# change made inside it.
@st.fragment
def walk(lesson):
    settings_in_force()
    show_steps(lesson, step_controls(f"{P}.walk", len(lesson)))


@st.fragment
def check(answers):
    for column, (label, name, expected) in zip(st.columns(len(answers)), answers, strict=True):
        with column:
            check_yourself(label, f"{P}.check.{name}", expected)


@st.fragment
def repeat_and_predict(theta, lr):
    settings_in_force()
    st.header(t("softmax_regression.repeat_header"))
    st.markdown(t("softmax_regression.repeat_intro"))
    data = hours_pass()
    epochs = setting_number(S[f"{P}.epochs"], where=st.columns(3)[0])
    losses, thetas = cached_path(theta, lr, epochs)
    per_epoch = len(data.y_train)
    trained = thetas[-1]
    if presenter.on():  # the curves carry the story; the table of digits is for later
        presenter.chart(loss_curve(losses, per_epoch), key=f"{P}.loss_curve")
    else:
        table_col, loss_col = st.columns([2, 3])
        table = epoch_table(thetas, losses, per_epoch)
        # Text cells (four decimals each), lined up on the right as numbers are.
        index = table.schema.pandas_metadata["index_columns"]  # the epoch
        table_col.dataframe(table, height=320, column_config={
            c: st.column_config.TextColumn(alignment="right") for c in table.column_names
            if c not in index})
        presenter.chart(loss_curve(losses, per_epoch), key=f"{P}.loss_curve", where=loss_col)
    presenter.chart(theta_paths(thetas, ["b", "w"], COLS), key=f"{P}.theta_paths")

    st.header(t("softmax_regression.predict_header"))
    st.markdown(t("softmax_regression.predict_intro"))
    new_text = st.columns(3)[0].text_input(t("softmax_regression.predict_label"),
                                           key=f"{P}.new_hours")
    try:
        new_hours = parse_numbers(new_text, t("softmax_regression.predict_name"))
    except ValueError:  # not echoed: st.error renders markdown, and this is what was typed
        st.error(t("softmax_regression.predict_error"))
    else:
        new_proba = predict_proba(trained, new_hours)
        st.dataframe(prediction_table(new_hours, new_proba, data.class_names), hide_index=True)
        st.caption(t("softmax_regression.trained_theta", theta=fmt_list(trained)))
        span = np.linspace(min(0.0, new_hours.min()), max(5.0, new_hours.max()), 200)
        presenter.chart(probability_curve(span, predict_proba(trained, span), data.class_names,
                                          data.X_train[:, 0], data.y_train, new_hours,
                                          new_proba), key=f"{P}.probability_curve")


# A fragment holding the others: a change of theta, the sample or the learning rate reruns the
# lesson, not the app shell (a class moves them often); it keeps a challenge's fixed settings and
# syncs the link too, so the address bar follows. True when the inputs cannot give a step (the
# page stops there, as before).
@st.fragment
def lesson() -> bool:
    settings_in_force()
    st.button(t("common.reset_lecture"), on_click=reset_with_matrices,
              args=(DEFAULTS, [f"{P}.theta"]))

    left, right = st.columns([3, 2])
    with left:
        theta = matrix_editor(t("softmax_regression.theta"), f"{P}.theta", ROWS, COLS,
                              note=t("softmax_regression.theta_note"))
    with right:
        # The boxes take any number (a refusal is said beside them); a link keeps to the
        # declared range.
        hours = st.number_input(t(S[f"{P}.hours"].label), key=f"{P}.hours",
                                step=S[f"{P}.hours"].step, format="%.4f")
        y = st.number_input(t(S[f"{P}.y"].label), key=f"{P}.y", step=S[f"{P}.y"].step)
        lr = st.number_input(t(S[f"{P}.lr"].label), key=f"{P}.lr", step=S[f"{P}.lr"].step,
                             format="%.4f")

    if theta is None:
        return True
    try:
        step = sgd_step(theta, [hours], y, lr)
    except ValueError as error:
        right.error(error_text(error))  # beside the inputs it is about
        return True

    st.header(t("softmax_regression.five_steps"))
    walk(softmax_lesson(step, theta, int(y), lr))
    if not presenter.on():  # every digit is for a student's own screen, not a projector
        with st.expander(t("common.exact_values")):
            st.json({"z": step.z.tolist(), "e^z": step.exp_z.tolist(), "d": step.denominator,
                     "y_hat": step.y_hat.tolist(), t("softmax_regression.exact_loss"): step.loss,
                     t("softmax_regression.exact_gradient"): step.grad.tolist(),
                     t("softmax_regression.exact_new_theta"): step.theta_next.tolist()})

    st.header(t("softmax_regression.check_header"))
    st.markdown(t("softmax_regression.check_intro"))

    check([("z = θᵀx", "z", step.z), ("ŷ = softmax(z)", "y_hat", step.y_hat),
           ("L = −yᵀ log ŷ", "loss", step.loss), ("∇θ L = x(ŷ − y)ᵀ", "grad", step.grad),
           (t("softmax_regression.check_new_theta"), "theta_next", step.theta_next)])
    repeat_and_predict(theta, lr)
    return False


if lesson():
    st.stop()
