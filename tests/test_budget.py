"""The estimate of one epoch's cost, and which of the runs the studio allows fit the budget."""

from dataclasses import replace

import numpy as np
import pytest

from mlp_core.budget import (
    EPOCH_BUDGET_SECONDS,
    LAYER_STEP,
    PARAMETER_STEP,
    ROW_PARAMETER,
    epoch_seconds,
    fits,
)
from mlp_core.datasets import DATASETS, TOYS, Dataset, load_iris
from mlp_core.training import TrainConfig

WIDEST = TrainConfig(hidden=(64,) * 6, activation="relu", optimizer="adam", batch_size=1)


def shaped(n_train: int, n_test: int, n_features: int, n_classes: int) -> Dataset:
    """A dataset of that shape, without the memory: the estimate reads only the shape."""
    def zeros(n):
        return np.broadcast_to(np.zeros(1, np.float32), (n, n_features))
    return Dataset("shape", zeros(n_train), zeros(n_test), np.zeros(n_train, np.int64),
                   np.zeros(n_test, np.int64), tuple(f"f{i}" for i in range(n_features)),
                   tuple(f"c{i}" for i in range(n_classes)))


def test_the_lectures_run_costs_what_the_formula_says():
    # Iris 4-8-3 at batch size 1: 105 steps through 2 layers and 67 parameters; 150 rows.
    lecture = TrainConfig(hidden=(8,), batch_size=1)
    expected = 105 * (2 * LAYER_STEP + 67 * PARAMETER_STEP) + 150 * 67 * ROW_PARAMETER
    assert epoch_seconds(lecture, load_iris()) == pytest.approx(expected)
    full = replace(lecture, batch_size=None)
    assert epoch_seconds(full, load_iris()) == pytest.approx(
        2 * LAYER_STEP + 67 * PARAMETER_STEP + 150 * 67 * ROW_PARAMETER)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_every_built_in_and_toy_set_fits_at_the_widest_network_and_batch_size_1(name):
    # The controls allow six layers of 64 and toy sets of 1000 points: all of it must stay usable.
    if name in TOYS:
        ds = DATASETS[name](n_samples=1000, test_size=0.1, n_classes=5 if name in (
            "gaussians", "spiral") else 2)
    else:
        ds = DATASETS[name](test_size=0.1)
    assert fits(WIDEST, ds)


def test_the_widest_upload_at_batch_size_1_is_refused_and_a_larger_batch_fits():
    # The upload: 5,000 rows one-hot encoded into 20,000 features (3,500 train rows).
    wide = shaped(3500, 1500, 20_000, 2)
    assert epoch_seconds(WIDEST, wide) > 5 * EPOCH_BUDGET_SECONDS
    assert all(fits(replace(WIDEST, batch_size=b), wide) for b in (32, None))
    # 1,000 features (a cap on encoding) at batch size 1 is near the budget; 2,000 past it.
    assert not fits(WIDEST, shaped(3500, 1500, 2_000, 2))
    assert fits(replace(WIDEST, batch_size=8), shaped(3500, 1500, 2_000, 2))


def test_more_rows_features_layers_or_smaller_batches_never_cost_less():
    base = shaped(1000, 200, 50, 3)
    cost = epoch_seconds(WIDEST, base)
    assert epoch_seconds(WIDEST, shaped(2000, 200, 50, 3)) > cost
    assert epoch_seconds(WIDEST, shaped(1000, 400, 50, 3)) > cost
    assert epoch_seconds(WIDEST, shaped(1000, 200, 100, 3)) > cost
    assert epoch_seconds(replace(WIDEST, hidden=(64,) * 5), base) < cost
    costs = [epoch_seconds(replace(WIDEST, batch_size=b), base) for b in (1, 8, 32, None)]
    assert costs == sorted(costs, reverse=True)


def test_validation_messages():
    with pytest.raises(ValueError, match=r"^config must be a TrainConfig, got dict\.$"):
        epoch_seconds({}, load_iris())
    with pytest.raises(ValueError, match=r"^dataset must be a Dataset, got str\.$"):
        epoch_seconds(WIDEST, "iris")


def test_the_studio_names_the_smallest_batch_that_fits_or_says_none_does():
    from ui.studio import budget

    budget.check(WIDEST, load_iris())  # within budget: nothing to say
    with pytest.raises(ValueError, match=r"^One epoch with these settings would take about 7\.1 s "
                                         r".* Batch size 8 or larger fits;"):
        budget.check(WIDEST, shaped(3500, 1500, 10_000, 2))
    # Beyond the studio's row cap, so that even one full-batch step is too long.
    with pytest.raises(ValueError, match=r"more than the 2 s one epoch may take \(a whole class "
                                         r"shares this server\), at any batch size\."):
        budget.check(WIDEST, shaped(100_000, 0, 20_000, 2))
