"""Trainer against bare torch loops and scikit-learn, on the lecture's Iris 4-8-3 ReLU network.

Targets (issue 2's, and issue 19's 0.5x of scikit-learn):
  (a) full-batch SGD, lr 0.1, 1000 epochs, history every epoch:
      Trainer <= 1.10 x a bare torch loop doing the same work, and <= 0.5 x scikit-learn's
      MLPClassifier (same network and updates, no history: it only keeps its loss curve);
  (b) the lecture's run, batch size 1, lr 0.01, 20 epochs: Trainer <= 1.15 x a bare torch loop.
"The same work" is the bare hand-written loop: the Trainer's own math (gradients by hand, plain
SGD's step within their products) with nothing around it. The lecture-style autograd loop is
shown for reference.
Every bare loop records, each epoch, train loss/accuracy from its own forward passes and test
loss/accuracy under inference_mode, with one .tolist() per epoch.

Medians over ROUNDS rounds; each round runs every contestant once, in a rotating order, so slow
spells on a shared machine hit them all alike. One thread everywhere. Both wall time and process
CPU time are measured: on a quiet machine they agree; on a busy one CPU time leaves out the time
the process sat waiting for a core, so it is the steadier measure of the work itself.
Run: .venv/bin/python benchmarks/bench_train.py [rounds]
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from pathlib import Path

import torch
import torch.nn.functional as F
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_limits
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mlp_core.datasets import load_iris
from mlp_core.training import TrainConfig, fit

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
aten = torch.ops.aten
DATA = load_iris(seed=0)
X, Y = torch.from_numpy(DATA.X_train), torch.from_numpy(DATA.y_train)
XT, YT = torch.from_numpy(DATA.X_test), torch.from_numpy(DATA.y_test)
ONEHOT = F.one_hot(Y, 3).float()
X_COLS, ONEHOT_COLS = X.t().contiguous(), ONEHOT.t().contiguous()  # a column a sample
ONES = {n: torch.ones(n) for n in (1, len(X))}


def _model(seed: int = 0) -> nn.Sequential:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))


def _batches(generator, batch_size):
    """(x, y, one-hot, x^T, one-hot^T) of each batch."""
    if batch_size is None:
        return [(X, Y, ONEHOT, X_COLS, ONEHOT_COLS)]
    order = torch.randperm(len(X), generator=generator)
    return zip(X[order].split(batch_size), Y[order].split(batch_size),
               ONEHOT[order].split(batch_size), X_COLS[:, order].split(batch_size, 1),
               ONEHOT_COLS[:, order].split(batch_size, 1), strict=True)


def _epoch_record(zs, ys, test_logits):
    """Train loss/acc from the epoch's own logits, test loss/acc; one .tolist() per epoch."""
    z, y = (zs[0], ys[0]) if len(zs) == 1 else (torch.cat(zs), torch.cat(ys))
    return torch.stack([
        F.cross_entropy(z, y), (z.argmax(1) == y).float().mean(),
        F.cross_entropy(test_logits, YT), (test_logits.argmax(1) == YT).float().mean(),
    ]).tolist()


def bare_autograd(lr, batch_size, epochs):
    """The lecture's loop: nn.Sequential, F.cross_entropy, loss.backward(), optim.SGD."""
    model, generator = _model(), torch.Generator().manual_seed(0)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    history = []
    for _ in range(epochs):
        zs, ys = [], []
        for x, y, *_ in _batches(generator, batch_size):
            z = model(x)
            loss = F.cross_entropy(z, y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            zs.append(z.detach())
            ys.append(y)
        with torch.inference_mode():
            history.append(_epoch_record(zs, ys, model(XT)))
    return history


def bare_by_hand(lr, batch_size, epochs):
    """The same math as the Trainer, inline: forward and backward by hand a column a sample
    (a = W x + b), and plain SGD's step within the gradient's products (W - lr/n delta h^T as
    one addmm, the bias as one addmv)."""
    W1, b1, W2, b2 = (p.detach() for p in _model().parameters())
    generator = torch.Generator().manual_seed(0)
    history = []
    with torch.inference_mode():
        for _ in range(epochs):
            zs, ys = [], []
            for x, y, _, x_t, onehot_t in _batches(generator, batch_size):
                h = torch.relu(torch.addmm(b1.unsqueeze(1), W1, x_t))
                z = torch.addmm(b2.unsqueeze(1), W2, h)
                d = torch.softmax(z, 0).sub_(onehot_t)
                dh = aten.threshold_backward(torch.mm(W2.t(), d), h, 0)
                step, ones = -lr / len(x), ONES[len(x)]
                W2, b2 = torch.addmm(W2, d, h.t(), alpha=step), torch.addmv(b2, d, ones, alpha=step)
                W1, b1 = torch.addmm(W1, dh, x, alpha=step), torch.addmv(b1, dh, ones, alpha=step)
                zs.append(z.t())
                ys.append(y)
            test_logits = F.linear(torch.relu(F.linear(XT, W1, b1)), W2, b2)
            history.append(_epoch_record(zs, ys, test_logits))
    return history


def trainer(lr, batch_size, epochs):
    config = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=lr,
                         batch_size=batch_size, epochs=epochs, seed=0)
    result = fit(config, DATA.X_train, DATA.y_train, DATA.X_test, DATA.y_test)
    assert result.epoch == epochs and result.stopped.kind == "budget"
    return result


def sklearn(lr, batch_size, epochs):
    n = len(DATA.y_train)
    clf = MLPClassifier(
        hidden_layer_sizes=(8,), activation="relu", solver="sgd", momentum=0,
        learning_rate_init=lr, batch_size=n if batch_size is None else batch_size,
        max_iter=epochs, shuffle=False, alpha=0, tol=0, n_iter_no_change=epochs, random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(DATA.X_train, DATA.y_train)
    assert clf.n_iter_ == epochs
    return clf


CASES = {
    "(a) full batch, lr 0.1, 1000 epochs": (
        dict(lr=0.1, batch_size=None, epochs=1000),
        [trainer, bare_by_hand, bare_autograd, sklearn],
        [("bare_by_hand", 1.10), ("sklearn", 0.5)],
    ),
    "(b) batch 1, lr 0.01, 20 epochs": (
        dict(lr=0.01, batch_size=1, epochs=20),
        [trainer, bare_by_hand, bare_autograd],
        [("bare_by_hand", 1.15)],
    ),
}


def measure(contestants, kwargs, rounds):
    """Median wall and CPU seconds of each contestant: {name: (wall, cpu)}."""
    times = {f.__name__: [] for f in contestants}
    for f in contestants:  # warm-up: imports, allocator, first-call caches
        f(**kwargs)
    for r in range(rounds):
        for i in range(len(contestants)):
            f = contestants[(r + i) % len(contestants)]
            wall, cpu = time.perf_counter(), time.process_time()
            f(**kwargs)
            times[f.__name__].append((time.perf_counter() - wall, time.process_time() - cpu))
    return {name: tuple(statistics.median(t[j] for t in ts) for j in (0, 1))
            for name, ts in times.items()}


def main() -> int:
    torch.set_num_threads(1)
    all_met = True
    with threadpool_limits(limits=1):
        for case, (kwargs, contestants, targets) in CASES.items():
            medians = measure(contestants, kwargs, ROUNDS)
            mine = medians["trainer"]
            print(f"\n{case}: median of {ROUNDS} rounds")
            print(f"  {'contestant':<14}{'wall s':>9}{'cpu s':>9}{'Trainer / it (wall, cpu)':>27}")
            for name, (wall, cpu) in medians.items():
                print(f"  {name:<14}{wall:>9.4f}{cpu:>9.4f}{mine[0] / wall:>14.2f}"
                      f"{mine[1] / cpu:>13.2f}")
            for name, limit in targets:
                ratios = [mine[j] / medians[name][j] for j in (0, 1)]
                met = [r <= limit for r in ratios]
                all_met &= all(met)
                print(f"  target Trainer <= {limit:.2f} x {name}: wall {ratios[0]:.2f} "
                      f"{'met' if met[0] else 'NOT met'}, cpu {ratios[1]:.2f} "
                      f"{'met' if met[1] else 'NOT met'}")
    print("\nall targets met" if all_met else "\nsome targets NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
