"""Whether a run is learning: its recent epochs against what guessing, knowing nothing, scores.

A run can stay finite and learn nothing (Adam at lr 100, SGD at lr 1e-5, a line for circles): no
stop reason says so, so this hands up the fact, and ui says it in words (ui/studio/facts.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from mlp_core.training import History

PATIENCE = 20  # epochs: a stretch this long no better than guessing is a stall, not a bad patch
# The loss must beat the guess by this share: within 5 % of it, the network has learned nothing
# a student could see.
LOSS_MARGIN = 0.05
STALL_KINDS = ("loss", "accuracy")


@dataclass(frozen=True)
class Stall:
    """A run not learning, as numbers; ui says it in words.

    Over its last `epochs` epochs the train loss never went below `loss` and the train accuracy
    never above `accuracy`. kind "loss": `loss` is no better than `guess_loss`, the cross-entropy
    of guessing every class at its share of the training rows; kind "accuracy": `accuracy` is no
    better than `chance`, the share of the most common class (always guessing it).
    """

    kind: str  # one of STALL_KINDS
    epochs: int
    loss: float
    guess_loss: float
    accuracy: float
    chance: float


def stall(history: History, y_train, n_classes: int, patience: int = PATIENCE) -> Stall | None:
    """The Stall of a run whose last `patience` epochs did no better than a guess, else None.

    y_train : (n,) class indices in [0, n_classes), the rows the history was trained on.
    """
    if len(history) < patience:
        return None
    shares = np.bincount(np.asarray(y_train), minlength=n_classes) / len(y_train)
    guess_loss = float(-(shares[shares > 0] * np.log(shares[shares > 0])).sum())
    chance = float(shares.max())
    loss = min(history.train_loss[-patience:])
    accuracy = max(history.train_acc[-patience:])
    if not math.isfinite(loss):
        return None  # a run that stopped being finite has its own message
    if loss >= (1 - LOSS_MARGIN) * guess_loss:
        kind = "loss"
    elif accuracy <= chance:
        kind = "accuracy"
    else:
        return None
    return Stall(kind, patience, loss, guess_loss, accuracy, chance)
