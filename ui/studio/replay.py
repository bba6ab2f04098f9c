"""Which epoch of the run the page shows, and the slider that picks it.

Every view of the run (the curves, the regions, the results, the network) draws `shown(run)`: the
epoch on screen, its model (a snapshot of that epoch's weights) and its history up to it. It is the
latest epoch unless the run is playing back at its pace or the student chose one on the slider;
stepping along the slider trains nothing, it only predicts with a kept snapshot.
"""

from __future__ import annotations

import streamlit as st

from mlp_core.training import Snapshot
from ui.i18n import t
from ui.studio.run import StudioRun

SLIDER = "studio.replay_epoch"


def shown(run: StudioRun) -> Snapshot:
    """The epoch on screen: .epoch, .model, .history (up to it), .predict / .predict_proba."""
    return run.snapshot()


def _chosen(run: StudioRun) -> None:
    run.show(st.session_state[SLIDER])


def slider(run: StudioRun) -> None:
    """Over a trained run that is not live: the epochs kept (every one of a short run)."""
    t_ = run.trainer
    if run.live or not t_.epoch:
        return
    epochs = [e for e in t_.snapshots.epochs() if e < t_.epoch] + [t_.epoch]
    st.session_state[SLIDER] = shown(run).epoch  # where the run is, not where the slider was
    st.select_slider(t("studio.live.replay"), epochs, key=SLIDER, on_change=_chosen,
                     args=(run,), help=t("studio.live.replay_help"))
