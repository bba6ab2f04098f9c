"""The live view: two st.fragment(run_every=...) blocks, curves often and regions less often.

While training runs, the curves fragment trains for a fixed slice of time, then redraws the curves;
the regions fragment redraws the decision regions twice a second. While a run plays back at its
pace while it still trains, both tick once a frame, the curves fragment moving the shown epoch
on, and both draw the epoch shown (ui/studio/replay.py). A run already trained to its end (the
lecture's, in Train's head start) is played back by the browser: each chart is drawn once with
every frame in it (live_charts.timeline), and one rerun of the run view settles the page when
the playback is over (settle_timer). Each rerun only resends its own block, and no loop outlives
a rerun, so Pause and every other widget answer at once. With many students training on one
server, every session's redraws are spaced out so the server's total stays within a budget; the
pace is set in ui/studio/pacing.py.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from functools import partial
from typing import NoReturn

import numpy as np
import streamlit as st
from sklearn.preprocessing import StandardScaler
from streamlit.runtime.scriptrunner_utils.script_run_context import (
    RunLocation,
    ThreadState,
    get_script_run_ctx,
)

from mlp_core.datasets import Dataset
from mlp_core.regions import (
    Plane,
    decision_grids,
    plane_grid,
    plane_grids,
    principal_plane,
    separating_pair,
    target_pair,
)
from mlp_core.training import History, Snapshot, Trainer
from ui import i18n, presenter
from ui.figures.live_charts import (
    CURVE_HEIGHT,
    REGION_HEIGHT,
    PointSet,
    curves_chart,
    regions_charts,
)
from ui.format import distinct, fmt, log_scale
from ui.shared import Shared
from ui.studio import by_hand, controls, pacing, replay, session, settings, share, traffic
from ui.studio.inside import RegionsPlane, maps_beside_regions, network_block
from ui.studio.run import StudioRun
from ui.studio.surface import line_view, surface_view


def curves_block() -> None:
    """Progress, latest numbers, loss and accuracy curves; trains one time slice when running."""

    @st.fragment(run_every=frame_period() or (pacing.TICK_SECONDS if ticking() else None))
    def curves() -> None:
        run = session.current()
        if run is None:
            return
        if run.live:
            live_sessions = traffic.LIVE.tick(session.session_id())
            if run.running:
                run.tick(live_sessions)
            # A playback the browser plays is settled by the run view (settled, settle_timer).
            if run.playing and not run.in_browser:
                run.play(session.crowd(live_sessions))
            if run.done:
                # A full rerun stops both timers and shows the results of the finished run.
                session.end_live_view(session.stop(run))
        if (playback := replay.playback(run)) is not None:
            # Every frame on the last frame's scale: the axis cannot change between frames.
            last = playback.shots[-1].history
            log = log_scale(last.train_loss, last.test_loss)
            playback.draw([curves_option(shot, heading=True, log=log) for shot in playback.shots],
                          key="studio.curves_chart", height=CURVE_HEIGHT)
        else:
            show_curves(replay.shown(run))

    curves()


def region_period() -> float:
    """Seconds between region redraws while training, this session counted among the live."""
    return pacing.region_period(traffic.LIVE.live() + 1)


def ticking() -> bool:
    """Whether the live view's timers tick: training, or a playback the server moves on."""
    run = session.current()
    return run is not None and run.live and not run.in_browser


def frame_period() -> float | None:
    """Seconds between frames while the server moves a playback on (None when it does not)."""
    run = session.current()
    if run is None or not run.playing or run.in_browser:
        return None
    return pacing.frame_period(run.pace, traffic.LIVE.live() + 1)


def settle_after() -> float | None:
    """Seconds until the one rerun that ends the browser's playback (None when none plays).

    The playback's clock starts when this timer is set: drawn last, its chart starts playing
    last, and the rerun must not cut its frames short.
    """
    run = session.current()
    if run is None or not run.in_browser:
        return None
    run.drawn()
    return run.play_left() + pacing.SETTLE_SECONDS


def settled(run: StudioRun) -> bool:
    """Whether the browser's playback has just ended: the run is then done, and the page shows
    its end as instant shows it (what is drawn after this)."""
    if not run.in_browser:
        return False
    run.settle()
    if not run.done:
        return False
    session.stop(run)
    return True


# The page's run view (app_pages/training_studio.py): the fragment a settled playback reruns.
RUN_VIEW = "studio_run_view"


def settle_timer() -> None:
    """While the browser plays a run back, the one timer that ends it: once the playback is over,
    it reruns the run view, which draws the finished run (the last thing the run view draws).

    The run view alone, not the page: the sidebar and the controls did not change. The timer
    stops by itself: the run view's rerun no longer draws it, and Streamlit cancels a timer of a
    fragment its parent's rerun left out (a timer of one it draws again would tick on).
    """
    run = session.current()
    if run is None or not run.in_browser:
        return

    @st.fragment(run_every=settle_after())
    def settling() -> None:
        settle(session.current())

    settling()


def settle(run: StudioRun | None) -> None:
    """Where the browser's playback is over (seen in a rerun of a fragment inside the run view,
    a timer's tick or a widget's): the run view draws the finished run.

    Only in the fragment's own rerun. Called as part of its parent's run (the page's, or the run
    view's), the run view has just drawn the playback, and the run view's top settles a playback
    that was over when it began. A playback that ends during that run is left to the timer:
    rerunning from inside it would cut the rest of the page's run short (the class board's form
    below, the runs), and the browser would be sent the playback and the finished run at once.
    """
    if run is not None and own_rerun() and settled(run):
        rerun_run_view()


def own_rerun() -> bool:
    """Whether this is a rerun of the fragment that is running now, not a call of it from the
    run of the page or of a fragment around it (Streamlit's ThreadState: private)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    running = ThreadState.get().fragment_id
    return bool(ctx and running and running in (ctx.fragment_ids_this_run or ()))


def rerun_run_view() -> NoReturn:
    """Rerun the run view alone (a fragment run), from a fragment's own run inside it.

    st.rerun(scope=key) reruns another fragment, but Streamlit allows it in a widget's callback
    only, and a timer's tick runs none; inside a fragment's run it stops that run as a callback's
    rerun does (a RerunException the script runner takes).
    """
    with ThreadState.scoped(run_location=RunLocation.CALLBACK):
        st.rerun(scope=RUN_VIEW)


def curves_option(t: Trainer | Snapshot, heading: bool = False, log: bool | None = None) -> dict:
    """The loss and accuracy (or R^2) curves up to t's epoch; headed by the epoch and its numbers.

    `log`: the loss axis's scale (None: as t's losses need it)."""
    h, stop = t.history, t.stopped
    # An early stop is marked from the epoch it stopped at (a playback's last frame) on.
    early = (stop.best, stop.epoch) if stop is not None and stop.kind == "early" else None
    return curves_chart(h.train_loss, h.test_loss, h.train_acc, h.test_acc, h.metric,
                        heading=epoch_line(t) if heading else None, log=log,
                        lr=h.lr if scheduled(t) else None, early=early)


def scheduled(t: Trainer | Snapshot) -> bool:
    """Whether the run's learning rate changes from epoch to epoch, by its schedule or by a
    change mid-run (the curves then show it)."""
    return t.config.schedule != "constant" or len(set(t.history.lr)) > 1


def epoch_line(t: Trainer | Snapshot) -> str:
    """"Epoch k of n", and from epoch 1 its losses and accuracies, on one line."""
    line = i18n.t("studio.live.epoch_of", epoch=t.epoch, budget=t.config.epochs)
    return line + ("  ·  " + numbers_line(t.history, scheduled(t)) if t.epoch else "")


def numbers_line(h: History, with_lr: bool = False) -> str:
    """The latest epoch's train (and test) loss and accuracy (a regression's R^2), and its
    learning rate `with_lr`."""
    score = "_r2" if h.metric == "r2" else ""
    line = i18n.t(f"studio.live.train_numbers{score}", loss=fmt(h.train_loss[-1]),
                  acc=fmt(h.train_acc[-1]))
    if h.has_test:
        line += i18n.t(f"studio.live.test_numbers{score}", loss=fmt(h.test_loss[-1]),
                       acc=fmt(h.test_acc[-1]))
    if with_lr and h.lr:
        line += i18n.t("studio.live.lr_numbers", lr=f"{h.lr[-1]:.4g}")
    return line


def show_curves(t: Trainer | Snapshot) -> None:
    h, budget = t.history, t.config.epochs
    st.progress(min(t.epoch / budget, 1.0),
                text=i18n.t("studio.live.epoch_of", epoch=t.epoch, budget=budget))
    # Always a slot, even empty at epoch 0: an element that comes and goes would shift the chart
    # below it to a new place on the page, and the browser would draw it anew.
    numbers = st.empty()
    if t.epoch:
        numbers.markdown(numbers_line(h, scheduled(t)))
    presenter.echart(curves_option(t), key="studio.curves_chart", height=CURVE_HEIGHT)


# A playback's passing frames predict a coarser grid (a quarter of the points at the default
# 100): the regions' cost is most of what drawing every frame at once costs the server, and a
# frame on screen for a third of a second shows no finer boundary. The last frame is the run's.
FRAME_RESOLUTION = 50


def regions_block() -> None:
    """Feature choice and the decision regions, refreshed twice a second while training."""

    @st.fragment(run_every=frame_period() or (region_period() if ticking() else None))
    def regions() -> None:
        run = session.current()
        if run is None:
            return
        t, ds = replay.shown(run), run.dataset
        share.sync_view()  # this fragment's own reruns keep the link's view settings current
        if ds.regression and ds.n_features == 1:  # no plane: the prediction along the feature
            presenter.echart(line_view(t, ds, view_axes(ds, (0, 0))[0]),
                             key="studio.surface_chart", height=REGION_HEIGHT)
            network_block(t, ds, (0, 0), run=run if t.params is None else None)
            return
        features = feature_controls(ds)
        hand = by_hand.editing(run.spec)  # a toy's points: clicks on the chart edit them
        left, right = st.columns([1, 1])
        # A value to predict has no classes to draw discrete.
        discrete = None if ds.regression else controls.draw(settings.BY_NAME["discrete"], left)
        # A fine-tuning control: in presenter mode the projected grid keeps its resolution.
        resolution = controls.draw(settings.BY_NAME["resolution"], right)
        # With the network view on, the chosen unit's map sits beside the regions, on one plane.
        columns = st.columns([3, 2], vertical_alignment="center") \
            if maps_beside_regions(ds) else None
        playback = replay.playback(run)
        with columns[0] if columns else nullcontext():
            if ds.regression:  # a value to predict: its surface
                plane = readable_axes(ds)[1] if principal(ds) else None
                option = surface_view(t, ds, features, resolution, plane, view_axes(ds, features))
                if hand:
                    by_hand.draw_chart(option, ds, run.spec, REGION_HEIGHT)
                else:
                    presenter.echart(option, key="studio.surface_chart", height=REGION_HEIGHT)
            elif playback is not None:
                frames = playback_regions(playback, ds, features, resolution, discrete)
                # The last frame is the settled page's picture: the settling rerun draws it again.
                keep_regions(playback.shots[-1], ds, features, resolution, discrete, frames[1][0])
                playback.draw(frames[0] + frames[1], key="studio.regions_chart",
                              height=REGION_HEIGHT)
            elif hand:
                by_hand.draw_chart(kept_regions_view(t, ds, features, resolution, discrete), ds,
                                   run.spec, REGION_HEIGHT)
            else:
                presenter.echart(kept_regions_view(t, ds, features, resolution, discrete),
                                 key="studio.regions_chart", height=REGION_HEIGHT)
        # A replayed epoch is there to look at; only the trained network itself (a snapshot
        # without params of its own) is edited.
        network_block(t, ds, features, resolution=resolution, plane=network_plane(ds),
                      run=run if t.params is None else None,
                      beside=columns[1] if columns else None, playback=playback)

    regions()


def feature_controls(ds: Dataset) -> tuple[int, int]:
    """Two feature columns to draw over; with more than two, the pair that separates the classes
    best unless the student picks another (or PC1 x PC2, principal()), and what happens to the
    others."""
    d = ds.n_features
    if ds.n_base_features == 2:  # x1 x2, never a hand-made feature
        return 0, 1
    # .get: Streamlit drops a widget's key on any run that did not draw it (a 2-feature dataset,
    # another page), and a fragment rerun does not pass through the page's state.init.
    ss = st.session_state
    before = ss.get("studio.axes")
    if before is not None and before[0].name != ds.name:
        # Other data: its own best pair again, not the columns picked on the last data (and
        # the link says so now, not one run late).
        ss["studio.feature_x"] = ss["studio.feature_y"] = None
        share.sync_view()
    best = readable_axes(ds)[0]
    options = (None, *range(d))  # None: this data's best pair, whatever the data
    for name in ("feature_x", "feature_y"):
        if ss.get(f"studio.{name}") not in options:
            ss[f"studio.{name}"] = None
    ss["studio.pca"] = bool(ss.get("studio.pca", False))
    if controls.draw(settings.BY_NAME["pca"], st):
        st.caption(i18n.t("studio.live.pca_how"))
        return best
    names = distinct(ds.feature_names)  # a selectbox shows its options as they are, not Markdown
    left, right = st.columns(2)
    chosen = []
    for name, where, default in (("feature_x", left, best[0]), ("feature_y", right, best[1])):
        best_text = i18n.t("studio.live.best_feature", name=names[default])
        # A selectbox shows a None value as its placeholder, not as the option's text.
        column = controls.draw(settings.BY_NAME[name], where, options,
                               lambda f, best_text=best_text: best_text if f is None else names[f],
                               placeholder=best_text)
        chosen.append(default if column is None else column)
    i, j = chosen
    if i == j:
        st.warning(i18n.t("studio.live.same_feature"))
        j = (i + 1) % d
    how = "studio.live.best_pair_how_regression" if ds.regression else "studio.live.best_pair_how"
    st.caption(i18n.t("studio.live.slice", d=d, others=d - 2) + " " + i18n.t(how))
    return int(i), int(j)


def principal(ds: Dataset) -> bool:
    """Whether the regions are drawn over PC1 x PC2 (a choice for data of more than 2 features)."""
    return ds.n_base_features > 2 and bool(st.session_state.get("studio.pca", False))


def readable_axes(ds: Dataset) -> tuple[tuple[int, int], Plane]:
    """The dataset's separating pair and principal plane, from its training rows, found once per
    dataset (the regions fragment reruns twice a second while training)."""
    ss = st.session_state
    found = ss.get("studio.axes")
    if found is None or found[0] is not ds:
        pair = target_pair if ds.regression else separating_pair
        found = ss["studio.axes"] = (ds, pair(ds.X_train, ds.y_train),
                                     principal_plane(ds.X_train))
    return found[1], found[2]


def pc_axes(plane: Plane) -> tuple[str, str]:
    """The principal plane's axis titles: "PC1 (n% of the variance)", "PC2 (...)"."""
    return tuple(i18n.t("studio.live.pc_axis", k=k + 1, share=round(100 * share))
                 for k, share in enumerate(plane.variance_ratio))


def network_plane(ds: Dataset) -> RegionsPlane | None:
    """The regions' principal plane for the network view's maps; None: their two features."""
    if not principal(ds):
        return None
    plane = readable_axes(ds)[1]
    return RegionsPlane(
        lambda predict_proba, resolution: plane_grid(predict_proba, plane, ds.X_all,
                                                     resolution=resolution, square=True),
        plane.project, pc_axes(plane))


def view_axes(ds: Dataset, features: tuple[int, int]) -> tuple[str, str]:
    """The view's axis titles: PC1 and PC2, or the two features (standardized: the studio's
    caption says so, once)."""
    if principal(ds):
        return pc_axes(readable_axes(ds)[1])
    names = distinct(ds.feature_names)
    return names[features[0]], names[features[1]]


# The regions chart drawn last in this session and what it shows: (the Dataset, _regions_key,
# the chart). A rerun that shows the same (the settling rerun after a playback, whose last frame
# it is; a click that changes no view) draws it again without predicting the grid anew.
REGIONS_KEPT = "studio.regions_kept"
# A playback's regions frames, shared by every session that plays the same run on the same data
# (a class pressing Train on one preset: ui/shared.py); read-only once built. They are two fifths
# of a played-back Train's own rerun; ~0.1-0.2 MB each kept for the lecture's run.
PLAYBACK_REGIONS: Shared[list[list[dict]]] = Shared(16)
DATA_DIGEST = "studio.data_digest"


def playback_regions(playback: replay.Playback, ds: Dataset, features: tuple[int, int],
                     resolution: int, discrete: bool) -> list[list[dict]]:
    """The regions of a playback's frames: the passing frames' on a coarser grid, the last's (the
    settled page's picture) at `resolution`; the kept ones when a session drew the same."""
    key = (weights_digest(playback.shots, data_digest(ds)),
           tuple(shot.epoch for shot in playback.shots), features, resolution, discrete,
           i18n.language())
    passing, last = slice(None, -1), slice(-1, None)
    return PLAYBACK_REGIONS.get(key, lambda: [
        regions_views(playback.shots[which], partial(playback.proba_each, frames=which),
                      lambda X, which=which: playback.classes_each(X)[which],
                      ds, features, at, discrete)
        for which, at in ((passing, min(resolution, FRAME_RESOLUTION)), (last, resolution))])


def data_digest(ds: Dataset) -> bytes:
    """A digest of everything the dataset holds (its fields: the rows, names, scaler, split), made
    once for each Dataset the session holds."""
    kept = st.session_state.get(DATA_DIGEST)
    if kept is None or kept[0] is not ds:
        # A scaler by its numbers: its pickle differs between equal copies (st.cache_data's).
        fields = [(value.mean_, value.scale_) if isinstance(value, StandardScaler) else value
                  for value in (getattr(ds, field.name) for field in dataclasses.fields(ds))]
        kept = st.session_state[DATA_DIGEST] = (
            ds, hashlib.blake2b(pickle.dumps(fields), digest_size=16).digest())
    return kept[1]


def _regions_key(t: Snapshot, ds: Dataset, features: tuple[int, int], resolution: int,
                 discrete: bool) -> tuple:
    """Everything regions_view(t, ...) draws depends on, but the Dataset itself: the epoch, its
    weights (a digest: an edited weight changes them, not the epoch), the view, the language."""
    return (t.epoch, weights_digest([t]), features, resolution, discrete, principal(ds),
            i18n.language())


def weights_digest(shots: Sequence[Trainer | Snapshot], data: bytes = b"") -> bytes:
    """A digest of the shots' weights (after `data`'s): an edited weight changes it, not the
    epoch."""
    digest = hashlib.blake2b(data, digest_size=16)
    for shot in shots:
        for w in shot.weights:
            digest.update(w.detach().numpy().tobytes())
    return digest.digest()


def keep_regions(t: Snapshot, ds: Dataset, features: tuple[int, int], resolution: int,
                 discrete: bool, option: dict) -> None:
    """Keep `option` as regions_view(t, ds, ...) (a playback's last frame is that chart)."""
    st.session_state[REGIONS_KEPT] = (ds, _regions_key(t, ds, features, resolution, discrete),
                                      option)


def kept_regions_view(t: Snapshot, ds: Dataset, features: tuple[int, int], resolution: int,
                      discrete: bool) -> dict:
    """regions_view(t, ds, ...), the kept one when it shows the same."""
    kept = st.session_state.get(REGIONS_KEPT)
    if kept is not None and kept[0] is ds \
            and kept[1] == _regions_key(t, ds, features, resolution, discrete):
        return kept[2]
    option = regions_view(t, ds, features, resolution, discrete)
    keep_regions(t, ds, features, resolution, discrete, option)
    return option


def regions_view(t: Trainer | Snapshot, ds: Dataset, features: tuple[int, int], resolution: int,
                 discrete: bool, height: int = REGION_HEIGHT) -> dict:
    """The grid predicted by the current model, and the chart of it with the samples."""
    (view,) = regions_views([t], lambda X: [t.predict_proba(X)], lambda X: [t.predict(X)], ds,
                            features, resolution, discrete, height)
    return view


def regions_views(shots: Sequence[Trainer | Snapshot],
                  proba_each: Callable[[np.ndarray], Sequence[np.ndarray]],
                  classes_each: Callable[[np.ndarray], Sequence[np.ndarray]], ds: Dataset,
                  features: tuple[int, int], resolution: int, discrete: bool,
                  height: int = REGION_HEIGHT) -> list[dict]:
    """regions_view of each of `shots` (a playback's frames), their grids on one grid laid once.

    proba_each(X) : each shot's (n, n_classes) probabilities of the rows X; classes_each(X) :
    each shot's (n,) predicted classes (one batched pass for all of them, Playback's).
    Square: with the chart's square plot, one unit is as long across as up.
    """
    X = ds.X_all
    parts = [(ds.X_train, ds.y_train)] + ([(ds.X_test, ds.y_test)] if ds.n_test else [])
    axes = view_axes(ds, features)
    if principal(ds):
        plane = readable_axes(ds)[1]
        grids = plane_grids(proba_each, plane, X, resolution=resolution, square=True)
        place = plane.project
    else:
        grids = decision_grids(proba_each, X, features=features, resolution=resolution,
                               square=True, made=ds.made)

        def place(rows):
            return rows[:, features]

    placed = [(place(X_part), y_part, classes_each(X_part)) for X_part, y_part in parts]
    points = [[PointSet(xy, y_part, classes[k] != y_part) for k in range(len(shots))]
              for xy, y_part, classes in placed] + [[None] * len(shots)]
    return regions_charts(grids[0].xs, grids[0].ys, np.stack([grid.proba for grid in grids]),
                          points[0], points[1], ds.class_names, axes, discrete=discrete,
                          untrained=[t.epoch == 0 for t in shots], height=height)
