"""The network view's server cost per regions tick, as a ratio against the regions alone.

A regions tick without the view builds the regions (100 x 100 grid, PNG, chart option) and
serialises it as st.echarts_chart does (JSON). With the view it also builds network_option: every
unit's thumbnail over the plane (25 x 25), the diagram with a link per weight and bias, and the
chosen unit's large map (100 x 100), all serialised. Measured as this thread's CPU time, median
over ticks, alternating the two in each round so that the machine's load falls on both alike.
Runs: the lecture's Iris 4-8-3 after training, and the largest network the studio allows
(6 hidden layers of 64 units) on Digits' 64 features. Figures depend on the machine: printed,
nothing asserted.

Run: .venv/bin/python benchmarks/bench_inside.py [--ticks 30]
"""

import argparse
import json
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from mlp_core.datasets import DataSpec  # noqa: E402
from mlp_core.training import TrainConfig, Trainer  # noqa: E402
from ui.studio.inside import feature_plane, network_option  # noqa: E402
from ui.studio.live import regions_view  # noqa: E402
from ui.studio.settings import MAX_LAYERS, MAX_WIDTH  # noqa: E402

RESOLUTION = 100
RUNS = {
    "Iris 4-8-3 (lecture), trained 20 epochs": (
        DataSpec("iris", test_size=0.3, seed=0), (8,), 20, (2, 3)),
    f"Digits 64-{MAX_WIDTH}x{MAX_LAYERS}-10 (the largest), 1 epoch": (
        DataSpec("digits", test_size=0.3, seed=0), (MAX_WIDTH,) * MAX_LAYERS, 1, (0, 1)),
}


def regions_tick(t: Trainer, ds, features) -> int:
    return len(json.dumps(regions_view(t, ds, features, RESOLUTION, discrete=False)))


def network_tick(t: Trainer, ds, features) -> int:
    network, _, unit_map = network_option(t.model, ds, feature_plane(ds, features), unit=(0, 0),
                                          resolution=RESOLUTION)
    return len(json.dumps(network)) + len(json.dumps(unit_map))


def cpu_ms(work, *args) -> tuple[float, int]:
    start = time.thread_time()
    sent = work(*args)
    return 1e3 * (time.thread_time() - start), sent


def measure(name: str, t: Trainer, ds, features, ticks: int) -> None:
    without, extra, sent = [], [], {}
    for _ in range(ticks):
        ms, sent["regions"] = cpu_ms(regions_tick, t, ds, features)
        without.append(ms)
        ms, sent["view"] = cpu_ms(network_tick, t, ds, features)
        extra.append(ms)
    base, more = statistics.median(without), statistics.median(extra)
    print(name)
    print(f"  regions tick alone  {base:7.1f} ms CPU, sends {sent['regions'] / 1e3:7.1f} kB")
    print(f"  + network view      {more:7.1f} ms CPU, sends {sent['view'] / 1e3:7.1f} kB")
    print(f"  tick with view / without: {(base + more) / base:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ticks", type=int, default=30)
    args = parser.parse_args()
    torch.set_num_threads(1)  # as app.py
    logging.disable(logging.WARNING)  # Streamlit's "no script run" notes: t() outside a page
    for name, (spec, hidden, epochs, features) in RUNS.items():
        ds = spec.load()
        config = TrainConfig(hidden=hidden, activation="relu", optimizer="sgd", lr=0.01,
                             batch_size=1, epochs=epochs, seed=0)
        t = Trainer(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test,
                    n_classes=ds.n_classes).run(epochs)
        measure(name, t, ds, features, args.ticks)


if __name__ == "__main__":
    main()
