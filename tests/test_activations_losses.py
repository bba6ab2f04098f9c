"""mlp_core.activations_losses: the lesson's activations and losses, checked against PyTorch."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from mlp_core import activations_losses as al
from mlp_core.errors import InputError
from mlp_core.functions import ACTIVATIONS

LECTURE_INPUT = [0.18, -0.18]


def test_torch_beside_is_the_lectures_modules_on_the_same_input():
    beside = al.torch_beside(LECTURE_INPUT)
    assert list(beside) == list(ACTIVATIONS)
    assert beside["sigmoid"].module == "nn.Sigmoid()" and beside["relu"].module == "nn.ReLU()"
    np.testing.assert_allclose(beside["sigmoid"].torch, [0.5449, 0.4551], atol=5e-5)  # lecture
    for name, v in beside.items():
        np.testing.assert_allclose(v.ours, v.torch, atol=1e-12, err_msg=name)


def test_a_refusal_carries_its_code_and_values():
    with pytest.raises(InputError) as one_class:
        al.loss_report("cross_entropy", [0.1, 0.2], [0, 1])
    assert (one_class.value.code, one_class.value.values) == ("one_class", {"n": 2})
    with pytest.raises(InputError) as one_per_z:
        al.loss_report("mse", [0.1, 0.2], [1])
    assert (one_per_z.value.code, one_per_z.value.values) == ("one_per_z", {"n_z": 2, "n_y": 1})


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_values_and_slopes_match_torch(name):
    x = torch.tensor([-2.3, -0.18, 0.18, 0.7, 3.1], dtype=torch.float64, requires_grad=True)
    y = ACTIVATIONS[name].torch_module()(x)
    y.sum().backward()
    zs, f, df = al.activation_curves(name, x.detach().numpy())
    a = ACTIVATIONS[name]
    np.testing.assert_allclose(a.f(x.detach().numpy()), y.detach().numpy(), atol=1e-10)
    np.testing.assert_allclose(a.df(x.detach().numpy()), x.grad.numpy(), atol=1e-10)
    assert zs.min() <= -5 and zs.max() >= 5 and len(f) == len(df) == len(zs)


def _autograd(fn, z):
    t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    loss = fn(t)
    loss.backward()
    return loss.item(), t.grad.numpy()


def test_lecture_bce_case():
    report = al.loss_report("bce", [0.18], [0.0])
    assert round(report.y_hat[0], 4) == 0.5449 and round(report.value, 4) == 0.7872
    # The lecture feeds nn.BCELoss the probability; the same number from the rounded 0.5449:
    torch_prob = F.binary_cross_entropy(torch.tensor([0.5449]), torch.tensor([0.0])).item()
    assert round(torch_prob, 4) == 0.7872
    value, grad = _autograd(
        lambda t: F.binary_cross_entropy_with_logits(t, torch.zeros_like(t)), 0.18)
    assert report.value == pytest.approx(value, abs=1e-12)
    np.testing.assert_allclose(report.grad, [grad], atol=1e-12)


def test_lecture_cross_entropy_case():
    report = al.loss_report("cross_entropy", [0.0580, 0.4275], [0])
    assert round(report.value, 4) == 0.8949
    value, grad = _autograd(lambda t: F.cross_entropy(t, torch.tensor(0)), [0.0580, 0.4275])
    assert report.value == pytest.approx(value, abs=1e-12)
    np.testing.assert_allclose(report.grad, grad, atol=1e-12)
    np.testing.assert_allclose(report.y_hat, [0.4087, 0.5913], atol=5e-5)


def test_mse_and_bce_batches_match_torch():
    z, y = [0.3, -1.2, 2.0], [1.0, 0.0, 1.0]
    mse = al.loss_report("mse", z, y)
    value, grad = _autograd(lambda t: F.mse_loss(t, torch.tensor(y, dtype=torch.float64)), z)
    assert mse.value == pytest.approx(value) and np.allclose(mse.grad, grad)
    bce = al.loss_report("bce", z, y)
    value, grad = _autograd(
        lambda t: F.binary_cross_entropy_with_logits(t, torch.tensor(y, dtype=torch.float64)), z)
    assert bce.value == pytest.approx(value) and np.allclose(bce.grad, grad)


def test_loss_report_messages():
    with pytest.raises(ValueError, match=r"y must be one class index for cross-entropy, got 2"):
        al.loss_report("cross_entropy", [0.1, 0.2], [0, 1])
    with pytest.raises(ValueError, match=r"y must be a class index in \[0, 2\), got 2"):
        al.loss_report("cross_entropy", [0.1, 0.2], [2])
    with pytest.raises(ValueError, match=r"y must have one number per z: z has 2, got 1"):
        al.loss_report("mse", [0.1, 0.2], [1])
    with pytest.raises(ValueError, match=r"y must be in \[0, 1\], got 2.0"):
        al.loss_report("bce", [0.1], [2])
    with pytest.raises(ValueError, match=r"loss must be one of"):
        al.loss_report("hinge", [0.1], [1])


@pytest.mark.parametrize(("name", "z", "y"), [
    ("bce", [0.18], [0.0]), ("cross_entropy", [0.0580, 0.4275, -1.0], [1]), ("mse", [0.5], [2.0]),
])
def test_loss_sweep_slope_is_the_derivative_of_the_curve(name, z, y):
    report = al.loss_report(name, z, y)
    zs, values, slopes = al.loss_sweep(report)
    k = al.swept_component(report)
    assert zs.min() <= report.z[k] <= zs.max()
    # Central differences of the curve agree with the analytic gradient in between.
    numeric = np.gradient(values, zs)
    np.testing.assert_allclose(numeric[1:-1], slopes[1:-1], atol=5e-3)


@pytest.mark.parametrize(("z", "y"), [(0.18, 0), (-6.0, 1), (2.5, 1), (3.0, 0)])
def test_binary_comparison_matches_torch(z, y):
    rows = al.binary_comparison(z, y)
    target = torch.tensor(float(y), dtype=torch.float64)
    bce = _autograd(lambda t: F.binary_cross_entropy_with_logits(t, target), z)
    ce = _autograd(lambda t: F.cross_entropy(torch.stack([torch.zeros_like(t), t]),
                                             torch.tensor(y)), z)
    mse = _autograd(lambda t: F.mse_loss(torch.sigmoid(t), target), z)
    for name, (value, grad) in zip(al.COMPARISON, (bce, ce, mse), strict=True):
        assert rows[name][0] == pytest.approx(value, abs=1e-12), name
        assert rows[name][1] == pytest.approx(float(grad), abs=1e-12), name


def test_mse_gradient_fades_when_confidently_wrong():
    rows = al.binary_comparison(-6.0, 1)
    assert abs(rows["bce"][1]) > 0.99
    assert abs(rows["mse"][1]) < 0.01
    with pytest.raises(ValueError, match=r"y must be 0 or 1, got 2\."):
        al.binary_comparison(0.0, 2)
