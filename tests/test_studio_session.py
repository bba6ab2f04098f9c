"""The studio's run and the threads that touch it: Pause stops a tick that is mid-slice.

A click on Pause starts a new script run at once while the interrupted tick may still be training
in its own thread; it must stop at the next epoch, not train on unseen (which once made Step
appear to add two epochs).
"""

import threading
import time
from dataclasses import replace

import streamlit as st
import torch

from mlp_core.datasets import DataSpec, load_iris
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
    assert head_start(short, 1.0) == 8 and short.trainer.stopped.kind == "budget"
    long = iris_run(replace(LONG, epochs=20))  # 0.3 s done and 17 x 0.1 s to go: 2.0 s
    assert head_start(long, 1.0) == 3 and long.trainer.stopped is None
    assert head_start(iris_run(replace(LONG, epochs=8)), 0.0) == 3  # a tick: its own seconds


def test_new_settings_mid_run_keep_the_weights_and_say_so_unless_only_the_budget_moved():
    run = iris_run(replace(LONG, epochs=20))
    run.step()
    weights = {k: v.clone() for k, v in run.trainer.model.state_dict().items()}
    run.reconfigure(replace(run.config, epochs=30))
    assert (run.changed, run.notice, run.config.epochs) == (False, "", 30)
    run.reconfigure(replace(run.config, lr=0.1))
    assert (run.changed, run.notice, run.config.lr) == (True, "continues", 0.1)
    assert run.trainer.epoch == 1
    for k, v in run.trainer.model.state_dict().items():
        assert v.equal(weights[k]), k


def test_new_settings_before_the_first_epoch_are_the_runs_own_and_say_nothing():
    """Nothing trained yet: the run is the new settings' from the start, exactly as the script
    (and a fresh run) trains them, so no "changed" note and no "continues" notice."""
    run = iris_run(replace(LONG, epochs=20))
    run.reconfigure(replace(run.config, lr=0.1, optimizer="momentum", batch_size=16))
    assert (run.changed, run.notice) == (False, "")
    fresh = iris_run(run.config)
    run.trainer.run(3)
    fresh.trainer.run(3)
    assert run.trainer.history == fresh.trainer.history
    run.reconfigure(replace(run.config, lr=0.01))  # now it has trained: it continues
    assert (run.changed, run.notice) == (True, "continues")


def test_reset_returns_to_the_first_weights_and_forgets_the_notices():
    run = iris_run(replace(LONG, epochs=20))
    first = {k: v.clone() for k, v in run.trainer.model.state_dict().items()}
    run.running = True
    run.reconfigure(replace(run.config, lr=0.1))
    assert run.step() is True and run.trainer.epoch == 1  # Step stops a live run first
    assert run.reset() is False and run.trainer.epoch == 0
    assert (run.changed, run.notice, run.running) == (False, "", False)
    for k, v in run.trainer.model.state_dict().items():
        assert v.equal(first[k]), k


def test_train_finishes_a_short_run_in_its_head_start_and_leaves_a_long_one_running(monkeypatch):
    from ui.studio import pacing

    monkeypatch.setattr(pacing, "HEAD_START_SECONDS", 60.0)  # any machine ends 5 epochs in it
    short = iris_run(replace(LONG, epochs=5))
    short.train()
    assert short.trainer.stopped.kind == "budget" and not short.running
    monkeypatch.setattr(pacing, "HEAD_START_SECONDS", 0.0)
    monkeypatch.setattr(pacing, "FINISH_WITHIN_SECONDS", 0.0)
    long = iris_run()
    long.train()
    assert long.trainer.epoch == 1 and long.running and long.last_tick is None


def test_the_hand_off_from_your_own_data_opens_the_studio_on_it():
    from ui import state

    ds = load_iris()
    session.hand_over(ds)
    assert st.session_state[state.SHARED_DATASET] is ds
    assert st.session_state["studio.source"] == "uploaded"
    st.session_state[session.RUN] = run = StudioRun.start(DataSpec("uploaded"), LONG, ds)
    assert session.trained_on(ds) is None  # not trained yet: no predictions to offer
    run.step()
    assert session.trained_on(ds) is run.trainer
    assert session.trained_on(load_iris()) is None  # another dataset, even with the same rows
    session.forget()
    assert session.current() is None and session.trained_on(ds) is None


def test_weights_loaded_mid_tick_stop_it_and_become_epoch_0():
    run = iris_run()
    t = run.trainer
    st.session_state[session.RUN] = run
    run.running, run.changed = True, True
    tick = threading.Thread(target=lambda: run.advance(30.0))
    tick.start()
    while t.epoch < 3:  # the tick is training
        time.sleep(0.01)
    uploaded = [torch.full_like(p, 0.5) for p in t.model.parameters()]
    assert run.load_weights(uploaded, "w.pt")  # it was running
    tick.join(timeout=5)
    assert not tick.is_alive() and not run.running
    assert (t.epoch, len(t.history), run.loaded, run.notice) == (0, 0, "w.pt", "loaded")
    assert not run.changed  # the settings now are this run's from its (uploaded) start
    for p, q in zip(t.model.parameters(), uploaded, strict=True):
        assert torch.equal(p, q)
    run.step()
    run.reset()  # back to the file's weights, not the seed's
    assert run.loaded == "w.pt"
    for p, q in zip(t.model.parameters(), uploaded, strict=True):
        assert torch.equal(p, q)
