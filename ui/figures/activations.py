"""Figures for activations and losses: a function with its derivative, and gradients as bars."""

import numpy as np

from mlp_core.activations_losses import coinciding
from ui.figures.legend import ABOVE
from ui.figures.palette import sign_color
from ui.figures.plain import PlainFigure, figure
from ui.format import fmt
from ui.i18n import t

CURVE = "#333333"
SLOPE = "#999999"
MARK = "#000000"


def _line(x, y, name: str, color: str, width: float, dash: str = "solid") -> dict:
    return {"type": "scatter", "x": x, "y": y, "name": name, "mode": "lines",
            "line": {"color": color, "width": width, "dash": dash}}


def _points(x, y, name: str, marker: dict) -> dict:
    return {"type": "scatter", "x": list(x), "y": list(y), "name": name, "mode": "markers",
            "marker": marker, "text": [fmt(v) for v in y],
            "hovertemplate": "%{x}: %{text}<extra></extra>"}


# Figures here are built from plain dicts and not validated (ui/figures/plain.py): plotly's
# validation costs more than the rest, which shows when a page reruns on every widget change.
def curve_figure(xs, f, df, f_name: str, df_name: str, points_x=(), points_f=(), points_df=(),
                 x_title: str = "z") -> PlainFigure:
    """f and its derivative df over xs : (n,), with chosen points marked on both curves."""
    data = [_line(xs, f, f_name, CURVE, 3), _line(xs, df, df_name, SLOPE, 2, "dash")]
    if len(points_x):
        data.append(_points(points_x, points_f, t("activations.fig_at_input", name=f_name),
                            {"color": MARK, "size": 11}))
        data.append(_points(points_x, points_df, t("activations.fig_at_input", name=df_name),
                            {"color": SLOPE, "size": 9, "line": {"color": MARK, "width": 1}}))
    layout = {"xaxis": {"title": {"text": x_title}}, "height": 360, "margin": {"t": 30, "b": 40},
              "legend": ABOVE}
    return figure(data, layout)


def gradient_bars(grad, names=None, title: str = "dL/dz") -> PlainFigure:
    """One bar per component of grad : (n,), coloured by sign."""
    grad = np.atleast_1d(np.asarray(grad, dtype=float))
    names = list(names) if names is not None else [f"z{i}" for i in range(len(grad))]
    top = max(1e-9, float(np.max(np.abs(grad))))
    bar = {"type": "bar", "x": names, "y": grad, "text": [fmt(g) for g in grad],
           "textposition": "outside", "marker": {"color": [sign_color(g) for g in grad]},
           "hovertemplate": "%{x}: %{y:.10f}<extra></extra>"}
    layout = {"title": {"text": title}, "yaxis": {"range": [-1.25 * top, 1.25 * top]},
              "height": 300, "margin": {"t": 40, "b": 30}, "showlegend": False}
    return figure([bar], layout)


DASHES = ("solid", "dash", "dot")


def comparison_figure(zs, curves: dict, z: float, values: dict,
                      labels: dict | None = None) -> PlainFigure:
    """Each loss's L and dL/dz over zs : (n,) side by side; the current z marked on every curve.

    curves: name -> (L : (n,), dL : (n,)); values: name -> (L, dL) at z; labels: name -> how the
    legend and hover call it (default: the name). The losses are told apart by dash, not colour,
    because colour already means sign or class in this app.
    """
    labels = labels or {}
    # Two panels by hand (axes x/y and x2/y2), built as one dict: make_subplots and repeated
    # update_layout calls cost more than the rest of the page.
    data = []
    # Losses whose curves coincide are one curve named by all of them ("BCE = cross-entropy"):
    # a second line drawn exactly under the first would be a legend entry with nothing to see.
    groups = {group[0]: group for group in coinciding(curves)}
    for (name, (L, dL)), dash in zip(curves.items(), DASHES, strict=False):
        if name not in groups:
            continue
        shown = " = ".join(labels.get(n, n) for n in groups[name])
        for axis, ys in (("", L), ("2", dL)):
            data.append({"type": "scatter", "x": zs, "y": ys, "name": shown,
                         "legendgroup": name,
                         "showlegend": not axis, "mode": "lines", "xaxis": f"x{axis}",
                         "yaxis": f"y{axis}",
                         "line": {"color": CURVE, "dash": dash, "width": 2.5}})
    for i, axis in enumerate(("", "2")):
        ys = [v[i] for v in values.values()]
        data.append({"type": "scatter", "x": [z] * len(ys), "y": ys,
                     "name": t("activations.fig_your_z"),
                     "showlegend": not axis, "mode": "markers", "xaxis": f"x{axis}",
                     "yaxis": f"y{axis}", "marker": {"color": MARK, "size": 9},
                     "text": [f"{labels.get(n, n)}: {fmt(v)}"
                              for n, v in zip(values, ys, strict=True)],
                     "hovertemplate": "%{text}<extra></extra>"})
    layout = {
        "height": 360, "margin": {"t": 40, "b": 40}, "legend": ABOVE,
        "xaxis": {"domain": [0, 0.46], "title": {"text": "z"}},
        "xaxis2": {"domain": [0.54, 1], "title": {"text": "z"}},
        "yaxis": {"title": {"text": "L"}}, "yaxis2": {"anchor": "x2", "title": {"text": "dL/dz"}},
    }
    fig = figure(data, layout)
    return fig
