"""Training studio on a large upload: one rerun's server CPU, and the epoch estimate checked.

(a) One rerun of the studio (AppTest at.run(), process CPU time) with an uploaded table of
    --rows x --features (one-hot encoding makes such widths), three ways in alternating rounds:
    reference: the lecture's Iris run, the same page on small data;
    before: the upload with every download built on each rerun, as before issue 22 (the script
            writing every data row into itself, the state_dict, the weights JSON, the history);
    after: the upload as the studio serves it now (downloads built on a click only).
    Medians over the rounds; "before" and "after" as ratios to the reference.
(b) The estimate of one epoch's CPU (mlp_core.budget) beside the measured epoch (this thread's CPU
    time, best of two) for shapes around the budget, with the widest network the controls allow.
(c) A classmate's lesson rerun (the sigmoid page, AppTest, wall time) while another thread of the
    same process trains the heaviest run the budget lets through at batch size 1 (5,000 x 500,
    six layers of 64), as one server's sessions share its interpreter; against the same rerun with
    the process otherwise idle, alternating rounds.
Figures depend on the machine and its load (printed). A benchmark: it asserts nothing.

Run: .venv/bin/python benchmarks/bench_studio_rerun.py [--rows 5000] [--features 1000] [--rounds 3]
"""

import argparse
import os
import statistics
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from streamlit.elements.widgets.button import ButtonMixin  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from mlp_core import script  # noqa: E402
from mlp_core.budget import EPOCH_BUDGET_SECONDS, epoch_seconds  # noqa: E402
from mlp_core.datasets import split_and_scale  # noqa: E402
from mlp_core.training import TrainConfig, Trainer  # noqa: E402
from ui import state  # noqa: E402

PAGE = str(ROOT / "app_pages" / "training_studio.py")
WIDEST = TrainConfig(hidden=(64,) * 6, activation="relu", optimizer="adam", lr=0.001,
                     batch_size=1, epochs=100)
SHAPES = [(1797, 64, 1), (5000, 20, 1), (5000, 1000, 1), (5000, 2000, 1), (5000, 2000, 8),
          (5000, 5000, 1), (5000, 5000, 8)]  # rows (70 % train), features, batch size


def upload(rows: int, features: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((rows, features), dtype=np.float32)
    return split_and_scale(X, (X[:, 0] > 0).astype(int), tuple(f"f{i}" for i in range(features)),
                           ("no", "yes"), seed=seed, name="wide.csv")


@contextmanager
def eager_downloads():
    """As before issue 22: every download built while the page runs, the data in the script."""
    lazy, embedded = ButtonMixin.download_button, script.MAX_EMBEDDED_VALUES

    def download_button(self, label, data, *args, **kwargs):
        return lazy(self, label, data() if callable(data) else data, *args, **kwargs)

    ButtonMixin.download_button, script.MAX_EMBEDDED_VALUES = download_button, float("inf")
    try:
        yield
    finally:
        ButtonMixin.download_button, script.MAX_EMBEDDED_VALUES = lazy, embedded


def studio(dataset=None) -> AppTest:
    """The studio after one Step (so there is a run to download), on Iris or on `dataset`."""
    at = AppTest.from_file(PAGE, default_timeout=600)
    if dataset is not None:
        at.session_state[state.SHARED_DATASET] = dataset
    at.run()
    if dataset is not None:
        at.selectbox(key="studio.source").set_value("uploaded").run()
    at.button(key="studio.step").click().run()
    assert not at.exception and not at.error, (at.exception, at.error)
    return at


def rerun_cpu(at: AppTest) -> float:
    start = time.process_time()
    at.run()
    return time.process_time() - start


def reruns(rows: int, features: int, rounds: int) -> dict[str, list[float]]:
    reference, wide = studio(), studio(upload(rows, features))
    costs = {"reference": [], "before": [], "after": []}
    for _ in range(rounds):
        costs["reference"].append(rerun_cpu(reference))
        with eager_downloads():
            costs["before"].append(rerun_cpu(wide))
        costs["after"].append(rerun_cpu(wide))
    return costs


def epoch_cpu(rows: int, features: int, batch: int) -> tuple[float, float]:
    ds = upload(rows, features)
    config = replace(WIDEST, batch_size=batch)
    t = Trainer(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test, n_classes=ds.n_classes)
    best = float("inf")
    for _ in range(2):
        start = time.thread_time()
        t.run(1)
        best = min(best, time.thread_time() - start)
    return epoch_seconds(config, ds), best


def lesson_reruns(rounds: int) -> dict[str, list[float]]:
    """Wall seconds of sigmoid page reruns, idle and beside a thread training the heaviest run."""
    lesson = AppTest.from_file(str(ROOT / "app_pages" / "sigmoid_neuron.py"),
                               default_timeout=600).run()
    weight = next(w for w in lesson.number_input if w.label == "Weight w")
    ds = upload(5000, 500)
    heavy = Trainer(WIDEST, ds.X_train, ds.y_train, ds.X_test, ds.y_test, n_classes=ds.n_classes)
    busy = threading.Event()

    def train() -> None:
        while busy.is_set():
            heavy.run(1)

    costs = {"idle": [], "beside training": []}
    for i in range(rounds):
        for name in costs:
            if name == "beside training":
                busy.set()
                worker = threading.Thread(target=train)
                worker.start()
                time.sleep(0.5)  # well inside its first epoch
            weight.set_value(float(1 + (i + len(costs[name])) % 3))
            start = time.perf_counter()
            lesson.run()
            costs[name].append(time.perf_counter() - start)
            weight = next(w for w in lesson.number_input if w.label == "Weight w")
            if name == "beside training":
                busy.clear()
                worker.join()
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--features", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)  # as app.py does for the server
    costs = reruns(args.rows, args.features, args.rounds)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"(a) one studio rerun, process CPU, median of {args.rounds} alternating rounds; "
          f"{os.cpu_count()} CPUs, load average {load}")
    ref = statistics.median(costs["reference"])
    for name, values in costs.items():
        m = statistics.median(values)
        what = "Iris, lecture run" if name == "reference" else (
            f"upload {args.rows} x {args.features}")
        print(f"  {name:<9} {what:<24} {m * 1000:9.0f} ms  {m / ref:7.1f}x the reference")
    before, after = statistics.median(costs["before"]), statistics.median(costs["after"])
    print(f"  before / after: {before / after:.1f}x")
    print(f"(b) one epoch, six layers of 64, Adam: estimate vs measured (thread CPU, best of 2); "
          f"budget {EPOCH_BUDGET_SECONDS:g} s")
    print(f"  {'rows':>6} {'features':>8} {'batch':>5} {'estimate s':>10} {'measured s':>10} "
          f"{'ratio':>6}")
    for rows, features, batch in SHAPES:
        estimate, measured = epoch_cpu(rows, features, batch)
        print(f"  {rows:>6} {features:>8} {batch:>5} {estimate:>10.2f} {measured:>10.2f} "
              f"{estimate / measured:>6.2f}")
    lessons = lesson_reruns(args.rounds * 3)
    idle = statistics.median(lessons["idle"])
    print(f"(c) sigmoid page rerun, wall time, median of {args.rounds * 3} alternating rounds")
    for name, values in lessons.items():
        m = statistics.median(values)
        print(f"  {name:<16} {m * 1000:7.0f} ms (max {max(values) * 1000:.0f})  "
              f"{m / idle:5.1f}x idle")


if __name__ == "__main__":
    main()
