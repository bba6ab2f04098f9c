"""What one epoch costs the server, estimated before it runs, and the budget an epoch must fit.

A classroom server is shared by thirty students, and the studio trains an epoch whole (a tick, a
Pause, a Step wait for it). Its cost is estimated from the run's shape alone:

    batches x (layers x LAYER_STEP + params x PARAMETER_STEP) + rows x params x ROW_PARAMETER

Each step pays a fixed price per layer (the Python and torch calls) and the optimizer's pass over
every parameter; each row pays its multiply-adds, forward and backward, train and test. The three
prices are the CPU seconds of one thread of the 2-core development machine with Adam, the dearest
rule, fitted on runs from 1,257 x 64 to 3,500 x 20,000 features, six layers of 64, batch sizes 1
to full (benchmarks/bench_studio_rerun.py prints the estimate beside the measured epoch). It came
within 25 % of what was measured, mostly under it on a crowded machine, which makes every epoch
dearer.
"""

from __future__ import annotations

import math

from mlp_core.datasets import Dataset
from mlp_core.network import layer_param_counts
from mlp_core.training import TrainConfig

LAYER_STEP = 50e-6  # seconds per layer per optimizer step
PARAMETER_STEP = 2.5e-9  # seconds per parameter per step (the update, and batch size 1's products)
ROW_PARAMETER = 4e-11  # seconds per parameter per row, in large batches
# One epoch may take this much of one core: the lecture's Iris run takes 0.01 s, digits with six
# layers of 64 at batch size 1 about 0.4 s; 3,500 rows of 20,000 features at batch size 1 took
# 12.9 s, during which that student's Pause waited and the server's cores were one short.
EPOCH_BUDGET_SECONDS = 2.0


def epoch_seconds(config: TrainConfig, dataset: Dataset) -> float:
    """Estimated CPU seconds of one epoch of `config` on `dataset` (see the module's formula)."""
    if not isinstance(config, TrainConfig):
        raise ValueError(f"config must be a TrainConfig, got {type(config).__name__}.")
    if not isinstance(dataset, Dataset):
        raise ValueError(f"dataset must be a Dataset, got {type(dataset).__name__}.")
    n = dataset.n_train
    batch = n if config.batch_size is None else min(config.batch_size, n)
    counts = layer_param_counts(dataset.n_features, config.hidden, dataset.n_classes)
    params = sum(c.params for c in counts)
    per_step = len(counts) * LAYER_STEP + params * PARAMETER_STEP
    return math.ceil(n / batch) * per_step + (n + dataset.n_test) * params * ROW_PARAMETER


def fits(config: TrainConfig, dataset: Dataset, budget: float = EPOCH_BUDGET_SECONDS) -> bool:
    """Whether one epoch of `config` on `dataset` is estimated within `budget` seconds."""
    return epoch_seconds(config, dataset) <= budget

