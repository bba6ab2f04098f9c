"""Softmax page helpers and figure: probability bars, the coloured formula, one-hot and the loss."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from mlp_core.functions import cross_entropy, one_hot, softmax
from ui.figures.palette import class_color
from ui.figures.probabilities import probability_bars
from ui.lessons import softmax as sv

LECTURE_Z = np.array([0.0580, 0.4275])


def test_bars_hold_the_probabilities_in_class_colours():
    p = softmax([1.0, -0.5, 2.0, 0.0])
    fig = probability_bars(p, true_class=2)
    bar = fig.data[0]
    np.testing.assert_allclose(bar.y, torch.softmax(torch.tensor([1.0, -0.5, 2.0, 0.0],
                                                                  dtype=torch.float64), 0))
    assert sum(bar.y) == pytest.approx(1.0)
    assert list(bar.x) == ["class 0", "class 1", "class 2", "class 3"]
    assert list(bar.marker.color) == [class_color(i) for i in range(4)]
    assert list(bar.marker.line.width) == [0, 0, 3, 0]
    assert list(bar.text) == [f"{v:.4f}" for v in p]


def test_lecture_bars_text():
    fig = probability_bars(softmax(LECTURE_Z), true_class=0)
    assert list(fig.data[0].text) == ["0.4087", "0.5913"]


def test_logits_from_hours_latex_writes_each_class_in_its_colour():
    tex = sv.latex_logits_from_hours([0.3, -0.4], [0.1, -0.2], 0.5, [0.25, -0.4])
    assert r"-0.4000 \cdot 0.5000 + (-0.2000) = -0.4000" in tex
    assert class_color(1) in tex


def test_softmax_latex_lecture_numbers_coloured_by_class():
    tex = sv.latex_softmax(LECTURE_Z, softmax(LECTURE_Z))
    assert rf"\textcolor{{{class_color(0)}}}{{e^{{0.0580}}}}" in tex
    assert rf"\textcolor{{{class_color(1)}}}{{e^{{0.4275}}}}" in tex
    assert "= 2.5931" in tex  # d = e^0.058 + e^0.4275
    assert r"\frac{1.0597}{2.5931} = 0.4087" in tex
    assert r"\frac{1.5334}{2.5931} = 0.5913" in tex
    assert "= 1.0000" in tex


def test_softmax_latex_survives_huge_logits():
    z = np.array([800.0, 0.0, 20.0])
    tex = sv.latex_softmax(z, softmax(z))
    assert r"\infty" in tex and "nan" not in tex
    assert r"4.8517 \times 10^{8}" in tex  # e^20, too long for four decimals


def test_one_hot_and_cross_entropy_latex():
    tex = sv.latex_one_hot(0, one_hot(0, 2))
    assert rf"\textcolor{{{class_color(0)}}}{{1}}" in tex
    assert rf"\textcolor{{{class_color(1)}}}{{0}}" in tex
    loss = cross_entropy(LECTURE_Z, 0)
    assert loss == pytest.approx(F.cross_entropy(torch.tensor(LECTURE_Z), torch.tensor(0)).item())
    ce = sv.latex_cross_entropy(one_hot(0, 2), softmax(LECTURE_Z), loss)
    assert r"1 \cdot \log 0.4087" in ce and r"0 \cdot \log 0.5913" in ce
    assert ce.endswith("= 0.8949")
