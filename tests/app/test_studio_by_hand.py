"""AppTest: data by hand on a toy set (clicks on the regions as the chart's selections), and the
data download of any source."""

import io
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from mlp_core.datasets import DataSpec, toy_points
from mlp_core.export import dataset_csv
from mlp_core.points import MIN_CLASS_POINTS, Points
from mlp_core.training import TrainConfig
from tests.app.helpers import echart, open_with
from tests.app.test_page_training_studio import deferred, download  # noqa: F401 (a fixture)
from ui.board import submit
from ui.studio import by_hand
from ui.studio.run import StudioRun

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "training_studio.py")


def run_of(at):
    return at.session_state["studio.run"]


def editable_chart(at) -> tuple[str, dict]:
    """The editable chart on screen: its element id and option."""
    key = f"studio.by_hand_chart.{at.session_state[by_hand.TURN]}"
    (chart,) = [c for c in at.get("echarts_chart") if c.proto.id.endswith(f"-{key}")]
    return chart.proto.id, echart(at, key)


def select(at, series: int, row: int):
    """What a click in the browser sends: the chart's selection of one cell or one sample."""
    chart_id, _ = editable_chart(at)
    states = at._tree.get_widget_states()
    state = WidgetStates().widgets.add()
    state.id = chart_id
    state.string_value = json.dumps({"selection": {"selected": [dict(
        series_index=series, series_id=None, series_name=None, data_type="main",
        data_indices=[row])], "areas": []}})
    states.widgets.append(state)
    return at._run(states)


def cells(option: dict) -> tuple[int, list]:
    """The clickable cells' series: its index and its points."""
    (i,) = [i for i, s in enumerate(option["series"]) if s.get("name") == "cells"]
    return i, option["series"][i]["data"]


def raw(ds, xy) -> np.ndarray:
    return ds.scaler.inverse_transform(np.asarray([xy], dtype=np.float64))[0]


@pytest.fixture
def editing():
    at = open_with(PAGE, {"data": "moons", "points": "100", "seed": "2"})
    at.toggle(key=by_hand.EDITING).set_value(True).run()
    assert not at.exception
    return at


def test_a_click_on_the_regions_adds_a_point_of_the_chosen_class_and_restarts_the_run(editing):
    at = editing
    at.button(key="studio.step").click().run()
    before = run_of(at)
    assert before.trainer.epoch == 1
    at.radio(key=by_hand.CLASS).set_value(1).run()
    _, option = editable_chart(at)
    series, grid = cells(option)
    target = grid[len(grid) // 3]
    at = select(at, series, len(grid) // 3)
    assert not at.exception
    now = run_of(at)
    ds = now.dataset
    assert now is not before and now.trainer.epoch == 0  # a new run, from epoch 0
    assert ds.n_train + ds.n_test == 101
    assert now.spec.points is not None and len(now.spec.points) == 101
    # The new point is where the cell was (on the axes of the chart the click was on), class 1.
    X, y = now.spec.points.arrays()
    np.testing.assert_allclose(X[-1], raw(before.dataset, target), atol=1e-6)
    assert y[-1] == 1
    assert "101 points (class 0: 50, class 1: 51)" in " ".join(c.value for c in at.caption)
    assert any("The data changed, so training restarted" in w.value for w in at.warning)
    # The caption under the title counts it, the split redone: 30% of 101 rows held out.
    assert ds.n_test == 31


def test_a_click_on_a_point_removes_it(editing):
    at = editing
    _, option = editable_chart(at)
    ds = run_of(at).dataset
    series = next(i for i, s in enumerate(option["series"])
                  if s.get("type") == "scatter" and s.get("selectedMode") and s["name"] != "cells")
    xy = option["series"][series]["data"][4]
    at = select(at, series, 4)
    assert not at.exception
    points = run_of(at).spec.points
    assert len(points) == 99
    X, _ = points.arrays()
    gone = raw(ds, xy)
    assert np.sqrt(((X - gone) ** 2).sum(axis=1)).min() > 1e-4  # that point, and only it, is gone
    drawn, _ = toy_points("moons", n_samples=100, seed=2)
    assert sum(np.isclose(drawn, gone, atol=1e-5).all(axis=1)) == 1


def test_a_class_keeps_its_minimum_and_the_page_says_why_nothing_changed():
    X, y = toy_points("xor", n_samples=20, seed=0)
    keep = np.r_[np.flatnonzero(y == 0)[:MIN_CLASS_POINTS], np.flatnonzero(y == 1)]
    spec = DataSpec("xor", n_samples=20)
    edited = by_hand.Edited(spec, Points.of(X[keep], y[keep]))
    at = open_with(PAGE, {"data": "xor", "points": "20"}, **{by_hand.EDITED: edited,
                                                             by_hand.EDITING: True})
    at.button(key="studio.step").click().run()
    before = run_of(at)
    option = editable_chart(at)[1]
    ds = before.dataset
    series, row = next((i, k) for i, s in enumerate(option["series"])
                       if s.get("selectedMode") and s["name"] != "cells"
                       for k, xy in enumerate(s["data"])
                       if edited.points.arrays()[1][edited.points.nearest(raw(ds, xy))] == 0)
    at = select(at, series, row)
    assert len(run_of(at).spec.points) == len(keep)  # nothing removed
    assert run_of(at) is before and before.trainer.epoch == 1  # and the run goes on
    assert any(f"each class keeps at least {MIN_CLASS_POINTS} points" in w.value
               for w in at.warning)


def test_regenerate_draws_the_next_seed_and_back_drops_the_edits(editing):
    at = editing
    _, option = editable_chart(at)
    at = select(at, cells(option)[0], 0)
    assert len(run_of(at).spec.points) == 101
    at.button(key="studio.by_hand_back").click().run()
    assert run_of(at).spec.points is None and run_of(at).dataset.n_train == 70
    at.button(key="studio.by_hand_regenerate").click().run()
    assert at.number_input(key="studio.seed").value == 3
    assert at.query_params["seed"] == "3"  # the link carries the new draw
    np.testing.assert_array_equal(
        run_of(at).dataset.X_all, DataSpec("moons", n_samples=100, seed=3).load().X_all)


def test_another_toy_drops_the_hand_made_points(editing):
    at = editing
    _, option = editable_chart(at)
    at = select(at, cells(option)[0], 5)
    assert run_of(at).spec.points is not None
    at.slider(key="studio.toy_noise").set_value(0.3).run()
    assert run_of(at).spec.points is None
    assert at.session_state[by_hand.EDITED] is None


def test_a_regression_toy_adds_a_point_of_the_chosen_target_value():
    at = open_with(PAGE, {"data": "bumps", "points": "60"})
    at.toggle(key=by_hand.EDITING).set_value(True).run()
    at.slider(key=by_hand.VALUE).set_value(1.5).run()
    at = select(at, cells(editable_chart(at)[1])[0], 7)
    assert not at.exception
    ds = run_of(at).dataset
    assert ds.n_train + ds.n_test == 61
    assert run_of(at).spec.points.arrays()[1][-1] == 1.5
    assert 1.5 in np.round(ds.target_values(ds.y_all), 5)


def test_iris_offers_no_editing_and_its_data_downloads_as_a_table(deferred):  # noqa: F811
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not any(t.key == by_hand.EDITING for t in at.toggle)
    table = pd.read_csv(io.StringIO(download(at, deferred, "studio.dl_table")))
    ds = run_of(at).dataset
    assert list(table.columns) == ["split", *ds.feature_names, "class"]
    assert len(table) == 150 and table["class"].value_counts().to_dict() == {
        "setosa": 50, "versicolor": 50, "virginica": 50}


def test_the_data_download_is_the_edited_set(editing, deferred):  # noqa: F811
    at = editing
    at = select(at, cells(editable_chart(at)[1])[0], 3)
    text = download(at, deferred, "studio.dl_table")
    assert text == dataset_csv(run_of(at).dataset)
    assert len(pd.read_csv(io.StringIO(text))) == 101


@pytest.mark.parametrize("present", ["0", "1"])
def test_the_clickable_cells_tile_the_plot_under_the_samples(present):
    """A click anywhere on the plot lands on a cell, presenting too (the plot grows there)."""
    at = open_with(PAGE, {"data": "circles", "present": present})
    at.toggle(key=by_hand.EDITING).set_value(True).run()
    option = editable_chart(at)[1]
    index, grid = cells(option)
    layer, plot = option["series"][index], option["grid"]
    xs, ys = sorted({x for x, _ in grid}), sorted({y for _, y in grid})
    width, height = layer["symbolSize"]
    assert len(xs) * width >= plot["width"] and len(ys) * height >= plot["height"]
    x_axis, y_axis = option["xAxis"][1], option["yAxis"][1]
    assert x_axis["min"] < xs[0] < xs[-1] < x_axis["max"]
    assert y_axis["min"] < ys[0] < ys[-1] < y_axis["max"]
    assert layer["z"] < 2  # under the samples (a scatter's z is 2): a click on one selects it
    samples = [s for s in option["series"] if s.get("type") == "scatter" and s is not layer]
    assert samples and all(s["selectedMode"] == "single" for s in samples)
    assert not at.exception


def test_a_run_on_points_placed_by_hand_is_not_for_the_class_board():
    """Its link would train the drawn set: the board would list a score its link cannot give."""
    spec, config = DataSpec("xor", n_samples=40), TrainConfig(hidden=(4,), epochs=3)
    X, y = toy_points("xor", n_samples=40)
    for points, reason in ((None, ""), (Points.of(X, y).added((0.5, 0.5), 0), "by_hand")):
        edited = replace(spec, points=points)
        run = StudioRun.start(edited, config, edited.load())
        run.trainer.run(3)
        assert submit.not_ready(run) == reason


def test_hand_made_features_keep_the_hand_placed_points_and_are_made_from_them(editing):
    # The features are made from whatever points there are: choosing them keeps the edits, and
    # a click on the chart (drawn over x1 x2 through the map) still adds a point.
    at = editing
    _, option = editable_chart(at)
    at = select(at, cells(option)[0], 5)
    assert len(run_of(at).spec.points) == 101
    at.multiselect(key="studio.made_features").set_value(["x1sq", "x2sq"]).run()
    assert not at.exception
    now = run_of(at)
    assert now.spec.features == ("x1sq", "x2sq") and len(now.spec.points) == 101
    ds = now.dataset
    assert ds.feature_names == ("x1", "x2", "x1sq", "x2sq") and ds.n_train + ds.n_test == 101
    np.testing.assert_allclose(ds.X_train[:, 2:], ds.X_train[:, :2] ** 2, rtol=1e-5)
    _, option = editable_chart(at)
    at = select(at, cells(option)[0], 7)
    assert not at.exception and len(run_of(at).spec.points) == 102
