"""ui.figures.inside_charts as plain functions: pictures, link widths, the diagram's option."""

import numpy as np
import pytest

from ui.figures.inside_charts import (
    MAX_LINK,
    MIN_LINK,
    activation_picture,
    link_width,
    network_chart,
    probability_picture,
    unit_pictures,
)
from ui.figures.palette import NEGATIVE, POSITIVE, class_color, mix


def as_css(pixel) -> str:
    r, g, b = (int(v) for v in pixel)
    return f"rgb({r},{g},{b})"


def test_an_activation_is_shaded_by_sign_and_size_as_palette_mix():
    values = np.array([[0.0, 0.5, -1.0], [2.0, -0.25, 1.0]])  # row 0 is ys[0], the bottom
    picture = activation_picture(values, scale=1.0)
    assert picture.shape == (2, 3, 3) and picture.dtype == np.uint8
    top, bottom = picture[0], picture[1]  # row 0 of the picture is the top: ys[-1]
    assert as_css(bottom[0]) == mix(POSITIVE, 0.0) == "rgb(255,255,255)"
    assert as_css(bottom[1]) == mix(POSITIVE, 0.5)
    assert as_css(bottom[2]) == mix(NEGATIVE, 1.0)
    assert as_css(top[0]) == mix(POSITIVE, 1.0)  # beyond the scale: full colour
    assert as_css(top[1]) == mix(NEGATIVE, 0.25)
    # A unit that is off everywhere is blank, not an error.
    assert (activation_picture(np.zeros((2, 2)), scale=0.0) == 255).all()


def test_an_output_unit_is_its_class_colour_by_probability():
    picture = probability_picture(np.array([[0.0, 0.3], [1.0, 0.5]]), 2)
    assert as_css(picture[1, 0]) == mix(class_color(2), 0.0)
    assert as_css(picture[1, 1]) == mix(class_color(2), 0.3)
    assert as_css(picture[0, 0]) == mix(class_color(2), 1.0)


def test_hidden_units_of_a_layer_share_its_largest_activation_as_full_colour():
    maps = [np.stack([np.full((2, 2), 0.5), np.full((2, 2), -2.0)], axis=-1),
            np.stack([np.full((2, 2), 0.25), np.full((2, 2), 0.75)], axis=-1)]
    pictures = unit_pictures(maps)
    assert [len(layer) for layer in pictures] == [2, 2]
    assert as_css(pictures[0][0][0, 0]) == mix(POSITIVE, 0.25)  # 0.5 of the layer's 2.0
    assert as_css(pictures[0][1][0, 0]) == mix(NEGATIVE, 1.0)
    assert as_css(pictures[1][1][0, 0]) == mix(class_color(1), 0.75)


def test_link_widths_grow_with_magnitude_within_bounds():
    widths = link_width(np.array([0.0, 0.5, 1.0, 3.0]), 1.0)
    assert widths[0] == MIN_LINK and widths[2] == widths[3] == MAX_LINK
    assert widths[1] == pytest.approx((MIN_LINK + MAX_LINK) / 2, abs=0.01)
    assert link_width(0.7, 0.0) == MIN_LINK


def test_the_diagram_has_a_node_per_unit_and_a_link_per_parameter():
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(3, 2)), rng.normal(size=(4, 3))]
    biases = [rng.normal(size=3), rng.normal(size=4)]
    option = network_chart(weights, biases, ["a", "b"], ["w", "x", "y", "z"])
    (series,) = option["series"]
    ids = [n["id"] for n in series["data"]]
    assert sorted(ids) == sorted(["x0", "x1", "b0", "b1", "u0.0", "u0.1", "u0.2",
                                  "u1.0", "u1.1", "u1.2", "u1.3"])
    assert len(series["links"]) == 3 * 3 + 4 * 4  # (2 + 1) x 3 and (3 + 1) x 4
    for link in series["links"]:
        source, target = ids[link["source"]], ids[link["target"]]
        k, j = (int(v) for v in target[1:].split("."))
        if source.startswith("b"):
            want = biases[k][j]
        else:
            want = weights[k][j, int(source[1:].split(".")[-1])]
        assert link["value"] == round(want, 4)
        assert link["lineStyle"]["color"] == (POSITIVE if want >= 0 else NEGATIVE)
    # The output units carry the class names; no pictures given: plain circles.
    names = {n["id"]: n["name"] for n in series["data"]}
    assert [names[f"u1.{j}"] for j in range(4)] == ["w", "x", "y", "z"]
    assert all(n["symbol"] == "circle" for n in series["data"])


def test_weights_driven_to_zero_are_faint_dashed_links_and_counted():
    weights = [np.array([[0.5, 0.0004], [-0.0009, 2.0]]), np.array([[1.0, -1e-5]])]
    biases = [np.array([0.0, 0.3]), np.array([-0.2])]
    option = network_chart(weights, biases, ["a", "b"], ["y"])
    styles = {(link["source"], link["target"]): link["lineStyle"]
              for link in option["series"][0]["links"]}
    faint = [s for s in styles.values() if s.get("type") == "dashed"]
    assert len(faint) == 4 and all(s["opacity"] < 0.5 for s in faint)  # 0.0004, -0.0009, -1e-5, 0
    assert option["title"][1]["text"].startswith("4 of 9 weights and biases below 0.001")
    plain = network_chart([np.ones((2, 2))], [np.ones(2)], ["a", "b"], ["y", "z"])
    assert plain["title"][1]["text"] == ""  # none: no count, but the title is there for frames
    assert not any("type" in link["lineStyle"] for link in plain["series"][0]["links"])


def test_the_diagram_refuses_names_that_do_not_fit_its_layers():
    with pytest.raises(ValueError, match="names"):
        network_chart([np.zeros((3, 2))], [np.zeros(3)], ["a"], ["x", "y", "z"])
