"""Learning-rate schedules by name: the lr of each epoch of a run, stepped once per epoch.

Each is torch.optim.lr_scheduler's, stepped after every epoch, in closed form
(tests/test_schedules.py checks them against the schedulers over whole runs):

- "constant": lr every epoch.
- "step": StepLR(step_size=ceil(epochs / 4), gamma=0.5): halved after every quarter of the
  budget, so a run ends at lr / 8 however long it is.
- "cosine": CosineAnnealingLR(T_max=epochs, eta_min=0): from lr down a half cosine that would
  reach 0 just after the last epoch.

The budget sets the horizon, so changing it mid-run (reconfigure) reshapes the rest of the run.
"""

from __future__ import annotations

import math

SCHEDULES = ("constant", "step", "cosine")
STEP_GAMMA = 0.5  # the step decay's factor
STEPS_PER_RUN = 4  # the step decay's pieces: ceil(epochs / 4) epochs each


def step_size(epochs: int) -> int:
    """Epochs between two of the step decay's halvings."""
    return math.ceil(epochs / STEPS_PER_RUN)


def lr_at(schedule: str, lr: float, epoch: int, epochs: int) -> float:
    """The learning rate of epoch `epoch` (counted from 1) of a run of `epochs` epochs."""
    if schedule not in SCHEDULES:
        raise ValueError(f"schedule must be one of {list(SCHEDULES)}, got {schedule!r}.")
    done = epoch - 1  # the scheduler's steps so far
    if schedule == "step":
        return lr * STEP_GAMMA ** (done // step_size(epochs))
    if schedule == "cosine":
        return lr * (1 + math.cos(math.pi * done / epochs)) / 2
    return lr


def lrs_from(schedule: str, lr: float, first: int, k: int, epochs: int) -> list[float]:
    """The learning rates of the k epochs from `first` on: lr_at of each, and for a constant
    schedule the one lr repeated (a run asks for its lrs a chunk of epochs at a time)."""
    if schedule == "constant":
        return [lr] * k
    return [lr_at(schedule, lr, e, epochs) for e in range(first, first + k)]
