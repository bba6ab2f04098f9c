"""Softmax regression by hand: the lecture's five steps of one SGD step, every number editable."""

import numpy as np
import streamlit as st

from mlp_core.datasets import hours_pass
from mlp_core.softmax_regression import predict_proba, sgd_step, train_steps
from ui import state
from ui.check import check_yourself
from ui.figures.stepping import loss_curve, probability_curve, theta_paths
from ui.format import fmt_list
from ui.lesson_steps import show_steps, step_controls
from ui.numbers import parse_numbers
from ui.softmax_steps import epoch_table, prediction_table, slide_note, softmax_lesson
from ui.widgets import matrix_editor, reset_with_matrices

P = "softmax_regression"
DEFAULTS = state.SOFTMAX_REGRESSION
ROWS, COLS = ["bias (row 0)", "hours"], ["class 0 (fail)", "class 1 (pass)"]
state.init(DEFAULTS)

st.title("Softmax regression by hand")
st.markdown(
    "One step of stochastic gradient descent, written out the way the lecture does it: take one "
    "student's hours, turn them into class probabilities with **θ**, measure the cross-entropy, "
    "and nudge **θ** against the gradient. Every number below is live: edit **θ**, the hours, the "
    "label or the learning rate and each formula follows. Walk the steps with **Next step**, then "
    "test yourself, then let SGD run over the whole Hours/Pass table."
)
st.button("Reset to the lecture's example", on_click=reset_with_matrices,
          args=(DEFAULTS, [f"{P}.theta"]))

left, right = st.columns([3, 2])
with left:
    theta = matrix_editor("θ (parameters)", f"{P}.theta", ROWS, COLS,
                          note="lecture layout: row 0 = biases b, row 1 = weights w; "
                               "one column per class")
with right:
    hours = st.number_input("Hours studied (x)", key=f"{P}.hours", step=0.25, format="%.4f")
    y = st.number_input("True label y (0 = fail, 1 = pass)", key=f"{P}.y", step=1)
    lr = st.number_input("Learning rate η", key=f"{P}.lr", step=0.01, format="%.4f")

if theta is None:
    st.stop()
try:
    step = sgd_step(theta, [hours], y, lr)
except ValueError as error:
    right.error(str(error))  # beside the inputs it is about
    st.stop()


# Fragments: Next / Back, an answer or the epochs rerun only their own section, not the page.
@st.fragment
def walk(lesson):
    show_steps(lesson, step_controls(f"{P}.walk", len(lesson)))


st.header("The five steps")
walk(softmax_lesson(step, theta, int(y), lr))
st.info(slide_note())
with st.expander("Exact values (every digit)"):
    st.write({"z": step.z.tolist(), "e^z": step.exp_z.tolist(), "d": step.denominator,
              "y_hat": step.y_hat.tolist(), "loss": step.loss, "gradient": step.grad.tolist(),
              "new theta": step.theta_next.tolist()})

st.header("Check yourself")
st.markdown(
    "Work the step out on paper, then type your answers. Separate numbers with commas and matrix "
    "rows with `;` (for example `0.1, 0.2; 0.3, 0.4`). Answers within 0.0005 count as right."
)


@st.fragment
def check(answers):
    for column, (label, name, expected) in zip(st.columns(len(answers)), answers, strict=True):
        with column:
            check_yourself(label, f"{P}.check.{name}", expected)


check([("z = θᵀx", "z", step.z), ("ŷ = softmax(z)", "y_hat", step.y_hat),
       ("L = −yᵀ log ŷ", "loss", step.loss), ("∇θ L = x(ŷ − y)ᵀ", "grad", step.grad),
       ("new θ = θ − η∇θ L", "theta_next", step.theta_next)])


@st.fragment
def repeat_and_predict(theta, lr):
    st.header("Repeat over the Hours data")
    st.markdown(
        "SGD visits the four students of the lecture's table one by one, in order, starting "
        "from the **θ** above with the same η. Each visit is one step like the one above."
    )
    data = hours_pass()
    epochs = st.columns(3)[0].number_input("Epochs (passes over the 4 samples)", key=f"{P}.epochs",
                                           min_value=1, max_value=500, step=1)
    steps = train_steps(theta, data.X_train, data.y_train, lr, epochs)
    per_epoch = len(data.y_train)
    trained = steps[-1].theta_next
    table_col, loss_col = st.columns([2, 3])
    table_col.dataframe(epoch_table(theta, steps, per_epoch), height=320)
    loss_col.plotly_chart(loss_curve([s.loss for s in steps], per_epoch))
    st.plotly_chart(theta_paths([theta] + [s.theta_next for s in steps], ["b", "w"], COLS))

    st.header("Predict new inputs")
    st.markdown(
        "The lecture asks about students who studied 0.25 and 4.5 hours. The trained **θ** from "
        "the section above gives each class a probability; the most likely class is the prediction."
    )
    new_text = st.columns(3)[0].text_input("Hours to predict (separate with commas)",
                                           key=f"{P}.new_hours")
    try:
        new_hours = parse_numbers(new_text, "Hours to predict")
    except ValueError:  # not echoed: st.error renders markdown, and this is what was typed
        st.error("Type one or more numbers of hours separated by commas, e.g. 0.25, 4.5.")
    else:
        new_proba = predict_proba(trained, new_hours)
        st.dataframe(prediction_table(new_hours, new_proba, data.class_names), hide_index=True)
        st.caption(f"Trained θ used here: {fmt_list(trained)} (b0, b1, w0, w1)")
        span = np.linspace(min(0.0, new_hours.min()), max(5.0, new_hours.max()), 200)
        st.plotly_chart(probability_curve(span, predict_proba(trained, span), data.class_names,
                                          data.X_train[:, 0], data.y_train, new_hours, new_proba))


repeat_and_predict(theta, lr)
