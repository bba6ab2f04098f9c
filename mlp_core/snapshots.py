"""A run's weights epoch by epoch, within a memory cap, so that any epoch can be shown again.

The Trainer hands over each epoch's weights as it trains them (the update rules return new
tensors, so keeping one costs no copy). A short run keeps every epoch; a run whose snapshots
would outgrow the cap keeps every 2nd, then every 4th epoch, and so on, always with epoch 0 (the
initial weights). training.Trainer.snapshot(k) makes the model of a kept epoch from them.
"""

from __future__ import annotations

import bisect
import copy
from collections.abc import Callable, Sequence

import numpy as np
import torch
from torch import Tensor, nn

from mlp_core.functions import ACTIVATIONS, softmax_rows

# Per run, so that a class of sessions keeps a few tens of MB. The lecture's 4-8-3 (4 tensors,
# ~2.4 kB an epoch with their overhead) keeps every epoch up to ~870; the studio's largest network
# (64 inputs, six layers of 64: ~26k weights, ~110 kB an epoch) keeps about 20 epochs.
MAX_SNAPSHOT_BYTES = 2 * 2**20
# What a small CPU tensor costs beyond its numbers (its Python object, storage and allocation),
# measured as the growth of the process's resident memory over 80,000 tiny tensors: ~520 bytes.
TENSOR_OVERHEAD_BYTES = 512


def _nbytes(params: Sequence[Tensor]) -> int:
    return sum(p.numel() * p.element_size() + TENSOR_OVERHEAD_BYTES for p in params)


class Snapshots:
    """Weights by epoch, thinned to every `every`-th epoch whenever they pass `max_bytes`."""

    def __init__(self, max_bytes: int = MAX_SNAPSHOT_BYTES):
        self.max_bytes = max_bytes
        self.every = 1
        self._epochs: list[int] = []  # sorted
        self._weights: dict[int, Sequence[Tensor]] = {}
        self.nbytes = 0
        self._epoch_bytes = 0  # one epoch's: a run's weights have the same shapes every epoch

    def add(self, epoch: int, params: Sequence[Tensor]) -> None:
        """Keep epoch's weights (not copied: the caller never changes them in place)."""
        if epoch % self.every or epoch in self._weights:
            return
        self._epochs.append(epoch)
        self._weights[epoch] = params
        self._epoch_bytes = self._epoch_bytes or _nbytes(params)
        self.nbytes += self._epoch_bytes
        while self.nbytes > self.max_bytes and len(self._epochs) > 1:
            self.every *= 2
            self._epochs = [e for e in self._epochs if e % self.every == 0]
            self._weights = {e: self._weights[e] for e in self._epochs}
            self.nbytes = len(self._epochs) * self._epoch_bytes

    def add_epochs(self, first: int, weights: Sequence[Sequence[Tensor]]) -> None:
        """Keep the weights of epochs first, first + 1, ... (a chunk of a run), as add() each.

        While every epoch is kept and the chunk fits under the cap, they go in at once."""
        if not weights:
            return
        self._epoch_bytes = self._epoch_bytes or _nbytes(weights[0])
        k = len(weights)
        later = not self._epochs or first > self._epochs[-1]
        if self.every == 1 and later and self.nbytes + k * self._epoch_bytes <= self.max_bytes:
            epochs = range(first, first + k)
            self._epochs.extend(epochs)
            self._weights.update(zip(epochs, weights, strict=True))
            self.nbytes += k * self._epoch_bytes
            return
        for epoch, params in enumerate(weights, start=first):
            self.add(epoch, params)

    # A run trained in a worker process comes back pickled (ui/studio/pool.py), and the server
    # unpickles it holding the interpreter lock: each torch tensor unpickles through a torch.load
    # of its own (~60 us, 84 of them in the lecture's run), a numpy array in a few microseconds.
    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_weights"] = {epoch: tuple(p.detach().numpy() for p in params)
                             for epoch, params in self._weights.items()}
        return state

    def __setstate__(self, state: dict) -> None:
        state["_weights"] = {epoch: tuple(torch.from_numpy(a) for a in arrays)
                             for epoch, arrays in state["_weights"].items()}
        self.__dict__.update(state)

    def epochs(self) -> list[int]:
        """The kept epochs, in order (0 first)."""
        return list(self._epochs)

    def at(self, epoch: int) -> tuple[int, Sequence[Tensor]]:
        """The latest kept epoch at or before `epoch`, and its weights."""
        i = bisect.bisect_right(self._epochs, epoch) - 1
        if i < 0:
            raise ValueError(f"no snapshot at or before epoch {epoch}.")
        kept = self._epochs[i]
        return kept, self._weights[kept]


def proba(model: Callable[[Tensor], Tensor], X: np.ndarray) -> np.ndarray:
    """softmax(model(X)) : (n, n_classes) for float32 X : (n, n_features); model: the network,
    or any function of the inputs giving its logits."""
    with torch.inference_mode():  # softmax_rows: a region grid's 10,000 rows of a few classes
        return softmax_rows(model(torch.from_numpy(X))).numpy()


def stacked_proba(weights: Sequence[Sequence[Tensor]], X: np.ndarray,
                  activation: str) -> np.ndarray:
    """softmax(logits) of several sets of one network's weights (a playback's epochs) on the same
    float32 X : (n, n_features), in one batched pass: (E, n, n_classes) for E sets.

    Each set is [W1, b1, W2, b2, ...] as gradients.logits reads it; layer by layer the E weight
    matrices are stacked, so that the E forward passes are one matrix product each.
    """
    f = ACTIVATIONS[activation].torch_f
    with torch.inference_mode():
        h = torch.from_numpy(X)
        last = len(weights[0]) - 2
        for k in range(0, last + 2, 2):
            W = torch.stack([w[k] for w in weights])  # (E, out, in)
            b = torch.stack([w[k + 1] for w in weights])  # (E, out)
            h = torch.matmul(h, W.transpose(1, 2)) + b.unsqueeze(1)  # (E, n, out)
            if k < last:
                h = f(h)
        E, n, n_classes = h.shape  # all frames' rows as one (E * n, n_classes): softmax_rows
        return softmax_rows(h.reshape(E * n, n_classes)).reshape(E, n, n_classes).numpy()


def model_with(model: nn.Module, params: Sequence[Tensor]) -> nn.Module:
    """A copy of `model` holding `params` (the model itself is left as it is)."""
    twin = copy.deepcopy(model)
    with torch.no_grad():
        torch._foreach_copy_(list(twin.parameters()), list(params))
    return twin

