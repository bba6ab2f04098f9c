"""The run in st.session_state: one Trainer per session, restarted or continued as controls move.

As in TensorFlow Playground, changing the data, the architecture or the seed starts again from new
initial weights; changing lr, optimizer, L2, batch size or the budget continues from the weights
the run has reached.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import replace

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from mlp_core.datasets import UPLOADED, Dataset, DataSpec
from mlp_core.training import TrainConfig, Trainer
from ui.i18n import t
from ui.studio import data, traffic

TRAINER, DATASET, RUN_KEY = "studio.trainer", "studio.dataset", "studio.run_key"
RUNNING, NOTICE, CHANGED = "studio.running", "studio.notice", "studio.changed_mid_run"
LAST_TICK = "studio.last_tick"
LOCK = "studio.lock"  # a threading.Lock: a tick and a button's run must not train at once
SPEC, CONFIG = "studio.spec", "studio.config"  # what the current run was built from


def trainer() -> Trainer | None:
    return st.session_state.get(TRAINER)


def dataset() -> Dataset | None:
    return st.session_state.get(DATASET)


def forget_trainer() -> None:
    """Drop the run, so the next sync builds a fresh one (presets, the page's reset button)."""
    st.session_state[TRAINER] = None
    st.session_state[RUN_KEY] = None
    st.session_state[RUNNING] = False


def _run_key(spec: DataSpec, config: TrainConfig) -> tuple:
    # The uploaded table is known by identity: a new upload is new data even under the same name.
    upload = id(data.shared_dataset()) if spec.source == UPLOADED else None
    return ((spec, upload), (config.hidden, config.activation), config.seed)


RESTART_REASONS = ("data", "architecture", "seed")  # what changed: studio.session.restart_<it>


def sync(spec: DataSpec, config: TrainConfig) -> None:
    """Make the session's run match the controls: restart, continue, or leave it as it is."""
    ss = st.session_state
    key, old_key, old = _run_key(spec, config), ss.get(RUN_KEY), trainer()
    if old is None or old_key != key:
        reason = next((why for why, a, b in zip(RESTART_REASONS, key, old_key or key,
                                                strict=True) if a != b), "")
        _start(spec, config)
        if old is not None and reason:
            ss["studio.story"] = ""  # a preset's story no longer describes these settings
            if old.epoch:
                ss[NOTICE] = t(f"studio.session.restart_{reason}")
        return
    if old.config != config:
        _continue(config)


def _start(spec: DataSpec, config: TrainConfig) -> None:
    ss = st.session_state
    ds = data.load(spec)
    ss[DATASET] = ds
    ss[TRAINER] = _new_trainer(config, ds)
    ss[RUN_KEY], ss[SPEC], ss[CONFIG] = _run_key(spec, config), spec, config
    ss[RUNNING], ss[CHANGED], ss[NOTICE] = False, False, ""


def _new_trainer(config: TrainConfig, ds: Dataset) -> Trainer:
    X_test, y_test = (ds.X_test, ds.y_test) if ds.n_test else (None, None)
    return Trainer(config, ds.X_train, ds.y_train, X_test, y_test, n_classes=ds.n_classes)


def _continue(config: TrainConfig) -> None:
    """Carry on from the current weights under new settings (lr, optimizer, L2, batch, budget)."""
    ss = st.session_state
    old = trainer()
    ss[CONFIG] = config
    only_budget = config == _with_epochs(old.config, config.epochs)
    with trainer_lock():  # a tick interrupted by this change may be mid-epoch
        old.reconfigure(config)
    if not only_budget:
        ss[CHANGED] = True  # the exported script reproduces one setting per run, not this one
        ss[NOTICE] = t("studio.session.continues")


def _with_epochs(config: TrainConfig, epochs: int) -> TrainConfig:
    return replace(config, epochs=epochs)


# ---------------------------------------------------------------- buttons (on_click callbacks)


# Train's own rerun redraws the run view, which takes a browser longer than this: training
# meanwhile costs no time a student sees, and a run this short (the lecture's Iris run) shows
# finished in that one redraw instead of through a few partial frames. Counted in this thread's
# CPU time, so that on a server busy with a class the short run still ends here, and each student
# costs one page redraw, not several. The wall-time bound is loose on purpose: with 20 students
# pressing Train at once the head start takes seconds of wall time, and cutting it short turns
# one redraw into a live run plus a second full redraw, which slowed everyone (p95 53 -> 35 s).
HEAD_START_SECONDS = 0.3
HEAD_START_WALL_SECONDS = 20.0
# A run that, at its pace so far, ends within this much CPU in all finishes in the head start.
# The lecture's run takes 0.22-0.29 s alone, but a crowded machine makes every epoch dearer (its
# caches are shared by 20 browsers): in a class round 3 of 20 head starts stopped at epoch 17-19,
# and each of those students cost the server and their browser a live run and a second redraw.
FINISH_WITHIN_SECONDS = 1.0


def session_id() -> str:
    """This browser tab's opaque Streamlit session id (for the server's traffic count)."""
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "bare"


def stop() -> bool:
    """Training stops (paused, finished, reset): no more ticks, no place in the traffic count.

    Returns whether it was running, and so whether the browser has the live view's timers.
    """
    was_running = st.session_state.get(RUNNING, False)
    st.session_state[RUNNING] = False
    traffic.LIVE.leave(session_id())
    return was_running


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


def train() -> None:
    t = trainer()
    if t is not None and t.stopped is None:
        advance(t, HEAD_START_SECONDS, while_running=False, clock=time.thread_time,
                max_wall=HEAD_START_WALL_SECONDS, finish_within=FINISH_WITHIN_SECONDS)
        st.session_state[RUNNING] = t.stopped is None
        st.session_state[LAST_TICK] = None  # the time since the last run is no drawing time


def pause() -> None:
    was_running = stop()
    with trainer_lock():  # an interrupted tick ends its epoch: the page then shows where it is
        pass
    end_live_view(was_running)


def step() -> None:
    was_running = stop()
    t = trainer()
    if t is not None and t.stopped is None:
        with trainer_lock():  # an interrupted tick finishes its epoch first
            t.run(1)
    end_live_view(was_running)


def reset() -> None:
    """The same initial weights and batch order as the first time, for the same seed."""
    t = trainer()
    was_running = stop()
    if t is not None:
        with trainer_lock():
            t.reset()
    st.session_state[CHANGED] = False
    st.session_state[NOTICE] = ""
    end_live_view(was_running)


def advance(t: Trainer, seconds: float, while_running: bool = True,
            clock: Callable[[], float] = time.perf_counter, max_wall: float = math.inf,
            finish_within: float = 0.0) -> int:
    """Train whole epochs until `seconds` have passed or training stops; return how many ran.

    `seconds` on `clock` (wall time, or time.thread_time for this thread's CPU time); never more
    than `max_wall` seconds of wall time. Past `seconds` it trains on to the end of the run if,
    at the pace of its epochs so far, the whole call then takes at most `finish_within`.

    Between epochs it looks at RUNNING: a click on Pause, Step or Reset starts a new script run
    at once, while the interrupted tick may still be in this loop in its own thread, and it must
    stop there rather than train on unseen. The lock keeps the two from touching the Trainer at
    the same time.
    """
    start, wall_start, before = clock(), time.perf_counter(), t.epoch
    with trainer_lock():
        while t.stopped is None:
            if while_running and not st.session_state.get(RUNNING, False):
                break
            t.run(1)
            spent = clock() - start
            if time.perf_counter() - wall_start >= max_wall:
                break
            if spent >= seconds:
                done, left = t.epoch - before, t.config.epochs - t.epoch
                if spent + left * spent / done > finish_within:
                    break
    return t.epoch - before


def trainer_lock() -> threading.Lock:
    """This session's lock on its Trainer (one per session, made on first use)."""
    return st.session_state.setdefault(LOCK, threading.Lock())
