"""The lecture's "Training" slide loop, run both ways its lost indentation allows.

The slide prints

    for epoch in range(num_epochs):
        epoch_loss = []
        for x_train, y_train in zip(X_train, Y_train):
            y_pred = model_classifier(x_train)
            loss = loss_fn(y_pred, y_train)
            epoch_loss.append(loss.item())

        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(sum(epoch_loss)/len(epoch_loss))

As printed, the three update lines sit after the sample loop: one SGD step per epoch, on the last
sample's loss alone. Its printed losses (1.02 falling to 0.136) come from the loop as it was meant,
the update inside the sample loop: one step per sample, in the data's order. Both record what
the slide records, the mean of the per-sample losses seen during the epoch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from mlp_core.network import build_mlp


@dataclass(frozen=True)
class SlideLosses:
    """Per epoch, the mean per-sample loss of the loop as printed and as meant."""

    as_printed: tuple[float, ...]  # one step per epoch, on the epoch's last sample
    as_meant: tuple[float, ...]  # one step per sample


def _run(X: torch.Tensor, y: torch.Tensor, hidden, lr: float, epochs: int, seed: int,
         step_per_sample: bool) -> tuple[float, ...]:
    model = build_mlp(X.shape[1], hidden, "relu", int(y.max()) + 1, seed=seed)
    optimizer = torch.optim.SGD(model.parameters(), lr)
    losses = []
    for _ in range(epochs):
        epoch_loss = []
        for x_i, y_i in zip(X, y, strict=True):
            loss = F.cross_entropy(model(x_i), y_i)  # one sample: logits (C,), target ()
            epoch_loss.append(loss.item())
            if step_per_sample:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
        if not step_per_sample:
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        losses.append(sum(epoch_loss) / len(epoch_loss))
    return tuple(losses)


def slide_losses(X_train, y_train, hidden=(8,), lr: float = 0.01, epochs: int = 20,
                 seed: int = 0) -> SlideLosses:
    """The slide's loop both ways on (X_train (n, d), y_train (n,) class indices).

    The initial weights are torch.manual_seed(seed)'s, as the Trainer's and the exported
    script's; each sample is taken in the order given, as the slide's zip does.
    """
    X = torch.as_tensor(np.asarray(X_train, dtype=np.float32))
    y = torch.as_tensor(np.asarray(y_train, dtype=np.int64))
    if X.ndim != 2 or y.shape != (X.shape[0],) or not len(y):
        raise ValueError(f"X_train must be (n, d) and y_train (n,), got {tuple(X.shape)} and "
                         f"{tuple(y.shape)}.")
    return SlideLosses(_run(X, y, hidden, lr, epochs, seed, False),
                       _run(X, y, hidden, lr, epochs, seed, True))
