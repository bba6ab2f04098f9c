"""Early stopping in the studio: patience= and restore= in the link, the stop said and marked on
the curves (live, at the end and in the browser's playback), the overfitting presets."""

from dataclasses import replace

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from mlp_core.datasets import DataSpec
from mlp_core.training import StopReason, TrainConfig, Trainer
from tests.app.helpers import echart, open_with, page_path, played_frames

PAGE = page_path("training_studio")
# 64 x 64 units on 20 noisy training points: its test loss is lowest at epoch 69.
OVERFIT_LINK = {"data": "moons", "points": "40", "noise": "0.3", "test": "0.5",
                "hidden": "64-64", "lr": "0.05", "batch": "full", "epochs": "400",
                "pace": "instant"}
OVERFIT = TrainConfig(hidden=(64, 64), activation="relu", optimizer="sgd", lr=0.05,
                      batch_size=None, epochs=400, seed=0)


def studio(at):
    return at.session_state["studio.run"]


def marks(option: dict) -> list[tuple[int, str]]:
    """The vertical marks on the test loss curve: (epoch, label) each."""
    series = next(s for s in option["series"] if s["name"] == "test loss")
    return [(m["xAxis"], m["label"]["formatter"])
            for m in series.get("markLine", {}).get("data", [])]


def reference(patience: int, restore: bool) -> Trainer:
    ds = DataSpec("moons", test_size=0.5, seed=0, n_samples=40, noise=0.3).load()
    config = replace(OVERFIT, patience=patience, restore_best=restore)
    return Trainer(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test).run(400)


def test_a_link_with_patience_stops_before_the_budget_and_says_so():
    at = open_with(PAGE, OVERFIT_LINK | {"patience": "10", "restore": "1"})
    assert not at.exception and not at.warning
    assert at.number_input(key="studio.patience").value == 10
    assert at.toggle(key="studio.restore").value is True
    at.button(key="studio.train").click().run()
    run = studio(at).trainer
    expected = reference(10, True)
    assert run.stopped == expected.stopped == StopReason(
        "early", 79, value=pytest.approx(0.5330, abs=1e-4), best=69, restored=True)
    assert run.epoch == 79 < 400 and run.history.test_loss == expected.history.test_loss
    [said] = [s.value for s in at.success]
    assert said == (f"Stopped early at epoch 79: the test loss has not been lower than at epoch "
                    f"69 ({run.stopped.value:.4f}) for 10 epochs. The weights of epoch 69 are "
                    "restored. Raise the patience (or set it to 0) in the sidebar to train "
                    "further.")
    # The curves mark both epochs; the results are the restored weights'.
    assert marks(echart(at, "studio.curves_chart")) == [(69, "best: epoch 69"),
                                                        (79, "stopped: epoch 79")]
    assert all(np.array_equal(a.detach(), b.detach()) for a, b in
               zip(run.model.parameters(), run.snapshot(69).model.parameters(), strict=True))
    assert at.button(key="studio.train").disabled  # stopped: more patience to go on
    titles = [m.value for m in at.markdown if m.value.startswith("**Confusion matrix")]
    assert titles and all(title.endswith("at epoch 69)") for title in titles)


def test_without_restore_the_last_weights_stay_and_replaying_an_earlier_epoch_drops_the_marks():
    at = open_with(PAGE, OVERFIT_LINK | {"patience": "10"})
    assert at.toggle(key="studio.restore").value is False
    at.button(key="studio.train").click().run()
    [said] = [s.value for s in at.success]
    assert "The weights are epoch 79's, the last trained." in said
    titles = [m.value for m in at.markdown if m.value.startswith("**Confusion matrix")]
    assert titles and all(title.endswith("at epoch 79)") for title in titles)
    at.select_slider(key="studio.replay_epoch").set_value(50).run()
    assert marks(echart(at, "studio.curves_chart")) == []  # not stopped yet at epoch 50
    at.select_slider(key="studio.replay_epoch").set_value(79).run()
    assert [e for e, _ in marks(echart(at, "studio.curves_chart"))] == [69, 79]


def test_more_patience_after_an_early_stop_trains_on_as_if_it_had_been_set_from_the_start():
    at = open_with(PAGE, OVERFIT_LINK | {"patience": "10", "restore": "1"})
    at.button(key="studio.train").click().run()
    at.number_input(key="studio.patience").set_value(30).run()
    assert not at.button(key="studio.train").disabled
    at.button(key="studio.train").click().run()
    assert studio(at).trainer.stopped == reference(30, True).stopped  # stopped at 99, best 69
    assert not studio(at).changed and not at.warning  # the script with patience 30 is this run
    # Lowered past the epochs trained, it stops at once, later than patience 5 would have.
    at.number_input(key="studio.patience").set_value(5).run()
    stop = studio(at).trainer.stopped
    assert (stop.kind, stop.epoch, stop.best) == ("early", 99, 69) and studio(at).changed


@pytest.mark.parametrize("value", ["-3", "ten", "2001"])
def test_a_bad_patience_in_a_link_falls_back_with_a_notice(value):
    at = open_with(PAGE, OVERFIT_LINK | {"patience": value})
    assert not at.exception
    assert at.number_input(key="studio.patience").value == 0
    assert any("patience" in w.value for w in at.warning)


def test_without_a_test_set_the_patience_says_it_has_nothing_to_watch():
    at = open_with(PAGE, {"data": "hours_score", "patience": "5", "epochs": "30",
                          "pace": "instant"})
    assert not at.exception
    note = ("Patience watches the test loss, and this data has no test set: the run goes on to "
            "its budget.")
    assert note in [c.value for c in at.sidebar.caption]
    at.button(key="studio.train").click().run()
    assert studio(at).trainer.stopped == StopReason("budget", 30)
    at = open_with(PAGE, OVERFIT_LINK | {"patience": "5"})
    assert note not in [c.value for c in at.sidebar.caption]  # moons has its test half


def _preset(name: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.selectbox(key="studio.preset").set_value(name).run()
    at.button(key="studio.load_preset").click().run()
    return at


def test_the_overfitting_preset_shows_the_test_loss_rising_while_the_train_loss_falls(alone):
    at = _preset("Overfitting: a big network on 40 noisy points")
    assert at.number_input(key="studio.patience").value == 0
    at.select_slider(key="studio.pace").set_value("instant").run()
    at.button(key="studio.train").click().run()
    h = studio(at).trainer.history
    assert studio(at).trainer.stopped == StopReason("budget", 400)
    best = int(np.argmin(h.test_loss)) + 1
    assert best == 69 and h.test_loss[-1] > 2 * h.test_loss[best - 1]
    assert h.train_loss[-1] < 0.6 * h.train_loss[best - 1]
    assert h.test_acc[-1] < h.test_acc[best - 1]  # the late weights also score worse


def test_the_early_stopping_preset_plays_its_marks_at_the_stop_frame(alone):
    at = _preset("Early stopping catches it")
    assert (at.number_input(key="studio.patience").value, at.toggle(key="studio.restore").value) \
        == (20, True)
    at.button(key="studio.train").click().run()  # at the preset's normal pace: a playback
    run = studio(at)
    assert run.in_browser and run.trainer.stopped == StopReason(
        "early", 89, value=pytest.approx(0.5330, abs=1e-4), best=69, restored=True)
    frames = played_frames(echart(at, "studio.curves_chart"))
    assert len(frames) == len(run.frames) and run.frames[-1] == 89
    for epoch, frame in zip(run.frames, frames, strict=True):
        assert marks(frame) == ([(69, "best: epoch 69"), (89, "stopped: epoch 89")]
                                if epoch == 89 else [])
    # The preset after it, the plain one, has early stopping off again.
    at.selectbox(key="studio.preset").set_value(
        "Overfitting: a big network on 40 noisy points").run()
    at.button(key="studio.load_preset").click().run()
    assert at.number_input(key="studio.patience").value == 0
