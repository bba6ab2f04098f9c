"""Figures of class probabilities: one bar per class in the class palette."""

import numpy as np

from ui.figures.palette import class_color
from ui.figures.plain import PlainFigure, figure
from ui.format import fmt
from ui.i18n import t


def probability_bars(probs, true_class: int | None = None,
                     title: str = "ŷ = softmax(z)") -> PlainFigure:
    """One bar per class (probs : (n_classes,)), coloured by class; the true class outlined."""
    probs = np.asarray(probs, dtype=float)
    n = len(probs)
    bar = {
        "type": "bar", "x": [t("softmax.figure.class_name", i=i) for i in range(n)], "y": probs,
        "text": [fmt(p) for p in probs], "textposition": "outside",
        "marker": {"color": [class_color(i) for i in range(n)],
                   "line": {"color": "#000000",
                            "width": [3 if i == true_class else 0 for i in range(n)]}},
        "hovertemplate": "%{x}: %{y:.10f}<extra></extra>",
    }
    layout = {"title": {"text": title},
              "yaxis": {"title": {"text": t("softmax.figure.probability")}, "range": [0, 1.12]},
              "height": 340, "margin": {"t": 40, "b": 30}, "showlegend": False}
    return figure([bar], layout)
