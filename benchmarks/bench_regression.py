"""The Trainer on a regression against scikit-learn's MLPRegressor (issue 17's target: <= 0.85x).

The same network and updates on the same data: plain SGD or Adam, lr 0.01, full batch, a given
number of epochs, squared error (sklearn's is half the MSE, so its SGD steps are half as long;
the work is the same). The Trainer records train and test loss and R^2 every epoch;
MLPRegressor only keeps its loss curve. Two sets: the bumps (300 points, 2 features, 2-16-1,
1000 epochs) and diabetes (442 rows, 10 features, 10-16-1, 300 epochs). Medians over ROUNDS
rounds in rotating order, wall and process CPU time, one thread everywhere (bench_train.py's
measure).
Run: .venv/bin/python benchmarks/bench_regression.py [rounds]
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import torch
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_train import ROUNDS, measure

from mlp_core.datasets import DataSpec
from mlp_core.training import TrainConfig, fit

TARGET = 0.85
BUMPS = DataSpec("bumps", n_samples=300, noise=0.05)
SETS = {
    "bumps, 2-16-1, SGD, 1000 epochs": (BUMPS, "sgd", 1000),
    "bumps, 2-16-1, Adam, 1000 epochs": (BUMPS, "adam", 1000),
    "diabetes, 10-16-1, Adam, 300 epochs": (DataSpec("diabetes"), "adam", 300),
}


def trainer(ds, optimizer, epochs):
    config = TrainConfig(hidden=(16,), activation="relu", optimizer=optimizer, lr=0.01,
                         batch_size=None, epochs=epochs, loss="mse", seed=0)
    result = fit(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test)
    assert result.epoch == epochs and result.stopped.kind == "budget"
    return result


def sklearn(ds, optimizer, epochs):
    reg = MLPRegressor(hidden_layer_sizes=(16,), activation="relu", solver=optimizer,
                       momentum=0, learning_rate_init=0.01, batch_size=ds.n_train, max_iter=epochs,
                       shuffle=False, alpha=0, tol=0, n_iter_no_change=epochs + 1,
                       random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reg.fit(ds.X_train, ds.y_train)
    assert reg.n_iter_ == epochs
    return reg


def main() -> int:
    torch.set_num_threads(1)
    all_met = True
    with threadpool_limits(limits=1):
        for case, (spec, optimizer, epochs) in SETS.items():
            medians = measure([trainer, sklearn],
                              dict(ds=spec.load(), optimizer=optimizer, epochs=epochs), ROUNDS)
            mine, theirs = medians["trainer"], medians["sklearn"]
            ratios = [mine[j] / theirs[j] for j in (0, 1)]
            met = all(r <= TARGET for r in ratios)
            all_met &= met
            print(f"\n{case}: median of {ROUNDS} rounds")
            print(f"  Trainer {mine[0]:.4f} s wall, {mine[1]:.4f} s cpu; MLPRegressor "
                  f"{theirs[0]:.4f} s wall, {theirs[1]:.4f} s cpu")
            print(f"  target Trainer <= {TARGET:.2f} x MLPRegressor: wall {ratios[0]:.2f}, "
                  f"cpu {ratios[1]:.2f} {'met' if met else 'NOT met'}")
    print("\nall targets met" if all_met else "\nsome targets NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
