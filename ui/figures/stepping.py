"""Figures for stepping by hand: the loss and theta as SGD walks the Hours data, predictions."""

import numpy as np
import plotly.io as pio

from ui.figures.palette import CLASS_COLORS, class_color
from ui.figures.plain import PlainFigure, figure
from ui.i18n import t

NEUTRAL_LINE = "#9E9E9E"  # the noisy per-step loss stays in the background

# The template "none": a named template is copied into every figure and triples its build time;
# Streamlit's theme restyles the chart anyway. Written out as plotly makes it of the name, since the
# figures here are not validated (ui/figures/plain.py): this page draws three of them on every
# change of the learning rate or the epochs.
_LAYOUT = {"margin": {"l": 10, "r": 10, "t": 40, "b": 10}, "height": 320,
           "template": pio.templates["none"].to_plotly_json()}


def _figure(data: list[dict], title: str, x_title: str, y_title: str,
            y_range: list[float] | None = None) -> PlainFigure:
    yaxis = {"title": {"text": y_title}} | ({"range": y_range} if y_range else {})
    return figure(data, {"title": {"text": title}, "xaxis": {"title": {"text": x_title}},
                         "yaxis": yaxis, **_LAYOUT})


def _scatter(x, y, name: str, mode: str, **style) -> dict:
    return {"type": "scatter", "x": x, "y": y, "name": name, "mode": mode, **style}


def loss_curve(losses, steps_per_epoch: int) -> PlainFigure:
    """Cross-entropy of every SGD step (x = step number from 1), and each epoch's mean.

    losses : (n_steps,); n_steps is a whole number of epochs of steps_per_epoch samples.
    """
    losses = np.asarray(losses, dtype=float)
    steps = np.arange(1, len(losses) + 1)
    epoch_means = losses.reshape(-1, steps_per_epoch).mean(axis=1)
    epoch_ends = np.arange(1, len(epoch_means) + 1) * steps_per_epoch
    data = [
        _scatter(steps, losses, t("softmax_regression.figures.step_loss"), "lines",
                 line={"color": NEUTRAL_LINE, "width": 1},
                 hovertemplate=(t("softmax_regression.figures.step")
                                + " %{x}<br>L = %{y:.6f}<extra></extra>")),
        _scatter(epoch_ends, epoch_means, t("softmax_regression.figures.epoch_mean"),
                 "lines+markers", line={"color": CLASS_COLORS[0], "width": 3},
                 hovertemplate=(t("softmax_regression.figures.after_step") + " %{x}<br>"
                                + t("softmax_regression.figures.mean_l")
                                + " = %{y:.6f}<extra></extra>")),
    ]
    return _figure(data, t("softmax_regression.figures.loss_title"),
                   t("softmax_regression.figures.sgd_step"),
                   t("softmax_regression.figures.cross_entropy"))


def theta_paths(thetas, row_labels, col_labels) -> PlainFigure:
    """Every entry of theta after each step (x = 0 is the start).

    thetas : (n_steps + 1, n_rows, n_cols); one line per entry, coloured by its class (column),
    dashed for the bias row.
    """
    thetas = np.asarray(thetas, dtype=float)
    steps = np.arange(len(thetas))
    data = [
        _scatter(steps, thetas[:, i, j], f"{row}, {col}", "lines",
                 line={"color": class_color(j), "dash": "dash" if i == 0 else "solid"},
                 hovertemplate=(f"{row}, {col}<br>" + t("softmax_regression.figures.step")
                                + " %{x}: %{y:.6f}<extra></extra>"))
        for i, row in enumerate(row_labels) for j, col in enumerate(col_labels)
    ]
    return _figure(data, t("softmax_regression.figures.theta_title"),
                   t("softmax_regression.figures.sgd_step"),
                   t("softmax_regression.figures.value"))


def probability_curve(hours, proba, class_names, data_hours, data_y, new_hours, new_proba):
    """P(class | hours) over a range of hours, the training data, and the new inputs.

    hours : (n,), proba : (n, n_classes); data_hours, data_y : (m,) drawn at P = 1 on their class's
    curve; new_hours : (k,), new_proba : (k, n_classes) marked with diamonds.
    """
    data = []
    for c, name in enumerate(class_names):
        color = class_color(c)
        mask = np.asarray(data_y) == c
        data += [
            _scatter(hours, np.asarray(proba)[:, c], t("softmax_regression.p_class", name=name),
                     "lines", line={"color": color, "width": 3}),
            _scatter(np.asarray(data_hours)[mask], np.ones(mask.sum()),
                     t("softmax_regression.figures.data_class", name=name), "markers",
                     marker={"color": color, "size": 11, "symbol": "circle"}),
            _scatter(new_hours, np.asarray(new_proba)[:, c],
                     t("softmax_regression.figures.new_input", name=name), "markers",
                     marker={"color": color, "size": 13, "symbol": "diamond",
                             "line": {"color": "black", "width": 1}},
                     hovertemplate="%{x} h: %{y:.4f}<extra></extra>"),
        ]
    return _figure(data, t("softmax_regression.figures.proba_title"),
                   t("softmax_regression.figures.hours"),
                   t("softmax_regression.figures.probability"), y_range=[-0.05, 1.05])
