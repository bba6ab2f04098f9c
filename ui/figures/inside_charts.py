"""The network, inside: every unit a node, every weight a link, every unit's map over the plane.

As in TensorFlow Playground: links coloured by sign and drawn thicker for larger |w|; each bias a
link from the "+1" node above its layer's inputs (row 0 of the lecture's W); each hidden and
output unit drawn as a small picture of its activation over the regions' plane. Hidden units are
shaded by sign (palette), from white at 0 to full colour at the layer's largest |activation|, so a
unit that is off everywhere shows blank; output units in their class's colour by probability.

Pure builders: arrays in, an ECharts option out. The graph sits on hidden value axes (one column
per layer), so presenter.echart can grow its text like any other chart's. The pictures travel as
small PNGs (live_charts.png_data_url), one per unit.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mlp_core.anatomy import NEAR_ZERO, near_zero
from ui.figures.live_charts import PointSet, png_data_url, regions_chart
from ui.figures.palette import NEGATIVE, POSITIVE, class_color, rgb
from ui.i18n import t

THUMB_RESOLUTION = 25  # grid points per side of a unit's thumbnail
MAP_HEIGHT = 480  # px, the selected unit's large map (the regions' height)
MAX_NODE, MIN_NODE = 44, 10  # px, a unit's picture on the diagram
ROW_PX = 52  # px of height a unit wants in its column
MIN_HEIGHT, MAX_HEIGHT = 360, 900  # px, the diagram's height
MIN_LINK, MAX_LINK = 0.4, 5.0  # px, the thinnest and thickest link
# A weight driven to zero (L1) is all but gone: drawn faint and dashed (1 px, so the dashes
# show), and counted below.
FAINT = dict(type="dashed", opacity=0.4, width=1)
LABELLED_UNITS = 16  # a column taller than this has no unit labels: they would overlap
INPUT_COLOR, BIAS_COLOR, OUTLINE = "#FFFFFF", "#E8E8E8", "#444444"
GRID_LINE = "#9E9E9E"  # the warped plane's lines in a hidden layer's view
WHITE = np.array([255.0, 255.0, 255.0])


def activation_picture(values: np.ndarray, scale: float) -> np.ndarray:
    """A hidden unit's map : (ny, nx) -> (ny, nx, 3) uint8, row 0 at the top (largest y).

    POSITIVE for values above 0 and NEGATIVE below, mixed with white by |value| / scale.
    """
    values = np.asarray(values, dtype=np.float64)
    amount = np.clip(np.abs(values) / scale, 0, 1) if scale > 0 else np.zeros_like(values)
    color = np.where((values >= 0)[..., None], np.array(rgb(POSITIVE), dtype=np.float64),
                     np.array(rgb(NEGATIVE), dtype=np.float64))
    return _mixed(color, amount)[::-1]


def probability_picture(proba: np.ndarray, index: int) -> np.ndarray:
    """An output unit's map, the probability of class `index` : (ny, nx) -> (ny, nx, 3) uint8."""
    amount = np.clip(np.asarray(proba, dtype=np.float64), 0, 1)
    color = np.broadcast_to(np.array(rgb(class_color(index)), dtype=np.float64),
                            (*amount.shape, 3))
    return _mixed(color, amount)[::-1]


def _mixed(color: np.ndarray, amount: np.ndarray) -> np.ndarray:
    """White mixed with `color` (..., 3) by `amount` (...) in [0, 1], as palette.mix does."""
    return np.round(WHITE + amount[..., None] * (color - WHITE)).astype(np.uint8)


def framed(picture: np.ndarray) -> np.ndarray:
    """The picture in a one-pixel OUTLINE frame: a map's white (zero) parts keep their edge."""
    height, width, _ = picture.shape
    out = np.empty((height + 2, width + 2, 3), dtype=np.uint8)
    out[:] = rgb(OUTLINE)
    out[1:-1, 1:-1] = picture
    return out


def unit_pictures(maps: Sequence[np.ndarray]) -> list[list[np.ndarray]]:
    """Every hidden and output unit's picture, layer by layer.

    maps : one (ny, nx, width) array per layer, the last the class probabilities. A hidden layer's
    units share one scale, the largest |activation| in the layer, so they compare at a glance.
    A regression's one output unit (its value, signed) is drawn as a hidden unit is.
    """
    pictures = []
    for k, layer in enumerate(maps):
        last = k == len(maps) - 1 and layer.shape[-1] > 1
        scale = float(np.abs(layer).max()) if layer.size else 0.0
        pictures.append([probability_picture(layer[..., u], u) if last
                         else activation_picture(layer[..., u], scale)
                         for u in range(layer.shape[-1])])
    return pictures


def layer_scales(maps: Sequence[np.ndarray]) -> list[float]:
    """Each hidden layer's largest |activation| over the plane (the thumbnails' full colour)."""
    return [float(np.abs(layer).max()) if layer.size else 0.0 for layer in maps[:-1]]


def diagram_height(sizes: Sequence[int]) -> int:
    """The diagram's height in px: room for the tallest column, within bounds."""
    return int(np.clip(80 + max(sizes) * ROW_PX, MIN_HEIGHT, MAX_HEIGHT))


def link_width(magnitude, largest: float):
    """Links' widths for |w| = magnitude (a number or an array), MIN_LINK at 0 up to MAX_LINK at
    the largest |w|, to 0.01 px."""
    share = np.minimum(np.asarray(magnitude, dtype=np.float64) / largest, 1.0) if largest > 0 \
        else np.zeros_like(np.asarray(magnitude, dtype=np.float64))
    return np.round(MIN_LINK + (MAX_LINK - MIN_LINK) * share, 2)


def unit_name(layer: int, unit: int, n_layers: int, class_names: Sequence[str]) -> str:
    """A hidden or output unit's name: layer counts Linear layers from 0."""
    if layer == n_layers - 1:
        return class_names[unit]
    return t("studio.inside.unit", layer=layer + 1, unit=unit + 1)


def network_chart(
    weights: Sequence[np.ndarray],
    biases: Sequence[np.ndarray],
    input_names: Sequence[str],
    class_names: Sequence[str],
    pictures: Sequence[Sequence[np.ndarray]] | None = None,
    height: int | None = None,
) -> dict:
    """The whole network as a graph: nodes in columns, a link per weight and per bias.

    weights[k] : (n_out, n_in) and biases[k] : (n_out,), PyTorch's layout, first layer first.
    pictures : per layer, per unit, an (h, w, 3) uint8 picture (unit_pictures), or None to draw
    plain circles. Node ids: "x<i>" inputs, "b<k>" the +1 feeding layer k, "u<k>.<j>" units;
    a link's source and target are node indices, its value the parameter to 4 decimals. A
    parameter below NEAR_ZERO in size is a faint dashed link, and a second title, at the bottom,
    counts them (empty when there are none: every frame of a playback has both titles).
    """
    if len(weights) != len(biases) or not weights:
        raise ValueError("weights and biases must be one pair per layer.")
    sizes = [weights[0].shape[1], *(w.shape[0] for w in weights)]
    if sizes[0] != len(input_names) or sizes[-1] != len(class_names):
        raise ValueError(f"names must match the layers {sizes}, got {len(input_names)} inputs "
                         f"and {len(class_names)} classes.")
    height = height or diagram_height(sizes)
    tallest = max(sizes) + 1  # a column's units, and the +1 above them
    node = int(np.clip((height - 80) / tallest * 0.8, MIN_NODE, MAX_NODE))
    n_layers = len(weights)
    largest = max(max(float(np.abs(w).max(initial=0)), float(np.abs(b).max(initial=0)))
                  for w, b in zip(weights, biases, strict=True))

    def y_of(row: int, count: int) -> float:  # a column's units centred, the first on top
        return (count - 1) / 2 - row

    nodes, index = [], {}

    def add(node_id: str, name: str, x: float, y: float, **style) -> None:
        index[node_id] = len(nodes)
        nodes.append(dict(id=node_id, name=name, value=[x, y], **style))

    label_side = dict(show=True, position="left")
    for i, name in enumerate(input_names):
        add(f"x{i}", name, 0, y_of(i, sizes[0]), symbol="circle", symbolSize=node * 0.6,
            itemStyle=dict(color=INPUT_COLOR, borderColor=OUTLINE, borderWidth=1),
            label=label_side if sizes[0] <= LABELLED_UNITS else dict(show=False))
    for k in range(n_layers):
        add(f"b{k}", "+1", k, y_of(-1, sizes[k]), symbol="circle", symbolSize=node * 0.45,
            itemStyle=dict(color=BIAS_COLOR, borderColor=OUTLINE, borderWidth=1),
            label=dict(show=True, position="top"))
        last = k == n_layers - 1
        for j in range(sizes[k + 1]):
            style = dict(symbol="circle", itemStyle=dict(color=INPUT_COLOR, borderColor=OUTLINE,
                                                         borderWidth=1))
            if pictures is not None:
                style = dict(symbol="image://" + png_data_url(framed(pictures[k][j])))
            label = dict(show=False)
            if last and sizes[-1] <= LABELLED_UNITS:
                label = dict(show=True, position="right")
            add(f"u{k}.{j}", unit_name(k, j, n_layers, class_names), k + 1,
                y_of(j, sizes[k + 1]), symbolSize=node, label=label, **style)

    links = []
    for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
        # The lecture's layout: column 0 the biases (from the +1 node), then one per input.
        params = np.column_stack([b, w]).astype(np.float64)  # (n_out, 1 + n_in)
        sources = [index[f"b{k}"], *(index[f"x{i}"] if k == 0 else index[f"u{k - 1}.{i}"]
                                     for i in range(sizes[k]))]
        targets = [index[f"u{k}.{j}"] for j in range(sizes[k + 1])]
        widths = link_width(np.abs(params), largest).tolist()
        values = np.round(params, 4).tolist()
        for j, target in enumerate(targets):
            gone = (np.abs(params[j]) < NEAR_ZERO).tolist()
            links += [dict(source=source, target=target, value=value,
                           lineStyle=dict(color=POSITIVE if value >= 0 else NEGATIVE,
                                          width=width) | (FAINT if faint else {}))
                      for source, value, width, faint in zip(sources, values[j], widths[j], gone,
                                                             strict=True)]

    top = (max(sizes) - 1) / 2 + 1  # the +1 row above the tallest column
    zeros, total = near_zero(weights, biases)
    count = t("studio.inside.near_zero", k=zeros, n=total, tol=f"{NEAR_ZERO:g}") if zeros else ""
    return dict(
        animation=False,
        title=[dict(text=t("studio.inside.title"), left="center"),
               dict(text=count, left="center", bottom=0,
                    textStyle=dict(fontSize=12, fontWeight="normal"))],
        tooltip=dict(trigger="item"),
        grid=dict(left=110, right=110, top=50, bottom=40),
        xAxis=dict(type="value", show=False, min=-0.1, max=n_layers + 0.1),
        yAxis=dict(type="value", show=False, min=-top - 0.6, max=top + 0.6),
        series=[dict(
            type="graph", coordinateSystem="cartesian2d", layout="none", roam=False,
            edgeSymbol=["none", "none"], data=nodes, links=links, z=2,
            lineStyle=dict(opacity=0.8),
            # A click selects a unit (the page shows its map large): framed in black.
            selectedMode="single", select=dict(itemStyle=dict(borderColor="#000000",
                                                                borderWidth=3)),
            emphasis=dict(focus="adjacency"),
        )],
    )


def unit_map_chart(grid_xs: np.ndarray, grid_ys: np.ndarray, proba: np.ndarray,
                   picture: np.ndarray, title: str, train: PointSet,
                   class_names: Sequence[str], axis_names: tuple[str, str]) -> dict:
    """One unit's map, large: the regions chart of the same grid and samples, its picture in
    place of the classes' colours, so the two read side by side (same axes, same points).

    proba : (ny, nx, n_classes) the grid's class probabilities; picture : (ny, nx, 3) uint8 with
    row 0 at the top (activation_picture or probability_picture).
    """
    option = regions_chart(grid_xs, grid_ys, proba, train, None, class_names, axis_names)
    picture_series = dict(option["series"][0], name=title,
                          symbol="image://" + png_data_url(picture))
    return dict(option, title=dict(option["title"], text=title),
                series=[picture_series, *option["series"][1:]])


def layer_view_chart(points: np.ndarray, y: np.ndarray, lines: np.ndarray,
                     class_names: Sequence[str], axis_names: tuple[str, str]) -> dict:
    """The data and the warped plane in a hidden layer's coordinates (ConvNetJS's 2-D demo).

    points : (n, 2) the samples' coordinates, y : (n,) their classes; lines : (r, r, 2) the
    regions' grid in the same coordinates, row i the plane's line y = ys[i], column j the line
    x = xs[j]. The grid is drawn as its lines, bent as the layer bends the plane.
    """
    grid_lines = [*lines, *lines.transpose(1, 0, 2)]
    series = [dict(type="line", name=t("studio.inside.plane"), data=_rounded(line),
                   showSymbol=False, silent=True, color=GRID_LINE, lineStyle=dict(width=0.8),
                   tooltip=dict(show=False))
              for line in grid_lines]
    for c, name in enumerate(class_names):
        mine = y == c
        if mine.any():
            series.append(dict(type="scatter", name=name, data=_rounded(points[mine]),
                               symbolSize=6, itemStyle=dict(color=class_color(c),
                                                            borderColor="white",
                                                            borderWidth=0.5)))
    return dict(
        animation=False,
        title=dict(text=t("studio.inside.layer_view_title"), left="center"),
        tooltip=dict(trigger="item"),
        legend=dict(bottom=0, data=list(class_names)),
        grid=dict(left=60, right=20, top=45, bottom=80),
        xAxis=dict(type="value", name=axis_names[0], nameLocation="middle", nameGap=28,
                   scale=True, splitLine=dict(show=False)),
        yAxis=dict(type="value", name=axis_names[1], nameLocation="middle", nameGap=40,
                   scale=True, splitLine=dict(show=False)),
        series=series,
    )


def _rounded(xy: np.ndarray) -> list[list[float]]:
    return np.round(np.asarray(xy, dtype=np.float64), 4).tolist()
