"""The network view: the whole network drawn with each unit's map, and one unit's map large.

network_block draws whatever model it is given (the live run's, or a replayed epoch's), over the
plane and slice the decision regions use, so the lead can hand it any epoch's model. It runs in
the regions fragment, so it follows a live run at the regions' pace and costs nothing between
their redraws. Both charts are keyed ECharts charts, updated in place in the browser.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from mlp_core.anatomy import layers_of
from mlp_core.datasets import Dataset
from mlp_core.inside import GridMaker, feature_grid, units_on, warped_grid
from mlp_core.training import Snapshot
from ui import i18n, presenter
from ui.figures.inside_charts import (
    MAP_HEIGHT,
    THUMB_RESOLUTION,
    activation_picture,
    diagram_height,
    layer_scales,
    layer_view_chart,
    network_chart,
    probability_picture,
    unit_map_chart,
    unit_name,
    unit_pictures,
)
from ui.figures.live_charts import PointSet
from ui.figures.regression_charts import unit_map_surface
from ui.format import distinct
from ui.studio import controls, data, edits, settings
from ui.studio.replay import Playback
from ui.studio.run import StudioRun

UNIT_KEY = "studio.inside.unit"  # the unit shown large: (layer, unit), layer counting Linears
NETWORK_KEY = "studio.network_chart"  # the diagram, and a click's selection in it
# A hidden layer's view: shown or not, which hidden layer, "pca" or "units", and which two units.
LAYER_VIEW_KEY, LAYER_KEY, AXES_KEY = ("studio.inside.layer_view", "studio.inside.layer",
                                       "studio.inside.axes")
UNIT_A_KEY, UNIT_B_KEY = "studio.inside.unit_a", "studio.inside.unit_b"


@dataclass(frozen=True)
class RegionsPlane:
    """The plane the decision regions are drawn over, as the network view needs it.

    make_grid(predict_proba, resolution) -> Grid lays the regions' grid (mlp_core.inside's
    GridMaker); place(X) -> (n, 2) puts samples on it; axes names its two axes. feature_plane
    makes the two-feature one; the regions may hand over any other (a principal plane).
    """

    make_grid: GridMaker
    place: Callable[[np.ndarray], np.ndarray]
    axes: tuple[str, str]


def feature_plane(ds: Dataset, features: tuple[int, int], held=None) -> RegionsPlane:
    """The regions over two feature columns, the others held at `held` (None: their mean; the
    hand-made features of 2-D data are made at each grid point)."""
    return RegionsPlane(feature_grid(ds.X_all, features, held, ds.made), lambda X: X[:, features],
                        (ds.feature_names[features[0]], ds.feature_names[features[1]]))


def maps_beside_regions(ds: Dataset) -> bool:
    """Whether the network view is on with a plane to map: the chosen unit's map then sits
    beside the regions chart, drawn over the same plane."""
    return bool(st.session_state.get(settings.BY_NAME["network"].key)) and ds.n_features >= 2


def network_block(shot: Snapshot, ds: Dataset, features: tuple[int, int], held=None,
                  resolution: int = 100, run: StudioRun | None = None,
                  plane: RegionsPlane | None = None, beside=None,
                  playback: Playback | None = None) -> None:
    """The toggle, then (when on) the network diagram and the chosen unit's map.

    shot : the epoch whose network to draw (replay.shown: the Trainer's model, or a replayed
    epoch's, which is made only when the view is on);
    features, held : the regions' two columns and slice (held None: decision_grid's default,
    the data's mean), unless `plane` gives the regions' plane itself; resolution : the large
    map's grid, the regions' own; run : the run whose model this is, to offer editing its
    weights (None: a model only to look at); beside : where the large map goes (the column
    beside the regions chart), else beside the diagram; playback : the browser's playback of
    the run, whose frames the diagram's weights play (its maps stay the last frame's).
    """
    if not controls.draw(settings.BY_NAME["network"], st):
        return
    model = shot.model
    # Its names as one line each (an upload's may hold anything): the selectboxes show options
    # as they are, and ECharts escapes its tooltips and draws its labels on a canvas.
    ds = replace(ds, feature_names=distinct(data.input_names(ds)),
                 class_names=distinct(ds.class_names))
    plane = plane or (feature_plane(ds, features, held) if ds.n_features >= 2 else None)
    left, right = st.columns([3, 2])
    with right:
        unit = unit_choice([w.shape[0] for w in layers_of(model)[0]], ds.class_names)
    if playback is not None:
        model = playback.shots[-1].model
    network, height, unit_map = network_option(model, ds, plane, unit, resolution)
    with left:
        frames = None
        if playback is not None:  # the weights of each frame, the maps of the last
            pictures = thumbnails(model, plane)[0]
            frames = [network_chart(*layers_of(shot.model)[:2], list(ds.feature_names),
                                    list(ds.class_names), pictures) for shot in playback.shots]
        clickable_echart(network, height, [node["id"] for node in network["series"][0]["data"]],
                         playback, frames)
    if unit_map is not None:  # None: fewer than two features, no plane to map
        with beside or right:
            presenter.echart(unit_map, key="studio.unit_chart", height=MAP_HEIGHT)
    with right:
        if run is not None:
            edits.edit_block(run, unit, ds.feature_names, ds.class_names)
    # A hidden layer to look through; it shows how classes come apart, so not for a regression.
    if plane is not None and len(layers_of(model)[0]) > 1 and not ds.regression:
        layer_view_block(model, ds, plane)


def network_option(model, ds: Dataset, plane: RegionsPlane | None,
                   unit: tuple[int, int] | None = None,
                   resolution: int = 100) -> tuple[dict, int, dict | None]:
    """What network_block draws: the diagram's option and height, and `unit`'s large map.

    plane None (fewer than two features): plain circles, and no map.
    """
    weights, biases, _ = layers_of(model)
    sizes = [weights[0].shape[1], *(w.shape[0] for w in weights)]
    pictures, scales = thumbnails(model, plane)
    network = network_chart(weights, biases, list(ds.feature_names), list(ds.class_names),
                            pictures)
    if unit is None or pictures is None:
        return network, diagram_height(sizes), None
    layer, j = unit
    grid, maps = units_on(model, plane.make_grid, resolution)
    values = maps[layer][..., j]
    if ds.regression:  # every unit signed, the output too: it is the (scaled) value itself
        scale = scales[layer] if layer < len(scales) else float(np.abs(values).max())
        picture = activation_picture(values, scale)
        return network, diagram_height(sizes), unit_map_surface(
            grid.xs, grid.ys, picture, unit_name(layer, j, len(weights), ds.class_names),
            plane.place(ds.X_train), ds.target_values(ds.y_train), plane.axes)
    picture = probability_picture(values, j) if layer == len(weights) - 1 \
        else activation_picture(values, scales[layer])
    # No rings here: the regions show the mistakes.
    train = PointSet(plane.place(ds.X_train), ds.y_train, np.zeros(ds.n_train, dtype=bool))
    unit_map = unit_map_chart(grid.xs, grid.ys, grid.proba, picture,
                              unit_name(layer, j, len(weights), ds.class_names), train,
                              ds.class_names, plane.axes)
    return network, diagram_height(sizes), unit_map


def thumbnails(model, plane: RegionsPlane | None) -> tuple[list | None, list | None]:
    """Every unit's thumbnail map of `model` over the regions' plane as pictures, and each
    layer's scale; (None, None) without a plane (plain circles)."""
    if plane is None:
        return None, None
    _, maps = units_on(model, plane.make_grid, THUMB_RESOLUTION)
    return unit_pictures(maps), layer_scales(maps)


def clickable_echart(option: dict, height: int, node_ids: list[str],
                     playback: Playback | None = None, frames: list[dict] | None = None) -> None:
    """The diagram, where a click on a unit shows that unit large (as the selectbox does).

    presenter.echart's growth in presenter mode, with a selection: a click reruns the fragment
    after _select_unit has copied the clicked unit into the selectbox's key. With a playback,
    its `frames` play as the other charts' do.
    """
    on_select = functools.partial(_select_unit, node_ids)
    if playback is not None:
        playback.draw(frames, key=NETWORK_KEY, height=height, on_select=on_select)
        return
    if presenter.on():
        option = presenter.with_font(option, presenter.FIGURE_FONT)
        height = round(height * presenter.FIGURE_SCALE)
    st.echarts_chart(option, key=NETWORK_KEY, height=height, on_select=on_select)


def clicked_unit(selection, node_ids: list[str]) -> tuple[int, int] | None:
    """The unit (layer, j) a chart selection names, from the node ids it was drawn with; None
    for a click on an input, a +1 or a link, or a selection cleared."""
    for group in (selection or {}).get("selected", []):
        if group.get("data_type") != "node":
            continue
        for i in group.get("data_indices", []):
            if 0 <= i < len(node_ids) and node_ids[i].startswith("u"):
                layer, unit = node_ids[i][1:].split(".")
                return int(layer), int(unit)
    return None


def _select_unit(node_ids: list[str]) -> None:
    state = st.session_state.get(NETWORK_KEY) or {}
    unit = clicked_unit(state.get("selection"), node_ids)
    if unit is not None:
        st.session_state[UNIT_KEY] = unit


def unit_choice(sizes: list[int], class_names) -> tuple[int, int]:
    """A selectbox of every hidden and output unit; returns (layer, unit)."""
    units = [(k, j) for k, n in enumerate(sizes) for j in range(n)]
    # Labels looked up now, in this run's language (AppTest formats outside the run).
    labels = {u: unit_name(*u, len(sizes), class_names) for u in units}
    ss = st.session_state
    if ss.get(UNIT_KEY) not in labels:  # a new architecture: its first unit
        ss[UNIT_KEY] = units[0]
    return st.selectbox(i18n.t("studio.inside.choose"), units, key=UNIT_KEY,
                        format_func=labels.__getitem__)


def layer_view_block(model, ds: Dataset, plane: RegionsPlane) -> None:
    """A hidden layer's view of the data: its layer, its axes (two units or the principal
    components), then the training points and the regions' plane bent into those coordinates."""
    ss = st.session_state
    if not st.toggle(i18n.t("studio.inside.show_layer_view"), key=LAYER_VIEW_KEY,
                     help=i18n.t("studio.inside.layer_view_help")):
        return
    widths = [w.shape[0] for w in layers_of(model)[0][:-1]]
    for key, options in ((LAYER_KEY, range(len(widths))), (AXES_KEY, ("pca", "units"))):
        if ss.get(key) not in options:
            ss[key] = options[0]
    left, middle, right = st.columns(3)
    layer = left.selectbox(i18n.t("studio.inside.layer"), list(range(len(widths))),
                           key=LAYER_KEY, format_func=lambda k: str(k + 1))
    axes_text = {a: i18n.t(f"studio.inside.axes_{a}") for a in ("pca", "units")}
    axes = middle.selectbox(i18n.t("studio.inside.axes"), list(axes_text), key=AXES_KEY,
                            format_func=axes_text.__getitem__)
    units = None
    if axes == "units":
        width = widths[layer]
        for key, first in ((UNIT_A_KEY, 0), (UNIT_B_KEY, min(1, width - 1))):
            if ss.get(key) not in range(width):
                ss[key] = first
        a, b = right.columns(2)
        label = {u: str(u + 1) for u in range(width)}
        units = (a.selectbox(i18n.t("studio.inside.unit_x"), list(label), key=UNIT_A_KEY,
                             format_func=label.__getitem__),
                 b.selectbox(i18n.t("studio.inside.unit_y"), list(label), key=UNIT_B_KEY,
                             format_func=label.__getitem__))
    # All the samples, as the regions: the same plane (its bounds are the data's), the same points.
    view, lines = warped_grid(model, ds.X_all, layer, plane.make_grid, units)
    if units is None:
        names = tuple(i18n.t("studio.inside.component", k=k + 1, share=f"{share:.0%}")
                      for k, share in enumerate(view.explained))
    else:
        names = tuple(unit_name(layer, u, len(widths) + 1, ds.class_names) for u in units)
    presenter.echart(layer_view_chart(view.coords, ds.y_all, lines, ds.class_names, names),
                     key="studio.layer_view_chart", height=MAP_HEIGHT)
