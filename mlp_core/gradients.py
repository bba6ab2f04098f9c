"""An MLP's forward and backward pass on a batch, in torch, written out as the lecture does.

The trainer uses this instead of autograd: on networks this small, one loss.backward() costs more
than the whole hand-written backward pass below. tests/test_gradients.py checks every gradient
against autograd. Parameters are in PyTorch's layout: [W1, b1, ..., WL, bL], W : (n_out, n_in).
The batch goes through the passes a column a sample, as the lecture writes a = W h + b: the
products and softmax (down the columns) are faster so than on rows of a few classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import torch
import torch.nn.functional as F
from torch import Tensor

from mlp_core.functions import ACTIVATIONS, TRAIN_LOSSES, Activation


def logits(params: Sequence[Tensor], x: Tensor, activation: str) -> Tensor:
    """The output layer's z : (n, n_classes) for inputs x : (n, n_in)."""
    f = ACTIVATIONS[activation].torch_f
    h = x
    for k in range(0, len(params) - 2, 2):
        h = f(F.linear(h, params[k], params[k + 1]))  # h = f(h W^T + b)
    return F.linear(h, params[-2], params[-1])


def logits_per_epoch(weights: Sequence[Sequence[Tensor]], x: Tensor, activation: str) -> Tensor:
    """The output z : (k, n, n_out) of each of k sets of weights (one per epoch) on the same x.

    What logits() gives on each set in turn (to float32 rounding; on the lecture's network bit
    for bit), in one batched product per layer: a chunk of epochs scored on the test set at once
    costs a few calls instead of a few per epoch.
    """
    f = ACTIVATIONS[activation].torch_f
    # One set alone is scored as a pair (itself twice): torch multiplies a batch of one with
    # another kernel, which rounds the last bit differently, and a run trained epoch by epoch
    # must score as the same run trained in chunks.
    alone = len(weights) == 1
    sets = [*weights, *weights] if alone else weights
    stacked = [torch.stack(p) for p in zip(*sets, strict=True)]  # (k, n_out, n_in), (k, n_out)
    # The first layer sees the same x in every epoch: one product with the k epochs' weights
    # side by side, x W^T + b : (n, k * n_out), instead of x copied k times for a batched one.
    W, b = stacked[0], stacked[1]
    h = torch.addmm(b.view(-1), x, W.view(-1, W.shape[-1]).t())
    h = h.view(len(x), len(sets), -1).transpose(0, 1)  # (k, n, n_out)
    for k in range(2, len(stacked), 2):  # each epoch's h W^T + b
        h = torch.baddbmm(stacked[k + 1].unsqueeze(1), f(h), stacked[k].mT)
    return h[:1] if alone else h


def cross_entropy_gradients(
    params: Sequence[Tensor], x: Tensor, onehot: Tensor, activation: str
) -> tuple[Tensor, list[Tensor]]:
    """Logits z and the gradient of L = mean cross-entropy(softmax(z), onehot) for each parameter.

    x : (n, n_in); onehot : (n, n_classes); returns z : (n, n_classes) and grads shaped as params.
    """
    return loss_gradients(params, x, onehot, activation, "cross_entropy")


@lru_cache(maxsize=256)  # one per batch size seen: a few hundred bytes each
def _count(n: int) -> Tensor:
    """n as a 0-dim float32 tensor: dividing by it gives what dividing by n gives, without the
    cost of wrapping a Python number into a tensor on every step (about as much as the division
    itself on the lecture's batches)."""
    with torch.inference_mode(False):  # usable outside inference mode too
        return torch.tensor(float(n))


def _forward(params: Sequence[Tensor], x_t: Tensor, act: Activation) -> tuple[list, list, Tensor]:
    """Every layer's input h (x first) and hidden pre-activation a = W h + b, kept for the way
    back, and z: a column a sample, as the lecture writes them. x_t : (n_in, n); z : (n_out, n).
    """
    hs, pre = [x_t], []
    for k in range(0, len(params) - 2, 2):
        a = torch.addmm(params[k + 1].unsqueeze(1), params[k], hs[-1])  # W h + b, b every column
        pre.append(a)
        hs.append(act.torch_f(a))
    return hs, pre, torch.addmm(params[-1].unsqueeze(1), params[-2], hs[-1])


def loss_gradients(
    params: Sequence[Tensor], x: Tensor, target: Tensor, activation: str, loss: str,
    x_t: Tensor | None = None, target_t: Tensor | None = None,
) -> tuple[Tensor, list[Tensor]]:
    """The output z and the gradient of L = mean TRAIN_LOSSES[loss](z, target) for each parameter.

    x : (n, n_in); target : (n, n_out), one-hot rows or regression values; returns z : (n, n_out)
    and grads shaped as params. x_t, target_t: x^T and target^T, if the caller keeps them laid
    out so (contiguous): the products and softmax run faster on them than on x.t()'s view.
    """
    act = ACTIVATIONS[activation]
    hs, pre, z = _forward(params, x.t() if x_t is None else x_t, act)
    target_t = target.t() if target_t is None else target_t
    # dL/dz of the batch mean, a column a sample: every delta over n (softmax + cross-entropy:
    # (y_hat - y) / n). The mean of one sample is that sample's own (the lecture's SGD: one step
    # per sample).
    delta, n = TRAIN_LOSSES[loss].delta(z, target_t), x.shape[0]
    if n > 1:
        delta = delta / _count(n)
    grads: list[Tensor] = [delta] * len(params)
    for layer in reversed(range(len(hs))):
        h = hs[layer].t() if layer else x  # the layer's input, a row a sample
        grads[2 * layer] = torch.mm(delta, h)  # dL/dW = delta h^T (W is out x in)
        # dL/db: each sample's delta, summed (one sample's is its own: no sum to run)
        grads[2 * layer + 1] = delta.sum(1) if n > 1 else delta.select(1, 0)
        if layer:  # the error of the layer below: (W^T delta) * f'(a)
            W = params[2 * layer]
            delta = act.torch_backward(torch.mm(W.t(), delta), pre[layer - 1], hs[layer])
    return z.t(), grads


@lru_cache(maxsize=256)  # one per batch size seen: n floats each
def _ones(n: int) -> Tensor:
    """n ones : (n,): delta times it is the sum of the batch's deltas, in one addmv."""
    with torch.inference_mode(False):
        return torch.ones(n)


def sgd_step(
    params: Sequence[Tensor], x: Tensor, target: Tensor, activation: str, loss: str, lr: float,
    in_place: bool = False, x_t: Tensor | None = None, target_t: Tensor | None = None,
) -> tuple[Tensor, list[Tensor]]:
    """The output z and the weights after one plain SGD step, theta - lr dL/dtheta, on the batch.

    The same numbers as loss_gradients and optimizers.SGD.step (to float32 rounding), with the
    gradient and the update as one product a layer: W - lr dL/dW = W - (lr / n) delta h^T is
    what torch.addmm(W, delta, h^T, alpha=-lr / n) computes (the 1/n of the batch mean rides in
    alpha), and b - lr dL/db = b - (lr / n) delta 1 is an addmv. New tensors, or params
    themselves updated (in_place), as the optimizer's step gives.
    x_t, target_t: as loss_gradients takes them (a full batch is the same every epoch).
    """
    act = ACTIVATIONS[activation]
    hs, pre, z = _forward(params, x.t() if x_t is None else x_t, act)
    target_t = target.t() if target_t is None else target_t
    delta, n = TRAIN_LOSSES[loss].delta(z, target_t), x.shape[0]  # dL/dz, times n
    step, ones = -lr / n, _ones(n)
    new = list(params)
    for layer in reversed(range(len(hs))):
        W, b = params[2 * layer], params[2 * layer + 1]
        if layer:  # the error of the layer below, (W^T delta) * f'(a), from W before its update
            below = act.torch_backward(torch.mm(W.t(), delta), pre[layer - 1], hs[layer])
        h = hs[layer].t() if layer else x  # the layer's input, a row a sample
        if in_place:
            W.addmm_(delta, h, alpha=step)
            b.addmv_(delta, ones, alpha=step)
        else:
            new[2 * layer] = torch.addmm(W, delta, h, alpha=step)
            new[2 * layer + 1] = torch.addmv(b, delta, ones, alpha=step)
        if layer:
            delta = below
    return z.t(), new
