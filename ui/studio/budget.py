"""The studio refuses settings whose epoch would take more of the shared server than one may."""

from __future__ import annotations

from dataclasses import replace

from mlp_core.budget import EPOCH_BUDGET_SECONDS, epoch_seconds, fits
from mlp_core.datasets import Dataset
from mlp_core.sweep import cost
from mlp_core.training import TrainConfig
from ui.i18n import t
from ui.studio import settings


def check(config: TrainConfig, ds: Dataset) -> None:
    """Raise ValueError with the sentence for the student when an epoch is estimated past budget.

    Before the run is built or reconfigured: a refused setting never trains a step, and the run
    the student had stays as it was.
    """
    seconds = epoch_seconds(config, ds)
    if seconds <= EPOCH_BUDGET_SECONDS:
        return
    values = {"seconds": f"{seconds:.1f}", "budget": f"{EPOCH_BUDGET_SECONDS:g}"}
    for batch in settings.BATCH_OPTIONS:  # the smallest batch size whose epoch fits
        if fits(replace(config, batch_size=None if batch == "full" else batch), ds):
            raise ValueError(t("studio.budget.epoch_too_long_batch", **values,
                               batch=settings.batch_label(batch)))
    raise ValueError(t("studio.budget.epoch_too_long", **values))


# A sweep trains all its runs at once, with no Pause between them: its whole estimate must fit
# this (six lecture runs take ~1.3 s).
SWEEP_SECONDS = 10.0


def check_sweep(configs: list[TrainConfig], ds: Dataset) -> None:
    """Raise ValueError with the sentence for the student when a sweep asks more than one run may.

    Each run's epoch fits the budget, as a single run's must; their epochs together are at most
    MAX_EPOCHS, as one run's are; and their estimated seconds together fit SWEEP_SECONDS.
    """
    for config in configs:
        check(config, ds)
    epochs, seconds = cost(configs, ds)
    if epochs > settings.MAX_EPOCHS:
        raise ValueError(t("studio.budget.sweep_epochs", runs=len(configs), epochs=epochs,
                           max=settings.MAX_EPOCHS))
    if seconds > SWEEP_SECONDS:
        raise ValueError(t("studio.budget.sweep_seconds", seconds=f"{seconds:.1f}",
                           budget=f"{SWEEP_SECONDS:g}"))
