"""A regression's figure builders: the R^2 curves, the surface's colours, the fit and residuals."""

import json

import numpy as np
import pytest

from tests.app.helpers import regions_picture
from ui.figures.live_charts import curves_chart
from ui.figures.palette import NEGATIVE, NEUTRAL, POSITIVE, rgb
from ui.figures.regression_charts import (
    fit_chart,
    line_chart,
    residuals_chart,
    surface_chart,
    value_colors,
)


def test_r2_curves_are_named_r2_and_may_fall_below_zero():
    option = curves_chart([1.0, 0.5], [1.1, 0.6], [-2.0, 0.5], [-1.5, 0.4], score="r2")
    assert [s["name"] for s in option["series"]] == ["train loss", "test loss", "train R²",
                                                     "test R²"]
    axis = option["yAxis"][1]
    assert axis["max"] == 1 and "min" not in axis and axis["scale"] is True
    assert option["title"][1]["text"].startswith("R²")
    json.dumps(option)


def test_value_colors_run_from_low_through_white_to_high():
    picture = value_colors(np.array([[-3.0, 0.0, 3.0, 10.0]]), -3.0, 3.0)
    assert [tuple(p) for p in picture[0]] == [rgb(NEGATIVE), rgb(NEUTRAL), rgb(POSITIVE),
                                              rgb(POSITIVE)]  # beyond the range: the end colour
    halfway = value_colors(np.array([[1.5]]), -3.0, 3.0)[0, 0]
    expected = np.round((np.array(rgb(NEUTRAL)) + np.array(rgb(POSITIVE))) / 2)
    np.testing.assert_array_equal(halfway, expected)


def test_the_surface_carries_its_grid_and_colours_the_points_by_their_target():
    xs, ys = np.linspace(-1, 1, 4), np.linspace(-1, 1, 3)
    values = xs[None, :] + ys[:, None]  # (3, 4)
    train = ("train", np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([0.0, 2.0]))
    test = ("test", np.array([[-1.0, -1.0]]), np.array([-2.0]))
    option = surface_chart(xs, ys, values, [train, test], ("x1", "x2"), (-2.0, 2.0))
    np.testing.assert_array_equal(regions_picture(option), value_colors(values, -2.0, 2.0))
    assert option["series"][1]["data"] == [[0.0, 0.0, 0.0], [1.0, 1.0, 2.0]]
    assert option["series"][2]["symbol"] == "diamond"
    scale = option["visualMap"]
    assert (scale["min"], scale["max"], scale["dimension"]) == (-2.0, 2.0, 2)
    assert scale["seriesIndex"] == [1, 2]
    with pytest.raises(ValueError, match=r"values must have shape \(3, 4\)"):
        surface_chart(xs, ys, values.T, [train], ("x1", "x2"), (-2.0, 2.0))
    json.dumps(option)


def test_fit_and_residuals_draw_each_part_and_their_reference_line():
    parts = [("train", np.array([1.0, 2.0, 4.0]), np.array([1.5, 2.0, 3.0])),
             ("test", np.array([3.0]), np.array([2.0]))]
    fit = fit_chart(parts, "price")
    assert fit["series"][0]["data"] == [[1.0, 1.5], [2.0, 2.0], [4.0, 3.0]]
    assert fit["series"][-1]["data"] == [[1.0, 1.0], [4.0, 4.0]]  # predicted = true, end to end
    assert fit["xAxis"]["name"] == "true price" and fit["yAxis"]["name"] == "predicted price"
    residuals = residuals_chart(parts, "price")
    assert residuals["series"][0]["data"] == [[1.5, -0.5], [2.0, 0.0], [3.0, 1.0]]
    assert residuals["series"][1]["data"] == [[2.0, 1.0]]
    assert residuals["series"][-1]["data"] == [[1.5, 0.0], [3.0, 0.0]]


def test_the_line_runs_through_the_prediction_with_the_samples_beside_it():
    xs = np.array([0.0, 1.0, 2.0])
    option = line_chart(xs, 2 * xs, [("train", np.array([0.5]), np.array([1.2]))], "Hours",
                        "Score")
    assert option["series"][0]["data"] == [[0.5, 1.2]]
    assert option["series"][-1]["data"] == [[0.0, 0.0], [1.0, 2.0], [2.0, 4.0]]
    assert option["xAxis"]["name"] == "Hours" and option["yAxis"]["name"] == "Score"


def test_the_colour_bar_says_its_ends():
    xs = ys = np.linspace(0, 1, 3)
    option = surface_chart(xs, ys, np.zeros((3, 3)), [], ("a", "b"), (25.0, 346.0))
    assert option["visualMap"]["text"] == ["346", "25"]
