"""An MLP's forward and backward pass on a batch, in torch, written out as the lecture does.

The trainer uses this instead of autograd: on networks this small, one loss.backward() costs more
than the whole hand-written backward pass below. tests/test_gradients.py checks every gradient
against autograd. Parameters are in PyTorch's layout: [W1, b1, ..., WL, bL], W : (n_out, n_in).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import torch
import torch.nn.functional as F
from torch import Tensor

from mlp_core.functions import LEAKY_SLOPE

aten = torch.ops.aten


@dataclass(frozen=True)
class TorchActivation:
    """h = f(a), and backward(d, a, h) = d * f'(a) from the pre-activation a and the output h."""

    f: Callable[[Tensor], Tensor]
    backward: Callable[[Tensor, Tensor, Tensor], Tensor]


# The backward kernels are the ones autograd itself runs; the comment gives each one's formula.
TORCH_ACTIVATIONS: dict[str, TorchActivation] = {
    "identity": TorchActivation(lambda a: a, lambda d, a, h: d),  # d * 1
    "sigmoid": TorchActivation(
        torch.sigmoid, lambda d, a, h: aten.sigmoid_backward(d, h)  # d * h (1 - h)
    ),
    "relu": TorchActivation(
        torch.relu, lambda d, a, h: aten.threshold_backward(d, h, 0)  # d * (a > 0)
    ),
    "tanh": TorchActivation(torch.tanh, lambda d, a, h: aten.tanh_backward(d, h)),  # d * (1 - h^2)
    "leaky_relu": TorchActivation(
        partial(F.leaky_relu, negative_slope=LEAKY_SLOPE),
        lambda d, a, h: aten.leaky_relu_backward(d, a, LEAKY_SLOPE, False),  # d * (1 or 0.01)
    ),
    "gelu": TorchActivation(
        F.gelu, lambda d, a, h: aten.gelu_backward(d, a)  # d * (Phi(a) + a phi(a))
    ),
}


def logits(params: Sequence[Tensor], x: Tensor, activation: str) -> Tensor:
    """The output layer's z : (n, n_classes) for inputs x : (n, n_in)."""
    f = TORCH_ACTIVATIONS[activation].f
    h = x
    for k in range(0, len(params) - 2, 2):
        h = f(F.linear(h, params[k], params[k + 1]))  # h = f(h W^T + b)
    return F.linear(h, params[-2], params[-1])


def cross_entropy_gradients(
    params: Sequence[Tensor], x: Tensor, onehot: Tensor, activation: str
) -> tuple[Tensor, list[Tensor]]:
    """Logits z and the gradient of L = mean cross-entropy(softmax(z), onehot) for each parameter.

    x : (n, n_in); onehot : (n, n_classes); returns z : (n, n_classes) and grads shaped as params.
    """
    act = TORCH_ACTIVATIONS[activation]
    hs, pre = [x], []  # every layer's input h and hidden pre-activation a, kept for the way back
    for k in range(0, len(params) - 2, 2):
        a = F.linear(hs[-1], params[k], params[k + 1])
        pre.append(a)
        hs.append(act.f(a))
    z = F.linear(hs[-1], params[-2], params[-1])
    delta = (torch.softmax(z, dim=1) - onehot) / x.shape[0]  # dL/dz = (y_hat - y) / n
    grads: list[Tensor] = [delta] * len(params)
    for layer in reversed(range(len(hs))):
        grads[2 * layer] = delta.t() @ hs[layer]  # dL/dW = delta^T h (W is out x in)
        grads[2 * layer + 1] = delta.sum(0)  # dL/db: each sample's delta, summed
        if layer:  # the error of the layer below: (delta W) * f'(a)
            delta = act.backward(delta @ params[2 * layer], pre[layer - 1], hs[layer])
    return z, grads
