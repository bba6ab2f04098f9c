"""The update rules against torch.optim, step for step."""

import numpy as np
import pytest
import torch

from mlp_core.anatomy import layers_of, near_zero
from mlp_core.datasets import load_iris
from mlp_core.optimizers import OPTIMIZERS, SGD
from mlp_core.training import TrainConfig, fit


def assert_close(a, b, rtol=1.3e-6, atol=1e-5):
    """assert_close's float32 tolerances, without torch.testing's slow torch.distributed import."""
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=rtol, atol=atol)


def torch_optimizer(name, params, lr, l2):
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=l2)
    return torch.optim.SGD(params, lr=lr, momentum=0 if name == "sgd" else 0.9,
                           nesterov=name == "nesterov", weight_decay=l2)


SHAPES = [(8, 4), (8,), (3, 8), (3,)]  # the lecture's 4-8-3: W1, b1, W2, b2


def layer_tensors(gen):
    """One random tensor per parameter of the lecture's network."""
    return [torch.randn(s, generator=gen) for s in SHAPES]


def test_registry_names():
    assert list(OPTIMIZERS) == ["sgd", "momentum", "nesterov", "adam"]


@pytest.mark.parametrize("l2", [0.0, 0.05])
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_matches_torch_optim(name, l2):
    gen = torch.Generator().manual_seed(0)
    start = layer_tensors(gen)
    reference = [p.clone().requires_grad_() for p in start]
    optimizer = torch_optimizer(name, reference, lr=0.05, l2=l2)
    mine, params = OPTIMIZERS[name](0.05, l2), start
    for _ in range(6):
        grads = layer_tensors(gen)
        for p, g in zip(reference, grads, strict=True):
            p.grad = g.clone()
        optimizer.step()
        params = mine.step(params, grads)
        for p, r in zip(params, reference, strict=True):
            assert_close(p, r.detach(), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("l2", [0.0, 0.05])
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_a_step_in_place_is_the_same_step_on_the_given_tensors(name, l2):
    """in_place updates the weights given, to exactly the numbers a new-tensor step gives."""
    gen = torch.Generator().manual_seed(1)
    fresh = layer_tensors(gen)
    updated = [p.clone() for p in fresh]
    a, b = OPTIMIZERS[name](0.05, l2, 0.01), OPTIMIZERS[name](0.05, l2, 0.01)
    for _ in range(4):
        grads = layer_tensors(gen)
        fresh = a.step(fresh, grads)
        same = b.step(updated, grads, in_place=True)
        assert all(s is u for s, u in zip(same, updated, strict=True))
        for p, q in zip(fresh, updated, strict=True):
            assert torch.equal(p, q)


def test_sgd_is_the_lecture_update_and_leaves_its_inputs_alone():
    theta, grad = [torch.tensor([0.1, 0.2])], [torch.tensor([1.0, -2.0])]
    new = SGD(0.1).step(theta, grad)
    assert_close(new[0], torch.tensor([0.0, 0.4]))
    assert_close(theta[0], torch.tensor([0.1, 0.2]))  # a new tensor, not in place


@pytest.mark.parametrize("l2", [0.0, 0.05])
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_l1_is_the_gradient_of_the_penalised_loss(name, l2):
    """L1 against autograd: torch.optim steps on the gradient of loss + l1 * sum |theta|, with
    L2 as its own weight_decay, the rule on the loss's gradient alone."""
    l1, lr = 0.03, 0.05
    gen = torch.Generator().manual_seed(1)
    shapes = [(8, 4), (8,), (3, 8), (3,)]
    start = [torch.randn(s, generator=gen) for s in shapes]
    start[0][0, :2] = 0.0  # |w| has no slope at 0: autograd takes 0, and so must the rule
    reference = [p.clone().requires_grad_() for p in start]
    optimizer = torch_optimizer(name, reference, lr=lr, l2=l2)
    mine, params = OPTIMIZERS[name](lr, l2, l1), start
    for _ in range(6):
        targets = [torch.randn(s, generator=gen) for s in shapes]
        # A loss with weight-dependent gradients: sum (theta - target)^2 / 2.
        loss = sum(((p - c) ** 2).sum() / 2 for p, c in zip(reference, targets, strict=True))
        penalised = loss + l1 * sum(p.abs().sum() for p in reference)
        optimizer.zero_grad()
        penalised.backward()
        grads = [p.detach() - c for p, c in zip(params, targets, strict=True)]
        optimizer.step()
        params = mine.step(params, grads)
        for p, r in zip(params, reference, strict=True):
            assert_close(p, r.detach(), rtol=1e-6, atol=1e-6)


def test_l1_pulls_every_weight_towards_zero_by_the_same_amount():
    theta, zero = [torch.tensor([0.5, -0.5, 0.0])], [torch.zeros(3)]
    new = SGD(0.1, l1=0.2).step(theta, zero)
    assert_close(new[0], torch.tensor([0.48, -0.48, 0.0]))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_an_l1_run_ends_with_more_weights_near_zero_than_the_same_run_without(name, seed):
    """L1's pull towards 0 is constant, so it drives the weights the network can do without to
    (about) 0; the same run without L1 leaves fewer there."""
    ds = load_iris(seed=seed)

    def zeros(l1):
        config = TrainConfig(optimizer=name, lr=0.01, batch_size=8, epochs=40, seed=seed, l1=l1)
        return near_zero(*layers_of(fit(config, ds.X_train, ds.y_train).model)[:2])

    with_l1, without = zeros(0.01), zeros(0.0)
    assert with_l1[1] == without[1] == 5 * 8 + 9 * 3
    assert with_l1[0] > without[0]
