"""The network diagram holds one edge per parameter, coloured by sign and sized by |w|."""

import itertools

import numpy as np
import plotly.graph_objects as go
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from torch import nn

from mlp_core.anatomy import layers_of
from ui.figures.network import (
    HOVER_AT,
    MAX_WIDTH,
    MIN_WIDTH,
    column_labels,
    edge_width,
    edges_of,
    exact,
    network_figure,
)
from ui.figures.palette import NEGATIVE, POSITIVE


def lecture_221():
    """The lecture's 2-2-1 example: every weight and bias 0.1 (PyTorch layout)."""
    return [np.full((2, 2), 0.1), np.full((1, 2), 0.1)], [np.full(2, 0.1), np.full(1, 0.1)]


def trace(fig, kind):
    return next(t for t in fig.data if t.meta and t.meta["kind"] == kind)


def segment_styles(fig):
    """The hover point of every drawn line segment -> (colour, width)."""
    styles = {}
    for t in fig.data:
        if t.meta and t.meta["kind"] == "edges":
            xs, ys = np.asarray(t.x, float).reshape(-1, 3), np.asarray(t.y, float).reshape(-1, 3)
            assert np.isnan(xs[:, 2]).all() and np.isnan(ys[:, 2]).all()
            for (x0, x1, _), (y0, y1, _) in zip(xs, ys, strict=True):
                at = (round(x0 + HOVER_AT * (x1 - x0), 9), round(y0 + HOVER_AT * (y1 - y0), 9))
                assert at not in styles, "two edges share a hover point"
                styles[at] = (t.line.color, t.line.width)
    return styles


def test_lecture_221_has_nine_edges_all_point_one():
    weights, biases = lecture_221()
    edges = edges_of(weights, biases)
    assert len(edges) == 9
    assert [e.value for e in edges] == [0.1] * 9
    assert sum(e.is_bias for e in edges) == 3


def test_edges_are_exactly_the_parameters_of_a_torch_model():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    weights, biases, activations = layers_of(model)
    assert activations == ["ReLU", None]
    edges = edges_of(weights, biases)
    assert len(edges) == sum(p.numel() for p in model.parameters()) == 67
    for e in edges:
        linear = model[2 * e.layer]
        expected = linear.bias[e.target] if e.is_bias else linear.weight[e.target, e.source]
        assert e.value == pytest.approx(expected.item(), abs=0)


def test_hover_gives_every_parameter_exactly():
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    weights, biases, activations = layers_of(model)
    fig = network_figure(weights, biases, activations)
    hover = trace(fig, "edge values")
    data = np.asarray(hover.customdata)
    assert data.shape == (sum(p.numel() for p in model.parameters()), 4)
    for (layer, source, target, value), text in zip(data, hover.hovertext, strict=True):
        linear = model[2 * int(layer)]
        expected = (linear.bias[int(target)] if source < 0
                    else linear.weight[int(target), int(source)]).item()
        assert value == expected
        # The hover text reads back as the very float32 the model stores.
        assert np.float32(text.split("= ")[-1]) == np.float32(expected)


def test_edges_coloured_by_sign_and_thicker_for_larger_magnitude():
    weights = [np.array([[0.5, -2.0], [-0.01, 1.0]]), np.array([[-1.5, 0.25]])]
    biases = [np.array([0.0, -0.75]), np.array([2.0])]
    fig = network_figure(weights, biases)
    styles = segment_styles(fig)
    hover = trace(fig, "edge values")
    values = np.asarray(hover.customdata)[:, 3]
    drawn = [styles[(round(x, 9), round(y, 9))] for x, y in zip(hover.x, hover.y, strict=True)]
    assert len(drawn) == len(values) == 9
    for value, (color, width) in zip(values, drawn, strict=True):
        assert color == (NEGATIVE if value < 0 else POSITIVE)
        assert width == edge_width(value, 2.0)
    widths = [w for _, w in drawn]
    order = np.argsort(np.abs(values))
    assert all(a <= b for a, b in zip(np.array(widths)[order], np.array(widths)[order][1:],
                                      strict=False))
    assert max(widths) == MAX_WIDTH


def test_the_legend_names_both_signs_even_if_one_is_absent():
    weights, biases = lecture_221()  # every weight positive
    legend = [t for t in network_figure(weights, biases).data if t.showlegend is not False]
    assert [(t.name, t.line.color) for t in legend] == [("positive", POSITIVE),
                                                        ("negative", NEGATIVE)]


def test_edge_width_range():
    assert edge_width(0.0, 1.0) == MIN_WIDTH
    assert edge_width(-3.0, 3.0) == MAX_WIDTH
    assert edge_width(0.5, 0.0) == MIN_WIDTH  # an all-zero network still draws thin lines
    assert MIN_WIDTH < edge_width(0.5, 1.0) < MAX_WIDTH
    # Tall columns draw thinner lines: at 16 units the thickest is halfway between the bounds.
    assert edge_width(1.0, 1.0, units=8) == MAX_WIDTH
    assert edge_width(1.0, 1.0, units=16) == pytest.approx((MIN_WIDTH + MAX_WIDTH) / 2)
    assert edge_width(0.0, 1.0, units=16) == MIN_WIDTH


def test_units_and_bias_nodes_with_their_bias_on_hover():
    weights, biases = lecture_221()
    fig = network_figure(weights, biases, ["Sigmoid", "Sigmoid"])
    units = trace(fig, "units")
    assert list(units.text) == ["x1", "x2", "h1", "h2", "y1"]
    assert "bias b = 0.1" in units.hovertext[2] and "bias b = 0.1" in units.hovertext[4]
    assert list(trace(fig, "bias nodes").text) == ["+1", "+1"]
    headings = [a.text for a in fig.layout.annotations]
    assert headings == ["Input (2)", "Hidden 1 (2) · Sigmoid", "Output (1) · Sigmoid"]


def test_wide_layers_are_cut_and_the_figure_says_so():
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(64, 4)), rng.normal(size=(3, 64))]
    biases = [rng.normal(size=64), rng.normal(size=3)]
    fig = network_figure(weights, biases, max_units=16)
    assert len(trace(fig, "units").x) == 4 + 16 + 3
    assert len(trace(fig, "edge values").x) == (4 + 1) * 16 + 16 * 3 + 3
    assert "first 16 of 64 units drawn" in [a.text for a in fig.layout.annotations]


def test_the_largest_diagram_in_the_page_is_complete():
    rng = np.random.default_rng(0)
    sizes = [10, 16, 16, 16, 16, 10]
    weights = [rng.normal(size=(b, a)) for a, b in itertools.pairwise(sizes)]
    biases = [rng.normal(size=b) for b in sizes[1:]]
    fig = network_figure(weights, biases)
    assert len(trace(fig, "units").x) == sum(sizes)
    assert len(trace(fig, "edge values").x) == sum((a + 1) * b for a, b in
                                                   itertools.pairwise(sizes))
    assert not any("units drawn" in a.text for a in fig.layout.annotations)
    assert len(segment_styles(fig)) == len(trace(fig, "edge values").x)  # no hover point shared


def test_the_figure_is_a_valid_plotly_spec():
    # The builder skips plotly's validation for speed; validate the spec here instead.
    weights, biases = lecture_221()
    go.Figure(network_figure(weights, biases, ["ReLU", "Sigmoid"]).to_dict())


def test_column_labels():
    assert column_labels([4, 8, 3], ["ReLU", None]) == ["Input (4)", "Hidden 1 (8) · ReLU",
                                                         "Output (3)"]
    assert column_labels([2, 2], ["Sigmoid"]) == ["Input (2)", "Output (2) · Sigmoid"]


def test_exact_is_the_stored_float32():
    assert exact(0.1) == "0.1"
    assert np.float32(exact(np.float32(1 / 3))) == np.float32(1 / 3)


@pytest.mark.parametrize(
    ("weights", "biases", "message"),
    [
        ([], [], r"weights must hold at least one layer, got 0\."),
        ([np.ones((2, 2))], [], r"biases must have 1 entries, got 0\."),
        ([np.ones((2, 2)), np.ones((1, 3))], [np.ones(2), np.ones(1)],
         r"weights\[1\] must have shape \(n_out, 2\), got \(1, 3\)\."),
        ([np.ones((2, 2))], [np.ones(3)], r"biases\[0\] must have shape \(2,\), got \(3,\)\."),
        ([np.ones(2)], [np.ones(2)], r"weights\[0\] must have shape \(n_out, 2\), got \(2,\)\."),
    ],
)
def test_bad_shapes_are_refused(weights, biases, message):
    with pytest.raises(ValueError, match=message):
        network_figure(weights, biases)


def test_bad_options_are_refused():
    weights, biases = lecture_221()
    with pytest.raises(ValueError, match=r"max_units must be >= 1, got 0\."):
        network_figure(weights, biases, max_units=0)
    with pytest.raises(ValueError, match=r"activations must have 2 entries, got 1\."):
        network_figure(weights, biases, ["ReLU"])


@given(st.lists(st.integers(1, 6), min_size=2, max_size=5), st.integers(0, 1000))
def test_one_hover_point_per_parameter(sizes, seed):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=(b, a)) for a, b in itertools.pairwise(sizes)]
    biases = [rng.normal(size=b) for b in sizes[1:]]
    fig = network_figure(weights, biases)
    n_params = sum((a + 1) * b for a, b in itertools.pairwise(sizes))
    assert len(trace(fig, "edge values").x) == n_params
    assert sum(np.isnan(np.asarray(t.x, float)).sum() for t in fig.data
               if t.meta["kind"] == "edges") == n_params
