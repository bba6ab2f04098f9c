"""Activations and losses page helpers and figures, checked against PyTorch."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

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


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_values_and_slopes_match_torch(name):
    x = torch.tensor([-2.3, -0.18, 0.18, 0.7, 3.1], dtype=torch.float64, requires_grad=True)
    y = ACTIVATIONS[name].torch_module()(x)
    y.sum().backward()
    zs, f, df = av.activation_curves(name, x.detach().numpy())
    a = ACTIVATIONS[name]
    np.testing.assert_allclose(a.f(x.detach().numpy()), y.detach().numpy(), atol=1e-10)
    np.testing.assert_allclose(a.df(x.detach().numpy()), x.grad.numpy(), atol=1e-10)
    assert zs.min() <= -5 and zs.max() >= 5 and len(f) == len(df) == len(zs)


def test_exact_values_show_pytorch_beside():
    exact = av.exact_values(LECTURE_INPUT).set_index("Activation")
    assert exact.loc["Sigmoid", "PyTorch module"] == "nn.Sigmoid()"
    assert exact.loc["Tanh", "PyTorch output"] == repr(
        torch.tanh(torch.tensor(LECTURE_INPUT, dtype=torch.float64)).tolist())


def _autograd(fn, z):
    t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    loss = fn(t)
    loss.backward()
    return loss.item(), t.grad.numpy()


def test_lecture_bce_case():
    report = av.loss_report("bce", [0.18], [0.0])
    assert round(report.y_hat[0], 4) == 0.5449 and round(report.value, 4) == 0.7872
    # The lecture feeds nn.BCELoss the probability; the same number from the rounded 0.5449:
    torch_prob = F.binary_cross_entropy(torch.tensor([0.5449]), torch.tensor([0.0])).item()
    assert round(torch_prob, 4) == 0.7872
    value, grad = _autograd(
        lambda t: F.binary_cross_entropy_with_logits(t, torch.zeros_like(t)), 0.18)
    assert report.value == pytest.approx(value, abs=1e-12)
    np.testing.assert_allclose(report.grad, [grad], atol=1e-12)


def test_lecture_cross_entropy_case():
    report = av.loss_report("cross_entropy", [0.0580, 0.4275], [0])
    assert round(report.value, 4) == 0.8949
    value, grad = _autograd(lambda t: F.cross_entropy(t, torch.tensor(0)), [0.0580, 0.4275])
    assert report.value == pytest.approx(value, abs=1e-12)
    np.testing.assert_allclose(report.grad, grad, atol=1e-12)
    np.testing.assert_allclose(report.y_hat, [0.4087, 0.5913], atol=5e-5)


def test_mse_and_bce_batches_match_torch():
    z, y = [0.3, -1.2, 2.0], [1.0, 0.0, 1.0]
    mse = av.loss_report("mse", z, y)
    value, grad = _autograd(lambda t: F.mse_loss(t, torch.tensor(y, dtype=torch.float64)), z)
    assert mse.value == pytest.approx(value) and np.allclose(mse.grad, grad)
    bce = av.loss_report("bce", z, y)
    value, grad = _autograd(
        lambda t: F.binary_cross_entropy_with_logits(t, torch.tensor(y, dtype=torch.float64)), z)
    assert bce.value == pytest.approx(value) and np.allclose(bce.grad, grad)


def test_loss_report_messages():
    with pytest.raises(ValueError, match=r"y must be one class index for cross-entropy, got 2"):
        av.loss_report("cross_entropy", [0.1, 0.2], [0, 1])
    with pytest.raises(ValueError, match=r"y must be a class index in \[0, 2\), got 2"):
        av.loss_report("cross_entropy", [0.1, 0.2], [2])
    with pytest.raises(ValueError, match=r"y must have one number per z: z has 2, got 1"):
        av.loss_report("mse", [0.1, 0.2], [1])
    with pytest.raises(ValueError, match=r"y must be in \[0, 1\], got 2.0"):
        av.loss_report("bce", [0.1], [2])
    with pytest.raises(ValueError, match=r"loss must be one of"):
        av.loss_report("hinge", [0.1], [1])


@pytest.mark.parametrize(("name", "z", "y"), [
    ("bce", [0.18], [0.0]), ("cross_entropy", [0.0580, 0.4275, -1.0], [1]), ("mse", [0.5], [2.0]),
])
def test_loss_sweep_slope_is_the_derivative_of_the_curve(name, z, y):
    report = av.loss_report(name, z, y)
    zs, values, slopes = av.loss_sweep(report)
    k = av.swept_component(report)
    assert zs.min() <= report.z[k] <= zs.max()
    # Central differences of the curve agree with the analytic gradient in between.
    numeric = np.gradient(values, zs)
    np.testing.assert_allclose(numeric[1:-1], slopes[1:-1], atol=5e-3)


def test_curve_figure_marks_inputs():
    zs, f, df = av.activation_curves("tanh", LECTURE_INPUT)
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


@pytest.mark.parametrize(("z", "y"), [(0.18, 0), (-6.0, 1), (2.5, 1), (3.0, 0)])
def test_binary_comparison_matches_torch(z, y):
    rows = av.binary_comparison(z, y)
    target = torch.tensor(float(y), dtype=torch.float64)
    bce = _autograd(lambda t: F.binary_cross_entropy_with_logits(t, target), z)
    ce = _autograd(lambda t: F.cross_entropy(torch.stack([torch.zeros_like(t), t]),
                                             torch.tensor(y)), z)
    mse = _autograd(lambda t: F.mse_loss(torch.sigmoid(t), target), z)
    for name, (value, grad) in zip(av.COMPARISON, (bce, ce, mse), strict=True):
        assert rows[name][0] == pytest.approx(value, abs=1e-12), name
        assert rows[name][1] == pytest.approx(float(grad), abs=1e-12), name


def test_mse_gradient_fades_when_confidently_wrong():
    rows = av.binary_comparison(-6.0, 1)
    assert abs(rows["bce"][1]) > 0.99
    assert abs(rows["mse"][1]) < 0.01
    with pytest.raises(ValueError, match=r"y must be 0 or 1, got 2\."):
        av.binary_comparison(0.0, 2)


def marks_text(fig) -> list[str]:
    return list(next(t for t in fig.data if t.mode == "markers").text)


def test_comparison_table_and_figure():
    table = av.comparison_table(0.18, 0)
    labels = ["BCE on σ(z)", "Cross-entropy on logits [0, z]", "MSE on σ(z)"]
    assert table["Loss"].tolist() == labels == [av.comparison_label(n) for n in av.COMPARISON]
    assert [round(v, 4) for v in table["L"]] == [0.7872, 0.7872, 0.2969]
    zs, curves = av.comparison_curves(0, 0.18)
    fig = comparison_figure(zs, curves, 0.18, av.binary_comparison(0.18, 0),
                            dict(zip(av.COMPARISON, labels, strict=True)))
    lines = [t for t in fig.data if t.mode == "lines"]
    assert [t.name for t in lines] == [n for n in labels for _ in (1, 2)]
    assert marks_text(fig)[0] == "BCE on σ(z): 0.7872"
    assert [t.line.dash for t in lines[::2]] == ["solid", "dash", "dot"]
    marks = [t for t in fig.data if t.mode == "markers"]
    assert list(marks[0].y) == pytest.approx(list(table["L"]))
    assert list(marks[1].y) == pytest.approx(list(table["dL/dz"]))
