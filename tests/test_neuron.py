"""mlp_core.neuron: the lecture's sigmoid neuron, PyTorch as the reference, the boundary."""

import numpy as np
import pytest
import torch

from mlp_core.neuron import classify, curves, decision_boundary, neuron


def torch_sigmoid_and_slope(z: float) -> tuple[float, float]:
    t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    s = torch.sigmoid(t)
    s.backward()
    return s.item(), t.grad.item()


def test_lecture_default_gives_sigma_0_18():
    out = neuron(0.1, 0.1, 0.8)
    assert out.z == pytest.approx(0.18)
    assert round(out.p, 4) == 0.5449
    s, slope = torch_sigmoid_and_slope(0.18)
    assert out.p == pytest.approx(s, abs=1e-12)
    assert out.slope == pytest.approx(slope, abs=1e-12)


@pytest.mark.parametrize(("w", "b", "x"), [(-2.5, 0.3, 1.7), (4.0, -5.0, 1.25), (0.0, -3.0, 9.0)])
def test_neuron_matches_torch(w, b, x):
    out = neuron(w, b, x)
    s, slope = torch_sigmoid_and_slope(w * x + b)
    assert (out.p, out.slope) == pytest.approx((s, slope), abs=1e-12)


def test_decision_boundary():
    assert decision_boundary(4.0, -5.0) == pytest.approx(1.25)
    assert decision_boundary(-2.0, 1.0) == pytest.approx(0.5)
    assert decision_boundary(0.0, 1.0) is None
    # At the boundary the neuron says exactly 0.5.
    assert neuron(3.0, -1.2, decision_boundary(3.0, -1.2)).p == pytest.approx(0.5)


def test_curves_cover_z():
    zs, s, ds = curves(12.0)
    assert zs.min() <= -8 and zs.max() >= 13
    np.testing.assert_allclose(s, torch.sigmoid(torch.tensor(zs)).numpy(), atol=1e-12)
    np.testing.assert_allclose(ds, s * (1 - s), atol=1e-12)


def test_classify_is_the_lectures_hours_pass_rule():
    z, p, predicted = classify(4.0, -5.0, [0.5, 1.0, 1.25, 1.5, 2.0])
    np.testing.assert_allclose(z, [-3.0, -1.0, 0.0, 1.0, 3.0])
    np.testing.assert_allclose(p, torch.sigmoid(torch.tensor(z)).numpy(), atol=1e-12)
    assert predicted.tolist() == [0, 0, 1, 1, 1]  # on the boundary (p = 0.5) counts as a pass
