"""AppTest: a sweep of one setting and pinned runs, side by side, checked against fit."""

from dataclasses import replace

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from mlp_core.datasets import load_iris
from mlp_core.training import TrainConfig, fit
from tests.app.helpers import echart, open_with, page_path, regions_picture
from tests.app.test_studio_challenge import build
from tests.signing import known_secret  # noqa: F401 (the signing secret, for the challenge)

PAGE = page_path("training_studio")
LECTURE = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                      epochs=20, seed=0)
IRIS = load_iris(seed=0)


def reference(config: TrainConfig):
    return fit(config, IRIS.X_train, IRIS.y_train, IRIS.X_test, IRIS.y_test)


def small_multiples(at, key: str) -> list[dict]:
    found = [e for e in at.get("echarts_chart") if f"-{key}_" in e.proto.id]
    return [echart(at, e.proto.id.rsplit("-", 1)[1]) for e in found]


def table(at, key: str):
    """The pinned runs' table (their names start with "#k") or the sweep's (titled by value)."""
    pinned = key == "studio.pinned_table"
    for frame in at.dataframe:  # a dataframe's proto does not carry its key
        first = frame.value.iloc[:, 0]
        if frame.value.columns[-1] in ("parameters", "số tham số") and \
                all(str(name).startswith("#") == pinned for name in first):
            return frame.value
    raise AssertionError(f"no table {key}")


@pytest.fixture
def at():
    return AppTest.from_file(PAGE, default_timeout=120).run()


def sweep(at, setting: str, values) -> AppTest:
    at.selectbox(key="studio.sweep_setting").set_value(setting).run()
    at.multiselect(key="studio.sweep_values").set_value(list(values)).run()
    return at.button(key="studio.sweep_run").click().run()


def test_a_sweep_of_three_learning_rates_trains_three_runs_side_by_side(at):
    assert at.selectbox(key="studio.sweep_setting").value == "lr"
    assert at.button(key="studio.sweep_run").disabled  # no values yet
    rates = [0.001, 0.01, 0.1]
    sweep(at, "lr", rates)
    assert not at.exception and not at.error
    pictures = small_multiples(at, "studio.sweep_regions")
    titles = [f"Learning rate η = {r:g}" for r in rates]  # its short name
    assert [p["title"]["text"] for p in pictures] == titles
    frame = table(at, "studio.sweep_table")
    assert len(frame) == 3
    for (_, line), lr in zip(frame.iterrows(), rates, strict=True):
        run = reference(replace(LECTURE, lr=lr))  # the same seed and every other setting
        assert line["train loss"] == run.history.train_loss[-1]
        assert line["test loss"] == run.history.test_loss[-1]
        assert line["test accuracy"] == run.history.test_acc[-1]
        assert (line["epochs"], line["parameters"]) == (20, 67)
    # The curves: one train and one test line per value, the loss as the table says.
    curves = at.session_state["studio.sweep"].runs
    assert [r.config.lr for r in curves] == rates
    # Each small picture is its own run's regions over the same axes.
    axes = {(p["xAxis"][1]["min"], p["xAxis"][1]["max"]) for p in pictures}
    assert len(axes) == 1
    assert not np.array_equal(regions_picture(pictures[0]), regions_picture(pictures[2]))


def test_a_sweep_leaves_the_studios_own_run_alone(at):
    sweep(at, "optimizer", ["sgd", "adam"])
    assert at.session_state["studio.run"].trainer.epoch == 0
    frame = table(at, "studio.sweep_table")
    assert list(frame["run"]) == ["Optimizer = SGD", "Optimizer = Adam"]
    adam = reference(replace(LECTURE, optimizer="adam"))
    assert frame["train loss"].iloc[1] == adam.history.train_loss[-1]


def test_more_than_six_values_are_refused_at_the_widget_and_kept(at):
    at.selectbox(key="studio.sweep_setting").set_value("lr").run()
    seven = [0.0001, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05]
    at.multiselect(key="studio.sweep_values").set_value(seven).run()
    assert not at.exception
    assert "1 to 6 values, and 7 are chosen" in at.error[0].value
    assert at.button(key="studio.sweep_run").disabled
    assert at.multiselect(key="studio.sweep_values").value == seven  # nothing lost


def test_a_sweep_past_the_epoch_cap_is_refused():
    at = open_with(PAGE, {"epochs": "400"})
    at.multiselect(key="studio.sweep_values").set_value([0.01, 0.1, 1.0, 0.001, 0.002, 0.005])
    at.run()
    assert "6 runs trains 2400 epochs in all, more than the 2000" in at.error[0].value
    assert at.button(key="studio.sweep_run").disabled


def test_a_width_sweep_widens_the_hidden_layer(at):
    sweep(at, "width", [2, 16])
    frame = table(at, "studio.sweep_table")
    assert list(frame["parameters"]) == [(4 + 1) * 2 + (2 + 1) * 3, (4 + 1) * 16 + (16 + 1) * 3]


def test_the_sweep_speaks_vietnamese():
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["app.lang"] = "vi"  # app.py sets it from ?lang=vi
    at.run()
    sweep(at, "lr", [0.01, 0.1])
    assert not at.exception
    assert table(at, "studio.sweep_table").columns[0] == "lần chạy"


def test_pinned_runs_table_rows_are_the_runs_histories(at):
    at.select_slider(key="studio.pace").set_value("instant").run()
    at.button(key="studio.train").click().run()
    at.button(key="studio.pin").click().run()
    at.select_slider(key="studio.lr").set_value(0.1).run()
    at.button(key="studio.reset").click().run()
    at.button(key="studio.step").click().run()
    at.button(key="studio.pin").click().run()
    frame = table(at, "studio.pinned_table")
    assert len(frame) == 2
    for line, epochs, lr in zip(frame.to_dict("records"), (20, 1), (0.01, 0.1), strict=True):
        h = reference(replace(LECTURE, lr=lr, epochs=epochs)).history
        assert line["run"].startswith(f"#{1 if lr == 0.01 else 2} Iris 4-8-3 relu")
        assert (line["epochs"], line["train loss"], line["test loss"], line["test accuracy"]) == \
            (epochs, h.train_loss[-1], h.test_loss[-1], h.test_acc[-1])
    pictures = small_multiples(at, "studio.pinned_regions")
    assert [p["title"]["text"] for p in pictures] == ["#1", "#2"]


def test_a_pin_on_other_data_is_listed_not_drawn(at):
    at.button(key="studio.step").click().run()
    at.button(key="studio.pin").click().run()
    at.selectbox(key="studio.source").set_value("circles").run()
    at.button(key="studio.step").click().run()
    at.button(key="studio.pin").click().run()
    assert len(table(at, "studio.pinned_table")) == 2
    assert [p["title"]["text"] for p in small_multiples(at, "studio.pinned_regions")] == ["#2"]
    assert any("#1 trained on other data" in c.value for c in at.caption)


def test_after_a_data_change_the_sweeps_numbers_stay_and_its_regions_go(at):
    sweep(at, "lr", [0.01, 0.1])
    at.selectbox(key="studio.source").set_value("circles").run()
    assert not at.exception
    assert len(table(at, "studio.sweep_table")) == 2
    assert small_multiples(at, "studio.sweep_regions") == []
    assert any("data has changed since this sweep" in c.value for c in at.caption)


def test_a_regression_sweep_shows_r2_and_surfaces():
    at = open_with(PAGE, {"data": "plane", "epochs": "30", "batch": "full"})
    sweep(at, "lr", [0.01, 0.1])
    assert not at.exception and not at.error
    frame = table(at, "studio.sweep_table")
    assert "test R²" in frame.columns and "test accuracy" not in frame.columns
    run = at.session_state["studio.run"]
    ds = run.dataset
    for line, lr in zip(frame.to_dict("records"), (0.01, 0.1), strict=True):
        h = fit(replace(run.trainer.config, lr=lr), ds.X_train, ds.y_train, ds.X_test,
                ds.y_test).history
        assert (line["train loss"], line["test R²"]) == (h.train_loss[-1], h.test_acc[-1])
    pictures = small_multiples(at, "studio.sweep_regions")
    assert len(pictures) == 2 and all("visualMap" in p for p in pictures)  # shaded surfaces
    assert pictures[0]["visualMap"]["min"] == pictures[1]["visualMap"]["min"]  # one colour scale


def test_a_one_feature_regression_sweep_draws_its_lines():
    at = open_with(PAGE, {"data": "hours_score"})
    sweep(at, "batch", [1, "full"])
    assert not at.exception
    pictures = small_multiples(at, "studio.sweep_regions")
    assert [p["title"]["text"] for p in pictures] == ["Batch size = 1", "Batch size = full"]


def test_a_challenges_fixed_settings_are_not_offered_to_sweep():
    query = build(lock=("lr", "layers"), hide=("optimizer",))
    at = AppTest.from_file(PAGE, default_timeout=120)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    offered = at.selectbox(key="studio.sweep_setting").options
    assert offered  # the others still are
    assert not {"Learning rate (log scale)", "Optimizer", "Width of every hidden layer"} \
        & set(offered)
    assert "Batch size" in offered and "L2 (weight decay)" in offered


def test_a_link_chooses_the_sweep_and_follows_its_widgets():
    at = open_with(PAGE, {"sweep": "opt:sgd,adam"})
    assert at.selectbox(key="studio.sweep_setting").value == "optimizer"
    assert at.multiselect(key="studio.sweep_values").value == ["sgd", "adam"]
    assert not at.warning
    at.selectbox(key="studio.sweep_setting").set_value("lr").run()
    at.multiselect(key="studio.sweep_values").set_value([0.01, 1.0]).run()
    assert at.query_params["sweep"] == "lr:0.01,1"
    at.button(key="studio.sweep_run").click().run()
    assert len(table(at, "studio.sweep_table")) == 2
    at.multiselect(key="studio.sweep_values").set_value([]).run()
    assert "sweep" not in at.query_params  # nothing chosen: nothing to carry


@pytest.mark.parametrize(("link", "reason"), [
    ("seed:1,2", "not a setting a sweep can vary here; one of width, act, opt, lr, sched, batch, "
                 "l2, l1"),
    ("lr:0.01,0.3", "not one of 0.0001, 0.0002"),
    ("lr:" + ",".join(["0.01"] * 7), "more than 6 values"),
])
def test_a_bad_sweep_in_a_link_is_ignored_with_a_notice(link, reason):
    at = open_with(PAGE, {"sweep": link})
    assert not at.exception
    assert reason in at.warning[0].value
    assert at.multiselect(key="studio.sweep_values").value == []
    assert "sweep" not in at.query_params


def test_a_challenge_that_fixes_every_sweepable_setting_leaves_nothing_to_sweep():
    query = build(lock=("layers", "activation", "optimizer", "lr", "schedule", "batch", "l2", "l1"),
                  hide=())
    at = AppTest.from_file(PAGE, default_timeout=120)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    assert [box for box in at.selectbox if box.key == "studio.sweep_setting"] == []
    assert any("fixed every setting a sweep could vary" in c.value for c in at.caption)


def test_presenter_mode_leaves_the_sweep_to_the_students_desk():
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["app.present"] = True  # app.py's switch, as ?present=1 sets it
    at.run()
    assert not at.exception
    assert at.button(key="studio.train")  # the run view is there
    assert [w for w in at.multiselect if w.key == "studio.sweep_values"] == []
    assert [w for w in at.button if w.key == "studio.sweep_run"] == []


def test_the_studios_defaults_button_clears_the_sweep(at):
    sweep(at, "batch", [1, 16])
    at.button(key="studio.defaults").click().run()
    assert not at.exception
    assert at.multiselect(key="studio.sweep_values").value == []
    assert at.selectbox(key="studio.sweep_setting").value == "lr"
    assert at.session_state["studio.sweep"] is None


def test_a_sweep_on_hand_made_features_draws_x1_by_x2_through_the_map():
    # circles from x1^2 and x2^2 alone: the pictures are over x1 x2 (never a made column), and
    # the model's regions come through the same map, so the no-hidden-layer run draws a ring.
    at = open_with(PAGE, {"data": "circles", "hidden": "0", "features": "x1sq,x2sq",
                          "batch": "full", "epochs": "200", "opt": "adam"})
    sweep(at, "lr", [0.01, 0.1])
    assert not at.exception and not at.error
    pictures = small_multiples(at, "studio.sweep_regions")
    assert [(p["xAxis"][1]["name"], p["yAxis"][1]["name"]) for p in pictures] == \
        [("x1", "x2")] * 2
    ring = regions_picture(pictures[1])
    assert len(np.unique(ring)) > 1  # both classes drawn over the plane
