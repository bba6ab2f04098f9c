"""The sigmoid-neuron lesson's table, formulas and figures (its numbers: test_neuron)."""

import numpy as np
import pytest
import torch

from mlp_core import neuron
from ui.figures.neuron import hours_figure, sigmoid_figure
from ui.figures.palette import class_color
from ui.lessons import sigmoid_neuron as nr


def test_hours_pass_table_probabilities_and_classes():
    table = nr.hours_pass_table(4.0, -5.0)
    assert table["Hours"].tolist() == [0.5, 1.0, 1.5, 2.0]
    assert table["Pass"].tolist() == [0, 0, 1, 1]
    expected = torch.sigmoid(4.0 * torch.tensor([0.5, 1.0, 1.5, 2.0], dtype=torch.float64) - 5.0)
    np.testing.assert_allclose(table["P(pass)"], expected.numpy(), atol=1e-12)
    assert table["Predicted"].tolist() == [0, 0, 1, 1]
    assert table["Correct"].tolist() == ["✓"] * 4
    lecture = nr.hours_pass_table(0.1, 0.1)
    assert lecture["Predicted"].tolist() == [1, 1, 1, 1]  # boundary at -1: every row says pass
    assert lecture["Correct"].tolist() == ["✗", "✗", "✓", "✓"]


def test_threshold_is_inclusive_at_half():
    # w = 0, b = 0: p = 0.5 everywhere, predicted 1 (p >= 0.5), the same rule as the boundary.
    assert nr.hours_pass_table(0.0, 0.0)["Predicted"].tolist() == [1, 1, 1, 1]


def test_latex_is_filled_with_the_numbers():
    out = neuron.neuron(0.1, 0.1, 0.8)
    assert nr.latex_z(out) == r"z = w x + b = 0.1000 \cdot 0.8000 + 0.1000 = 0.1800"
    assert "e^{-0.1800}" in nr.latex_sigma(out) and "= 0.5449" in nr.latex_sigma(out)
    assert "= 0.2480" in nr.latex_sigma(out)
    negative = neuron.neuron(2.0, -0.5, -1.0)
    assert r"2.0000 \cdot (-1.0000) + (-0.5000) = -2.5000" in nr.latex_z(negative)
    assert "e^{-(-2.5000)}" in nr.latex_sigma(negative)


def test_sigmoid_figure_marks_the_current_point():
    out = neuron.neuron(0.1, 0.1, 0.8)
    fig = sigmoid_figure(*neuron.curves(out.z), out.z, out.p, out.slope)
    names = [t.name for t in fig.data]
    assert names == ["σ(z)", "σ'(z) = σ(z)(1 − σ(z))", "σ at your z", "σ' at your z"]
    point, slope = fig.data[2], fig.data[3]
    assert point.x == (out.z,) and point.y == (out.p,)
    assert point.text == ("σ(0.1800) = 0.5449",)
    assert slope.y == (out.slope,) and slope.text == ("σ' = 0.2480",)
    assert max(fig.data[1].y) == pytest.approx(0.25, abs=1e-3)


def test_hours_figure_data_threshold_and_boundary():
    table = nr.hours_pass_table(4.0, -5.0)
    hs, ps = neuron.hours_curve(4.0, -5.0, 1.25)
    fig = hours_figure(table["Hours"], table["Pass"], hs, ps, 1.25, 1.25, 0.5)
    by_name = {t.name: t for t in fig.data}
    assert list(by_name["Pass = 0"].x) == [0.5, 1.0] and list(by_name["Pass = 1"].x) == [1.5, 2.0]
    assert list(by_name["Pass = 1"].y) == [1.0, 1.0]
    assert by_name["Pass = 0"].marker.color == class_color(0)
    assert by_name["Pass = 1"].marker.color == class_color(1)
    assert by_name["threshold 0.5"].y == (0.5, 0.5)
    assert by_name["boundary x = 1.2500"].x == (1.25, 1.25)
    assert by_name["your input"].x == (1.25,) and by_name["your input"].y == (0.5,)
    np.testing.assert_allclose(by_name["P(pass) = σ(w·hours + b)"].y,
                               torch.sigmoid(torch.tensor(4.0 * hs - 5.0)).numpy(), atol=1e-12)


def test_hours_figure_without_boundary_or_out_of_view():
    table = nr.hours_pass_table(0.0, 0.2)
    hs, ps = neuron.hours_curve(0.0, 0.2, 0.8)
    no_boundary = hours_figure(table["Hours"], table["Pass"], hs, ps, None)
    far = hours_figure(table["Hours"], table["Pass"], hs, ps, -40.0)
    for fig in (no_boundary, far):
        assert not any(t.name.startswith("boundary") for t in fig.data)
