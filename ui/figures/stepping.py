"""Figures for stepping by hand: the loss and theta as SGD walks the Hours data, predictions."""

import numpy as np
import plotly.graph_objects as go

from ui.figures.palette import CLASS_COLORS, class_color
from ui.i18n import t

NEUTRAL_LINE = "#9E9E9E"  # the noisy per-step loss stays in the background

# template="none": a named template is copied into every figure and triples its build time;
# Streamlit's theme restyles the chart anyway.
_LAYOUT = dict(margin=dict(l=10, r=10, t=40, b=10), height=320, template="none")


def loss_curve(losses, steps_per_epoch: int) -> go.Figure:
    """Cross-entropy of every SGD step (x = step number from 1), and each epoch's mean.

    losses : (n_steps,); n_steps is a whole number of epochs of steps_per_epoch samples.
    """
    losses = np.asarray(losses, dtype=float)
    steps = np.arange(1, len(losses) + 1)
    epoch_means = losses.reshape(-1, steps_per_epoch).mean(axis=1)
    epoch_ends = np.arange(1, len(epoch_means) + 1) * steps_per_epoch
    fig = go.Figure([
        go.Scatter(x=steps, y=losses, mode="lines",
                   name=t("softmax_regression.figures.step_loss"),
                   line=dict(color=NEUTRAL_LINE, width=1),
                   hovertemplate=(t("softmax_regression.figures.step")
                                  + " %{x}<br>L = %{y:.6f}<extra></extra>")),
        go.Scatter(x=epoch_ends, y=epoch_means, mode="lines+markers",
                   name=t("softmax_regression.figures.epoch_mean"),
                   line=dict(color=CLASS_COLORS[0], width=3),
                   hovertemplate=(t("softmax_regression.figures.after_step") + " %{x}<br>"
                                  + t("softmax_regression.figures.mean_l")
                                  + " = %{y:.6f}<extra></extra>")),
    ])
    fig.update_layout(title=t("softmax_regression.figures.loss_title"),
                      xaxis_title=t("softmax_regression.figures.sgd_step"),
                      yaxis_title=t("softmax_regression.figures.cross_entropy"), **_LAYOUT)
    return fig


def theta_paths(thetas, row_labels, col_labels) -> go.Figure:
    """Every entry of theta after each step (x = 0 is the start).

    thetas : (n_steps + 1, n_rows, n_cols); one line per entry, coloured by its class (column),
    dashed for the bias row.
    """
    thetas = np.asarray(thetas, dtype=float)
    steps = np.arange(len(thetas))
    fig = go.Figure()
    for i, row in enumerate(row_labels):
        for j, col in enumerate(col_labels):
            fig.add_trace(go.Scatter(
                x=steps, y=thetas[:, i, j], mode="lines", name=f"{row}, {col}",
                line=dict(color=class_color(j), dash="dash" if i == 0 else "solid"),
                hovertemplate=(f"{row}, {col}<br>" + t("softmax_regression.figures.step")
                               + " %{x}: %{y:.6f}<extra></extra>"),
            ))
    fig.update_layout(title=t("softmax_regression.figures.theta_title"),
                      xaxis_title=t("softmax_regression.figures.sgd_step"),
                      yaxis_title=t("softmax_regression.figures.value"), **_LAYOUT)
    return fig


def probability_curve(hours, proba, class_names, data_hours, data_y, new_hours, new_proba):
    """P(class | hours) over a range of hours, the training data, and the new inputs.

    hours : (n,), proba : (n, n_classes); data_hours, data_y : (m,) drawn at P = 1 on their class's
    curve; new_hours : (k,), new_proba : (k, n_classes) marked with diamonds.
    """
    fig = go.Figure()
    for c, name in enumerate(class_names):
        color = class_color(c)
        fig.add_trace(go.Scatter(x=hours, y=np.asarray(proba)[:, c], mode="lines",
                                 name=t("softmax_regression.p_class", name=name),
                                 line=dict(color=color, width=3)))
        mask = np.asarray(data_y) == c
        fig.add_trace(go.Scatter(x=np.asarray(data_hours)[mask], y=np.ones(mask.sum()),
                                 mode="markers",
                                 name=t("softmax_regression.figures.data_class", name=name),
                                 marker=dict(color=color, size=11, symbol="circle")))
        fig.add_trace(go.Scatter(x=new_hours, y=np.asarray(new_proba)[:, c], mode="markers",
                                 name=t("softmax_regression.figures.new_input", name=name),
                                 marker=dict(color=color, size=13, symbol="diamond",
                                             line=dict(color="black", width=1)),
                                 hovertemplate="%{x} h: %{y:.4f}<extra></extra>"))
    fig.update_layout(title=t("softmax_regression.figures.proba_title"),
                      xaxis_title=t("softmax_regression.figures.hours"),
                      yaxis_title=t("softmax_regression.figures.probability"),
                      yaxis_range=[-0.05, 1.05], **_LAYOUT)
    return fig
