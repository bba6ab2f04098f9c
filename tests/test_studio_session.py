"""The studio's run and the threads that touch it: Pause stops a tick that is mid-slice.

A click on Pause starts a new script run at once while the interrupted tick may still be training
in its own thread; it must stop at the next epoch, not train on unseen (which once made Step
appear to add two epochs).
"""

import threading
import time
from dataclasses import replace

import streamlit as st

from mlp_core.datasets import load_iris
from mlp_core.script import DataSpec
from mlp_core.training import TrainConfig
from ui.studio import session
from ui.studio.run import StudioRun

LONG = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                   epochs=100_000, seed=0)


def iris_run(config: TrainConfig = LONG) -> StudioRun:
    return StudioRun.start(DataSpec("iris"), config, load_iris())


def test_a_tick_mid_slice_stops_at_the_next_epoch_when_paused():
    run = iris_run()
    t = run.trainer
    st.session_state[session.RUN] = run
    run.running = True
    done = {}
    tick = threading.Thread(target=lambda: done.setdefault("epochs", run.advance(30.0)))
    tick.start()
    while t.epoch < 3:  # the tick is training
        time.sleep(0.01)
    session.pause()  # returns once the tick has ended its epoch: the page shows the last one
    paused = t.epoch
    tick.join(timeout=5)
    assert not tick.is_alive()  # it did not train on for its 30-second slice
    assert t.epoch == paused == done["epochs"]
    session.step()
    assert t.epoch == paused + 1  # exactly one more


def test_the_head_start_trains_before_running_is_set():
    run = iris_run()
    assert not run.running
    assert run.advance(0.05, while_running=False) >= 1
    assert run.advance(0.05) == 0  # a tick of a paused run trains nothing


def test_the_head_start_finishes_a_run_that_ends_soon_and_leaves_a_long_one_to_the_ticks():
    def head_start(run: StudioRun, finish_within: float) -> int:
        # A clock on which every epoch costs 0.1 s: 0.3 s is three epochs.
        t = run.trainer
        return run.advance(0.3, while_running=False, clock=lambda: 0.1 * t.epoch,
                           finish_within=finish_within)

    short = iris_run(replace(LONG, epochs=8))  # 0.8 s in all: within 1 s, so it ends here
    assert head_start(short, 1.0) == 8 and short.trainer.stopped == "budget"
    long = iris_run(replace(LONG, epochs=20))  # 0.3 s done and 17 x 0.1 s to go: 2.0 s
    assert head_start(long, 1.0) == 3 and long.trainer.stopped is None
    assert head_start(iris_run(replace(LONG, epochs=8)), 0.0) == 3  # a tick: its own seconds
