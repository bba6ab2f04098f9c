"""Figures of one sigmoid neuron: the curve sigma(z) with its derivative, and the Hours/Pass fit.

Their words (legend names, axis titles) come from the catalogue, in the session's language.

Built from plain dicts and not validated (ui/figures/plain.py): plotly's validation costs more
than the rest, which shows when the page reruns on every slider move.
"""

import numpy as np

from ui.figures.legend import ABOVE
from ui.figures.palette import class_color
from ui.figures.plain import PlainFigure, figure
from ui.format import fmt
from ui.i18n import t

CURVE = "#333333"  # f: a dark neutral, so the class and sign colours keep their meaning
SLOPE = "#999999"  # f': lighter and dashed, read as "the helper curve"
MARK = "#000000"


def _scatter(x, y, name: str, mode: str, **style) -> dict:
    return {"type": "scatter", "x": x, "y": y, "name": name, "mode": mode, **style}


def sigmoid_figure(zs, s, ds, z: float, s_z: float, ds_z: float) -> PlainFigure:
    """sigma and sigma' over zs : (n,), with the current z marked on both curves."""
    data = [
        _scatter(zs, s, "σ(z)", "lines", line={"color": CURVE, "width": 3}),
        _scatter(zs, ds, "σ'(z) = σ(z)(1 − σ(z))", "lines",
                 line={"color": SLOPE, "width": 2, "dash": "dash"}),
        _scatter([z], [s_z], t("sigmoid.figure.at_z"), "markers+text",
                 marker={"color": MARK, "size": 12},
                 text=[f"σ({fmt(z)}) = {fmt(s_z)}"], textposition="top left"),
        _scatter([z], [ds_z], t("sigmoid.figure.slope_at_z"), "markers+text",
                 marker={"color": SLOPE, "size": 10, "line": {"color": MARK, "width": 1}},
                 text=[f"σ' = {fmt(ds_z)}"], textposition="bottom right"),
    ]
    layout = {"xaxis": {"title": {"text": "z = wx + b"}},
              "yaxis": {"title": {"text": t("sigmoid.figure.value")}, "range": [-0.05, 1.08]},
              "height": 380, "margin": {"t": 30, "b": 40}, "legend": ABOVE}
    return figure(data, layout)


def hours_figure(hours, labels, curve_hours, curve_p, boundary: float | None,
                 x: float | None = None, p_x: float | None = None) -> PlainFigure:
    """The data (hours : (n,), labels : (n,) in {0, 1}), P(pass) over curve_hours : (m,),
    the 0.5 threshold and the decision boundary x = -b/w (None: no boundary, w = 0)."""
    hours, labels = np.asarray(hours, dtype=float), np.asarray(labels, dtype=int)
    data = [_scatter(curve_hours, curve_p, t("sigmoid.figure.curve"), "lines",
                     line={"color": CURVE, "width": 3})]
    for c in (0, 1):
        rows = labels == c
        data.append(_scatter(hours[rows], labels[rows].astype(float),
                             t("sigmoid.figure.pass_class", c=c), "markers",
                             marker={"color": class_color(c), "size": 13,
                                     "symbol": "circle" if c else "square"}))
    lo, hi = float(np.min(curve_hours)), float(np.max(curve_hours))
    data.append(_scatter([lo, hi], [0.5, 0.5], t("sigmoid.figure.threshold"), "lines",
                         line={"color": SLOPE, "dash": "dot"}))
    if boundary is not None and lo <= boundary <= hi:
        data.append(_scatter([boundary, boundary], [0, 1],
                             t("sigmoid.figure.boundary", x=fmt(boundary)), "lines",
                             line={"color": MARK, "dash": "dash", "width": 2}))
    if x is not None and p_x is not None:
        data.append(_scatter([x], [p_x], t("sigmoid.figure.your_input"), "markers",
                             marker={"color": MARK, "size": 11, "symbol": "x"}))
    layout = {"xaxis": {"title": {"text": t("sigmoid.columns.hours")}},
              "yaxis": {"title": {"text": t("sigmoid.columns.p_pass")}, "range": [-0.08, 1.08]},
              "height": 380, "margin": {"t": 30, "b": 40}, "legend": ABOVE}
    return figure(data, layout)
