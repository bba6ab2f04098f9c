"""The run in st.session_state: one StudioRun per session, restarted or continued as controls move.

As in TensorFlow Playground, changing the data, the architecture or the seed starts again from new
initial weights; changing lr, optimizer, L2, batch size or the budget continues from the weights
the run has reached. The buttons' callbacks live here: they call the run's methods, then take care
of what only Streamlit knows (the server's traffic count, the live view's timers).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from mlp_core.datasets import UPLOADED, Dataset, DataSpec
from mlp_core.training import TrainConfig, Trainer
from ui import state
from ui.studio import data, pool, settings, traffic
from ui.studio.run import StudioRun

RUN = "studio.run"  # the session's StudioRun, or None before the first sync


def current() -> StudioRun | None:
    return st.session_state.get(RUN)


def running() -> bool:
    run = current()
    return run is not None and run.live


def _keep(run: StudioRun | None) -> None:
    """Make `run` the session's, letting go of the one before.

    Deleted first: Streamlit also keeps the session state as it was when the script run began
    until the next run begins, so a replaced run (its Trainer, its snapshots) would stay in memory
    as long as the session stays idle; the key's deletion drops it there too.
    """
    st.session_state.pop(RUN, None)
    st.session_state[RUN] = run


def forget() -> None:
    """Drop the run, so the next sync builds a fresh one (presets, the page's reset button)."""
    run = current()
    if run is not None:
        run.stop()  # a tick still in it stops at its next epoch
    _keep(None)


def _run_key(spec: DataSpec, config: TrainConfig) -> tuple:
    # The uploaded table is known by identity: a new upload is new data even under the same name.
    upload = id(data.shared_dataset()) if spec.source == UPLOADED else None
    return ((spec, upload), (config.hidden, config.activation), config.seed)


RESTART_REASONS = ("data", "architecture", "seed")  # what changed: studio.session.restart_<it>


def sync(spec: DataSpec, config: TrainConfig) -> None:
    """Make the session's run match the controls: restart, continue, or leave it as it is."""
    key, old = _run_key(spec, config), current()
    if old is None or old.key != key:
        reason = next((why for why, a, b in zip(RESTART_REASONS, key, old.key if old else key,
                                                strict=True) if a != b), "")
        new = StudioRun.start(spec, config, data.load(spec), key)
        if old is not None:
            old.stop()
            if reason:
                st.session_state["studio.story"] = ""  # a preset's story no longer fits
                if old.trainer.epoch:
                    new.notice = f"restart_{reason}"
        _keep(new)
        return
    if old.config != config:
        old.reconfigure(config)


# ---------------------------------------------------------------- buttons (on_click callbacks)
def session_id() -> str:
    """This browser tab's opaque Streamlit session id (for the server's traffic count)."""
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "bare"


def stop(run: StudioRun) -> bool:
    """Training stops (paused, finished, reset): no more ticks, no place in the traffic count.

    Returns whether it was running, and so whether the browser has the live view's timers.
    """
    traffic.LIVE.leave(session_id())
    return run.stop()


def end_live_view(was_running: bool) -> None:
    """Last thing where a run stops (a button's callback, the tick that finished it): after a
    live run, rerun the whole page.

    The buttons sit in the page's run view, a fragment, so a click reruns that fragment only. The
    live view's timers belong to fragments inside it, and Streamlit stops a nested fragment's
    timer only in a full rerun: without one, a paused run's browser would go on asking for ticks
    eight times a second.
    """
    if was_running:
        st.rerun()  # in a callback it halts it, and the interaction becomes a full rerun


def crowd(live_sessions: int) -> int:
    """Sessions sharing the server now: the `live_sessions` ticking, or those that pressed Train
    lately if more (a class pressing at once has not ticked yet)."""
    return max(live_sessions, traffic.TRAINS.live())


def train() -> None:
    run = current()
    if run is not None:
        if Runtime.exists():  # a server that may see a class (not AppTest): its workers start
            pool.warm()
        traffic.TRAINS.tick(session_id())
        run.train(st.session_state.get(settings.BY_NAME["pace"].key, "instant"),
                  crowd(traffic.LIVE.live() + 1))


def _stopped(was_running: bool) -> None:
    traffic.LIVE.leave(session_id())
    end_live_view(was_running)


def pause() -> None:
    if (run := current()) is not None:
        _stopped(run.pause())


def step() -> None:
    if (run := current()) is not None:
        _stopped(run.step())


def reset() -> None:
    if (run := current()) is not None:
        _stopped(run.reset())


def load_weights(params, file_name: str) -> None:
    """Uploaded weights, read and checked, become the run's epoch 0 (ui/studio/runs.py)."""
    if (run := current()) is not None:
        _stopped(run.load_weights(params, file_name))


# ------------------------------------------------------- the hand-off from "Your own data"
def hand_over(dataset: Dataset) -> None:
    """Share a prepared dataset with the studio and open the studio on it."""
    st.session_state[state.SHARED_DATASET] = dataset
    st.session_state[settings.SOURCE.key] = UPLOADED


def trained_on(dataset: Dataset | None) -> Trainer | None:
    """The studio's Trainer when it has trained on `dataset` (the one handed over), else None."""
    run = current()
    if dataset is None or run is None or run.dataset is not dataset or not run.trainer.epoch:
        return None
    return run.trainer
