"""The live view: two st.fragment(run_every=...) blocks, curves often and regions less often.

While training runs, the curves fragment trains for a fixed slice of time, then redraws the curves;
the regions fragment redraws the decision regions twice a second. Each rerun only resends its own
block, and no loop outlives a rerun, so Pause and every other widget answer at once. With many
students training on one server, ui/studio/traffic.py spaces every session's redraws out so the
server's total stays within a budget.
"""

from __future__ import annotations

import time

import streamlit as st

from mlp_core.datasets import Dataset
from mlp_core.regions import decision_grid
from mlp_core.training import Trainer
from ui import i18n, presenter
from ui.figures.live_charts import (
    CURVE_HEIGHT,
    REGION_HEIGHT,
    PointSet,
    curves_chart,
    regions_chart,
)
from ui.format import distinct, fmt
from ui.studio import session, share, traffic

TICK_SECONDS = 0.12  # curves redraw ~8 times a second
TRAIN_SECONDS = 0.07  # of each tick spent training: more than half, the rest is drawing
MAX_TRAIN_SECONDS = 0.8  # a slow browser or a busy server gets longer slices
MAX_TICK_WALL_SECONDS = 3.0  # however busy the server, a student sees a redraw this often
REGION_SECONDS = 0.5
MAX_REGION_SECONDS = 4.0  # with a whole class training, the regions redraw less often
REGION_BUDGET = 5.0  # region redraws per second for the whole server (each costs ~10 ms)
RESOLUTIONS = (50, 75, 100, 150)


def curves_block() -> None:
    """Progress, latest numbers, loss and accuracy curves; trains one time slice when running."""

    @st.fragment(run_every=TICK_SECONDS if st.session_state[session.RUNNING] else None)
    def curves() -> None:
        t = session.trainer()
        if t is None:
            return
        if st.session_state[session.RUNNING]:
            live_sessions = traffic.LIVE.tick(session.session_id())
            # The slice is this thread's CPU time: on a server busy with a class a tick takes
            # longer, so every student's redraws thin out together; Pause still stops it at
            # the next epoch (session.advance looks between epochs).
            session.advance(t, train_slice(live_sessions), clock=time.thread_time,
                            max_wall=MAX_TICK_WALL_SECONDS)
            st.session_state[session.LAST_TICK] = time.perf_counter()
            if t.stopped is not None:
                # A full rerun stops both timers and shows the results of the finished run.
                session.end_live_view(session.stop())
        show_curves(t)

    curves()


def train_slice(live_sessions: int = 1) -> float:
    """How long this tick trains: at least as long as the browser took since the last tick.

    The next tick comes TICK_SECONDS after the browser has drawn the last one, and drawing the
    page on a shared machine can take far longer than training. Matching that time keeps
    training at about half the wall time however slow the drawing. With a class training at once,
    each session also trains long enough for the server's redraws to stay within its budget.
    The tick spends it as this thread's CPU time, so a crowded server stretches it in wall time.
    """
    last = st.session_state.get(session.LAST_TICK)
    waited = time.perf_counter() - last if last is not None else 0.0
    fair = traffic.fair_period(live_sessions) - TICK_SECONDS
    return min(max(TRAIN_SECONDS, waited, fair), MAX_TRAIN_SECONDS)


def region_period() -> float:
    """Seconds between region redraws while training: twice a second, less with a crowd."""
    crowd = traffic.fair_period(traffic.LIVE.live() + 1, REGION_BUDGET)
    return min(max(REGION_SECONDS, crowd), MAX_REGION_SECONDS)


def show_curves(t: Trainer) -> None:
    h, budget = t.history, t.config.epochs
    st.progress(min(t.epoch / budget, 1.0),
                text=i18n.t("studio.live.epoch_of", epoch=t.epoch, budget=budget))
    # Always a slot, even empty at epoch 0: an element that comes and goes would shift the chart
    # below it to a new place on the page, and the browser would draw it anew.
    numbers = st.empty()
    if t.epoch:
        line = i18n.t("studio.live.train_numbers", loss=fmt(h.train_loss[-1]),
                      acc=fmt(h.train_acc[-1]))
        if h.has_test:
            line += i18n.t("studio.live.test_numbers", loss=fmt(h.test_loss[-1]),
                           acc=fmt(h.test_acc[-1]))
        numbers.markdown(line)
    presenter.echart(curves_chart(h.train_loss, h.test_loss, h.train_acc, h.test_acc),
                     key="studio.curves_chart", height=CURVE_HEIGHT)


def regions_block() -> None:
    """Feature choice and the decision regions, refreshed twice a second while training."""

    @st.fragment(run_every=region_period() if st.session_state[session.RUNNING] else None)
    def regions() -> None:
        t, ds = session.trainer(), session.dataset()
        if t is None or ds is None:
            return
        share.sync_view()  # this fragment's own reruns keep the link's view settings current
        features = feature_controls(ds)
        left, right = st.columns([1, 1])
        discrete = left.toggle(i18n.t("studio.live.discrete"), key="studio.discrete",
                               help=i18n.t("studio.live.discrete_help"))
        if presenter.on():  # a fine-tuning control: the projected grid keeps its resolution
            resolution = st.session_state.get("studio.resolution", 100)
        else:
            resolution = right.select_slider(i18n.t("studio.live.resolution"), RESOLUTIONS,
                                             key="studio.resolution")
        presenter.echart(regions_view(t, ds, features, resolution, discrete),
                         key="studio.regions_chart", height=REGION_HEIGHT)

    regions()


def feature_controls(ds: Dataset) -> tuple[int, int]:
    """Two feature columns to draw over; with more than two, say what happens to the others."""
    d = ds.n_features
    if d == 2:
        return 0, 1
    # .get: Streamlit drops a widget's key on any run that did not draw it (a 2-feature dataset,
    # another page), and a fragment rerun does not pass through the page's state.init.
    ss = st.session_state
    x, y = ss.get("studio.feature_x", 0), ss.get("studio.feature_y", 1)
    if not (0 <= x < d and 0 <= y < d) or x == y:
        x, y = 0, 1
    ss["studio.feature_x"], ss["studio.feature_y"] = x, y
    names = distinct(ds.feature_names)  # a selectbox shows its options as they are, not Markdown
    left, right = st.columns(2)
    i = left.selectbox(i18n.t("studio.live.horizontal"), range(d), format_func=names.__getitem__,
                       key="studio.feature_x")
    j = right.selectbox(i18n.t("studio.live.vertical"), range(d), format_func=names.__getitem__,
                        key="studio.feature_y")
    if i == j:
        st.warning(i18n.t("studio.live.same_feature"))
        j = (i + 1) % d
    st.caption(i18n.t("studio.live.slice", d=d, others=d - 2))
    return int(i), int(j)


def regions_view(t: Trainer, ds: Dataset, features: tuple[int, int], resolution: int,
                 discrete: bool) -> dict:
    """The grid predicted by the current model, and the chart of it with the samples."""
    X = ds.X_all
    grid = decision_grid(t.predict_proba, X, features=features, resolution=resolution)
    parts = [PointSet(ds.X_train[:, features], ds.y_train,
                      t.predict(ds.X_train) != ds.y_train)]
    if ds.n_test:
        parts.append(PointSet(ds.X_test[:, features], ds.y_test,
                              t.predict(ds.X_test) != ds.y_test))
    else:
        parts.append(None)
    unit = i18n.t("studio.live.scaled") if ds.scaler is not None else ""
    names = distinct(ds.feature_names)
    axes = (names[features[0]] + unit, names[features[1]] + unit)
    return regions_chart(grid.xs, grid.ys, grid.proba, parts[0], parts[1], ds.class_names,
                         axes, discrete=discrete)
