"""The activations-and-losses lesson's tables and figures (its numbers: test_activations_losses)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from mlp_core import activations_losses as al
from mlp_core.functions import ACTIVATIONS
from ui.figures.activations import comparison_figure, curve_figure, gradient_bars
from ui.figures.palette import NEGATIVE, POSITIVE
from ui.lessons import activations_losses as av

LECTURE_INPUT = [0.18, -0.18]


def test_activation_table_lecture_rows():
    table = av.activation_table(LECTURE_INPUT).set_index("Activation")
    assert table.loc["Sigmoid", "f(input)"] == "[0.5449, 0.4551]"
    assert table.loc["Tanh", "f(input)"] == "[0.1781, -0.1781]"
    assert table.loc["ReLU", "f(input)"] == "[0.1800, 0.0000]"
    assert table.loc["ReLU", "f'(input)"] == "[1.0000, 0.0000]"
    assert list(table.index) == [a.label for a in ACTIVATIONS.values()]


def test_exact_values_show_pytorch_beside():
    exact = av.exact_values(LECTURE_INPUT).set_index("Activation")
    assert exact.loc["Sigmoid", "PyTorch module"] == "nn.Sigmoid()"
    assert exact.loc["Tanh", "PyTorch output"] == repr(
        torch.tanh(torch.tensor(LECTURE_INPUT, dtype=torch.float64)).tolist())


def test_curve_figure_marks_inputs():
    zs, f, df = al.activation_curves("tanh", LECTURE_INPUT)
    a = ACTIVATIONS["tanh"]
    fig = curve_figure(zs, f, df, "Tanh(z)", "Tanh'(z)", LECTURE_INPUT, a.f(LECTURE_INPUT),
                       a.df(LECTURE_INPUT))
    assert [t.name for t in fig.data] == ["Tanh(z)", "Tanh'(z)", "Tanh(z) at your input",
                                          "Tanh'(z) at your input"]
    assert fig.data[2].x == (0.18, -0.18) and fig.data[2].text == ("0.1781", "-0.1781")
    assert len(curve_figure(zs, f, df, "f", "f'").data) == 2


def test_gradient_bars_sign_colours():
    fig = gradient_bars([-0.5913, 0.5913])
    bar = fig.data[0]
    assert list(bar.marker.color) == [NEGATIVE, POSITIVE]
    assert list(bar.text) == ["-0.5913", "0.5913"] and list(bar.x) == ["z0", "z1"]


def marks_text(fig) -> list[str]:
    return list(next(t for t in fig.data if t.mode == "markers").text)


def test_comparison_table_and_figure():
    table = av.comparison_table(al.binary_comparison(0.18, 0)).to_pandas()
    labels = ["BCE on σ(z)", "Cross-entropy on logits [0, z]", "MSE on σ(z)"]
    assert table["Loss"].tolist() == labels == [av.comparison_label(n) for n in al.COMPARISON]
    assert [round(v, 4) for v in table["L"]] == [0.7872, 0.7872, 0.2969]
    zs, curves = al.comparison_curves(0, 0.18)
    fig = comparison_figure(zs, curves, 0.18, al.binary_comparison(0.18, 0),
                            dict(zip(al.COMPARISON, labels, strict=True)))
    lines = [t for t in fig.data if t.mode == "lines"]
    # Cross-entropy on [0, z] is BCE: one curve named by both, not a second one hidden under it.
    same = f"{labels[0]} = {labels[1]}"
    assert [t.name for t in lines] == [same, same, labels[2], labels[2]]
    assert [t.showlegend for t in lines] == [True, False, True, False]
    assert marks_text(fig)[0] == "BCE on σ(z): 0.7872"
    assert [t.line.dash for t in lines[::2]] == ["solid", "dot"]
    marks = [t for t in fig.data if t.mode == "markers"]
    assert list(marks[0].y) == pytest.approx(list(table["L"]))
    assert list(marks[1].y) == pytest.approx(list(table["dL/dz"]))


def test_coinciding_groups_the_losses_whose_curves_are_equal():
    for y in (0, 1):
        zs, curves = al.comparison_curves(y, 0.18)
        assert al.coinciding(curves) == [["bce", "cross_entropy"], ["mse"]]
        # Torch says the same: softmax([0, z]) cross-entropy equals BCE with logits.
        z = torch.tensor(zs, requires_grad=True)
        ce = F.cross_entropy(torch.stack([torch.zeros_like(z), z], 1),
                             torch.full((len(zs),), y), reduction="none")
        bce = F.binary_cross_entropy_with_logits(z, torch.full_like(z, float(y)),
                                                 reduction="none")
        np.testing.assert_allclose(ce.detach(), bce.detach(), atol=1e-12)
    moved = {"a": (np.zeros(3), np.ones(3)), "b": (np.zeros(3) + 1e-6, np.ones(3))}
    assert al.coinciding(moved) == [["a"], ["b"]]  # close is not the same curve
