"""The hand-written batched backward pass against torch autograd, for every activation."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from mlp_core.functions import ACTIVATIONS, TRAIN_LOSSES, softmax_rows
from mlp_core.gradients import cross_entropy_gradients, logits, logits_per_epoch
from mlp_core.network import build_mlp


def assert_close(a, b, rtol=1.3e-6, atol=1e-5):
    """assert_close's float32 tolerances, without torch.testing's slow torch.distributed import."""
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=rtol, atol=atol)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_forward_is_the_registry_module(name):
    a = torch.linspace(-4, 4, 81)  # includes the kink at 0 exactly
    assert torch.equal(ACTIVATIONS[name].torch_f(a), ACTIVATIONS[name].torch_module()(a))


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_backward_is_autograds_derivative(name):
    a = torch.linspace(-4, 4, 81).requires_grad_()
    d = torch.randn(81, generator=torch.Generator().manual_seed(0))
    h = ACTIVATIONS[name].torch_module()(a)
    (expected,) = torch.autograd.grad(h, a, d)
    got = ACTIVATIONS[name].torch_backward(d, a.detach(), h.detach())
    assert torch.equal(got, expected)


# Any network of the studio's kind: an activation, up to three hidden layers, a seed.
NETWORK = dict(activation=st.sampled_from(list(ACTIVATIONS)),
               hidden=st.lists(st.integers(1, 6), max_size=3), seed=st.integers(0, 2**16))


@given(n=st.integers(1, 12), n_classes=st.integers(2, 4), **NETWORK)
def test_gradients_match_autograd(activation, hidden, n, n_classes, seed):
    torch.manual_seed(seed)
    model = build_mlp(3, hidden, activation, n_classes)
    x, y = torch.randn(n, 3), torch.randint(0, n_classes, (n,))
    params = list(model.parameters())
    loss = F.cross_entropy(model(x), y)
    expected = torch.autograd.grad(loss, params)
    z, grads = cross_entropy_gradients([p.detach() for p in params], x,
                                       F.one_hot(y, n_classes).float(), activation)
    assert_close(z, model(x).detach())
    assert len(grads) == len(params)
    for g, e in zip(grads, expected, strict=True):
        assert g.shape == e.shape
        assert_close(g, e, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("loss", list(TRAIN_LOSSES))
@pytest.mark.parametrize("n", [1, 2, 7, 120])
def test_a_loss_delta_is_autograds_dl_dz_a_column_a_sample(loss, n):
    """delta(z, target) on z and target a column a sample (the backward pass's layout, the
    lecture's) is the derivative of the summed per-sample losses by z, in that layout too."""
    gen = torch.Generator().manual_seed(n)
    classification = TRAIN_LOSSES[loss].task == "classification"
    n_out = 3 if classification else 1
    z = (3 * torch.randn(n, n_out, generator=gen)).requires_grad_()
    if classification:
        target = F.one_hot(torch.randint(0, n_out, (n,), generator=gen), n_out).float()
    else:  # both sides of Huber's clip and of MAE's kink
        target = 3 * torch.randn(n, 1, generator=gen)
    (expected,) = torch.autograd.grad(TRAIN_LOSSES[loss].per_sample(z, target).sum(), z)
    got = TRAIN_LOSSES[loss].delta(z.detach().t().contiguous(), target.t().contiguous())
    assert got.shape == (n_out, n)
    assert_close(got, expected.t(), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_logits_are_the_models_output(name):
    torch.manual_seed(0)
    model = build_mlp(4, (8, 5), name, 3)
    x = torch.randn(7, 4)
    got = logits([p.detach() for p in model.parameters()], x, name)
    assert torch.equal(got, model(x).detach())


@given(n=st.integers(1, 40), epochs=st.integers(1, 5), n_out=st.integers(1, 4), **NETWORK)
def test_logits_per_epoch_are_each_epochs_logits(activation, hidden, n, epochs, n_out, seed):
    """A chunk's epochs scored at once give what each epoch's weights give alone."""
    weights = [[p.detach() for p in build_mlp(3, hidden, activation, n_out, seed=seed + e)
                .parameters()] for e in range(epochs)]
    x = torch.randn(n, 3, generator=torch.Generator().manual_seed(seed))
    got = logits_per_epoch(weights, x, activation)
    assert got.shape == (epochs, n, n_out)
    for z, params in zip(got, weights, strict=True):
        assert_close(z, logits(params, x, activation))


def test_softmax_regression_step_of_the_lecture():
    """No hidden layer is softmax regression: theta = [[0.1, 0.2], [0.3, 0.4]], x = 0.5, y = 0,
    eta = 0.1 gives [[0.1537, 0.1463], [0.3269, 0.3731]] by the lecture's formulas."""
    weight, bias = torch.tensor([[0.3], [0.4]]), torch.tensor([0.1, 0.2])  # theta's rows 1 and 0
    z, grads = cross_entropy_gradients([weight, bias], torch.tensor([[0.5]]),
                                       torch.tensor([[1.0, 0.0]]), "relu")
    assert_close(z, torch.tensor([[0.25, 0.4]]))
    theta_next = torch.cat([bias - 0.1 * grads[1], (weight - 0.1 * grads[0]).t()[0]]).view(2, 2)
    np.testing.assert_allclose(theta_next.numpy(), [[0.1537, 0.1463], [0.3269, 0.3731]],
                               atol=5e-5)


@pytest.mark.parametrize("shape", [(1, 3), (2, 3), (3, 3), (105, 3), (7, 10), (300, 2)])
def test_softmax_of_rows_is_torchs(shape):
    """However the rows are laid out for speed, it is torch's softmax."""
    z = 5 * torch.randn(shape, generator=torch.Generator().manual_seed(1))
    assert_close(softmax_rows(z), torch.softmax(z, dim=1), rtol=1e-6, atol=1e-7)
