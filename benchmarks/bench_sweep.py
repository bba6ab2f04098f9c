"""A sweep's server CPU: six lecture-sized runs (Iris 4-8-3, batch size 1, 20 epochs), one per
learning rate, trained and shown by the studio.

Issue 17's target: the sweep's whole script run (the Train-the-sweep click: six runs trained,
their curves, table and six small multiples of regions built and serialised) within 2 s of server
CPU. Measured as the process's CPU time (time.process_time: AppTest runs the page in a thread of
this process) of that click's rerun in AppTest, which reruns the whole page, so the figure is
pessimistic by a page rerun (shown beside it). The reference: six bare torch loops of the same
runs (bench_train.bare_by_hand: the Trainer's math with nothing around it) in the same process.
Medians over ROUNDS rounds, contestants alternating. One torch thread, as the server runs.
Run: .venv/bin/python benchmarks/bench_sweep.py [rounds]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import torch
from streamlit.testing.v1 import AppTest
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from bench_train import DATA, bare_by_hand  # noqa: E402  (after the path)

from mlp_core.sweep import configs, fit_all  # noqa: E402
from mlp_core.training import TrainConfig  # noqa: E402

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
RATES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05)
LECTURE = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                      epochs=20, seed=0)
TARGET_SECONDS = 2.0
PAGE = str(ROOT / "app_pages" / "training_studio.py")


def studio() -> AppTest:
    """The studio on the lecture's settings, the sweep's six learning rates chosen."""
    at = AppTest.from_file(PAGE, default_timeout=300).run()
    at.multiselect(key="studio.sweep_values").set_value(list(RATES)).run()
    return at


def main() -> int:
    torch.set_num_threads(1)
    print(f"load average {os.getloadavg()[0]:.2f}; median of {ROUNDS} rounds, process CPU s")
    swept = configs(LECTURE, "lr", RATES)
    at, page = studio(), studio()

    def sweep_click():
        at.button(key="studio.sweep_run").click().run()
        assert not at.exception and len(at.session_state["studio.sweep"].runs) == len(RATES)

    def page_rerun():  # the same page, no sweep: what any click in AppTest costs besides
        page.run()

    def sweep_fit():
        fit_all(swept, DATA)

    def bare_loops():
        for lr in RATES:
            bare_by_hand(lr, 1, 20)

    contestants = [sweep_click, page_rerun, sweep_fit, bare_loops]
    times = {f.__name__: [] for f in contestants}
    with threadpool_limits(limits=1):
        for f in contestants:  # warm-up: imports, caches, the first figures
            f()
        for r in range(ROUNDS):
            for i in range(len(contestants)):
                f = contestants[(r + i) % len(contestants)]
                cpu = time.process_time()
                f()
                times[f.__name__].append(time.process_time() - cpu)
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    bare = medians["bare_loops"]
    descriptions = {
        "sweep_click": "the sweep's script run (AppTest, whole page)",
        "page_rerun": "the same page rerun, no sweep",
        "sweep_fit": "mlp_core.sweep.fit_all alone",
        "bare_loops": "six bare torch loops",
    }
    for name, seconds in medians.items():
        print(f"  {descriptions[name]:<46}{seconds:>8.3f} s{seconds / bare:>8.2f} x bare")
    mine = medians["sweep_click"]
    met = mine <= TARGET_SECONDS
    print(f"target: the sweep's script run <= {TARGET_SECONDS:g} s of server CPU: {mine:.3f} s "
          f"{'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
