"""AppTest: the studio's network view, read from its charts' options, checked against the model."""

import base64
import copy
import io
import json

import numpy as np
import pytest
import torch
from PIL import Image
from sklearn.metrics import confusion_matrix as sk_confusion
from streamlit.testing.v1 import AppTest

from mlp_core.anatomy import layers_of
from mlp_core.functions import softmax_rows  # the app's softmax: torch's, rows laid out for speed
from mlp_core.inside import (
    feature_grid,
    parameter,
    unit_activations,
    unit_grid,
    warped_grid,
    with_parameter,
)
from mlp_core.regions import grid_points
from tests.app.helpers import page_path, played_frames, regions_picture
from tests.app.test_page_training_studio import confusion, drawn_regions
from ui import presenter
from ui.figures.inside_charts import (
    OUTLINE,
    THUMB_RESOLUTION,
    activation_picture,
    probability_picture,
)
from ui.figures.palette import rgb
from ui.studio.inside import clicked_unit

PAGE = page_path("training_studio")


def echart(at, key: str) -> dict | None:
    """The ECharts option the page drew under `key`, or None if it drew none."""
    for element in at.get("echarts_chart"):
        if element.proto.id.endswith(f"-{key}"):
            return json.loads(element.proto.spec)
    return None


def picture(url: str) -> np.ndarray:
    """An "image://" PNG data URL as (h, w, 3) RGB, row 0 at the top."""
    png = base64.b64decode(url.removeprefix("image://data:image/png;base64,"), validate=True)
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def run_of(at):
    return at.session_state["studio.run"]


def graph(at) -> dict:
    option = echart(at, "studio.network_chart")
    assert option is not None, "no network view"
    (series,) = option["series"]
    assert series["type"] == "graph"
    return series


def check_network(at, model=None, series=None, mapped=None) -> None:
    """One picture per hidden and output unit, equal to its activation over the regions' plane,
    and one link per weight and per bias, carrying the model's own value (`model`: the run's
    trained network unless given; `series`: the diagram's graph, the page's unless given;
    `mapped`: the model whose maps are pictured, `model` unless given)."""
    series = series or graph(at)
    run = run_of(at)
    model, ds = model or run.trainer.model, run.dataset
    weights, biases, _ = layers_of(model)
    nodes = {n["id"]: n for n in series["data"]}
    features = (2, 3) if ds.n_features > 2 else (0, 1)  # Iris: the lecture's petal pair
    _, maps = unit_grid(mapped or model, ds.X_all, features, THUMB_RESOLUTION)
    scales = [float(np.abs(m).max()) for m in maps]
    pictured = [n for n in series["data"] if n.get("symbol", "").startswith("image://")]
    assert len(pictured) == sum(w.shape[0] for w in weights)
    for k, w in enumerate(weights):
        for j in range(w.shape[0]):
            shown = picture(nodes[f"u{k}.{j}"]["symbol"])
            want = probability_picture(maps[k][..., j], j) if k == len(weights) - 1 \
                else activation_picture(maps[k][..., j], scales[k])
            np.testing.assert_array_equal(shown[1:-1, 1:-1], want)  # inside its frame
            edge = rgb(OUTLINE)
            assert (shown[[0, -1]] == edge).all() and (shown[:, [0, -1]] == edge).all()
    index = [n["id"] for n in series["data"]]
    links = {(index[e["source"]], index[e["target"]]): e for e in series["links"]}
    from_bias = [index[e["source"]].startswith("b") for e in series["links"]]
    assert from_bias.count(False) == sum(w.size for w in weights)
    assert from_bias.count(True) == sum(b.size for b in biases)
    assert len(links) == len(series["links"])  # no parameter drawn twice
    for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
        for j in range(w.shape[0]):
            bias = links[(f"b{k}", f"u{k}.{j}")]
            assert bias["value"] == pytest.approx(b[j], abs=5e-5)
            for i in range(w.shape[1]):
                source = f"x{i}" if k == 0 else f"u{k - 1}.{i}"
                link = links[(source, f"u{k}.{j}")]
                assert link["value"] == pytest.approx(w[j, i], abs=5e-5)
                assert link["lineStyle"]["color"] == ("#0072B2" if w[j, i] >= 0 else "#D55E00")


@pytest.fixture
def at():
    """The studio with the network view turned on (it is off by default: it doubles what a
    browser spends on a Train, benchmarks/bench_inside_browser.py)."""
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert echart(at, "studio.network_chart") is None
    # Instant: a Train here ends on the trained network (playing back: test_studio_replay).
    at.select_slider(key="studio.pace").set_value("instant").run()
    return at.toggle(key="studio.network").set_value(True).run()


def test_the_lecture_network_is_drawn_unit_by_unit_and_weight_by_weight(at):
    assert not at.exception
    series = graph(at)
    # Iris 4-8-3: 4 inputs, 8 + 3 pictured units, a +1 per layer; 4x8 + 8x3 weights, 11 biases.
    assert len(series["data"]) == 4 + 8 + 3 + 2
    assert len(series["links"]) == 56 + 11
    check_network(at)


def test_the_view_follows_the_trained_weights(at):
    before = graph(at)["links"]
    at.button(key="studio.train").click().run()
    assert run_of(at).trainer.epoch == 20
    assert graph(at)["links"] != before
    check_network(at)


def test_the_view_follows_the_replay_slider_and_edits_only_the_trained_network(at):
    at.button(key="studio.train").click().run()
    assert "studio.inside.source" in [w.key for w in at.selectbox]  # the trained network
    at.select_slider(key="studio.replay_epoch").set_value(5).run()
    assert not at.exception
    check_network(at, run_of(at).trainer.snapshot(5).model)
    assert "studio.inside.source" not in [w.key for w in at.selectbox]  # a replayed epoch
    at.select_slider(key="studio.replay_epoch").set_value(20).run()
    check_network(at)


def test_a_deeper_network_on_a_toy_set_has_a_map_per_unit(at):
    at.selectbox(key="studio.source").set_value("circles").run()
    at.slider(key="studio.layers").set_value(2).run()
    at.number_input(key="studio.width.1").set_value(5).run()
    at.selectbox(key="studio.activation").set_value("tanh").run()
    assert run_of(at).trainer.config.hidden == (8, 5)
    at.button(key="studio.step").click().run()
    assert not at.exception
    check_network(at)


def test_the_chosen_unit_is_shown_large_on_the_regions_grid(at):
    ds = run_of(at).dataset
    model = run_of(at).trainer.model
    grid, maps = unit_grid(model, ds.X_all, (2, 3), 100)
    # An output unit: its map is the class's probability over the regions' own grid.
    at.selectbox(key="studio.inside.unit").set_value((1, 2)).run()
    option = echart(at, "studio.unit_chart")
    assert option["title"]["text"] == "virginica"
    np.testing.assert_array_equal(regions_picture(option)[::-1],
                                  probability_picture(grid.proba[..., 2], 2))
    # A hidden unit: its activation, at the grid points of the regions.
    at.selectbox(key="studio.inside.unit").set_value((0, 5)).run()
    option = echart(at, "studio.unit_chart")
    assert option["title"]["text"] == "hidden layer 1, unit 6"
    hidden = unit_activations(model, grid_points(grid.xs, grid.ys, (2, 3), grid.held))[0]
    values = hidden[:, 5].reshape(100, 100)
    _, thumbs = unit_grid(model, ds.X_all, (2, 3), THUMB_RESOLUTION)
    np.testing.assert_array_equal(regions_picture(option)[::-1],
                                  activation_picture(values, float(np.abs(thumbs[0]).max())))
    np.testing.assert_allclose(values, maps[0][..., 5], rtol=1e-6, atol=1e-7)


def test_the_view_can_be_turned_off_again(at):
    assert echart(at, "studio.network_chart") is not None
    at.toggle(key="studio.network").set_value(False).run()
    assert echart(at, "studio.network_chart") is None
    assert echart(at, "studio.unit_chart") is None
    assert echart(at, "studio.regions_chart") is not None


def test_presenter_mode_and_vietnamese_label_the_units_readably():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[presenter.PRESENT_KEY] = True
    at.session_state["app.lang"] = "vi"
    at.session_state["studio.network"] = True
    at.run()
    assert not at.exception
    option = echart(at, "studio.network_chart")
    assert option["title"][0]["text"] == "Bên trong mạng"  # presenter.echart makes it a list
    assert option["textStyle"]["fontSize"] == presenter.FIGURE_FONT
    # No label sets a smaller size of its own: every node label takes the presenter's size.
    labels = [n["label"] for n in option["series"][0]["data"] if n["label"]["show"]]
    assert len(labels) == 4 + 3 + 2  # inputs, classes, the +1s
    assert all("fontSize" not in label for label in labels)
    assert echart(at, "studio.unit_chart")["title"][0]["text"] == "tầng ẩn 1, nơ-ron 1"


def value_input(at):
    (widget,) = [n for n in at.number_input if n.label == "Value"]
    return widget


def test_editing_a_weight_is_the_same_edit_done_in_mlp_core_and_the_views_follow(at):
    at.button(key="studio.train").click().run()
    model = run_of(at).trainer.model
    trained = copy.deepcopy(model)
    ds = run_of(at).dataset
    at.selectbox(key="studio.inside.unit").set_value((0, 3)).run()
    at.selectbox(key="studio.inside.source").set_value(2).run()  # petal length -> unit 4
    assert value_input(at).value == pytest.approx(parameter(trained, 0, 3, 2))
    value_input(at).set_value(2.5).run()
    assert not at.exception
    want = with_parameter(trained, 0, 3, 2, 2.5)
    X = ds.X_all
    np.testing.assert_array_equal(run_of(at).trainer.predict_proba(X),
                                  softmax_rows(want(torch.from_numpy(X))).detach().numpy())
    assert not np.allclose(run_of(at).trainer.predict_proba(X),
                           torch.softmax(trained(torch.from_numpy(X)), 1).detach().numpy())
    # Every view follows: the regions, the test confusion matrix, the network's link.
    drawn_regions(at)  # the regions drawn are the edited network's
    predicted = torch.softmax(want(torch.from_numpy(ds.X_test)), 1).argmax(1).numpy()
    np.testing.assert_array_equal(confusion(at, "test"),
                                  sk_confusion(ds.y_test, predicted, labels=range(3)))
    check_network(at)
    assert "Edited" in " ".join(c.value for c in at.caption)
    # Another parameter, the bias of an output unit, edits the same network further.
    at.selectbox(key="studio.inside.unit").set_value((1, 0)).run()
    at.selectbox(key="studio.inside.source").set_value(-1).run()
    value_input(at).set_value(-1.25).run()
    want = with_parameter(want, 1, 0, -1, -1.25)
    np.testing.assert_array_equal(run_of(at).trainer.predict_proba(X),
                                  softmax_rows(want(torch.from_numpy(X))).detach().numpy())
    # Back to the trained weights: exactly the trained network again.
    at.button(key="studio.inside.back").click().run()
    for got, kept in zip(run_of(at).trainer.model.parameters(), trained.parameters(),
                         strict=True):
        assert torch.equal(got, kept)
    assert at.button(key="studio.inside.back").disabled
    drawn_regions(at)


def test_a_hidden_layers_view_shows_the_data_and_the_bent_plane_in_its_coordinates(at):
    at.button(key="studio.train").click().run()
    assert echart(at, "studio.layer_view_chart") is None  # off until asked for
    at.toggle(key="studio.inside.layer_view").set_value(True).run()
    run = run_of(at)
    model, ds = run.trainer.model, run.dataset
    option = echart(at, "studio.layer_view_chart")
    view, lines = warped_grid(model, ds.X_all, 0, feature_grid(ds.X_all, (2, 3)))
    grid_lines = [s for s in option["series"] if s["type"] == "line"]
    assert len(grid_lines) == 2 * lines.shape[0]
    np.testing.assert_allclose(grid_lines[0]["data"], lines[0], atol=1e-4)
    for c, name in enumerate(ds.class_names):
        (points,) = [s for s in option["series"] if s["name"] == name]
        np.testing.assert_allclose(points["data"], view.coords[ds.y_all == c], atol=1e-4)
    assert option["xAxis"]["name"].startswith("principal component 1 (")
    # Two chosen units: their activations, by the same names as the network view's.
    at.selectbox(key="studio.inside.axes").set_value("units").run()
    at.selectbox(key="studio.inside.unit_a").set_value(4).run()
    at.selectbox(key="studio.inside.unit_b").set_value(6).run()
    option = echart(at, "studio.layer_view_chart")
    hidden = unit_activations(model, ds.X_all)[0]
    (setosa,) = [s for s in option["series"] if s["name"] == "setosa"]
    np.testing.assert_allclose(setosa["data"], hidden[ds.y_all == 0][:, [4, 6]], atol=1e-4)
    assert (option["xAxis"]["name"], option["yAxis"]["name"]) == (
        "hidden layer 1, unit 5", "hidden layer 1, unit 7")


def test_a_click_names_the_unit_under_it_and_nothing_else():
    ids = ["x0", "x1", "b0", "u0.0", "u0.1", "b1", "u1.0"]

    def selection(*groups):
        return {"selected": [dict(series_index=0, data_type=kind, data_indices=list(indices))
                             for kind, indices in groups]}

    assert clicked_unit(selection(("node", [4])), ids) == (0, 1)
    assert clicked_unit(selection(("node", [6])), ids) == (1, 0)
    for nothing in (selection(("node", [0])), selection(("node", [2])),
                    selection(("edge", [4])), selection(), None):
        assert clicked_unit(nothing, ids) is None


def _columns_of(at, key: str) -> tuple[object, int] | None:
    """The row of columns and the column in it holding the ECharts chart `key`, else None."""
    def walk(node, row=None, column=None):
        for i, child in enumerate(getattr(node, "children", {}).values()):
            if getattr(child, "type", None) == "echarts_chart" \
                    and child.proto.id.endswith(f"-{key}"):
                return (row, column) if row is not None else None
            if getattr(child, "type", None) == "column":
                found = walk(child, node, i)
            else:
                found = walk(child, row, column)
            if found is not None:
                return found
        return None

    return walk(at.main)


def test_the_chosen_unit_is_shown_large_beside_the_regions(at):
    regions, unit = _columns_of(at, "studio.regions_chart"), _columns_of(at, "studio.unit_chart")
    # one row of two columns: the regions in the first, the unit's map in the second
    assert regions is not None and unit is not None
    assert regions[0] is unit[0] and (regions[1], unit[1]) == (0, 1)
    assert _columns_of(at, "studio.network_chart")[0] is not regions[0]  # the diagram below
    at.selectbox(key="studio.inside.unit").set_value((1, 0)).run()  # the selectbox still picks
    assert echart(at, "studio.unit_chart")["title"]["text"] == "setosa"
    assert _columns_of(at, "studio.unit_chart")[0] is _columns_of(at, "studio.regions_chart")[0]
    at.toggle(key="studio.network").set_value(False).run()
    assert _columns_of(at, "studio.regions_chart") is None  # the whole width again


def test_a_playback_plays_each_frames_weights_in_the_diagram(at, alone):
    at.select_slider(key="studio.pace").set_value("normal").run()
    at.button(key="studio.train").click().run()
    run = run_of(at)
    assert run.in_browser and run.frames == tuple(range(21))
    frames = played_frames(echart(at, "studio.network_chart"))
    assert len(frames) == 21  # the same frames as the curves, regions and matrices
    for k, frame in zip(run.frames, frames, strict=True):
        # epoch k's weights and biases; the units' maps are the trained network's
        (series,) = frame["series"]
        check_network(at, run.trainer.snapshot(k).model, series, mapped=run.trainer.model)
