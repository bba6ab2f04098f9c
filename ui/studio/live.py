"""The live view: two st.fragment(run_every=...) blocks, curves often and regions less often.

While training runs, the curves fragment trains for a fixed slice of time, then redraws the curves;
the regions fragment redraws the decision regions twice a second. Each rerun only resends its own
block, and no loop outlives a rerun, so Pause and every other widget answer at once. With many
students training on one server, every session's redraws are spaced out so the server's total
stays within a budget; the pace is set in ui/studio/pacing.py.
"""

from __future__ import annotations

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
from ui.format import fmt
from ui.studio import controls, pacing, session, settings, share, traffic
from ui.studio.inside import network_block


def curves_block() -> None:
    """Progress, latest numbers, loss and accuracy curves; trains one time slice when running."""

    @st.fragment(run_every=pacing.TICK_SECONDS if session.running() else None)
    def curves() -> None:
        run = session.current()
        if run is None:
            return
        if run.running:
            run.tick(traffic.LIVE.tick(session.session_id()))
            if run.trainer.stopped is not None:
                # A full rerun stops both timers and shows the results of the finished run.
                session.end_live_view(session.stop(run))
        show_curves(run.trainer)

    curves()


def region_period() -> float:
    """Seconds between region redraws while training, this session counted among the live."""
    return pacing.region_period(traffic.LIVE.live() + 1)


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

    @st.fragment(run_every=region_period() if session.running() else None)
    def regions() -> None:
        run = session.current()
        if run is None:
            return
        t, ds = run.trainer, run.dataset
        share.sync_view()  # this fragment's own reruns keep the link's view settings current
        features = feature_controls(ds)
        left, right = st.columns([1, 1])
        discrete = controls.draw(settings.BY_NAME["discrete"], left)
        # A fine-tuning control: in presenter mode the projected grid keeps its resolution.
        resolution = controls.draw(settings.BY_NAME["resolution"], right)
        presenter.echart(regions_view(t, ds, features, resolution, discrete),
                         key="studio.regions_chart", height=REGION_HEIGHT)
        network_block(t.model, ds, features, resolution=resolution, run=run)

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
    names = ds.feature_names
    left, right = st.columns(2)
    i = controls.draw(settings.BY_NAME["feature_x"], left, range(d), names.__getitem__)
    j = controls.draw(settings.BY_NAME["feature_y"], right, range(d), names.__getitem__)
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
    axes = (ds.feature_names[features[0]] + unit, ds.feature_names[features[1]] + unit)
    return regions_chart(grid.xs, grid.ys, grid.proba, parts[0], parts[1], ds.class_names,
                         axes, discrete=discrete)
