"""Lesson 2: softmax turns scores into probabilities; one-hot and cross-entropy score them."""

import numpy as np
import streamlit as st

from mlp_core.functions import cross_entropy, one_hot, softmax
from mlp_core.softmax_regression import logits_from_hours
from ui import lesson_challenge, lesson_checks, presenter, state
from ui.figures.probabilities import probability_bars
from ui.format import fmt, fmt_list
from ui.i18n import t
from ui.lessons import softmax as sv
from ui.widgets import setting_slider

S = sv.SCHEMA

st.title(t("softmax.title"))
state.init(S.defaults)
sv.keep_label_valid()  # the radio may have just lowered the class count
lesson_challenge.apply("softmax", S)  # a challenge's fixed settings, before the link's
S.sync()
st.markdown(t("softmax.intro", logit="$z_i$", softmax=r"$\hat y_i = e^{z_i} / \sum_j e^{z_j}$",
               loss=r"$L = -\mathbf{y}^T \log \hat{\mathbf{y}}$",
               from_hours=rf"$z_i = w_i \cdot \text{{{t('softmax.hours_in_formula')}}} + b_i$"))


# A fragment: every widget of the lesson reruns only this (a class moves them often), not the app
# shell; it keeps a challenge's fixed settings and syncs the link too, so the address bar follows.
# True while the numbers are held back for the student's own answers.
@st.fragment
def lesson() -> bool:
    lesson_challenge.keep_fixed("softmax", S)
    sv.keep_label_valid()  # the radio may have just lowered the class count
    S.sync()
    st.button(t("softmax.reset"), on_click=state.reset, args=(S.defaults,), key="softmax.reset")

    left, right = st.columns(2)
    n = int(left.radio(t("softmax.n_classes"), sv.CLASS_COUNTS, key="softmax.n_classes",
                       horizontal=True))
    # Labels looked up now, not inside format_func: AppTest calls it outside the run, in English.
    mode_labels = {m: t(f"softmax.mode_{m}") for m in sv.MODES}
    mode = right.radio(t("softmax.mode"), sv.MODES, format_func=mode_labels.get, key="softmax.mode",
                       horizontal=True)

    if mode == "logits":
        z = np.array([setting_slider(S[f"softmax.z{i}"], t("softmax.logit", i=i))
                      for i in range(n)])
    else:
        hours = setting_slider(S["softmax.hours"])
        w_col, b_col = st.columns(2)
        with w_col:
            w = [setting_slider(S[f"softmax.w{i}"], t("softmax.weight", i=i)) for i in range(n)]
        with b_col:
            b = [setting_slider(S[f"softmax.b{i}"], t("softmax.bias", i=i)) for i in range(n)]
        z = logits_from_hours(w, b, hours)
        st.latex(sv.latex_logits_from_hours(w, b, hours, z))
        st.caption(t("softmax.theta_note"))

    y_hat = softmax(z)
    y_now = int(st.session_state["softmax.y"])  # the true label, chosen further down
    if lesson_checks.predict_first("softmax", lesson_checks.softmax_questions(
            y_hat, cross_entropy(z, y_now), y_now)):
        return True  # the numbers below wait for the student's own
    st.subheader(t("softmax.scores_to_probabilities"))
    fig_col, formula_col = st.columns([2, 3])
    formula_col.latex(sv.latex_softmax(z, y_hat))
    formula_col.caption(t("softmax.shift_note"))

    st.subheader(t("softmax.one_hot_and_loss"))
    y = int(st.radio(t("softmax.true_label"), list(range(n)), key="softmax.y", horizontal=True))
    presenter.chart(probability_bars(y_hat, true_class=y), key="softmax.bars", where=fig_col)
    y_onehot = one_hot(y, n)
    loss = cross_entropy(z, y)
    st.latex(sv.latex_one_hot(y, y_onehot))
    st.latex(sv.latex_cross_entropy(y_onehot, y_hat, loss))
    m1, m2, m3 = st.columns(3)
    m1.metric(t("softmax.loss"), fmt(loss))
    m2.metric(t("softmax.true_probability", y=y), fmt(y_hat[y]))
    m3.metric(t("softmax.predicted"), int(np.argmax(y_hat)))
    st.caption(t("softmax.loss_note"))
    if not presenter.on():  # the exact digits are for a student at a desk, not a projector
        with st.expander(t("softmax.exact")):
            st.json({"z": z.tolist(), "ŷ": y_hat.tolist(), "y (one-hot)": y_onehot.tolist(),
                     "L": loss})
            st.code(f"z = {fmt_list(z)}\nŷ = {fmt_list(y_hat)}\nL = {fmt(loss)}")
    return False


if lesson():
    st.stop()  # as before the fragment: nothing more on this page
