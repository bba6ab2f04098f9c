"""mlp_core.autograd_check: PyTorch's own step on the lecture's 2-layer net equals the hand pass."""

import numpy as np
import pytest
import torch
from torch import nn

from mlp_core.autograd_check import torch_step
from mlp_core.backprop import forward_backward

LECTURE_WEIGHTS = [np.full((3, 2), 0.1), np.full((3, 1), 0.1)]


@pytest.mark.parametrize("hidden", ["identity", "sigmoid", "relu", "tanh"])
@pytest.mark.parametrize(("output", "n_out", "y"), [("sigmoid", 1, 1), ("softmax", 3, 2)])
def test_autograd_equals_the_hand_pass(hidden, output, n_out, y):
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(3, 2)), rng.normal(size=(3, n_out))]
    x = [0.7, -1.3]
    trace = forward_backward(weights, x, y, 0.1, hidden, output)
    run = torch_step(weights, x, y, 0.1, hidden, output)
    assert run.loss == pytest.approx(trace.loss, abs=1e-12)
    for hand, auto in zip([layer.grad for layer in trace.layers], run.grads, strict=True):
        np.testing.assert_allclose(auto, hand, atol=1e-12)
    for hand, auto in zip(trace.weights_next, run.weights_after, strict=True):
        np.testing.assert_allclose(auto, hand, atol=1e-12)


def test_torch_step_state_dict_is_out_by_in_with_the_lectures_numbers():
    run = torch_step(LECTURE_WEIGHTS, [1, 2], 0, 0.1)
    np.testing.assert_allclose(run.state_before["0.weight"], np.full((2, 2), 0.1))
    np.testing.assert_allclose(run.state_after["0.weight"], [[0.0946, 0.0891]] * 2, atol=5e-5)
    np.testing.assert_allclose(run.state_after["0.bias"], [0.0946, 0.0946], atol=5e-5)
    np.testing.assert_allclose(run.state_after["1.weight"], [[0.0782, 0.0782]], atol=5e-5)
    np.testing.assert_allclose(run.state_after["1.bias"], [0.0455], atol=5e-5)
    assert run.loss == pytest.approx(nn.BCELoss()(torch.tensor([0.544879]), torch.tensor([0.0]))
                                     .item(), abs=1e-5)
    np.testing.assert_allclose(run.output, [0.544879], atol=1e-6)  # sigma(0.18), the lecture's
    assert run.model_text.startswith("Sequential(")
