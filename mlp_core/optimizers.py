"""Update rules by name: the lecture's SGD, SGD with (Nesterov) momentum and Adam; L1 and L2.

Each rule works on a whole list of tensors at once (torch._foreach_*: one call for every layer)
and matches torch.optim step for step (tests/test_optimizers.py); torch.optim's own step() costs
about ten times this arithmetic on networks this small. step() returns new weight tensors and
leaves the old ones untouched, so the trainer keeps each epoch's weights without copying them;
step(..., in_place=True) updates the given ones instead (the same numbers), for the steps within
an epoch, whose weights nobody keeps: a new tensor a layer costs about a third of the update.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor


def _add(params: Sequence[Tensor], steps: Sequence[Tensor], alpha: float,
         in_place: bool) -> Sequence[Tensor]:
    """params + alpha * steps: new tensors, or params updated in place."""
    if in_place:
        torch._foreach_add_(params, steps, alpha=alpha)
        return params
    return torch._foreach_add(params, steps, alpha=alpha)


class SGD:
    """theta <- theta - lr * grad, the lecture's update."""

    label = "SGD"

    def __init__(self, lr: float, l2: float = 0.0, l1: float = 0.0):
        self.lr, self.l2, self.l1 = lr, l2, l1

    @property
    def plain(self) -> bool:
        """theta <- theta - lr * grad and nothing more: no state, no penalty, so the step can be
        taken within the gradient's own products (gradients.sgd_step)."""
        return type(self) is SGD and not self.l2 and not self.l1

    def _grads(self, params: Sequence[Tensor], grads: Sequence[Tensor]) -> Sequence[Tensor]:
        # L2 adds (l2 / 2) ||theta||^2 to the loss, so l2 * theta to the gradient (weight_decay).
        if self.l2:
            grads = torch._foreach_add(grads, params, alpha=self.l2)
        # L1 adds l1 * sum |theta| over the same parameters, so l1 * sign(theta) (0 at 0, as
        # autograd's derivative of abs): a constant pull towards 0 that drives small weights there.
        if self.l1:
            grads = torch._foreach_add(grads, torch._foreach_sign(params), alpha=self.l1)
        return grads

    def step(self, params: Sequence[Tensor], grads: Sequence[Tensor],
             in_place: bool = False) -> Sequence[Tensor]:
        """The new weights, one tensor per parameter (params themselves, updated, in place)."""
        return _add(params, self._grads(params, grads), -self.lr, in_place)


class Momentum(SGD):
    """v <- 0.9 v + grad; theta <- theta - lr * v (torch.optim.SGD with momentum=0.9)."""

    label = "SGD + momentum 0.9"
    momentum = 0.9

    def __init__(self, lr: float, l2: float = 0.0, l1: float = 0.0):
        super().__init__(lr, l2, l1)
        self.velocity: list[Tensor] | None = None

    def _move(self, grads: Sequence[Tensor]) -> list[Tensor]:
        """v <- 0.9 v + grad, in place; the new v."""
        if self.velocity is None:  # the first step starts the velocity at the gradient itself
            self.velocity = [g.clone() for g in grads]
        else:
            torch._foreach_mul_(self.velocity, self.momentum)
            torch._foreach_add_(self.velocity, grads)
        return self.velocity

    def step(self, params, grads, in_place=False):
        grads = self._grads(params, grads)
        return _add(params, self._move(grads), -self.lr, in_place)


class Nesterov(Momentum):
    """Momentum that looks ahead: theta <- theta - lr (grad + 0.9 v), v updated as Momentum's
    (torch.optim.SGD with momentum=0.9, nesterov=True)."""

    label = "SGD + Nesterov momentum 0.9"

    def step(self, params, grads, in_place=False):
        grads = self._grads(params, grads)
        ahead = torch._foreach_add(grads, self._move(grads), alpha=self.momentum)
        return _add(params, ahead, -self.lr, in_place)


class Adam(SGD):
    """Running means of grad (m) and grad^2 (v), bias-corrected: theta -= lr m / (sqrt(v) + eps)."""

    label = "Adam"
    beta1, beta2, eps = 0.9, 0.999, 1e-8

    def __init__(self, lr: float, l2: float = 0.0, l1: float = 0.0):
        super().__init__(lr, l2, l1)
        self.t = 0
        self.m: list[Tensor] = []
        self.v: list[Tensor] = []
        self._t = torch.zeros(())  # t as the fused kernel reads it

    def step(self, params, grads, in_place=False):
        grads = self._grads(params, grads)
        if not self.t:
            self.m = [torch.zeros_like(g) for g in grads]
            self.v = [torch.zeros_like(g) for g in grads]
        self.t += 1
        self._t.fill_(self.t)
        # One call does all of it for every layer, as torch.optim.Adam(fused=True) does:
        #   m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;
        #   theta <- theta - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
        # (m and v start at 0, so early on they underestimate; 1 - beta^t corrects them). It works
        # in place, so on a copy unless asked: the weights given stay as they were.
        new = params if in_place else torch._foreach_clone(params)
        torch._fused_adam_(new, grads, self.m, self.v, [], [self._t] * len(new), lr=self.lr,
                           beta1=self.beta1, beta2=self.beta2, weight_decay=0.0, eps=self.eps,
                           amsgrad=False, maximize=False)
        return new


OPTIMIZERS: dict[str, type[SGD]] = {"sgd": SGD, "momentum": Momentum, "nesterov": Nesterov,
                                    "adam": Adam}
