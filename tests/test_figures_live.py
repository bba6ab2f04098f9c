"""The studio's live charts (ECharts options) carry the numbers they are given."""

import itertools
import json

import numpy as np
import pytest

from ui import presenter
from ui.figures.live_charts import (
    CELLS,
    SHADES,
    PointSet,
    curves_chart,
    region_pieces,
    region_shading,
    regions_chart,
)
from ui.figures.palette import CLASS_COLORS, mix


def by_name(option: dict) -> dict[str, dict]:
    return {s["name"]: s for s in option["series"]}


def test_curves_plot_every_epoch_loss_left_accuracy_right():
    option = curves_chart([1.02, 0.79, 0.57], [1.1, 0.8, 0.6], [0.4, 0.7, 0.9], [0.3, 0.6, 0.8])
    series = by_name(option)
    assert list(series) == ["train loss", "test loss", "train accuracy", "test accuracy"]
    assert series["train loss"]["data"] == [[1, 1.02], [2, 0.79], [3, 0.57]]
    assert series["test accuracy"]["data"] == [[1, 0.3], [2, 0.6], [3, 0.8]]
    # Loss on the first grid's axes, accuracy on the second's; two grids side by side.
    assert {(s["xAxisIndex"], s["yAxisIndex"]) for s in option["series"][:2]} == {(0, 0)}
    assert {(s["xAxisIndex"], s["yAxisIndex"]) for s in option["series"][2:]} == {(1, 1)}
    assert [a["gridIndex"] for a in option["xAxis"]] == [0, 1]
    assert [t["text"] for t in option["title"]] == ["Loss", "Accuracy"]
    assert option["animation"] is False  # a redraw is the run's new state, not a transition
    json.dumps(option)  # as Streamlit sends it


def test_curves_without_test_data_draw_one_line_a_panel_and_accuracy_spans_zero_to_one():
    option = curves_chart([1.0, 0.6], None, [0.5, 0.9], None)
    assert list(by_name(option)) == ["train loss", "train accuracy"]
    assert (option["yAxis"][1]["min"], option["yAxis"][1]["max"]) == (0, 1)
    assert curves_chart([], [], [], [])["series"] == []  # epoch 0: empty panels


def test_region_shading_is_winner_plus_confidence_above_chance():
    proba = np.array([[[0.9, 0.1, 0.0], [1 / 3, 1 / 3, 1 / 3]],
                      [[0.0, 0.2, 0.8], [0.0, 0.0, 1.0]]])
    z = region_shading(proba)
    expected = [[0 + (0.9 - 1 / 3) / (2 / 3), 0.0], [2 + (0.8 - 1 / 3) / (2 / 3), 2.999]]
    np.testing.assert_allclose(z, expected, rtol=1e-6)
    np.testing.assert_allclose(region_shading(proba, discrete=True), [[0.5, 0.5], [2.5, 2.5]])


def test_region_pieces_give_each_class_its_band_from_pale_to_strong():
    pieces = region_pieces(3)
    assert len(pieces) == 3 * SHADES
    edges = [(p["gte"], p["lt"]) for p in pieces]
    assert edges[0][0] == 0 and edges[-1][1] == 3
    assert all(a[1] == b[0] for a, b in itertools.pairwise(edges))  # no gap, no overlap
    # Band c holds class c's colour, paler for a less confident winner.
    shades = [p["color"] for p in pieces[SHADES:2 * SHADES]]
    rgb = [[int(v) for v in c[4:-1].split(",")] for c in shades]
    assert all(sum(a) > sum(b) for a, b in itertools.pairwise(rgb))
    assert shades[-1] == mix(CLASS_COLORS[1], 0.12 + 0.48 * (SHADES - 0.5) / SHADES)


def _points(rng, n, wrong_every):
    xy = rng.normal(size=(n, 2))
    y = np.arange(n) % 3
    return PointSet(xy, y, np.arange(n) % wrong_every == 0)


def test_regions_carry_every_grid_cell_the_samples_and_outline_the_misclassified():
    rng = np.random.default_rng(0)
    xs, ys = np.linspace(-2, 2, 5), np.linspace(-1, 1, 4)
    proba = rng.dirichlet(np.ones(3), size=(4, 5))
    train, test = _points(rng, 12, 4), _points(rng, 6, 5)
    option = regions_chart(xs, ys, proba, train, test, ["a", "b", "c"], ("x1", "x2"))
    cells = option["dataset"][0]["source"]
    assert list(cells.columns) == list(CELLS) and len(cells) == 4 * 5
    grid = cells.set_index(["row", "column"])
    for j, i in [(0, 0), (2, 3), (3, 4)]:  # the cell of grid point (xs[i], ys[j])
        cell = grid.loc[(j, i)]
        assert (cell["x"], cell["y"]) == (round(xs[i], 3), round(ys[j], 3))
        assert cell["shade"] == pytest.approx(region_shading(proba)[j, i])
        assert cell["p_winner"] == round(proba[j, i].max(), 4)
    series = by_name(option)
    np.testing.assert_allclose(series["b (train)"]["data"], train.xy[train.y == 1], atol=1e-6)
    assert series["b (train)"]["itemStyle"]["color"] == CLASS_COLORS[1]  # filled
    assert series["b (test)"]["itemStyle"]["borderColor"] == CLASS_COLORS[1]  # hollow
    assert series["b (test)"]["itemStyle"]["color"] == "rgba(0,0,0,0)"
    expected = np.concatenate([train.xy[train.wrong], test.xy[test.wrong]])
    np.testing.assert_allclose(series["misclassified"]["data"], expected, atol=1e-6)
    # The samples' axes span the grid from its first cell's edge to its last's.
    x_axis, y_axis = option["xAxis"][1], option["yAxis"][1]
    assert (x_axis["name"], y_axis["name"]) == ("x1", "x2")
    assert (x_axis["min"], x_axis["max"]) == (-2.5, 2.5) and (y_axis["min"], y_axis["max"]) == (
        pytest.approx(-1 - 1 / 3), pytest.approx(1 + 1 / 3))
    assert len(option["xAxis"][0]["data"]) == 5 and len(option["yAxis"][0]["data"]) == 4
    assert "regions" not in [s.lower() for s in option["legend"]["data"]]  # samples only


def test_regions_without_mistakes_or_test_data_have_no_outline_and_no_hollow_points():
    rng = np.random.default_rng(1)
    points = PointSet(rng.normal(size=(6, 2)), np.arange(6) % 2, np.zeros(6, bool))
    option = regions_chart(np.arange(3.0), np.arange(3.0), np.full((3, 3, 2), 0.5), points, None,
                           ["no", "yes"], ("a", "b"), discrete=True)
    assert list(by_name(option))[1:] == ["no (train)", "yes (train)"]
    np.testing.assert_allclose(option["dataset"][0]["source"]["shade"] % 1, 0.5)


def test_regions_refuse_a_proba_of_the_wrong_shape():
    points = PointSet(np.zeros((1, 2)), np.zeros(1, int), np.zeros(1, bool))
    with pytest.raises(ValueError, match=r"proba must have shape \(3, 2, 2\), got \(2, 3, 2\)\."):
        regions_chart(np.arange(2.0), np.arange(3.0), np.ones((2, 3, 2)), points, None,
                      ["a", "b"], ("x", "y"))


def test_presenter_type_reaches_every_text_and_leaves_the_option_as_it_was():
    option = curves_chart([1.0, 0.5], [1.1, 0.6], [0.5, 0.9], [0.4, 0.8])
    before = json.dumps(option)
    big = presenter.with_font(option, 18)
    assert json.dumps(option) == before
    assert big["textStyle"]["fontSize"] == 18 and big["legend"]["textStyle"]["fontSize"] == 18
    assert {t["textStyle"]["fontSize"] for t in big["title"]} == {20}
    for axis in big["xAxis"] + big["yAxis"]:
        assert axis["axisLabel"]["fontSize"] == 18 and axis["nameTextStyle"]["fontSize"] == 18
    assert big["xAxis"][0]["nameGap"] == option["xAxis"][0]["nameGap"] * 18 / 12  # clear of labels
    assert big["series"] == option["series"]
