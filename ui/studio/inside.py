"""The network view: the whole network drawn with each unit's map, and one unit's map large.

network_block draws whatever model it is given (the live run's, or a replayed epoch's), over the
plane and slice the decision regions use, so the lead can hand it any epoch's model. It runs in
the regions fragment, so it follows a live run at the regions' pace and costs nothing between
their redraws. Both charts are keyed ECharts charts, updated in place in the browser.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from mlp_core.anatomy import layers_of
from mlp_core.datasets import Dataset
from mlp_core.inside import unit_grid
from ui import i18n, presenter
from ui.figures.inside_charts import (
    MAP_HEIGHT,
    THUMB_RESOLUTION,
    activation_picture,
    diagram_height,
    layer_scales,
    network_chart,
    probability_picture,
    unit_map_chart,
    unit_name,
    unit_pictures,
)
from ui.figures.live_charts import PointSet
from ui.studio import controls, edits, settings
from ui.studio.run import StudioRun

UNIT_KEY = "studio.inside.unit"  # the unit shown large: (layer, unit), layer counting Linears


def network_block(model, ds: Dataset, features: tuple[int, int], held=None,
                  resolution: int = 100, run: StudioRun | None = None) -> None:
    """The toggle, then (when on) the network diagram and the chosen unit's map beside it.

    model : the nn.Sequential to draw (build_mlp's: a Trainer's, or a replayed epoch's);
    features, held : the regions' two columns and slice (held None: decision_grid's default,
    the data's mean); resolution : the large map's grid, the regions' own; run : the run whose
    model this is, to offer editing its weights (None: a model only to look at).
    """
    if not controls.draw(settings.BY_NAME["network"], st):
        return
    left, right = st.columns([3, 2])
    with right:
        unit = unit_choice([w.shape[0] for w in layers_of(model)[0]], ds.class_names)
    network, height, unit_map = network_option(model, ds, features, held, unit, resolution)
    with left:
        presenter.echart(network, key="studio.network_chart", height=height)
    with right:
        if unit_map is not None:  # None: fewer than two features, no plane to map
            presenter.echart(unit_map, key="studio.unit_chart", height=MAP_HEIGHT)
        if run is not None:
            edits.edit_block(run, unit, ds.feature_names, ds.class_names)


def network_option(model, ds: Dataset, features: tuple[int, int], held=None,
                   unit: tuple[int, int] | None = None,
                   resolution: int = 100) -> tuple[dict, int, dict | None]:
    """What network_block draws: the diagram's option and height, and `unit`'s large map.

    With fewer than two features there is no plane: plain circles, and no map.
    """
    weights, biases, _ = layers_of(model)
    sizes = [weights[0].shape[1], *(w.shape[0] for w in weights)]
    pictures = scales = None
    if ds.n_features >= 2:
        _, maps = unit_grid(model, ds.X_all, features, THUMB_RESOLUTION, held)
        pictures, scales = unit_pictures(maps), layer_scales(maps)
    network = network_chart(weights, biases, list(ds.feature_names), list(ds.class_names),
                            pictures)
    if unit is None or pictures is None:
        return network, diagram_height(sizes), None
    layer, j = unit
    grid, maps = unit_grid(model, ds.X_all, features, resolution, held)
    values = maps[layer][..., j]
    picture = probability_picture(values, j) if layer == len(weights) - 1 \
        else activation_picture(values, scales[layer])
    axes = (ds.feature_names[features[0]], ds.feature_names[features[1]])
    # No rings here: the regions show the mistakes.
    train = PointSet(ds.X_train[:, features], ds.y_train, np.zeros(ds.n_train, dtype=bool))
    unit_map = unit_map_chart(grid.xs, grid.ys, grid.proba, picture,
                              unit_name(layer, j, len(weights), ds.class_names), train,
                              ds.class_names, axes)
    return network, diagram_height(sizes), unit_map


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
