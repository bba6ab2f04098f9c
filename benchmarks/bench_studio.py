"""Training studio: server cost of one live refresh, and training throughput while refreshing.

(a) One refresh tick on the lecture's Iris 4-8-3 run: the 100 x 100 decision grid predicted, the
    regions and both curve figures built and serialised with fig.to_json() (what st.plotly_chart
    sends). Median over many ticks; target <= 25 ms.
(b) Training throughput while the live view refreshes, as the page does it: every TICK_SECONDS
    the curves fragment trains for TRAIN_SECONDS and redraws the curves; every REGION_SECONDS the
    regions fragment redraws the regions; idle time is slept, as the browser's timer waits. Epochs
    per second against a headless fit() of the same run, alternating rounds; target >= 50 %.
Figures depend on the machine and its load (printed). A benchmark: it asserts nothing.

Run: .venv/bin/python benchmarks/bench_studio.py [--ticks 40] [--seconds 3] [--rounds 3]
"""

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from mlp_core.datasets import DataSpec, load_iris  # noqa: E402
from mlp_core.training import TrainConfig, Trainer, fit  # noqa: E402
from ui.figures.live_charts import curves_chart  # noqa: E402
from ui.studio.live import regions_view  # noqa: E402
from ui.studio.pacing import REGION_SECONDS, TICK_SECONDS, TRAIN_SECONDS  # noqa: E402
from ui.studio.run import StudioRun  # noqa: E402

LECTURE = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                      epochs=20, seed=0)
FEATURES, RESOLUTION = (2, 3), 100
TICK_BUDGET_MS, SHARE_TARGET = 25.0, 0.5


def _trainer(ds, epochs: int) -> Trainer:
    config = replace(LECTURE, epochs=epochs)
    return Trainer(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test, n_classes=ds.n_classes)


def sent_bytes(option: dict) -> int:
    """What st.echarts_chart sends: the option as JSON (the regions' picture inside it)."""
    return len(json.dumps(option))


def draw_curves(t: Trainer) -> int:
    h = t.history
    return sent_bytes(curves_chart(h.train_loss, h.test_loss, h.train_acc, h.test_acc))


def draw_regions(t: Trainer, ds) -> int:
    return sent_bytes(regions_view(t, ds, FEATURES, RESOLUTION, discrete=False))


def tick_costs(ds, ticks: int) -> dict[str, list[float]]:
    """Milliseconds per part of a full tick (grid + regions figure + curves), on a trained model."""
    t = _trainer(ds, 200).run(200)  # 200 epochs of history: longer curves than the lecture's 20
    parts = {"regions (grid + PNG + chart json)": [], "curves (chart + json)": [], "tick": []}
    for _ in range(ticks):
        start = time.perf_counter()
        draw_regions(t, ds)
        mid = time.perf_counter()
        draw_curves(t)
        end = time.perf_counter()
        parts["regions (grid + PNG + chart json)"].append(1e3 * (mid - start))
        parts["curves (chart + json)"].append(1e3 * (end - mid))
        parts["tick"].append(1e3 * (end - start))
    return parts


def headless_rate(ds, epochs: int) -> float:
    start = time.perf_counter()
    fit(replace(LECTURE, epochs=epochs), ds.X_train, ds.y_train, ds.X_test, ds.y_test)
    return epochs / (time.perf_counter() - start)


def live_rate(ds, seconds: float) -> tuple[float, int]:
    """Epochs per second under the page's schedule; also how many ticks ran."""
    t = _trainer(ds, 1_000_000)
    run = StudioRun(t, ds, DataSpec("iris"))
    start = next_tick = next_regions = time.perf_counter()
    ticks = 0
    while time.perf_counter() - start < seconds:
        now = time.perf_counter()
        if now >= next_regions:
            draw_regions(t, ds)
            next_regions += REGION_SECONDS
        if now >= next_tick:
            # As the page's tick: CPU-time slice; no Pause here, so no RUNNING flag to look at.
            run.advance(TRAIN_SECONDS, while_running=False, clock=time.thread_time)
            draw_curves(t)
            ticks += 1
            next_tick += TICK_SECONDS
        time.sleep(max(0.0, min(next_tick, next_regions) - time.perf_counter()))
    return t.epoch / (time.perf_counter() - start), ticks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticks", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)  # as app.py: one thread per session
    ds = load_iris()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; "
          f"torch {torch.__version__}, 1 thread")

    tick_costs(ds, 3)  # warm-up: imports, first plotly validators
    parts = tick_costs(ds, args.ticks)
    print(f"\n(a) one refresh tick, lecture Iris 4-8-3, grid {RESOLUTION} x {RESOLUTION}, "
          f"median (min) over {args.ticks} ticks:")
    for name, values in parts.items():
        print(f"  {name:34s} {statistics.median(values):7.2f} ms  ({min(values):.2f})")
    median = statistics.median(parts["tick"])
    print(f"  target <= {TICK_BUDGET_MS:.0f} ms: {'met' if median <= TICK_BUDGET_MS else 'MISSED'}")

    headless, live, ticks = [], [], []
    for _ in range(args.rounds):  # alternate, so drifting load hits both alike
        headless.append(headless_rate(ds, 60))
        rate, n = live_rate(ds, args.seconds)
        live.append(rate)
        ticks.append(n / args.seconds)
    share = statistics.median(live) / statistics.median(headless)
    print(f"\n(b) training while refreshing (tick {TICK_SECONDS * 1e3:.0f} ms with "
          f"{TRAIN_SECONDS * 1e3:.0f} ms of training, regions every {REGION_SECONDS * 1e3:.0f} ms),"
          f" medians over {args.rounds} rounds:")
    print(f"  headless fit():          {statistics.median(headless):8.1f} epochs/s")
    print(f"  live view:               {statistics.median(live):8.1f} epochs/s "
          f"({statistics.median(ticks):.1f} curve refreshes/s)")
    print(f"  share of headless:       {share:8.1%}  target >= {SHARE_TARGET:.0%}: "
          f"{'met' if share >= SHARE_TARGET else 'MISSED'}")


if __name__ == "__main__":
    main()
