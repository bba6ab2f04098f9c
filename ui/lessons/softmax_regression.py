"""The softmax-regression lesson: its settings, and the lecture's five steps as LaTeX filled with
one step's numbers."""

from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from mlp_core.datasets import hours_pass
from mlp_core.softmax_regression import SoftmaxStep, sgd_path, sgd_step
from ui.format import fmt, latex_column, latex_matrix
from ui.i18n import t
from ui.lesson_steps import LessonStep
from ui.settings import Schema, Setting, matrix

# The lecture's example: theta = [[b0, b1], [w0, w1]], one sample of 0.5 hours that failed.
LECTURE_THETA = [[0.1, 0.2], [0.3, 0.4]]
LECTURE_HOURS = 0.5
LECTURE_Y = 0
LECTURE_LR = 0.1
SLIDE_LR = 0.01  # the rate whose update the slide actually printed

P = "softmax_regression"
# The lesson inputs travel in the page's link; Next / Back (buttons) and the answers do not.
SCHEMA = Schema([
    Setting(f"{P}.theta", LECTURE_THETA, "softmax_regression.theta", widget="matrix",
            url="theta", link=matrix([(2, 2)])),  # lecture layout: row 0 = biases
    Setting(f"{P}.hours", LECTURE_HOURS, "softmax_regression.hours", widget="number",
            lo=-1000.0, hi=1000.0, step=0.25, url="hours"),
    Setting(f"{P}.y", LECTURE_Y, "softmax_regression.y", widget="number", lo=0, hi=1, step=1,
            url="y"),
    Setting(f"{P}.lr", LECTURE_LR, "common.lr", widget="number", lo=1e-4, hi=10.0, step=0.01,
            url="lr"),
    Setting(f"{P}.walk.step", 1),
    Setting(f"{P}.walk.show_all", False, widget="toggle", url="all"),
    *(Setting(f"{P}.check.{name}", "") for name in ("z", "y_hat", "loss", "grad", "theta_next")),
    Setting(f"{P}.epochs", 20, "softmax_regression.epochs", widget="number", lo=1, hi=500, step=1,
            url="epochs"),
    Setting(f"{P}.new_hours", "0.25, 4.5", "softmax_regression.predict_label", widget="text",
            url="predict"),
])


def _row(values, decimals: int = 4) -> str:
    """A row vector; decimals=0 for one-hot entries."""
    body = r" & ".join(fmt(v, decimals) for v in np.ravel(values))
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"


def softmax_lesson(step: SoftmaxStep, theta, y: int, lr: float) -> list[LessonStep]:
    """The five steps (pick a sample, z and y_hat, loss, gradient, update) for one SGD step."""
    theta = np.asarray(theta, dtype=float)
    classes = range(len(step.z))
    exp_terms = " + ".join(fmt(e) for e in step.exp_z)
    log_terms = " + ".join(f"{fmt(o, 0)} \\log {fmt(p)}" for o, p in zip(step.y_onehot, step.y_hat,
                                                                     strict=True))
    pick = LessonStep(t("softmax_regression.steps.pick"), [
        r"\mathbf{x}^T = " + _row(step.x_aug)
        + r"\quad(\text{" + t("softmax_regression.steps.leading_one") + "})",
        f"y = {y}" + r"\;\rightarrow\;\mathbf{y}^T = " + _row(step.y_onehot, 0),
        r"\boldsymbol{\theta} = \begin{bmatrix} b_0 & b_1 \\ w_0 & w_1 \end{bmatrix} = "
        + latex_matrix(theta) + r",\quad \eta = " + fmt(lr),
    ])
    overflow = None if np.all(np.isfinite(step.exp_z)) else t("softmax_regression.steps.overflow")
    output = LessonStep(t("softmax_regression.steps.output", y_hat=r"$\hat{\mathbf{y}}$"), [
        r"\mathbf{z} = \boldsymbol{\theta}^T \mathbf{x} = " + latex_matrix(theta.T)
        + latex_column(step.x_aug) + " = " + latex_column(step.z),
        r"e^{\mathbf{z}} = " + latex_column(step.exp_z)
        + r",\quad d = [1 \dots 1]\, e^{\mathbf{z}} = " + exp_terms + " = " + fmt(step.denominator),
        r"\hat{\mathbf{y}} = e^{\mathbf{z}} \oslash d = " + latex_column(step.y_hat)
        + r"\quad(" + " + ".join(f"\\hat{{y}}_{i}" for i in classes) + " = 1)",
    ], overflow)
    loss = LessonStep(t("softmax_regression.steps.loss"), [
        r"L(\boldsymbol{\theta}) = -\mathbf{y}^T \log \hat{\mathbf{y}} = -(" + log_terms + ") = "
        + fmt(step.loss),
    ])
    gradient = LessonStep(t("softmax_regression.steps.gradient"), [
        r"\nabla_{\boldsymbol{\theta}} L = \mathbf{x}(\hat{\mathbf{y}} - \mathbf{y})^T = "
        + latex_column(step.x_aug) + _row(step.y_hat - step.y_onehot) + " = "
        + latex_matrix(step.grad),
    ])
    update = LessonStep(t("softmax_regression.steps.update"), [
        r"\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} - \eta"
        r" \nabla_{\boldsymbol{\theta}} L = "
        + latex_matrix(theta) + " - " + fmt(lr) + latex_matrix(step.grad) + " = "
        + latex_matrix(step.theta_next),
    ], slide_note())  # about the slide's update: shown with this step, not before it exists
    return [pick, output, loss, gradient, update]


def slide_note() -> str:
    """Markdown: the slide's printed update is the eta = 0.01 one; both computed by mlp_core."""
    x, y = [LECTURE_HOURS], LECTURE_Y
    slide = sgd_step(LECTURE_THETA, x, y, SLIDE_LR).theta_next
    stated = sgd_step(LECTURE_THETA, x, y, LECTURE_LR).theta_next

    def show(m, decimals=4):
        return "[" + ", ".join("[" + ", ".join(fmt(v, decimals) for v in r) + "]" for r in m) + "]"

    return t("softmax_regression.steps.slide_note", lr=LECTURE_LR,
             printed=show(np.trunc(slide * 1000) / 1000, 3), slide_lr=SLIDE_LR,
             slide=show(slide), stated=show(stated))


# Kept for the lessons a class has open at once: a few kB each (20 epochs: 81 thetas and losses).
PATHS_KEPT = 64


@st.cache_data(max_entries=PATHS_KEPT, show_spinner=False)
def cached_path(theta, lr: float, n_epochs: int) -> tuple[np.ndarray, np.ndarray]:
    """The lesson's SGD over the Hours/Pass rows (mlp_core's sgd_path): every step's loss,
    (n_steps,), and theta at the start and after each step, (n_steps + 1, 2, 2).

    Cached by its inputs: a change of the sample, of a prediction's hours or of the language reruns
    the page with the same run, and a class starts on the lecture's. Two arrays, not the steps,
    are what the cache copies out on each hit.
    """
    data = hours_pass()
    return sgd_path(theta, data.X_train, data.y_train, lr, n_epochs)


NO_LOSS_YET = "—"  # epoch 0 is the start: no step, so no loss to average


def epoch_table(thetas, step_losses, steps_per_epoch: int) -> pa.Table:
    """Theta at the start and after each epoch, with that epoch's mean loss, as shown: every
    number with four decimals (text, so that 0.1050 does not lose its zero), none at epoch 0.
    Indexed by the epoch. Built as the Arrow table st.dataframe sends, column by column: a pandas
    frame and its conversion cost more than the rest of the table, on every change of the lesson.

    thetas : (n_steps + 1, 2, 2) as cached_path gives them; step_losses : (n_steps,)."""
    thetas = np.asarray(thetas, dtype=float)[::steps_per_epoch]
    losses = [NO_LOSS_YET] + [fmt(np.mean(step_losses[k:k + steps_per_epoch]))
                              for k in range(0, len(step_losses), steps_per_epoch)]
    columns = {name: [fmt(v) for v in thetas[:, i, j]]
               for name, (i, j) in (("b0", (0, 0)), ("b1", (0, 1)), ("w0", (1, 0)), ("w1", (1, 1)))}
    columns[t("softmax_regression.tables.mean_loss")] = losses
    schema = _indexed_text_schema(tuple(columns), t("softmax_regression.tables.epoch"))
    cells = [pa.array(column, schema.field(k).type) for k, column in enumerate(columns.values())]
    return pa.Table.from_arrays([*cells, pa.array(range(len(thetas)), pa.int64())], schema=schema)


@lru_cache(maxsize=8)
def _indexed_text_schema(columns: tuple[str, ...], index: str) -> pa.Schema:
    """The Arrow schema pandas gives a frame of text `columns` indexed by whole numbers named
    `index` (its metadata tells st.dataframe, and pandas reading it back, which is the index)."""
    empty = pd.DataFrame({c: pd.Series([], dtype="str") for c in columns},
                         index=pd.Index([], dtype="int64", name=index))
    return pa.Schema.from_pandas(empty, preserve_index=True)


def prediction_table(hours, proba, class_names) -> pa.Table:
    """One row per input: hours, P(class c) for each class, and the most likely class; as the
    Arrow table st.dataframe sends, column by column."""
    proba = np.asarray(proba, dtype=float)
    columns = {t("softmax_regression.tables.hours"): np.asarray(hours, dtype=float)}
    columns |= {t("softmax_regression.p_class", name=name): proba[:, c].round(4)
                for c, name in enumerate(class_names)}
    columns[t("softmax_regression.tables.predicted")] = [class_names[i]
                                                         for i in proba.argmax(axis=1)]
    return pa.table(columns)
