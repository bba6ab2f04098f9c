"""Data by hand: on a 2-D toy set, a click on the regions adds a point of the chosen class (or
target value), a click on a point removes it; "regenerate" draws the toy anew, "back to the drawn
set" drops the edits.

The edited points live in the session (EDITED: the toy they were drawn from and the Points) and
apply() puts them into the DataSpec, so the split, the run's restart, the downloads and the script
follow from the data as for any other. Every edit starts the run again (session.sync sees new
data); the page says so, and that the link carries the drawn set only.

Streamlit's charts report selections, not click coordinates: in editing mode the regions chart
gets a grid of invisible clickable cells under the samples (a click anywhere selects a cell), and
the samples themselves become selectable. Each edit draws the chart under a new key, so that no
selection lingers to swallow the next click.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

import numpy as np
import streamlit as st

from mlp_core.datasets import (
    REGRESSION_TOYS,
    TOYS,
    Dataset,
    DataSpec,
    regression_points,
    toy_points,
)
from mlp_core.points import MIN_CLASS_POINTS, Points
from ui import presenter
from ui.i18n import t
from ui.studio import challenge, session, settings

EDITED = "studio.by_hand"  # an Edited, or None: the drawn set
EDITING = "studio.by_hand_on"  # the toggle: clicks on the regions edit the data
CLASS = "studio.by_hand_class"  # the class a click adds
VALUE = "studio.by_hand_value"  # a regression's target value a click adds
TURN = "studio.by_hand_turn"  # edits so far: the chart's key, new after each edit
TARGETS = "studio.by_hand_targets"  # what the chart on screen was drawn with (Targets)
REFUSED = "studio.by_hand_refused"  # "" or why the last click changed nothing: said once
GRID_CELLS = 48  # clickable cells along the plot's longer side: a cell is ~8 px
VALUE_RANGE = (-2.0, 2.0)  # a target value placed by hand (the toys' targets lie in about ±1)


@dataclass(frozen=True)
class Edited:
    """A toy's points edited by hand, and the draw they came from (its spec without points)."""

    origin: DataSpec
    points: Points


@dataclass(frozen=True)
class Targets:
    """The editable chart's clickable series, by series index: the grid's cells (`add`) and the
    samples, each a list of (x, y) on the chart's axes; `scaler` turns them into raw points."""

    add: int
    series: dict
    scaler: object


def _origin(spec: DataSpec) -> DataSpec:
    # The draw: a new share for the test part splits the same points again, and hand-made
    # features are made from whatever points there are.
    return replace(spec, test_size=DataSpec.test_size, features=(), points=None)


def editable(spec: DataSpec) -> bool:
    """Hand-made points are for the 2-D toys, outside a challenge (its data is the teacher's)."""
    return (spec.source in TOYS or spec.source in REGRESSION_TOYS) and challenge.active() is None


def apply(spec: DataSpec) -> DataSpec:
    """The spec with the session's hand-made points when they were made from this draw; other
    data (another toy, seed, size or noise) drops them."""
    edited = st.session_state.get(EDITED)
    if edited is None:
        return spec
    if not editable(spec) or edited.origin != _origin(spec):
        st.session_state[EDITED] = None
        return spec
    return replace(spec, points=edited.points)


def drawn(spec: DataSpec) -> Points:
    """The toy's points as drawn, before any edit."""
    if spec.source in REGRESSION_TOYS:
        X, y = regression_points(spec.source, n_samples=spec.n_samples, noise=spec.noise,
                                 seed=spec.seed)
        return Points.of(X, y, regression=True)
    X, y = toy_points(spec.source, n_samples=spec.n_samples, noise=spec.noise, seed=spec.seed,
                      n_classes=spec.toy_classes)
    return Points.of(X, y)


# ------------------------------------------------------------------------- edits (callbacks)
def _next_chart() -> None:
    """The chart is drawn anew under a new key: no selection lingers to swallow a click."""
    st.session_state[TURN] = st.session_state.get(TURN, 0) + 1


def _restart(edited: Edited | None) -> None:
    """Keep the edit, stop the run on screen and rerun the page: sync starts the new run."""
    st.session_state[EDITED] = edited
    _next_chart()
    run = session.current()
    if run is not None:
        session.stop(run)
    st.rerun()  # in a callback: a full rerun, the fragments' timers stopped too


def edit(spec: DataSpec, xy, remove: bool) -> str:
    """Add a point at raw xy (of the chosen class or value), or remove the point nearest to it.

    Returns "" or why nothing changed ("at_least", "at_most"); the session keeps the edit.
    """
    points = spec.points if spec.points is not None else drawn(spec)
    if remove:
        i = points.nearest(xy)
        if not points.can_remove(i):
            return "at_least"
        edited = points.without(i)
    else:
        if len(points) >= settings.MAX_TOY_SAMPLES:
            return "at_most"
        ss = st.session_state
        edited = points.added(xy, ss.get(VALUE, 0.5) if points.regression else ss.get(CLASS, 0))
    st.session_state[EDITED] = Edited(_origin(spec), edited)
    return ""


def clicked(spec: DataSpec, key: str) -> None:
    """The chart's on_select: the cell or sample selected becomes an edit."""
    ss = st.session_state
    targets: Targets | None = ss.get(TARGETS)
    selection = (ss.get(key) or {}).get("selection") or {}
    for group in selection.get("selected", []):
        series, rows = group.get("series_index"), group.get("data_indices") or []
        if targets is None or series not in targets.series or not rows:
            continue
        xy = targets.series[series][rows[0]]
        raw = targets.scaler.inverse_transform([xy])[0] if targets.scaler is not None else xy
        ss[REFUSED] = edit(spec, raw, remove=series != targets.add)
        if ss[REFUSED]:  # nothing changed: the run goes on, the fragment says why
            _next_chart()
        else:
            _restart(ss[EDITED])
        return


def regenerate(spec: DataSpec) -> None:
    """A new draw of the toy: the next seed (which the link carries), no hand-made points."""
    st.session_state[settings.BY_NAME["seed"].key] = (spec.seed + 1) % (2**31)
    _restart(None)


def back_to_drawn() -> None:
    _restart(None)


# ------------------------------------------------------------------------------- the chart
def clickable(option: dict, scaler) -> tuple[dict, Targets]:
    """A regions (or surface) option with a grid of invisible cells under the samples, and the
    samples selectable: one click selects one cell or one sample."""
    x_axis, y_axis, plot = option["xAxis"][1], option["yAxis"][1], option["grid"]
    # As many cells across as up per data unit: the plot is drawn to scale.
    longer = max(plot["width"], plot["height"])
    nx = max(round(GRID_CELLS * plot["width"] / longer), 2)
    ny = max(round(GRID_CELLS * plot["height"] / longer), 2)
    xs = _centres(x_axis["min"], x_axis["max"], nx)
    ys = _centres(y_axis["min"], y_axis["max"], ny)
    # Four decimals: a cell is about a twentieth of a unit wide, and the option stays small.
    cells = np.round([[x, y] for y in ys for x in xs], 4).tolist()
    series, found = [dict(s) for s in option["series"]], {}
    for i, s in enumerate(series):
        if s.get("type") == "scatter" and s.get("xAxisIndex") == 1:
            s.update(selectedMode="single", silent=False, cursor="pointer")
            found[i] = [xy[:2] for xy in s["data"]]
    cell = [plot["width"] / nx + 1, plot["height"] / ny + 1]  # px, edge to edge
    series.append(dict(
        type="scatter", name="cells", xAxisIndex=1, yAxisIndex=1, data=cells, symbol="rect",
        symbolSize=cell, z=1, selectedMode="single", cursor="crosshair", tooltip=dict(show=False),
        itemStyle=dict(color="rgba(0,0,0,0)"), emphasis=dict(disabled=True),
        select=dict(itemStyle=dict(color="rgba(0,0,0,0)", borderWidth=0)),
    ))
    found[len(series) - 1] = cells
    return dict(option, series=series), Targets(len(series) - 1, found, scaler)


def _centres(lo: float, hi: float, n: int) -> np.ndarray:
    step = (hi - lo) / n
    return lo + step * (np.arange(n) + 0.5)


def chart_key() -> str:
    return f"studio.by_hand_chart.{st.session_state.get(TURN, 0)}"


def draw_chart(option: dict, ds: Dataset, spec: DataSpec, height: int) -> None:
    """The editable regions chart, presenter-sized, that turns a click into an edit."""
    option, height = presenter.sized(option, height)
    # Sized first: each cell covers its share of the plot's pixels, presenting too.
    option, targets = clickable(option, ds.scaler)
    st.session_state[TARGETS] = targets
    key = chart_key()
    st.echarts_chart(option, key=key, height=height, on_select=partial(clicked, spec, key))


# ------------------------------------------------------------------------------ the controls
def editing(spec: DataSpec) -> bool:
    """The controls above the regions of a toy set; returns whether clicks edit the data."""
    if not editable(spec):
        return False
    ss = st.session_state
    on = st.toggle(t("studio.by_hand.edit"), key=EDITING, help=t("studio.by_hand.edit_help"))
    if not on:
        return False
    points = spec.points if spec.points is not None else drawn(spec)
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
    if points.regression:
        row.slider(t("studio.by_hand.value"), *VALUE_RANGE, step=0.05, key=VALUE)
    else:
        classes = list(range(spec.toy_classes))
        if ss.get(CLASS) not in classes:
            ss[CLASS] = 0
        labels = {c: t("studio.by_hand.class_name", name=c) for c in classes}
        row.radio(t("studio.by_hand.class"), classes, key=CLASS, horizontal=True,
                  format_func=labels.__getitem__)
    row.button(t("studio.by_hand.regenerate"), key="studio.by_hand_regenerate",
               on_click=regenerate, args=(spec,), icon=":material/casino:")
    row.button(t("studio.by_hand.back"), key="studio.by_hand_back", on_click=back_to_drawn,
               disabled=spec.points is None, icon=":material/undo:")
    st.caption(_summary(points, spec))
    if refused := ss.get(REFUSED):
        st.warning(t(f"studio.by_hand.{refused}", min=MIN_CLASS_POINTS,
                     max=settings.MAX_TOY_SAMPLES))
        ss[REFUSED] = ""  # said once, where it happened
    return True


def _summary(points: Points, spec: DataSpec) -> str:
    """How many points (each class's), what a click does, and what the link carries."""
    if points.regression:
        counts = ""
    else:
        counts = ", ".join(t("studio.by_hand.class_count", name=c, n=n)
                           for c, n in enumerate(points.counts(spec.toy_classes)))
    how = "how_regression" if points.regression else "how"
    return " ".join((t("studio.by_hand.count", n=len(points), counts=counts) if counts
                     else t("studio.by_hand.count_regression", n=len(points)),
                     t(f"studio.by_hand.{how}"),
                     t("studio.by_hand.caps", min=MIN_CLASS_POINTS,
                       max=settings.MAX_TOY_SAMPLES),
                     t("studio.by_hand.restarts"), t("studio.by_hand.link")))
