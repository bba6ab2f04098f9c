"""The lecture's five steps of softmax regression, as LaTeX filled with one step's numbers."""

import numpy as np
import pandas as pd

from mlp_core.softmax_regression import SoftmaxStep, sgd_step
from ui.format import fmt, latex_column, latex_matrix
from ui.lesson_steps import LessonStep

# The lecture's example: theta = [[b0, b1], [w0, w1]], one sample of 0.5 hours that failed.
LECTURE_THETA = [[0.1, 0.2], [0.3, 0.4]]
LECTURE_HOURS = 0.5
LECTURE_Y = 0
LECTURE_LR = 0.1
SLIDE_LR = 0.01  # the rate whose update the slide actually printed


def _row(values, decimals: int = 4) -> str:
    """A row vector; decimals=0 for one-hot entries."""
    body = r" & ".join(fmt(v, decimals) for v in np.ravel(values))
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"


def softmax_lesson(step: SoftmaxStep, theta, y: int, lr: float) -> list[LessonStep]:
    """The five steps (pick a sample, z and y_hat, loss, gradient, update) for one SGD step."""
    theta = np.asarray(theta, dtype=float)
    classes = range(len(step.z))
    exp_terms = " + ".join(fmt(e) for e in step.exp_z)
    log_terms = " + ".join(f"{fmt(t, 0)} \\log {fmt(p)}" for t, p in zip(step.y_onehot, step.y_hat,
                                                                     strict=True))
    pick = LessonStep("Pick a sample from the training data", [
        r"\mathbf{x}^T = " + _row(step.x_aug) + r"\quad(\text{a leading 1 for the bias})",
        f"y = {y}" + r"\;\rightarrow\;\mathbf{y}^T = " + _row(step.y_onehot, 0),
        r"\boldsymbol{\theta} = \begin{bmatrix} b_0 & b_1 \\ w_0 & w_1 \end{bmatrix} = "
        + latex_matrix(theta) + r",\quad \eta = " + fmt(lr),
    ])
    overflow = None if np.all(np.isfinite(step.exp_z)) else (
        "Here e^z is too large for floating point (inf). ŷ is still exact: softmax(z) equals "
        "softmax(z − max z), and after that shift no exponential overflows.")
    output = LessonStep(r"Compute the output $\hat{\mathbf{y}}$", [
        r"\mathbf{z} = \boldsymbol{\theta}^T \mathbf{x} = " + latex_matrix(theta.T)
        + latex_column(step.x_aug) + " = " + latex_column(step.z),
        r"e^{\mathbf{z}} = " + latex_column(step.exp_z)
        + r",\quad d = [1 \dots 1]\, e^{\mathbf{z}} = " + exp_terms + " = " + fmt(step.denominator),
        r"\hat{\mathbf{y}} = e^{\mathbf{z}} \oslash d = " + latex_column(step.y_hat)
        + r"\quad(" + " + ".join(f"\\hat{{y}}_{i}" for i in classes) + " = 1)",
    ], overflow)
    loss = LessonStep("Compute the loss (cross-entropy)", [
        r"L(\boldsymbol{\theta}) = -\mathbf{y}^T \log \hat{\mathbf{y}} = -(" + log_terms + ") = "
        + fmt(step.loss),
    ])
    gradient = LessonStep("Compute the derivative", [
        r"\nabla_{\boldsymbol{\theta}} L = \mathbf{x}(\hat{\mathbf{y}} - \mathbf{y})^T = "
        + latex_column(step.x_aug) + _row(step.y_hat - step.y_onehot) + " = "
        + latex_matrix(step.grad),
    ])
    update = LessonStep("Update the parameters", [
        r"\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} - \eta"
        r" \nabla_{\boldsymbol{\theta}} L = "
        + latex_matrix(theta) + " - " + fmt(lr) + latex_matrix(step.grad) + " = "
        + latex_matrix(step.theta_next),
    ])
    return [pick, output, loss, gradient, update]


def slide_note() -> str:
    """Markdown: the slide's printed update is the eta = 0.01 one; both computed by mlp_core."""
    x, y = [LECTURE_HOURS], LECTURE_Y
    slide = sgd_step(LECTURE_THETA, x, y, SLIDE_LR).theta_next
    stated = sgd_step(LECTURE_THETA, x, y, LECTURE_LR).theta_next

    def show(m, decimals=4):
        return "[" + ", ".join("[" + ", ".join(fmt(v, decimals) for v in r) + "]" for r in m) + "]"

    return (
        f"**About the slide's result.** The slide states η = {LECTURE_LR} but prints "
        f"{show(np.trunc(slide * 1000) / 1000, 3)}. That is the update for η = {SLIDE_LR}: "
        f"{show(slide)}. With η = {LECTURE_LR} the same formulas give {show(stated)}. "
        "Set η to 0.01 above to see the slide's numbers."
    )


def epoch_table(theta0, steps, steps_per_epoch: int) -> pd.DataFrame:
    """Theta at the start and after each epoch, with that epoch's mean loss (4 decimals)."""
    epoch_ends = steps[steps_per_epoch - 1::steps_per_epoch]
    thetas = [np.asarray(theta0, dtype=float)] + [s.theta_next for s in epoch_ends]
    losses = [np.nan] + [float(np.mean([s.loss for s in steps[k:k + steps_per_epoch]]))
                         for k in range(0, len(steps), steps_per_epoch)]
    rows = [{"epoch": e, "b0": t[0, 0], "b1": t[0, 1], "w0": t[1, 0], "w1": t[1, 1],
             "mean loss": loss} for e, (t, loss) in enumerate(zip(thetas, losses, strict=True))]
    return pd.DataFrame(rows).set_index("epoch").round(4)


def prediction_table(hours, proba, class_names) -> pd.DataFrame:
    """One row per input: hours, P(class c) for each class, and the most likely class."""
    proba = np.asarray(proba, dtype=float)
    frame = pd.DataFrame({"hours": np.asarray(hours, dtype=float)})
    for c, name in enumerate(class_names):
        frame[f"P(class {name})"] = proba[:, c].round(4)
    frame["predicted class"] = [class_names[i] for i in proba.argmax(axis=1)]
    return frame
