"""The update rules against torch.optim, step for step."""

import numpy as np
import pytest
import torch

from mlp_core.optimizers import OPTIMIZERS, SGD


def assert_close(a, b, rtol=1.3e-6, atol=1e-5):
    """assert_close's float32 tolerances, without torch.testing's slow torch.distributed import."""
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=rtol, atol=atol)


def torch_optimizer(name, params, lr, l2):
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=l2)
    return torch.optim.SGD(params, lr=lr, momentum=0.9 if name == "momentum" else 0,
                           weight_decay=l2)


def test_registry_names():
    assert list(OPTIMIZERS) == ["sgd", "momentum", "adam"]


@pytest.mark.parametrize("l2", [0.0, 0.05])
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_matches_torch_optim(name, l2):
    gen = torch.Generator().manual_seed(0)
    shapes = [(8, 4), (8,), (3, 8), (3,)]
    start = [torch.randn(s, generator=gen) for s in shapes]
    reference = [p.clone().requires_grad_() for p in start]
    optimizer = torch_optimizer(name, reference, lr=0.05, l2=l2)
    mine, params = OPTIMIZERS[name](0.05, l2), start
    for _ in range(6):
        grads = [torch.randn(s, generator=gen) for s in shapes]
        for p, g in zip(reference, grads, strict=True):
            p.grad = g.clone()
        optimizer.step()
        params = mine.step(params, grads)
        for p, r in zip(params, reference, strict=True):
            assert_close(p, r.detach(), rtol=1e-6, atol=1e-7)


def test_sgd_is_the_lecture_update_and_leaves_its_inputs_alone():
    theta, grad = [torch.tensor([0.1, 0.2])], [torch.tensor([1.0, -2.0])]
    new = SGD(0.1).step(theta, grad)
    assert_close(new[0], torch.tensor([0.0, 0.4]))
    assert_close(theta[0], torch.tensor([0.1, 0.2]))  # a new tensor, not in place
