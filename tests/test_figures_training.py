"""The studio's figure builders carry the numbers they are given."""

import json
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from sklearn.metrics import confusion_matrix

from ui.figures.palette import CLASS_COLORS
from ui.figures.training import (
    MAX_PINNED,
    PointSet,
    confusion_table,
    curves_figure,
    pinned_figure,
    proba_bars,
    region_scale,
    region_shading,
    regions_figure,
)


def test_curves_plot_every_epoch_from_one_loss_left_accuracy_right():
    fig = curves_figure([1.02, 0.79, 0.57], [1.1, 0.8, 0.6], [0.4, 0.7, 0.9], [0.3, 0.6, 0.8])
    train_loss, test_loss, train_acc, test_acc = fig.data
    assert list(train_loss.x) == [1, 2, 3] and list(train_loss.y) == [1.02, 0.79, 0.57]
    assert list(test_loss.y) == [1.1, 0.8, 0.6] and list(test_acc.y) == [0.3, 0.6, 0.8]
    assert list(train_acc.x) == [1, 2, 3] and list(train_acc.y) == [0.4, 0.7, 0.9]
    assert [d.name for d in fig.data] == ["train loss", "test loss", "train accuracy",
                                          "test accuracy"]
    assert {d.xaxis for d in fig.data[:2]} == {"x"} and {d.yaxis for d in fig.data[2:]} == {"y2"}
    # Two panels side by side, apart, each titled over its middle.
    left, right = fig.layout.xaxis.domain, fig.layout.xaxis2.domain
    assert left[1] < right[0]
    assert [(a.text, a.x) for a in fig.layout.annotations] == [
        ("<b>Loss</b>", (left[0] + left[1]) / 2), ("<b>Accuracy</b>", (right[0] + right[1]) / 2)]


def test_curves_without_test_data_draw_one_line_a_panel_and_accuracy_spans_zero_to_one():
    fig = curves_figure([1.0, 0.6], None, [0.5, 0.9], None)
    assert [d.name for d in fig.data] == ["train loss", "train accuracy"]
    assert tuple(fig.layout.yaxis2.range) == (0, 1.02)
    assert len(curves_figure([], [], [], []).data) == 0  # epoch 0: empty panels


def test_region_shading_is_winner_plus_confidence_above_chance():
    proba = np.array([[[0.9, 0.1, 0.0], [1 / 3, 1 / 3, 1 / 3]],
                      [[0.0, 0.2, 0.8], [0.0, 0.0, 1.0]]])
    z = region_shading(proba)
    expected = [[0 + (0.9 - 1 / 3) / (2 / 3), 0.0], [2 + (0.8 - 1 / 3) / (2 / 3), 2.999]]
    np.testing.assert_allclose(z, expected, rtol=1e-6)
    np.testing.assert_allclose(region_shading(proba, discrete=True), [[0.5, 0.5], [2.5, 2.5]])


def test_region_scale_gives_each_class_its_own_band():
    scale = region_scale(3)
    assert [pos for pos, _ in scale] == [0, 1 / 3, 1 / 3, 2 / 3, 2 / 3, 1]
    # the strong end of band c is the class colour mixed 60 % with white
    rgb = [int(CLASS_COLORS[1][i:i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 + 0.6 * (v - 255)) for v in rgb]
    assert scale[3][1] == "rgb({},{},{})".format(*mixed)


def _points(rng, n, wrong_every):
    xy = rng.normal(size=(n, 2))
    y = np.arange(n) % 3
    return PointSet(xy, y, np.arange(n) % wrong_every == 0)


def test_regions_carry_grid_points_and_outline_the_misclassified():
    rng = np.random.default_rng(0)
    xs, ys = np.linspace(-2, 2, 5), np.linspace(-1, 1, 4)
    proba = rng.dirichlet(np.ones(3), size=(4, 5))
    train, test = _points(rng, 12, 4), _points(rng, 6, 5)
    fig = regions_figure(xs, ys, proba, train, test, ["a", "b", "c"], ("x1", "x2"))
    heat = fig.data[0]
    np.testing.assert_allclose(heat.z, region_shading(proba), rtol=1e-6)
    np.testing.assert_allclose(heat.customdata, proba.max(axis=-1), rtol=1e-6)
    assert list(heat.x) == list(xs) and list(heat.y) == list(ys)
    by_name = {t.name: t for t in fig.data}
    assert by_name["b (train)"].marker.symbol == "circle"
    assert by_name["b (test)"].marker.symbol == "circle-open"
    np.testing.assert_allclose(by_name["b (train)"].x, train.xy[train.y == 1, 0])
    wrong = by_name["misclassified"]
    expected = np.concatenate([train.xy[train.wrong], test.xy[test.wrong]])
    np.testing.assert_allclose(np.column_stack([wrong.x, wrong.y]), expected)
    assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("x1", "x2")
    json.loads(fig.to_json())  # serialisable as Streamlit sends it


def test_regions_without_mistakes_have_no_outline_trace():
    rng = np.random.default_rng(1)
    points = PointSet(rng.normal(size=(6, 2)), np.arange(6) % 2, np.zeros(6, bool))
    fig = regions_figure(np.arange(3.0), np.arange(3.0), np.full((3, 3, 2), 0.5), points, None,
                         ["no", "yes"], ("a", "b"), discrete=True)
    assert "misclassified" not in {t.name for t in fig.data}


def test_regions_refuse_a_proba_of_the_wrong_shape():
    points = PointSet(np.zeros((1, 2)), np.zeros(1, int), np.zeros(1, bool))
    with pytest.raises(ValueError, match=r"proba must have shape \(3, 2, 2\), got \(2, 3, 2\)\."):
        regions_figure(np.arange(2.0), np.arange(3.0), np.ones((2, 3, 2)), points, None,
                       ["a", "b"], ("x", "y"))


def _cell_styles(styler) -> dict[tuple[int, int], str]:
    """The CSS of each body cell, as pandas renders it."""
    html = styler.set_uuid("cm").to_html()
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", html.split("<style")[1].split("</style>")[0])
    styles = {}
    for selectors, css in rules:
        for row, col in re.findall(r"#T_cm_row(\d+)_col(\d+)", selectors):
            styles[int(row), int(col)] = " ".join(css.split()).rstrip(";")
    return styles


def test_confusion_table_writes_sklearn_counts_and_shades_them():
    y_true, y_pred = [0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 2]
    cm = confusion_matrix(y_true, y_pred)
    styler = confusion_table(cm, ["setosa", "versicolor", "virginica"])
    np.testing.assert_array_equal(styler.data.to_numpy(), cm)
    assert list(styler.data.columns) == ["setosa", "versicolor", "virginica"]
    assert list(styler.data.index) == ["setosa", "versicolor", "virginica"]
    html = styler.to_html()
    assert ">2</td>" in html and ">0</td>" in html  # counts as whole numbers
    styles = _cell_styles(styler)
    # The largest count in the full class colour (white ink), a zero white (black ink).
    assert styles[1, 1] == "background-color: rgb(0,114,178); color: white"
    assert styles[0, 2] == "background-color: rgb(255,255,255); color: black"


def test_confusion_table_writes_row_shares_to_two_decimals():
    cm = confusion_matrix([0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 2])
    shares = cm / cm.sum(axis=1, keepdims=True)
    styler = confusion_table(shares, ["a", "b", "c"], normalized=True)
    np.testing.assert_allclose(styler.data.to_numpy(), shares)
    assert ">0.67</td>" in styler.to_html() and ">0.50</td>" in styler.to_html()
    styles = _cell_styles(styler)
    assert styles[1, 1] == "background-color: rgb(0,114,178); color: white"  # a share of 1


def test_proba_bars_write_four_decimals():
    fig = proba_bars([0.1, 0.2, 0.7], ["a", "b", "c"])
    assert list(fig.data[0].y) == [0.1, 0.2, 0.7]
    assert list(fig.data[0].text) == ["0.1000", "0.2000", "0.7000"]


def test_pinned_runs_overlay_up_to_four_with_settings_in_the_legend():
    runs = [(f"lr {lr}", [1.0, 0.5], [1.1, 0.6]) for lr in (0.1, 0.01, 0.001, 1.0)]
    fig = pinned_figure(runs)
    assert len(fig.data) == 2 * MAX_PINNED
    assert fig.data[2].name == "#2 train: lr 0.01"
    assert fig.data[3].line.dash == "dash"
    with pytest.raises(ValueError, match=r"runs must hold at most 4 runs, got 5\."):
        pinned_figure(runs + runs[:1])


def test_every_builder_passes_plotly_validation():
    """The builders skip validation for speed; a validating rebuild proves nothing was misspelt."""
    rng = np.random.default_rng(2)
    points = PointSet(rng.normal(size=(9, 2)), np.arange(9) % 3, np.arange(9) % 2 == 0)
    figures = [
        curves_figure([1.0, 0.5], [1.1, 0.6], [0.5, 0.9], [0.4, 0.8]),
        regions_figure(np.arange(4.0), np.arange(3.0), rng.dirichlet(np.ones(3), size=(3, 4)),
                       points, points, ["a", "b", "c"], ("x", "y")),
        proba_bars([0.2, 0.8], ["a", "b"]),
        pinned_figure([("run", [1.0, 0.5], [1.2, 0.7])]),
    ]
    for fig in figures:
        go.Figure(fig.to_dict())  # raises ValueError on an unknown property or a bad value
