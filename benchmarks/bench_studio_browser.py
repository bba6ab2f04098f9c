"""The studio in a browser: Train on the lecture preset until the confusion matrix shows.

Issue 4's target: at most the headless fit time of the same run plus 1.5 s. One student (one
Playwright context in Debian's Chromium) against one `streamlit run`, alternating with a headless
`fit` of the same config in this process; medians over the rounds. The browser's own CPU shares the
machine's two cores with the server, so this is a pessimistic measure.

    .venv/bin/python benchmarks/bench_studio_browser.py [--rounds 5]
"""

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "deploy"))

import run_replicas  # noqa: E402 (deploy/ is not a package)

from mlp_core.datasets import load_iris  # noqa: E402
from mlp_core.training import TrainConfig, fit  # noqa: E402
from tests.load.studio_load import run_sessions  # noqa: E402

LECTURE = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                      epochs=20, seed=0)
SLACK_S = 1.5


def headless_fit_seconds() -> float:
    data = load_iris(seed=0)
    start = time.perf_counter()
    fit(LECTURE, data.X_train, data.y_train, data.X_test, data.y_test)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(1)  # as app.py does for the server
    browser_s, headless_s = [], []
    with tempfile.TemporaryDirectory() as tmp, run_replicas.replicas(1, Path(tmp)) as urls:
        for r in range(args.rounds):
            headless_s.append(headless_fit_seconds())
            [result] = asyncio.run(run_sessions(urls[0], 1, warm=urls if r == 0 else ()))
            if not result.ok:
                print(f"round {r}: {result.error}")
                return 1
            browser_s.append(result.train_s)
    browser, headless = statistics.median(browser_s), statistics.median(headless_s)
    print(f"headless fit (lecture preset, 20 epochs, batch 1): median {headless:.2f} s")
    print(f"browser, Train -> confusion matrix shown:        median {browser:.2f} s "
          f"(rounds: {', '.join(f'{s:.2f}' for s in browser_s)})")
    met = browser <= headless + SLACK_S
    print(f"target browser <= headless + {SLACK_S} s = {headless + SLACK_S:.2f} s: "
          f"{'met' if met else 'NOT met'} (overhead {browser - headless:+.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
