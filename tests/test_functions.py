"""Activations, softmax and losses: the lecture's numbers, and torch for everything else."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from torch import nn

from mlp_core import functions as fn
from mlp_core.functions import ACTIVATIONS, LOSSES, OUTPUTS, layer_modules

finite = st.floats(-30, 30, allow_nan=False, allow_infinity=False)
vectors = arrays(np.float64, st.integers(1, 6), elements=finite)


# ------------------------------------------------------------------------ the lecture's numbers


def test_lecture_sigmoid_of_018_and_minus_018():
    np.testing.assert_allclose(fn.sigmoid([0.18, -0.18]), [0.5449, 0.4551], atol=5e-5)
    assert round(fn.sigmoid(0.18), 4) == 0.5449


def test_lecture_relu_and_tanh_of_018_and_minus_018():
    np.testing.assert_allclose(fn.relu([0.18, -0.18]), [0.18, 0.0])
    np.testing.assert_allclose(fn.tanh([0.18, -0.18]), [0.1781, -0.1781], atol=5e-5)


def test_lecture_bce_loss_of_05449_against_0():
    assert round(fn.binary_cross_entropy_prob(0.5449, 0), 4) == 0.7872
    assert round(fn.binary_cross_entropy(0.18, 0), 4) == 0.7872


def test_lecture_cross_entropy_for_logits_0058_04275_class_0():
    assert round(fn.cross_entropy([0.0580, 0.4275], 0), 4) == 0.8949


def test_lecture_one_hot():
    np.testing.assert_array_equal(fn.one_hot(0, 2), [1, 0])
    np.testing.assert_array_equal(fn.one_hot(1, 2), [0, 1])
    np.testing.assert_array_equal(fn.one_hot([0, 1, 2], 3), np.eye(3))


def test_softmax_sums_to_one_and_is_in_0_1():
    p = fn.softmax([0.25, 0.4])
    assert p.sum() == pytest.approx(1.0)
    assert round(float(p[0]), 4) == 0.4626


# -------------------------------------------------------------- activations against PyTorch


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@settings(max_examples=30, deadline=None)
@given(z=vectors)
def test_activation_and_derivative_match_torch_module_and_autograd(name, z):
    act = ACTIVATIONS[name]
    t = torch.tensor(z, requires_grad=True)
    out = act.torch_module()(t)
    out.sum().backward()
    np.testing.assert_allclose(act.f(z), out.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(act.df(z), t.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_activation_registry_keys_order_and_modules():
    assert list(ACTIVATIONS) == ["identity", "sigmoid", "relu", "tanh", "leaky_relu", "gelu"]
    kinds = [type(a.torch_module()) for a in ACTIVATIONS.values()]
    assert kinds == [nn.Identity, nn.Sigmoid, nn.ReLU, nn.Tanh, nn.LeakyReLU, nn.GELU]
    assert ACTIVATIONS["leaky_relu"].torch_module().negative_slope == 0.01
    assert ACTIVATIONS["gelu"].torch_module().approximate == "none"
    assert ACTIVATIONS["relu"].label == "ReLU"
    assert all(a.name == key and a.latex for key, a in ACTIVATIONS.items())


@pytest.mark.parametrize("name", list(OUTPUTS))
def test_each_output_is_its_torch_module_and_names_one_in_a_sequential(name):
    z = np.array([[-3.0, -0.5, 0.0, 0.7, 4.0]])
    output = OUTPUTS[name]
    torch_z = output.torch_module()(torch.tensor(z)).numpy()
    np.testing.assert_allclose(output.f(z), torch_z, rtol=1e-12, atol=1e-12)
    # As in the lecture's nn.Sequential: identity is no module at all, the others one each.
    assert [repr(m) for m in layer_modules(name)] == (
        [] if name == "identity" else [repr(output.torch_module())])


def test_outputs_are_every_activation_then_softmax_over_the_last_axis():
    assert list(OUTPUTS) == [*ACTIVATIONS, "softmax"]
    assert all(OUTPUTS[name].f is a.f for name, a in ACTIVATIONS.items())
    assert OUTPUTS["softmax"].torch_module().dim == -1
    assert {loss.output for loss in LOSSES.values()} <= OUTPUTS.keys()


def test_derivatives_at_the_kink_follow_pytorch():
    assert fn.relu_derivative(0.0) == 0.0
    assert fn.leaky_relu_derivative(0.0) == 0.01
    np.testing.assert_allclose(fn.leaky_relu([-2.0, 3.0]), [-0.02, 3.0])


def test_scalar_in_gives_a_numpy_float_out():
    for act in ACTIVATIONS.values():
        assert np.ndim(act.f(0.5)) == 0 and np.ndim(act.df(0.5)) == 0
        assert isinstance(act.f(0.5), float)


def test_sigmoid_is_stable_at_plus_minus_1000():
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        np.testing.assert_array_equal(fn.sigmoid([-1000.0, 1000.0]), [0.0, 1.0])
        np.testing.assert_array_equal(fn.sigmoid_derivative([-1000.0, 1000.0]), [0.0, 0.0])


def test_gelu_is_the_exact_erf_form():
    z = 1.3
    assert fn.gelu(z) == pytest.approx(z * 0.5 * (1 + math.erf(z / math.sqrt(2))), rel=1e-15)


# ------------------------------------------------------------------------------- softmax


@settings(max_examples=50, deadline=None)
@given(z=arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 5)), elements=finite))
def test_softmax_and_log_softmax_match_torch(z):
    t = torch.tensor(z)
    np.testing.assert_allclose(fn.softmax(z), torch.softmax(t, dim=-1).numpy(), atol=1e-12)
    np.testing.assert_allclose(fn.softmax(z, axis=0), torch.softmax(t, dim=0).numpy(), atol=1e-12)
    np.testing.assert_allclose(fn.log_softmax(z), torch.log_softmax(t, dim=-1).numpy(), atol=1e-12)


def test_softmax_is_stable_for_logits_of_plus_minus_1000():
    z = [1000.0, -1000.0, 999.0]
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        p = fn.softmax(z)
        log_p = fn.log_softmax(z)
    expected = torch.softmax(torch.tensor(z, dtype=torch.float64), dim=0).numpy()
    np.testing.assert_allclose(p, expected, atol=1e-15)
    assert np.all(np.isfinite(log_p))
    assert fn.cross_entropy(z, 1) == pytest.approx(2000 + math.log1p(math.exp(-1)))


# -------------------------------------------------------------------------------- losses


@settings(max_examples=50, deadline=None)
@given(z=vectors, data=st.data())
def test_binary_cross_entropy_from_logits_matches_torch(z, data):
    y = data.draw(arrays(np.float64, z.shape, elements=st.sampled_from([0.0, 1.0])))
    expected = F.binary_cross_entropy_with_logits(torch.tensor(z), torch.tensor(y))
    assert fn.binary_cross_entropy(z, y) == pytest.approx(expected.item(), rel=1e-10, abs=1e-12)


def test_binary_cross_entropy_from_a_logit_never_takes_log_0():
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        assert fn.binary_cross_entropy(1000.0, 0) == pytest.approx(1000.0)
        assert fn.binary_cross_entropy(-1000.0, 0) == 0.0
        assert fn.binary_cross_entropy(1000.0, 1) == 0.0


@pytest.mark.parametrize("p", [0.0, 1e-50, 0.3, 1.0])
@pytest.mark.parametrize("y", [0.0, 1.0])
def test_binary_cross_entropy_prob_clamps_like_bceloss(p, y):
    expected = nn.BCELoss()(torch.tensor([p], dtype=torch.float64), torch.tensor([y]).double())
    assert fn.binary_cross_entropy_prob(p, y) == pytest.approx(expected.item(), rel=1e-12)


@settings(max_examples=50, deadline=None)
@given(z=arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(2, 5)), elements=finite),
       data=st.data())
def test_cross_entropy_matches_torch_for_a_batch_and_one_sample(z, data):
    y = data.draw(arrays(np.int64, z.shape[0], elements=st.integers(0, z.shape[1] - 1)))
    expected = F.cross_entropy(torch.tensor(z), torch.tensor(y))
    assert fn.cross_entropy(z, y) == pytest.approx(expected.item(), rel=1e-10, abs=1e-12)
    one = F.cross_entropy(torch.tensor(z[0]), torch.tensor(y[0]))
    assert fn.cross_entropy(z[0], int(y[0])) == pytest.approx(one.item(), rel=1e-10, abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(p=vectors, data=st.data())
def test_mse_matches_torch(p, data):
    y = data.draw(arrays(np.float64, p.shape, elements=finite))
    expected = F.mse_loss(torch.tensor(p), torch.tensor(y))
    assert fn.mse(p, y) == pytest.approx(expected.item(), rel=1e-12, abs=1e-12)


def _torch_loss(name, z, y):
    if name == "bce":
        return F.binary_cross_entropy_with_logits(z, torch.tensor(y, dtype=torch.float64))
    if name == "cross_entropy":
        return F.cross_entropy(z, torch.tensor(y))
    return F.mse_loss(z, torch.tensor(y, dtype=torch.float64))


@pytest.mark.parametrize("name", list(LOSSES))
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_loss_value_and_grad_match_torch_autograd(name, data):
    n = data.draw(st.integers(1, 4))
    if name == "cross_entropy":
        c = data.draw(st.integers(2, 4))
        z = data.draw(arrays(np.float64, (n, c), elements=finite))
        y = data.draw(arrays(np.int64, n, elements=st.integers(0, c - 1)))
    else:
        z = data.draw(arrays(np.float64, n, elements=finite))
        y = data.draw(arrays(np.float64, n, elements=st.sampled_from([0.0, 1.0])))
    loss = LOSSES[name]
    t = torch.tensor(z, requires_grad=True)
    expected = _torch_loss(name, t, y)
    expected.backward()
    assert loss.value(z, y) == pytest.approx(expected.item(), rel=1e-10, abs=1e-12)
    np.testing.assert_allclose(loss.grad(z, y), t.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_sigmoid_bce_and_softmax_ce_gradient_is_y_hat_minus_y():
    assert LOSSES["bce"].grad(0.18, 0) == pytest.approx(fn.sigmoid(0.18) - 0)
    z = np.array([0.0580, 0.4275])
    np.testing.assert_allclose(LOSSES["cross_entropy"].grad(z, 0), fn.softmax(z) - [1, 0])


def test_loss_registry_keys_outputs_and_predict():
    assert list(LOSSES) == ["bce", "cross_entropy", "mse"]
    assert [loss.output for loss in LOSSES.values()] == ["sigmoid", "softmax", "identity"]
    assert LOSSES["bce"].predict(0.18) == pytest.approx(0.5449, abs=5e-5)
    np.testing.assert_allclose(LOSSES["cross_entropy"].predict([0.0, 0.0]), [0.5, 0.5])
    assert LOSSES["mse"].predict(2.5) == 2.5
    assert all(loss.latex and loss.label for loss in LOSSES.values())


# ---------------------------------------------------------------------------- validation


def test_class_index_out_of_range_is_refused():
    with pytest.raises(ValueError, match=r"y must be a class index in \[0, 2\), got 2\."):
        fn.cross_entropy([0.1, 0.2], 2)
    with pytest.raises(ValueError, match=r"y must be a class index in \[0, 3\), got \[0, -1\]\."):
        fn.one_hot([0, -1], 3)
    with pytest.raises(ValueError, match=r"y must be integer class indices, got 0\.5\."):
        fn.one_hot(0.5, 2)


def test_cross_entropy_shapes_are_checked():
    with pytest.raises(ValueError, match=r"y must have shape \(2,\), got \(3,\)\."):
        fn.cross_entropy([[0.1, 0.2], [0.3, 0.4]], [0, 1, 1])
    with pytest.raises(ValueError, match=r"z must have at least 1 dimension, got a scalar\."):
        fn.softmax(0.3)


def test_binary_targets_and_probabilities_are_checked():
    with pytest.raises(ValueError, match=r"y must be in \[0, 1\], got 2\.0\."):
        fn.binary_cross_entropy(0.3, 2)
    with pytest.raises(ValueError, match=r"p must be probabilities in \[0, 1\], got 1\.5\."):
        fn.binary_cross_entropy_prob(1.5, 1)
    with pytest.raises(ValueError, match=r"y must have the shape of z \(2,\), got \(3,\)\."):
        fn.binary_cross_entropy([0.1, 0.2], [0, 1, 1])
    with pytest.raises(ValueError, match=r"y must have the shape of p \(2,\), got \(1,\)\."):
        fn.mse([0.1, 0.2], [0.0])
