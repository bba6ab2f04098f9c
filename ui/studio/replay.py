"""Which epoch of the run the page shows, and the slider that picks it.

Every view of the run (the curves, the regions, the results, the network) draws `shown(run)`: the
epoch on screen, its model (a snapshot of that epoch's weights) and its history up to it. It is the
latest epoch unless the run is playing back at its pace or the student chose one on the slider;
stepping along the slider trains nothing, it only predicts with a kept snapshot.

A run trained to its end before its playback begins is played by the browser: `played(run)` are
`playback(run)` has its frames and draws a chart of each as one option that the browser animates
at the run's pace, every chart of the run in step and none of them asking the server again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from mlp_core.snapshots import stacked_proba
from mlp_core.training import Snapshot
from ui import presenter
from ui.figures.live_charts import timeline
from ui.i18n import t
from ui.studio import pacing, session
from ui.studio.run import StudioRun

SLIDER = "studio.replay_epoch"
PLAYBACK = "studio.playback"  # (what it is of, the Playback) while the browser plays one


def shown(run: StudioRun) -> Snapshot:
    """The epoch on screen: .epoch, .model, .history (up to it), .predict / .predict_proba."""
    return run.snapshot()


@dataclass(frozen=True)
class Playback:
    """A playback the browser plays: its frames, each an epoch of the run, and their interval."""

    shots: list[Snapshot]
    interval_ms: int
    # Each frame's predicted classes of a set of rows, by the rows' id: the regions' mistakes
    # and the confusion matrices ask for the same rows' (with the rows kept, so the id stays).
    _classes: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict,
                                                                repr=False, compare=False)

    def proba_each(self, X: np.ndarray, frames: slice = slice(None)) -> np.ndarray:
        """The `frames`' class probabilities of X : (n, n_features): (frames, n, n_classes), in
        one batched pass (what shot.predict_proba(X) gives for each shot)."""
        shots = self.shots[frames]
        return stacked_proba([shot.weights for shot in shots],
                             np.ascontiguousarray(X, dtype=np.float32), shots[0].config.activation)

    def classes_each(self, X: np.ndarray) -> np.ndarray:
        """Every frame's predicted class of each row of X: (frames, n), shot.predict(X) each."""
        kept = self._classes.get(id(X))
        if kept is None or kept[0] is not X:
            kept = self._classes[id(X)] = (X, self.proba_each(X).argmax(axis=2))
        return kept[1]

    def draw(self, frames: list[dict], *, key: str, height: int, **chart) -> None:
        """One chart that plays `frames` (an ECharts option for each shot) in the browser, each
        sized as presenter.echart sizes one; `chart`: st.echarts_chart's other arguments."""
        sized = [presenter.sized(frame, height) for frame in frames]
        st.echarts_chart(timeline([option for option, _ in sized], self.interval_ms), key=key,
                         height=sized[0][1], **chart)


def playback(run: StudioRun) -> Playback | None:
    """The browser's playback of the run, or None when the page shows one epoch."""
    if not run.in_browser:
        st.session_state.pop(PLAYBACK, None)
        return None
    # One Playback for every view that draws it (the curves, the regions, the matrices, the
    # network), so that each frame's predictions are made once.
    key = (run.trainer, run.frames, run.pace)
    kept = st.session_state.get(PLAYBACK)
    if kept is None or kept[0] != key:
        kept = st.session_state[PLAYBACK] = (key, Playback(
            [run.trainer.snapshot(epoch) for epoch in run.frames],
            round(1000 * pacing.frame_period(run.pace))))
    return kept[1]


def _chosen() -> None:
    # The session's run, not one passed in the callback's args: Streamlit keeps a widget's args
    # after the widget is gone, and they would keep a run replaced since (a preset loaded).
    run = session.current()
    if run is not None:
        run.show(st.session_state[SLIDER])


def slider(run: StudioRun) -> None:
    """Over a trained run that is not live: the epochs kept (every one of a short run)."""
    # Its place is there even while it is not: a slider appearing above the charts when a run
    # ends would move each of them to a new place, and every browser would draw them anew.
    slot = st.empty()
    t_ = run.trainer
    if run.live or not t_.epoch:
        return
    epochs = [e for e in t_.snapshots.epochs() if e < t_.epoch] + [t_.epoch]
    st.session_state[SLIDER] = shown(run).epoch  # where the run is, not where the slider was
    slot.select_slider(t("studio.live.replay"), epochs, key=SLIDER, on_change=_chosen,
                       help=t("studio.live.replay_help"))
