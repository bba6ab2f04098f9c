"""Figures of the training studio: curves, decision regions, confusion matrices, softmax bars.

Pure builders: arrays in, go.Figure out (a confusion matrix: a shaded table, a pandas Styler).
Colours come from palette.py, one per class. Their words come from the catalogue ([studio.fig]),
in English outside a Streamlit run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from ui.figures.palette import CLASS_COLORS, NEGATIVE, POSITIVE, class_color
from ui.i18n import t

TRAIN_COLOR, TEST_COLOR = POSITIVE, NEGATIVE
MAX_PINNED = 4
# Lightness of a class colour at the least and the most confident grid point (0 = white).
PALE, STRONG = 0.12, 0.6
CURVE_HEIGHT, REGION_HEIGHT = 300, 480
GRID_COLOR = "#E5E5E5"
AXIS = dict(gridcolor=GRID_COLOR, zerolinecolor=GRID_COLOR)
# The curves figure's two x domains; each figure gets lists of its own (plotly writes into them).
LOSS_PANEL, ACCURACY_PANEL = (0.0, 0.45), (0.55, 1.0)


@dataclass(frozen=True)
class PointSet:
    """Samples drawn on the regions: two chosen feature columns, labels, which are wrong.

    xy : (n, 2); y : (n,) class indices; wrong : (n,) bool, True where the model errs
    """

    xy: np.ndarray
    y: np.ndarray
    wrong: np.ndarray


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    """A figure from trace and layout dicts, without plotly's per-property validation.

    Validation costs ~1 ms per array and ~10 ms per figure, more than the rest of a live refresh;
    these builders only emit known properties, and tests/test_figures_training.py rebuilds every
    figure with validation on to prove it.
    """
    return go.Figure(traces, layout, _validate=False)


def _layout(title: str, x_title: str, y_title: str, height: int, **extra) -> dict:
    """A layout built in one go; updating a figure afterwards costs plotly ~10 ms per call."""
    return dict(
        title=dict(text=title), height=height, margin=dict(l=10, r=10, t=40, b=10),
        xaxis=dict(AXIS, title=dict(text=x_title)) | extra.pop("xaxis", {}),
        yaxis=dict(AXIS, title=dict(text=y_title)) | extra.pop("yaxis", {}),
        legend=dict(orientation="h", y=-0.25), plot_bgcolor="white",
        # No named template: copying one costs ~4 ms a figure, and Streamlit's theme restyles
        # the chart anyway. uirevision keeps the user's zoom while the data refreshes.
        template="none", uirevision="keep", **extra,
    )


def curves_figure(
    train_loss: Sequence[float], test_loss: Sequence[float] | None,
    train_acc: Sequence[float], test_acc: Sequence[float] | None,
) -> go.Figure:
    """Loss (left panel) and accuracy (right) against the epoch (1, 2, ...); hover shows the value.

    One figure with two panels rather than two figures: each plotly figure costs every open browser
    a fixed share of a redraw (~0.25 s of Chromium per Train for the second one, measured), and a
    class redraws together.
    """
    traces, epoch = [], t("studio.fig.epoch")
    panels = (("loss", train_loss, test_loss, "x", "y"),
              ("accuracy", train_acc, test_acc, "x2", "y2"))
    for quantity, train, test, xaxis, yaxis in panels:
        for part, values, color in (("train", train, TRAIN_COLOR), ("test", test, TEST_COLOR)):
            if values is None or len(values) == 0:
                continue
            name = t(f"studio.fig.{part}_{quantity}")
            # Plain lists: plotly base64-encodes every numpy array, which costs more for short ones.
            traces.append(dict(type="scatter", xaxis=xaxis, yaxis=yaxis,
                x=list(range(1, len(values) + 1)), y=[float(v) for v in values],
                name=name,
                mode="lines+markers" if len(values) < 60 else "lines",
                line=dict(color=color), marker=dict(size=4),
                hovertemplate=f"{epoch} %{{x}}<br>{name} %{{y:.6g}}<extra></extra>",
            ))
    # Each panel's title over its middle, in the figure's font (presenter mode enlarges it).
    titles = [dict(text=f"<b>{t(f'studio.fig.title_{q}')}</b>", x=sum(panel) / 2, xref="paper",
                   y=1, yref="paper", xanchor="center", yanchor="bottom", showarrow=False)
              for q, panel in (("loss", LOSS_PANEL), ("accuracy", ACCURACY_PANEL))]
    return _figure(traces, _layout(
        "", epoch, t("studio.fig.loss"), CURVE_HEIGHT,
        xaxis=dict(domain=list(LOSS_PANEL)), yaxis=dict(anchor="x"),
        xaxis2=dict(AXIS, domain=list(ACCURACY_PANEL), anchor="y2", title=dict(text=epoch)),
        yaxis2=dict(AXIS, anchor="x2", range=[0, 1.02], title=dict(text=t("studio.fig.accuracy"))),
        annotations=titles,
    ))


def _mix(color: str, amount: float) -> str:
    """`color` (#rrggbb) mixed with white: amount 0 is white, 1 the colour itself."""
    rgb = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)
    r, g, b = np.round(255 + amount * (rgb - 255)).astype(int)
    return f"rgb({r},{g},{b})"


def region_scale(n_classes: int) -> list[list]:
    """A colour scale over [0, n_classes]: band c runs from pale to strong class-c colour."""
    scale = []
    for c in range(n_classes):
        color = CLASS_COLORS[c % len(CLASS_COLORS)]
        scale += [[c / n_classes, _mix(color, PALE)], [(c + 1) / n_classes, _mix(color, STRONG)]]
    return scale


def region_shading(proba: np.ndarray, discrete: bool = False) -> np.ndarray:
    """Winning class plus its confidence, the value the region heatmap colours.

    proba : (ny, nx, n_classes) -> (ny, nx) float32 in [c, c + 1) for winning class c; the
    fraction is (p_max - 1/C) / (1 - 1/C) (0 = a coin toss, 1 = certain), or 0.5 when discrete.
    """
    proba = np.asarray(proba, dtype=np.float64)
    n_classes = proba.shape[-1]
    winner = proba.argmax(axis=-1)
    if discrete:
        confidence = np.full(winner.shape, 0.5)
    else:
        chance = 1.0 / n_classes
        confidence = (proba.max(axis=-1) - chance) / (1.0 - chance)
    # Kept below 1 so a certain point stays in its own class's band of the colour scale.
    return (winner + np.clip(confidence, 0.0, 0.999)).astype(np.float32)


def regions_figure(
    xs: np.ndarray,
    ys: np.ndarray,
    proba: np.ndarray,
    train: PointSet,
    test: PointSet | None,
    class_names: Sequence[str],
    axis_names: tuple[str, str],
    discrete: bool = False,
) -> go.Figure:
    """Decision regions shaded by the winning class's probability, with the samples on top.

    xs : (nx,); ys : (ny,); proba : (ny, nx, n_classes). Train points filled, test points
    hollow; misclassified points (train or test) circled in black.
    """
    n_classes = len(class_names)
    if proba.shape != (len(ys), len(xs), n_classes):
        raise ValueError(
            f"proba must have shape ({len(ys)}, {len(xs)}, {n_classes}), got {proba.shape}."
        )
    # The grid goes as two big float32 arrays (z, customdata), the short axes and points as lists.
    traces = [dict(type="heatmap",
        x=np.asarray(xs).tolist(), y=np.asarray(ys).tolist(), z=region_shading(proba, discrete),
        zmin=0, zmax=n_classes,
        colorscale=region_scale(n_classes), showscale=False, name=t("studio.fig.regions"),
        customdata=proba.max(axis=-1).astype(np.float32),
        hovertemplate=f"(%{{x:.3f}}, %{{y:.3f}})<br>{t('studio.fig.p_winner')} "
        "%{customdata:.4f}<extra></extra>",
    )]
    for key, points, symbol in (("train", train, "circle"), ("test", test, "circle-open")):
        if points is None:
            continue
        part = t(f"studio.fig.{key}")
        for c in range(n_classes):
            mine = points.y == c
            if not mine.any():
                continue
            traces.append(dict(type="scatter",
                x=points.xy[mine, 0].tolist(), y=points.xy[mine, 1].tolist(), mode="markers",
                name=t("studio.fig.class_part", name=class_names[c], part=part),
                legendgroup=str(c),
                marker=dict(color=class_color(c), symbol=symbol, size=7,
                            line=dict(width=1.5 if key == "test" else 0.5,
                                      color=class_color(c) if key == "test" else "white")),
                hovertemplate=f"{part}: {class_names[c]}<br>(%{{x:.3f}}, %{{y:.3f}})"
                "<extra></extra>",
            ))
    wrong = [p.xy[p.wrong] for p in (train, test) if p is not None and p.wrong.any()]
    if wrong:
        wrong_xy = np.concatenate(wrong)
        traces.append(dict(type="scatter",
            x=wrong_xy[:, 0].tolist(), y=wrong_xy[:, 1].tolist(), mode="markers",
            name=t("studio.fig.misclassified"),
            marker=dict(symbol="circle-open", size=13, color="black", line=dict(width=2)),
            hoverinfo="skip",
        ))
    return _figure(traces, _layout(
        t("studio.fig.title_regions"), axis_names[0], axis_names[1], REGION_HEIGHT,
        xaxis=dict(range=[float(xs[0]), float(xs[-1])], constrain="domain"),
        yaxis=dict(range=[float(ys[0]), float(ys[-1])], scaleanchor="x", scaleratio=1),
    ))


def confusion_table(
    cm: np.ndarray, class_names: Sequence[str], normalized: bool = False
) -> Styler:
    """A confusion matrix as a shaded table, numbers written in: rows true class, columns predicted.

    cm : (n_classes, n_classes), counts or row-normalised shares. A table, not a heatmap: the
    numbers are what a student reads, and a plotly figure costs every open browser ~0.25 s to
    draw (measured: one Train's browser CPU 1.5 -> 1.1 s with both matrices as tables).
    """
    cm = np.asarray(cm)
    names = [str(c) for c in class_names]
    table = pd.DataFrame(cm, index=pd.Index(names, name=t("studio.fig.true_predicted")),
                         columns=names)
    top = 1.0 if normalized else max(float(cm.max()), 1.0)

    def shade(value: float) -> str:
        amount = float(value) / top  # white for none, the full colour for the most
        ink = "white" if amount > 0.5 else "black"
        return f"background-color: {_mix(POSITIVE, amount)}; color: {ink}"

    return table.style.map(shade).format("{:.2f}" if normalized else "{:d}")


def proba_bars(proba: Sequence[float], class_names: Sequence[str]) -> go.Figure:
    """The softmax output for one sample: one bar per class, the exact value on hover."""
    proba = np.asarray(proba, dtype=np.float64)
    names = [str(c) for c in class_names]
    bars = dict(type="bar",
        x=names, y=proba.tolist(), marker_color=[class_color(c) for c in range(len(names))],
        text=[f"{p:.4f}" for p in proba], textposition="outside",
        hovertemplate="%{x}: %{y:.6g}<extra></extra>",
    )
    return _figure([bars], _layout(t("studio.fig.title_softmax"), t("studio.fig.class"),
                                   t("studio.fig.probability"), 280,
                                   yaxis=dict(range=[0, 1.1])))


def pinned_figure(runs: Sequence[tuple[str, Sequence[float], Sequence[float] | None]]) -> go.Figure:
    """Loss curves of up to four pinned runs: (legend label, train loss, test loss) each.

    One colour per run; train loss solid, test loss dashed.
    """
    if len(runs) > MAX_PINNED:
        raise ValueError(f"runs must hold at most {MAX_PINNED} runs, got {len(runs)}.")
    traces = []
    epoch, loss = t("studio.fig.epoch"), t("studio.fig.loss")
    for k, (label, train, test) in enumerate(runs):
        for key, values, dash in (("train", train, "solid"), ("test", test, "dash")):
            if values is None or len(values) == 0:
                continue
            name = t(f"studio.fig.{key}")
            traces.append(dict(type="scatter",
                x=list(range(1, len(values) + 1)), y=[float(v) for v in values],
                mode="lines", name=f"#{k + 1} {name}: {label}", legendgroup=str(k),
                line=dict(color=class_color(k), dash=dash),
                hovertemplate=f"#{k + 1} {name}<br>{epoch} %{{x}}<br>{loss} %{{y:.6g}}"
                "<extra></extra>",
            ))
    layout = _layout(t("studio.fig.title_pinned"), epoch, loss, 380)
    layout["legend"] = dict(orientation="v", y=-0.2, yanchor="top")
    return _figure(traces, layout)
