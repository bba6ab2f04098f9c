"""The studio's live charts (ECharts options) carry the numbers they are given."""

import base64
import io
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from tests.app.helpers import played_frames, regions_picture, rgb_of
from ui import presenter
from ui.figures.live_charts import (
    PALE,
    REGION_HEIGHT,
    STRONG,
    PointSet,
    confusion_chart,
    curves_chart,
    png_data_url,
    region_colors,
    region_shading,
    regions_chart,
    regions_charts,
    timeline,
)
from ui.figures.palette import CLASS_COLORS, POSITIVE, mix


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


def test_a_scheduled_learning_rate_is_a_thin_line_over_the_loss_on_its_own_axis():
    lr = [0.1, 0.05, 0.025]
    option = curves_chart([1.02, 0.79, 0.57], [1.1, 0.8, 0.6], [0.4, 0.7, 0.9], [0.3, 0.6, 0.8],
                          lr=lr)
    line = by_name(option)["learning rate"]
    assert line["data"] == [[1, 0.1], [2, 0.05], [3, 0.025]]
    assert (line["xAxisIndex"], line["yAxisIndex"]) == (0, 2) and line["showSymbol"] is False
    assert line["step"] == "end"  # held for the whole epoch, then the next epoch's
    axis = option["yAxis"][2]
    assert (axis["gridIndex"], axis["position"], axis["min"]) == (0, "right", 0)
    # Its axis leaves the loss's and the accuracy's as they were, on the log scale too.
    plain = curves_chart([1.02, 0.79, 0.57], [1.1, 0.8, 0.6], [0.4, 0.7, 0.9], [0.3, 0.6, 0.8])
    assert option["yAxis"][:2] == plain["yAxis"] and len(plain["yAxis"]) == 2
    assert "learning rate" not in by_name(plain)
    log = curves_chart([1.0, 1e10, 1e20], None, [0.5, 0.4, 0.3], None, lr=lr)
    assert by_name(log)["learning rate"]["data"][2] == [3, 0.025]
    # Presenter mode grows its texts like every other axis's.
    grown = presenter.with_font(option, presenter.FIGURE_FONT)
    assert grown["yAxis"][2]["axisLabel"]["fontSize"] == presenter.FIGURE_FONT
    json.dumps(option)


def test_region_shading_is_winner_plus_confidence_above_chance():
    proba = np.array([[[0.9, 0.1, 0.0], [1 / 3, 1 / 3, 1 / 3]],
                      [[0.0, 0.2, 0.8], [0.0, 0.0, 1.0]]])
    z = region_shading(proba)
    expected = [[0 + (0.9 - 1 / 3) / (2 / 3), 0.0], [2 + (0.8 - 1 / 3) / (2 / 3), 2.999]]
    np.testing.assert_allclose(z, expected, rtol=1e-6)
    np.testing.assert_allclose(region_shading(proba, discrete=True), [[0.5, 0.5], [2.5, 2.5]])


def test_region_colors_are_the_winners_colour_stronger_the_surer_it_is():
    proba = np.array([[[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3], [0.2, 0.1, 0.7]]])
    picture = region_colors(proba)
    assert picture.shape == (1, 3, 3) and picture.dtype == np.uint8
    sure = PALE + (STRONG - PALE) * 0.999  # region_shading keeps a certain point below 1
    assert tuple(picture[0, 0]) == rgb_of(mix(CLASS_COLORS[0], sure))
    assert tuple(picture[0, 1]) == rgb_of(mix(CLASS_COLORS[0], PALE))  # a tie: palest, class 0
    fair = PALE + (STRONG - PALE) * (0.7 - 1 / 3) / (2 / 3)
    assert tuple(picture[0, 2]) == rgb_of(mix(CLASS_COLORS[2], fair))
    # Surer is stronger: further from white in every channel the colour has.
    unsure = region_colors(np.array([[[0.3, 0.2, 0.5]]]))[0, 0]
    assert (picture[0, 2].astype(int) <= unsure).all() and (picture[0, 2] < unsure).any()
    halfway = rgb_of(mix(CLASS_COLORS[2], (PALE + STRONG) / 2))
    assert tuple(region_colors(proba, discrete=True)[0, 2]) == halfway


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
    # One pixel a grid point, stretched over the plot: row j of the picture is ys[j].
    np.testing.assert_array_equal(regions_picture(option), region_colors(proba))
    assert option["series"][0]["symbolSize"] == ["100%", "100%"]
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
    assert "regions" not in [s.lower() for s in option["legend"]["data"]]  # samples only


def test_regions_without_mistakes_or_test_data_have_no_outline_and_no_hollow_points():
    rng = np.random.default_rng(1)
    points = PointSet(rng.normal(size=(6, 2)), np.arange(6) % 2, np.zeros(6, bool))
    option = regions_chart(np.arange(3.0), np.arange(3.0), np.full((3, 3, 2), 0.5), points, None,
                           ["no", "yes"], ("a", "b"), discrete=True)
    assert list(by_name(option))[1:] == ["no (train)", "yes (train)"]
    np.testing.assert_array_equal(regions_picture(option),
                                  region_colors(np.full((3, 3, 2), 0.5), discrete=True))


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


def _units_per_pixel(option: dict) -> tuple[float, float]:
    """Data units per pixel across and up the plot the option draws (grid sized in pixels)."""
    grid, x_axis, y_axis = option["grid"], option["xAxis"][1], option["yAxis"][1]
    return ((x_axis["max"] - x_axis["min"]) / grid["width"],
            (y_axis["max"] - y_axis["min"]) / grid["height"])


@pytest.mark.parametrize("height", [REGION_HEIGHT, 624])
@pytest.mark.parametrize("ys", [np.linspace(-2, 2, 5), np.linspace(-1, 1, 5),
                                np.linspace(0, 6, 7)])
def test_regions_draw_one_data_unit_as_long_across_as_up(ys, height):
    xs = np.linspace(-2, 2, 5)
    points = PointSet(np.zeros((1, 2)), np.zeros(1, int), np.zeros(1, bool))
    option = regions_chart(xs, ys, np.full((len(ys), len(xs), 2), 0.5), points, None,
                           ["a", "b"], ("x", "y"), height=height)
    grid = option["grid"]
    # Pixels, not margins or percentages: the container's width cannot stretch one axis alone.
    assert isinstance(grid["width"], int) and isinstance(grid["height"], int)
    assert grid["left"] == "center" and "right" not in grid and "bottom" not in grid
    assert grid["top"] + grid["height"] < height  # room left below for the axis and the legend
    across, up = _units_per_pixel(option)
    assert across == pytest.approx(up, rel=0.01)  # rounding the width to a pixel
    grown = presenter.grown_plot(option, 1.3)  # presenter mode: the plot grows with the chart
    assert grown["grid"]["height"] == round(grid["height"] * 1.3)
    across, up = _units_per_pixel(grown)
    assert across == pytest.approx(up, rel=0.01)


def test_the_untrained_network_rings_nothing_and_its_title_says_so():
    rng = np.random.default_rng(2)
    train = _points(rng, 12, 1)  # every point "wrong", as an untrained guess nearly is
    proba = rng.dirichlet(np.ones(3), size=(4, 5))
    args = (np.linspace(-2, 2, 5), np.linspace(-1, 1, 4), proba, train, None, ["a", "b", "c"],
            ("x1", "x2"))
    trained, untrained = regions_chart(*args), regions_chart(*args, untrained=True)
    assert "misclassified" in by_name(trained) and "misclassified" not in by_name(untrained)
    assert trained["title"]["text"] == "Decision regions"
    assert untrained["title"]["text"].startswith("Decision regions of the untrained network")
    assert "misclassified" not in untrained["legend"]["data"]


def _frames() -> list[dict]:
    """Four curve frames and their regions, as a playback of 3 epochs draws them."""
    xs = ys = np.linspace(-1.0, 1.0, 5)
    proba = np.stack([np.full((5, 5), 0.2), np.full((5, 5), 0.8)], axis=-1)
    train = PointSet(np.array([[0.0, 0.0], [0.5, 0.5]]), np.array([0, 1]),
                     np.array([True, False]))
    right = PointSet(train.xy, train.y, np.array([False, False]))
    regions = [regions_chart(xs, ys, proba[..., ::k], points, None, ["a", "b"], ("x", "y"))
               for k, points in ((1, train), (-1, right), (1, right), (-1, train))]
    losses = [0.9, 0.5, 0.4]
    curves = [curves_chart(losses[:k], None, losses[:k], None, heading=f"epoch {k}")
              for k in range(4)]
    return [curves, regions]


def test_a_timeline_plays_every_frame_as_it_was_drawn_then_holds_the_last():
    for frames in _frames():
        option = timeline(frames, 300)
        assert option["baseOption"]["timeline"] == dict(
            axisType="category", show=False, autoPlay=True, loop=False, playInterval=300,
            data=[0, 1, 2, 3])
        longest = max(len(f["series"]) for f in frames)
        for drawn, frame in zip(played_frames(option), frames, strict=True):
            titles = frame["title"] if isinstance(frame["title"], list) else [frame["title"]]
            assert drawn["title"] == titles
            # a frame without rings shows them empty, not the frame before's
            series = drawn["series"]
            assert series[:len(frame["series"])] == frame["series"]
            assert len(series) == longest and all(not s["data"]
                                                  for s in series[len(frame["series"]):])
            for key in frame:  # the rest (axes, grid, legend) is the last frame's, once
                if key not in ("title", "series"):
                    assert drawn[key] == frames[-1][key]
    # the samples' points travel once: later frames carry only what changed
    regions = timeline(_frames()[1], 300)["options"]
    assert all("data" not in s for frame in regions[1:] for s in frame["series"][1:3])


def test_the_confusion_chart_writes_each_count_in_its_cell_shaded_as_the_table_is():
    train = np.array([[5, 1], [0, 4]])
    test = np.array([[2, 0], [1, 1]])
    option = confusion_chart([("train", train), ("test", test)], ["cat", "dog"])
    assert [title["text"] for title in option["title"]] == ["train", "test"]
    for series, cm in zip(option["series"], (train, test), strict=True):
        cells = {(i, j): cell for cell in series["data"] for j, i, _ in [cell["value"]]}
        assert {key: cell["value"][2] for key, cell in cells.items()} == {
            (i, j): int(cm[i, j]) for i in range(2) for j in range(2)}  # row true, column predicted
        top = cm.max()
        assert all(rgb_of(cell["itemStyle"]["color"]) == rgb_of(mix(POSITIVE, cm[i, j] / top))
                   for (i, j), cell in cells.items())
    assert [axis["data"] for axis in option["yAxis"]] == [["cat", "dog"]] * 2
    assert all(axis["inverse"] for axis in option["yAxis"])  # the first class on top
    shares = confusion_chart([("train", np.array([[0.75, 0.25], [0.0, 1.0]]))], ["cat", "dog"],
                             normalized=True)
    assert sorted(cell["value"][2] for cell in shares["series"][0]["data"]) == [0.0, 0.25, 0.75,
                                                                                1.0]


@pytest.mark.parametrize("size", [presenter.DEFAULT_FONT, presenter.FIGURE_FONT])
def test_the_curves_legend_stays_clear_of_the_epoch_titles_at_any_type_size(size):
    # Below each panel: its tick labels and "epoch" title (nameGap + one line), then the legend's
    # line at the chart's bottom edge; the room the grid leaves there must hold all three.
    option = presenter.with_font(curves_chart([1.0, 0.5], [1.1, 0.6], [0.3, 0.8], [0.2, 0.9]),
                                 size)
    for grid, axis in zip(option["grid"], option["xAxis"], strict=True):
        assert grid["bottom"] >= axis["nameGap"] + 2 * size + 4


def test_an_early_stop_is_marked_on_the_test_loss_at_its_best_epoch_and_its_stop():
    losses, test = [1.0, 0.6, 0.5, 0.45], [1.1, 0.7, 0.8, 0.9]
    option = curves_chart(losses, test, [0.5, 0.7, 0.8, 0.9], [0.4, 0.6, 0.6, 0.5], early=(2, 4))
    marks = by_name(option)["test loss"]["markLine"]
    assert [(m["xAxis"], m["label"]["formatter"]) for m in marks["data"]] == [
        (2, "best: epoch 2"), (4, "stopped: epoch 4")]
    # one label low on its line, the other high: two close epochs never write over each other
    assert {m["label"]["position"] for m in marks["data"]} == {"insideStartTop", "insideEndTop"}
    assert all("markLine" not in s for name, s in by_name(option).items() if name != "test loss")
    plain = curves_chart(losses, test, [0.5, 0.7, 0.8, 0.9], [0.4, 0.6, 0.6, 0.5])
    assert all("markLine" not in s for s in plain["series"])
    json.dumps(option)


def test_a_playbacks_region_charts_are_each_frames_own_chart():
    # Made together, the frames share their samples, axes and texts: each is still the chart of
    # its own grid and mistakes (rings and their legend entry only where there are mistakes).
    rng = np.random.default_rng(5)
    xs, ys = np.linspace(-1.0, 1.0, 6), np.linspace(-2.0, 2.0, 5)
    probas = rng.dirichlet([1.0, 1.0, 1.0], size=(4, 5, 6))
    xy, y = rng.normal(size=(12, 2)), rng.integers(0, 3, 12)
    test_xy, test_y = rng.normal(size=(5, 2)), rng.integers(0, 3, 5)
    wrong = [np.zeros(12, bool), rng.random(12) < 0.5, np.zeros(12, bool), rng.random(12) < 0.3]
    test_wrong = [np.zeros(5, bool), np.zeros(5, bool), rng.random(5) < 0.9, np.zeros(5, bool)]
    trains = [PointSet(xy, y, w) for w in wrong]
    tests = [PointSet(test_xy, test_y, w) for w in test_wrong]
    untrained = [True, False, False, False]
    charts = regions_charts(xs, ys, probas, trains, tests, ["a", "b", "c"], ("x", "y"),
                            untrained=untrained)
    assert len(charts) == 4
    for k, chart in enumerate(charts):
        alone = regions_chart(xs, ys, probas[k], trains[k], tests[k], ["a", "b", "c"], ("x", "y"),
                              untrained=untrained[k])
        assert json.loads(json.dumps(chart)) == json.loads(json.dumps(alone))
    ringed = ["misclassified" in chart["legend"]["data"][-1].lower() for chart in charts]
    assert ringed == [False, True, True, True]
    assert charts[0]["series"][0]["symbol"] != charts[1]["series"][0]["symbol"]  # own picture


@settings(max_examples=60, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 40), st.integers(1, 40), st.just(3))))
def test_a_picture_travels_as_a_png_that_any_decoder_reads_back_pixel_for_pixel(image):
    """png_data_url writes its PNG itself: PIL, a decoder of its own, reads back every pixel."""
    url = png_data_url(image)
    assert url.startswith("data:image/png;base64,")
    decoded = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    assert decoded.mode == "RGB" and decoded.size == (image.shape[1], image.shape[0])
    assert np.array_equal(np.asarray(decoded), image)
