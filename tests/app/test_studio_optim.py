"""AppTest: L1, the learning-rate schedules and Nesterov momentum, through the studio's link."""

import json
import re

import numpy as np
import pytest

from mlp_core.anatomy import layers_of, near_zero
from mlp_core.datasets import load_iris
from mlp_core.schedules import lr_at
from mlp_core.training import TrainConfig, fit
from tests.app.helpers import echart, open_with, page_path, played_frames, shown
from ui import presenter
from ui.studio import pacing, traffic
from ui.studio.share import PARAMS

PAGE = page_path("training_studio")
LINK_NAMES = {p.name for p in PARAMS}
LINKED = TrainConfig(hidden=(8,), activation="relu", optimizer="nesterov", lr=0.01, batch_size=1,
                     epochs=20, seed=0, l1=0.001, schedule="cosine")


@pytest.fixture(autouse=True)
def _instant(monkeypatch):
    monkeypatch.setattr(pacing, "HEAD_START_SECONDS", 60.0)  # any machine finishes within it


def _train(params: dict, **state_values):
    at = open_with(PAGE, params | {"pace": "instant"}, **state_values)
    assert not at.exception
    at.button(key="studio.train").click().run()
    assert not at.exception
    return at


def _run(at):
    return at.session_state["studio.run"]


def _series(option: dict, name: str) -> list:
    return next(s["data"] for s in option["series"] if s["name"] == name)


def test_a_link_with_nesterov_cosine_and_l1_trains_them_and_shows_the_learning_rate():
    at = _train({"opt": "nesterov", "sched": "cosine", "l1": "0.001"})
    assert not at.warning
    assert at.selectbox(key="studio.optimizer").value == "nesterov"
    assert at.selectbox(key="studio.schedule").value == "cosine"
    assert at.select_slider(key="studio.l1").value == 0.001
    trainer = _run(at).trainer
    assert trainer.config == LINKED and trainer.epoch == 20
    ds = load_iris()
    headless = fit(LINKED, ds.X_train, ds.y_train, ds.X_test, ds.y_test)
    np.testing.assert_allclose(trainer.history.train_loss, headless.history.train_loss,
                               rtol=1e-6)
    # The curves carry each epoch's lr, the schedule's; the numbers say the last epoch's.
    lrs = [lr_at("cosine", 0.01, e, 20) for e in range(1, 21)]
    line = _series(echart(at, "studio.curves_chart"), "learning rate")
    assert [e for e, _ in line] == list(range(1, 21))
    np.testing.assert_allclose([v for _, v in line], lrs, rtol=1e-12)
    assert any(m.value.endswith(f" · learning rate {lrs[-1]:.4g}") for m in at.markdown)
    assert {k: v for k, v in at.query_params.items() if k in LINK_NAMES} == {
        "opt": "nesterov", "sched": "cosine", "l1": "0.001", "pace": "instant"}


def test_a_constant_learning_rate_draws_no_lr_line():
    at = _train({})
    option = echart(at, "studio.curves_chart")
    assert "learning rate" not in [s["name"] for s in option["series"]]
    assert not any(re.search(r"· learning rate \d", m.value) for m in at.markdown)
    assert any(re.search(r"· test loss \d", m.value) for m in at.markdown)  # the numbers' line


def test_the_settings_chosen_on_the_page_join_the_link():
    at = open_with(PAGE, {})
    at.selectbox(key="studio.optimizer").set_value("nesterov")
    at.selectbox(key="studio.schedule").set_value("step")
    at.select_slider(key="studio.l1").set_value(0.01).run()
    assert not at.exception
    assert {k: v for k, v in at.query_params.items() if k in LINK_NAMES} == {
        "opt": "nesterov", "sched": "step", "l1": "0.01"}
    at.button(key="studio.step").click().run()
    config = _run(at).trainer.config
    assert (config.optimizer, config.schedule, config.l1) == ("nesterov", "step", 0.01)


def test_unusable_values_fall_back_with_a_notice():
    at = open_with(PAGE, {"opt": "rmsprop", "sched": "linear", "l1": "0.5"})
    assert not at.exception
    warning = shown(next(w.value for w in at.warning if "could not be used" in w.value))
    for name in ("opt", "sched", "l1"):
        assert f"**{name}** =" in warning, name
    at.button(key="studio.step").click().run()
    config = _run(at).trainer.config
    assert (config.optimizer, config.schedule, config.l1) == ("sgd", "constant", 0.0)


def _near_zero_shown(at) -> tuple[int, int]:
    """The network view's count of weights driven to zero: (k, n), (0, n) when it says none."""
    option = echart(at, "studio.network_chart")
    total = len(option["series"][0]["links"])
    text = option["title"][1]["text"]
    if not text:
        return 0, total
    k, n = map(int, re.match(r"(\d+) of (\d+) weights and biases below 0\.001", text).groups())
    faint = [link for link in option["series"][0]["links"]
             if link["lineStyle"].get("type") == "dashed"]
    assert n == total and len(faint) == k
    return k, n


def test_an_l1_run_shows_more_weights_driven_to_zero_than_the_same_run_without():
    with_l1 = _train({"net": "1", "l1": "0.01"})
    without = _train({"net": "1"})
    shown_l1, shown_plain = _near_zero_shown(with_l1), _near_zero_shown(without)
    assert shown_l1[0] > shown_plain[0] and shown_l1[1] == shown_plain[1] == 67
    # The count is the trained weights' own.
    assert shown_l1 == near_zero(*layers_of(_run(with_l1).trainer.model)[:2])


def test_presenter_mode_keeps_the_schedule_and_draws_the_lr_large():
    at = _train({"sched": "step", "opt": "nesterov"}, **{presenter.PRESENT_KEY: True})
    keys = {w.key for w in at.selectbox}
    assert {"studio.schedule", "studio.optimizer"} <= keys
    option = echart(at, "studio.curves_chart")
    assert _series(option, "learning rate")[-1] == [20, 0.01 / 8]  # halved 3 times in 20
    assert option["yAxis"][2]["axisLabel"]["fontSize"] == presenter.FIGURE_FONT


def test_in_vietnamese_the_learning_rate_is_named_in_vietnamese():
    at = _train({"sched": "cosine"}, **{"app.lang": "vi"})
    option = echart(at, "studio.curves_chart")
    assert "tốc độ học" in [s["name"] for s in option["series"]]
    assert at.selectbox(key="studio.schedule").format_func("cosine") == "cosine"


def test_changing_the_schedule_or_l1_mid_run_continues_from_the_weights_reached():
    at = open_with(PAGE, {"epochs": "10", "lr": "0.1"})
    at.button(key="studio.step").click().run()
    at.button(key="studio.step").click().run()
    reached = [p.detach().clone() for p in _run(at).trainer.model.parameters()]
    at.selectbox(key="studio.schedule").set_value("step")
    at.select_slider(key="studio.l1").set_value(0.001).run()
    trainer = _run(at).trainer
    assert trainer.epoch == 2 and (trainer.config.schedule, trainer.config.l1) == ("step", 0.001)
    assert all(np.array_equal(p.detach(), q) for p, q in zip(trainer.model.parameters(), reached,
                                                             strict=True))
    assert any("continues" in w.value for w in at.warning)
    at.button(key="studio.step").click().run()
    # Epochs 1-2 at lr 0.1; epoch 3 at step decay's lr for epoch 3 of 10 (halved after 3).
    assert _run(at).trainer.history.lr == [0.1, 0.1, lr_at("step", 0.1, 3, 10)]


def test_a_preset_starts_without_the_l1_and_schedule_tried_before():
    at = open_with(PAGE, {"l1": "0.01", "sched": "cosine", "opt": "nesterov"})
    at.selectbox(key="studio.preset").set_value("Lecture: Iris 4-8-3").run()
    at.button(key="studio.load_preset").click().run()
    assert at.select_slider(key="studio.l1").value == 0.0
    assert at.selectbox(key="studio.schedule").value == "constant"
    assert not {"l1", "sched", "opt"} & set(at.query_params)


def test_a_pinned_run_names_its_schedule_and_l1():
    at = open_with(PAGE, {"l1": "0.01", "sched": "cosine"})
    at.button(key="studio.step").click().run()
    at.button(key="studio.pin").click().run()
    chart = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
                 if c.proto.id.endswith("-studio.pinned_chart"))
    name = chart["data"][0]["name"]
    assert "lr 0.01 (cosine)," in name and name.endswith(", L1 0.01")


def test_the_browsers_playback_shows_each_epochs_learning_rate(monkeypatch):
    monkeypatch.setattr(traffic, "LIVE", traffic.Traffic())  # alone: one epoch a frame
    monkeypatch.setattr(traffic, "TRAINS", traffic.Traffic())
    at = open_with(PAGE, {"sched": "step", "epochs": "8", "lr": "0.1"})
    at.button(key="studio.train").click().run()
    frames = played_frames(echart(at, "studio.curves_chart"))
    assert len(frames) == 9  # epochs 0..8
    for k, frame in enumerate(frames[1:], start=1):
        lr = lr_at("step", 0.1, k, 8)
        assert frame["title"][-1]["text"].endswith(f" · learning rate {lr:.4g}")
        np.testing.assert_allclose([v for _, v in _series(frame, "learning rate")],
                                   [lr_at("step", 0.1, e, 8) for e in range(1, k + 1)])


def test_the_l1_preset_drives_about_half_the_weights_to_zero_and_still_separates_the_rings():
    at = open_with(PAGE, {"pace": "instant"})
    at.selectbox(key="studio.preset").set_value(
        "L1 and a cosine schedule: weights driven to zero").run()
    at.button(key="studio.load_preset").click().run()
    link = {k: v for k, v in at.query_params.items() if k in LINK_NAMES}
    assert {"l1": "0.003", "sched": "cosine", "net": "1"}.items() <= link.items()
    at.select_slider(key="studio.pace").set_value("instant").run()
    at.button(key="studio.train").click().run()
    trainer = _run(at).trainer
    assert trainer.epoch == 100 and trainer.history.test_acc[-1] >= 0.95
    zeros, total = _near_zero_shown(at)
    assert total == 3 * 16 + 17 * 2 and zeros >= total / 3  # "about half of them"
    # The same run without L1 keeps nearly all of them.
    plain = _train({k: v for k, v in link.items() if k != "l1"})
    assert _near_zero_shown(plain)[0] <= 2


def test_a_learning_rate_changed_mid_run_is_drawn_too():
    at = open_with(PAGE, {})
    at.button(key="studio.step").click().run()
    assert "learning rate" not in [s["name"] for s in echart(at, "studio.curves_chart")["series"]]
    at.select_slider(key="studio.lr").set_value(0.1).run()
    at.button(key="studio.step").click().run()
    assert _series(echart(at, "studio.curves_chart"), "learning rate") == [[1, 0.01], [2, 0.1]]
