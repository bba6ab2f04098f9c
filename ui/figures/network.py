"""The network diagram: units in columns, one edge per weight, one bias node per layer.

Edges are coloured by sign (palette) and drawn thicker for larger |w|; the bias of every unit is an
edge from a "+1" node, as the lecture writes it (row 0 of W is the biases, the input is [1, x]).
Hover a unit, an edge's midpoint or a bias node for the exact value.

Weights come in PyTorch's layout: weight (n_out, n_in) and bias (n_out,) per Linear layer
(mlp_core.anatomy.layers_of reads them out of a model).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ui.figures.palette import NEGATIVE, POSITIVE, sign_color
from ui.figures.plain import PlainFigure, figure
from ui.i18n import t

MAX_UNITS = 16  # units drawn per column; wider layers are cut and the figure says so
# Where along an edge its hover point sits. Not 0.5: crossing edges (x1->h2, x2->h1) share their
# midpoint. At 41/100 two edges meet only if 2 * (difference of source heights) is a multiple of 41,
# which never happens with columns under 20 units (heights are multiples of 0.5).
HOVER_AT = 0.41
WIDTH_LEVELS = 6  # edge thickness is bucketed so that a whole sign-and-width group is one trace
MIN_WIDTH, MAX_WIDTH = 0.6, 6.0
DENSE_UNITS = 8  # columns taller than this get thinner edges
UNIT_COLOR, BIAS_COLOR, OUTLINE = "#FFFFFF", "#E8E8E8", "#444444"


@dataclass(frozen=True)
class Edge:
    """One parameter of Linear layer `layer`: weight[target, source], or the bias if source = -1."""

    layer: int
    source: int
    target: int
    value: float

    @property
    def is_bias(self) -> bool:
        return self.source < 0


def edges_of(weights: Sequence, biases: Sequence) -> list[Edge]:
    """Every parameter as an Edge, layer by layer, biases first (row 0 of the lecture's W)."""
    _check(weights, biases)
    edges = []
    for layer, (w, b) in enumerate(zip(weights, biases, strict=True)):
        w, b = np.asarray(w), np.asarray(b)
        edges += [Edge(layer, -1, j, b[j].item()) for j in range(w.shape[0])]
        edges += [Edge(layer, i, j, w[j, i].item())
                  for j in range(w.shape[0]) for i in range(w.shape[1])]
    return edges


def edge_width(magnitude: float, largest: float, units: int = 1) -> float:
    """Line width for |w| = magnitude, on WIDTH_LEVELS steps from MIN_WIDTH up.

    The thickest line is MAX_WIDTH up to DENSE_UNITS units per column, thinner for taller columns
    (half as thick at 16), so that a dense drawing stays a web and not a blot.
    """
    if largest <= 0:
        return MIN_WIDTH
    top = MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * min(1.0, DENSE_UNITS / max(units, 1))
    level = round(WIDTH_LEVELS * min(abs(magnitude) / largest, 1.0))
    return round(MIN_WIDTH + (top - MIN_WIDTH) * level / WIDTH_LEVELS, 6)


def exact(value: float) -> str:
    """The shortest text that reads back as the same float32 (what the model stores)."""
    return str(np.float32(value))


def column_labels(sizes: Sequence[int], activations: Sequence[str | None]) -> list[str]:
    """Column headings: Input (n), Hidden k (n) · act, Output (n) · act."""
    labels = [t("anatomy.fig_input", n=sizes[0])]
    for k, (n, act) in enumerate(zip(sizes[1:], activations, strict=True), start=1):
        label = (t("anatomy.fig_output", n=n) if k == len(sizes) - 1
                 else t("anatomy.fig_hidden", k=k, n=n))
        labels.append(label + (f" · {act}" if act else ""))
    return labels


def network_figure(
    weights: Sequence,
    biases: Sequence,
    activations: Sequence[str | None] | None = None,
    max_units: int = MAX_UNITS,
) -> PlainFigure:
    """The network drawn from its parameters.

    weights : list of (n_out, n_in) arrays, one per Linear layer (PyTorch layout)
    biases : list of (n_out,) arrays
    activations : the activation after each layer, e.g. ["ReLU", None]; None draws no label
    """
    if max_units < 1:
        raise ValueError(f"max_units must be >= 1, got {max_units}.")
    _check(weights, biases)
    activations = list(activations) if activations is not None else [None] * len(weights)
    if len(activations) != len(weights):
        raise ValueError(f"activations must have {len(weights)} entries, got {len(activations)}.")
    sizes = [np.shape(weights[0])[1]] + [np.shape(w)[0] for w in weights]
    shown = [min(n, max_units) for n in sizes]
    top = max(shown) / 2 + 0.5
    unit_xy = [[(float(c), (n - 1) / 2 - r) for r in range(n)] for c, n in enumerate(shown)]
    bias_xy = [(c + 0.5, top) for c in range(len(weights))]

    edges = [e for e in edges_of(weights, biases)
             if e.target < shown[e.layer + 1] and e.source < shown[e.layer]]
    largest = max((abs(e.value) for e in edges), default=0.0)

    def ends(e: Edge):
        start = bias_xy[e.layer] if e.is_bias else unit_xy[e.layer][e.source]
        return start, unit_xy[e.layer + 1][e.target]

    # One trace per (sign, width) group: a 10-16-16-16-16-10 net has ~1,100 edges, too many traces.
    groups: dict[tuple[str, float], list[Edge]] = {}
    for e in edges:
        style = (sign_color(e.value), edge_width(e.value, largest, max(shown)))
        groups.setdefault(style, []).append(e)
    # The legend always names both signs, even when one of them is absent from the drawing.
    sign_names = {POSITIVE: t("anatomy.fig_positive"), NEGATIVE: t("anatomy.fig_negative")}
    traces = [{"type": "scatter", "x": [None], "y": [None], "mode": "lines", "name": name,
               "line": {"color": color, "width": 4}, "meta": {"kind": "legend"}}
              for color, name in sign_names.items()]
    for (color, width), group in sorted(groups.items(), key=lambda kv: kv[0][1]):
        # NaN breaks the line between segments.
        segments = np.array([[*ends(e), (np.nan, np.nan)] for e in group]).reshape(-1, 2)
        traces.append({
            "type": "scatter", "x": segments[:, 0], "y": segments[:, 1], "mode": "lines",
            "line": {"color": color, "width": width}, "hoverinfo": "skip", "showlegend": False,
            "name": sign_names[color],
            "meta": {"kind": "edges", "width": width},
        })

    # Lines cannot carry a hover per segment, so each edge gets an invisible marker on it.
    starts, stops = np.array([ends(e) for e in edges]).reshape(-1, 2, 2).transpose(1, 0, 2)
    mids = starts + HOVER_AT * (stops - starts)
    traces.append({
        "type": "scatter", "x": mids[:, 0], "y": mids[:, 1], "mode": "markers",
        "marker": {"size": 9, "color": "rgba(0,0,0,0)"}, "showlegend": False,
        "name": "edge values", "meta": {"kind": "edge values"}, "hoverinfo": "text",
        "customdata": np.array([[e.layer, e.source, e.target, e.value] for e in edges]),
        "hovertext": [_edge_text(e, sizes) for e in edges],
    })

    units = [(c, r) for c, n in enumerate(shown) for r in range(n)]
    traces.append({
        "type": "scatter", "x": np.array([unit_xy[c][r][0] for c, r in units]),
        "y": np.array([unit_xy[c][r][1] for c, r in units]), "mode": "markers+text",
        "text": [_unit_name(c, r, len(sizes)) for c, r in units], "textfont": {"size": 10},
        "hovertext": [_unit_text(c, r, sizes, biases) for c, r in units], "hoverinfo": "text",
        "showlegend": False, "name": "units", "meta": {"kind": "units"},
        "marker": {"size": 26, "color": UNIT_COLOR, "line": {"color": OUTLINE, "width": 1.5}},
    })
    traces.append({
        "type": "scatter", "x": np.array([x for x, _ in bias_xy]),
        "y": np.array([y for _, y in bias_xy]), "mode": "markers+text",
        "text": ["+1"] * len(bias_xy), "textfont": {"size": 10}, "showlegend": False,
        "hovertext": [t("anatomy.fig_bias_node", k=k + 1) for k in range(len(bias_xy))],
        "hoverinfo": "text", "name": "bias nodes", "meta": {"kind": "bias nodes"},
        "marker": {"size": 24, "symbol": "square", "color": BIAS_COLOR,
                   "line": {"color": OUTLINE, "width": 1}},
    })

    notes = [{"x": c, "y": top + 0.9, "text": label, "showarrow": False, "font": {"size": 12}}
             for c, label in enumerate(column_labels(sizes, activations))]
    notes += [{"x": c, "y": -top - 0.1, "showarrow": False, "font": {"size": 11},
               "text": t("anatomy.fig_cut", shown=m, n=n)}
              for c, (n, m) in enumerate(zip(sizes, shown, strict=True)) if n > m]
    layout = {
        "height": max(360, int(140 + 36 * max(shown))),
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},  # t: room for plotly's toolbar
        "plot_bgcolor": "white", "hovermode": "closest", "annotations": notes,
        "legend": {"orientation": "h", "y": -0.02, "title": {"text": t("anatomy.fig_sign")}},
        "xaxis": {"visible": False, "range": [-0.5, len(sizes) - 0.5]},
        "yaxis": {"visible": False, "range": [-top - 0.5, top + 1.3]},
    }
    # Unvalidated (ui/figures/plain.py): validation costs ~30 ms even for a 2-2-1 net; the spec is
    # plain data checked once in the tests (tests/test_figures_network.py).
    return figure(traces, layout)


def _check(weights: Sequence, biases: Sequence) -> None:
    if len(weights) == 0:
        raise ValueError("weights must hold at least one layer, got 0.")
    if len(biases) != len(weights):
        raise ValueError(f"biases must have {len(weights)} entries, got {len(biases)}.")
    n_in = np.shape(weights[0])[-1]
    for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
        if np.ndim(w) != 2 or np.shape(w)[1] != n_in:
            raise ValueError(f"weights[{k}] must have shape (n_out, {n_in}), got {np.shape(w)}.")
        if np.shape(b) != (np.shape(w)[0],):
            raise ValueError(f"biases[{k}] must have shape ({np.shape(w)[0]},), got {np.shape(b)}.")
        n_in = np.shape(w)[0]


def _unit_name(column: int, row: int, n_columns: int) -> str:
    if column == 0:
        return f"x{row + 1}"
    return f"y{row + 1}" if column == n_columns - 1 else f"h{row + 1}"


def _unit_text(column: int, row: int, sizes: Sequence[int], biases: Sequence) -> str:
    name = _unit_name(column, row, len(sizes))
    if column == 0:
        return t("anatomy.fig_input_unit", name=name)
    b = exact(np.asarray(biases[column - 1])[row])
    if column == len(sizes) - 1:
        return t("anatomy.fig_output_unit", name=name, b=b)
    return t("anatomy.fig_hidden_unit", k=column, name=name, b=b)


def _edge_text(e: Edge, sizes: Sequence[int]) -> str:
    target = _unit_name(e.layer + 1, e.target, len(sizes))
    if e.is_bias:
        return t("anatomy.fig_bias_edge", k=e.layer + 1, target=target, b=exact(e.value))
    source = _unit_name(e.layer, e.source, len(sizes))
    return t("anatomy.fig_weight_edge", k=e.layer + 1, source=source, target=target,
             w=exact(e.value))
