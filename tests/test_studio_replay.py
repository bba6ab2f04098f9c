"""The studio's playback and replay on the run object: which epoch is shown, frame by frame."""

from dataclasses import replace

import numpy as np
import pytest

from mlp_core.datasets import DataSpec, load_iris
from mlp_core.snapshots import Snapshots
from mlp_core.training import TrainConfig
from ui.studio import pacing
from ui.studio import run as run_module
from ui.studio.replay import Playback, shown
from ui.studio.run import StudioRun

LECTURE = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                      epochs=20, seed=0)
IRIS = load_iris()


@pytest.fixture
def whole_head_start(monkeypatch):
    monkeypatch.setattr(pacing, "HEAD_START_SECONDS", 60.0)  # however slow the machine


def lecture_run(config: TrainConfig = LECTURE) -> StudioRun:
    return StudioRun.start(DataSpec("iris"), config, IRIS)


def play_out(run: StudioRun, limit: int = 100) -> list[int]:
    """The epochs shown frame by frame until the playback is done (then stopped, as the live
    view's tick stops it)."""
    seen = []
    for _ in range(limit):
        seen.append(shown(run).epoch)
        if run.done:
            run.stop()
            return seen
        run.play()
    raise AssertionError("the playback did not end")


@pytest.mark.parametrize(("pace", "frames"), [("slow", 20), ("normal", 20), ("fast", 10)])
def test_a_paced_train_trains_at_once_and_plays_the_epochs_back(whole_head_start, pace, frames):
    run = lecture_run()
    run.train(pace)
    assert run.trainer.epoch == 20 and not run.running  # the server trained at full speed
    assert run.playing and shown(run).epoch == 0
    seen = play_out(run)
    step = 20 // frames
    assert seen == list(range(0, 21, step))
    assert run.shown is None and shown(run).model is run.trainer.model


def test_at_the_instant_pace_train_shows_the_end_at_once(whole_head_start):
    run = lecture_run()
    run.train("instant")
    assert not run.live and run.done and shown(run).epoch == 20


def test_a_class_on_the_server_plays_the_run_in_bigger_steps(whole_head_start):
    run = lecture_run()
    run.train("normal")
    run.play(live_sessions=20)  # period 4 s for a class of 20: 7 s of playback in 2 frames
    assert shown(run).epoch == 10


def test_a_class_pressing_train_at_once_sees_the_run_as_instant_shows_it(whole_head_start):
    # 20 sessions: a playback in 2 frames would show little and cost a full rerun more each
    assert not pacing.plays_back("normal", 20) and pacing.plays_back("normal", 10)
    run = lecture_run()
    run.train("normal", crowd=20)
    assert not run.live and shown(run).epoch == 20
    run = lecture_run()
    run.train("slow", crowd=20)  # slow motion, as the teacher asked: 6 frames of 4 s
    assert run.playing


class Clock:
    """The browser playback's clock (run.PLAY_CLOCK), moved on by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(run_module, "PLAY_CLOCK", fake)
    return fake


@pytest.mark.parametrize(("pace", "step"), [("slow", 1), ("normal", 1), ("fast", 2)])
def test_a_run_trained_in_the_head_start_is_played_by_the_browser(whole_head_start, clock, pace,
                                                                    step):
    run = lecture_run()
    run.train(pace)
    # The frames are the epochs the ticks would show one a frame (play_out), all at once.
    assert run.in_browser and run.frames == tuple(range(0, 21, step))
    assert run.frames == tuple(play_out(lecture_run_played(pace)))
    seconds = run.play_seconds()
    assert seconds == pytest.approx(len(run.frames) * pacing.FRAME_SECONDS[pace])
    if pace == "normal":  # the lecture's run at the default pace: 5-10 s, every epoch
        assert 5 <= seconds <= 10 and len(run.frames) >= 10
    clock.now += 60.0  # the time until the page has drawn it does not count
    assert run.play_left() == seconds
    run.drawn()
    start = clock.now
    clock.now += 1.0
    run.drawn()  # (its reruns while it plays: the first drawing counts)
    clock.now = start + seconds - 0.01
    run.settle()
    assert run.live and not run.done and shown(run).epoch == 0  # not over: nothing settles
    clock.now = start + seconds
    run.settle()
    assert run.done and shown(run).epoch == 20 and shown(run).model is run.trainer.model
    run.stop()
    assert not run.live and run.frames == ()


def lecture_run_played(pace: str) -> StudioRun:
    run = lecture_run()
    run.train(pace)
    return run


def test_a_run_still_training_is_played_by_the_ticks_not_the_browser(monkeypatch):
    monkeypatch.setattr(pacing, "HEAD_START_SECONDS", 0.0)
    monkeypatch.setattr(pacing, "FINISH_WITHIN_SECONDS", 0.0)
    run = lecture_run(replace(LECTURE, epochs=200))
    run.train("normal")
    assert run.running and run.playing and not run.in_browser and run.frames == ()


def test_a_thinned_run_plays_each_kept_snapshot_once(whole_head_start):
    run = lecture_run()
    epoch_bytes = run.trainer.snapshots.nbytes  # epoch 0's alone
    run.trainer.snapshots = Snapshots(max_bytes=8 * epoch_bytes)  # as a long run thins its own
    run.trainer.snapshots.add(0, [p.detach().clone() for p in run.trainer.model.parameters()])
    run.train("normal")
    assert run.trainer.snapshots.every == 4
    # one epoch a frame wanted, every 4th kept: each kept epoch once, and the latest
    assert run.frames == (0, 4, 8, 12, 16, 20)


def test_pause_holds_the_epoch_the_browser_reached_and_train_plays_on_from_it(whole_head_start,
                                                                               clock):
    run = lecture_run()
    run.train("normal")
    run.drawn()
    clock.now += 5.5 * pacing.FRAME_SECONDS["normal"]  # the browser shows its 6th frame
    run.pause()
    assert not run.live and shown(run).epoch == 5 and run.can_train()
    np.testing.assert_array_equal(shown(run).predict(IRIS.X_test),
                                  run.trainer.snapshot(5).predict(IRIS.X_test))
    run.train("normal")
    assert run.in_browser and run.frames == tuple(range(5, 21))


def test_pause_holds_the_epoch_shown_by_the_ticks_and_train_plays_on_from_it(whole_head_start):
    run = lecture_run()
    run.train("normal")
    run.frames = ()  # as a run that was still training when its playback began
    for _ in range(5):
        run.play()
    run.pause()
    assert not run.live and shown(run).epoch == 5 and run.can_train()
    run.train("normal")
    run.frames = ()
    assert run.playing and play_out(run) == list(range(5, 21))


def test_a_budget_raised_mid_playback_ends_the_playback_at_the_trained_end(whole_head_start):
    run = lecture_run()
    run.train("normal")
    run.reconfigure(replace(LECTURE, epochs=40))  # not trained further until Train
    assert play_out(run)[-1] == 20
    assert not run.trainer.stopped and run.can_train()


def test_the_slider_choice_shows_that_epoch_and_the_end_follows_training_again(whole_head_start):
    run = lecture_run()
    run.train("instant")
    run.show(7)
    assert shown(run).epoch == 7 and len(shown(run).history) == 7
    run.show(20)
    assert run.shown is None
    run.step()  # a finished run: Step adds nothing and shows the latest
    assert shown(run).epoch == 20


def test_a_playbacks_frames_predict_as_each_frames_own_snapshot(whole_head_start):
    run = lecture_run()
    run.train("instant")
    shots = [run.trainer.snapshot(k) for k in range(0, 21, 4)] + [run.trainer.snapshot()]
    playback = Playback(shots, 300)
    for X in (IRIS.X_train, IRIS.X_test):
        classes = playback.classes_each(X)
        assert classes.shape == (len(shots), len(X))
        for k, shot in enumerate(shots):
            np.testing.assert_array_equal(classes[k], shot.predict(X))
        assert playback.classes_each(X) is classes  # made once for every view that asks
    last = playback.proba_each(IRIS.X_test, frames=slice(-1, None))
    assert last.shape == (1, len(IRIS.X_test), 3)
    np.testing.assert_allclose(last[0], shots[-1].predict_proba(IRIS.X_test), rtol=1e-6,
                               atol=1e-7)
    assert not np.array_equal(playback.classes_each(IRIS.X_train)[0],
                              playback.classes_each(IRIS.X_train)[-1])
