"""Figures of the training studio's results: confusion matrices, softmax bars, pinned runs.

The live curves and decision regions are ECharts options (live_charts.py), which update in place.
Pure builders: arrays in, a figure out (ui/figures/plain.py; a confusion matrix: a shaded table,
ui.styled_table).
Colours come from palette.py, one per class. Their words come from the catalogue ([studio.fig]),
in English outside a Streamlit run.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ui.figures.legend import BOTTOM
from ui.figures.palette import POSITIVE, class_color, mix
from ui.figures.plain import PlainFigure, figure
from ui.format import distinct, figure_text, log_scale, log_ticks, plain_names
from ui.i18n import t
from ui.styled_table import StyledTable

MAX_PINNED = 4
MAX_RUNS = 6  # a sweep's runs on one plot
RUN_LABEL_LENGTH = 160  # a run's label: the data's name and every setting
GRID_COLOR = "#E5E5E5"
AXIS = dict(gridcolor=GRID_COLOR, zerolinecolor=GRID_COLOR)


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


def confusion_table(
    cm: np.ndarray, class_names: Sequence[str], normalized: bool = False
) -> StyledTable:
    """A confusion matrix as a shaded table, numbers written in: rows true class, columns predicted.

    cm : (n_classes, n_classes), counts or row-normalised shares. A table, not a heatmap: the
    numbers are what a student reads, and a plotly figure costs every open browser ~0.25 s to
    draw.
    """
    cm = np.asarray(cm)
    names = plain_names(class_names)  # st.table reads its index and headers as Markdown
    table = pd.DataFrame(cm, index=pd.Index(names, name=t("studio.fig.true_predicted")),
                         columns=names)
    top = 1.0 if normalized else max(float(cm.max()), 1.0)

    def shade(value: float) -> str:
        amount = float(value) / top  # white for none, the full colour for the most
        ink = "white" if amount > 0.5 else "black"
        return f"background-color: {mix(POSITIVE, amount)}; color: {ink}"

    write = "{:.2f}".format if normalized else "{:d}".format
    return StyledTable(table, [[write(v) for v in row] for row in cm.tolist()],
                       [[shade(v) for v in row] for row in cm.tolist()])


def proba_bars(proba: Sequence[float], class_names: Sequence[str]) -> PlainFigure:
    """The softmax output for one sample: one bar per class, the exact value on hover."""
    proba = np.asarray(proba, dtype=np.float64)
    names = [figure_text(name) for name in distinct(class_names)]
    bars = dict(type="bar",
        x=names, y=proba.tolist(), marker_color=[class_color(c) for c in range(len(names))],
        text=[f"{p:.4f}" for p in proba], textposition="outside",
        hovertemplate="%{x}: %{y:.6g}<extra></extra>",
    )
    return figure([bars], _layout(t("studio.fig.title_softmax"), t("studio.fig.class"),
                                  t("studio.fig.probability"), 280,
                                  yaxis=dict(range=[0, 1.1])))


def pinned_figure(
        runs: Sequence[tuple[str, Sequence[float], Sequence[float] | None]]) -> PlainFigure:
    """Loss curves of up to four pinned runs: (legend label, train loss, test loss) each."""
    if len(runs) > MAX_PINNED:
        raise ValueError(f"runs must hold at most {MAX_PINNED} runs, got {len(runs)}.")
    return runs_figure(runs, t("studio.fig.title_pinned"))


def runs_figure(runs: Sequence[tuple[str, Sequence[float], Sequence[float] | None]], title: str,
                metric: str = "loss") -> PlainFigure:
    """Curves of several runs on one plot (pinned runs, a sweep): (legend label, train values,
    test values) each, of the loss or of a score ("accuracy", "r2").

    One colour per run; train solid, test dashed. The loss axis is logarithmic when the losses
    span decades (format.log_scale): beside a diverged run's 1e+32, every other run would lie
    flat on zero.
    """
    if len(runs) > MAX_RUNS:
        raise ValueError(f"runs must hold at most {MAX_RUNS} runs, got {len(runs)}.")
    traces = []
    epoch, value = t("studio.fig.epoch"), t(f"studio.fig.{metric}")
    for k, (label, train, test) in enumerate(runs):
        for key, values, dash in (("train", train, "solid"), ("test", test, "dash")):
            if values is None or len(values) == 0:
                continue
            name = t(f"studio.fig.{key}")
            shown = figure_text(label, RUN_LABEL_LENGTH)  # it names the user's data
            traces.append(dict(type="scatter",
                x=list(range(1, len(values) + 1)), y=[float(v) for v in values],
                mode="lines", name=f"#{k + 1} {name}: {shown}", legendgroup=str(k),
                line=dict(color=class_color(k), dash=dash),
                hovertemplate=f"#{k + 1} {name}<br>{epoch} %{{x}}<br>{value} %{{y:.4g}}"
                "<extra></extra>",
            ))
    series = [part for _, *parts in runs for part in parts]
    log = metric == "loss" and log_scale(*series)
    # plotly's own log ticks label 0.5 as "5": powers of ten, written as the live curves write them.
    ticks = dict(zip(("tickvals", "ticktext"), log_ticks(*series), strict=True)) if log else {}
    layout = _layout(title, epoch, t("studio.fig.loss_log") if log else value, 380,
                     yaxis=dict(type="log", tickmode="array", **ticks) if log else {})
    layout["legend"] = dict(BOTTOM, orientation="v")  # clear of the "epoch" title, on a phone too
    return figure(traces, layout)
