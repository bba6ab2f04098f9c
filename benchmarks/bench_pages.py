"""How long a lesson page takes to rerun after a widget change (issue 3: median <= 150 ms).

For every lesson page: AppTest.from_file, one run (excluded: imports, first build, cold caches),
then change the first number_input / slider / selectbox of the page, alternating between two
values, and time at.run(). Prints page -> median ms over the reruns. A benchmark, not a test: it
asserts nothing and its figures depend on the machine and its load (printed with the table).
"cpu ms" is the median process CPU time of a rerun: what a rerun costs when it has a core to itself,
less skewed than wall time on a busy machine; the 150 ms verdict is on wall time, as issue 3 asks.

Run: .venv/bin/python benchmarks/bench_pages.py [--reruns 15]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # pages import mlp_core and ui from the repository root

import torch  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

LESSONS = ["sigmoid_neuron", "softmax", "softmax_regression", "mlp_anatomy", "forward_backward",
           "activations_losses"]
WIDGET_TYPES = ("number_input", "slider", "selectbox")
BUDGET_MS = 150.0


def is_placeholder(path: Path) -> bool:
    """The app shell's stand-in pages start with this docstring."""
    return path.read_text(encoding="utf-8").lstrip().startswith('"""Placeholder')


def walk(node):
    """Every node of an AppTest element tree, in page order."""
    yield node
    children = getattr(node, "children", None) or {}
    for key in sorted(children):
        yield from walk(children[key])


def first_widget(at):
    """The first enabled number_input, slider or selectbox on the page, or None."""
    for node in walk(at._tree):
        if getattr(node, "type", None) in WIDGET_TYPES and not getattr(node, "disabled", False):
            return node
    return None


def two_values(widget) -> tuple:
    """The widget's current value and a neighbour inside its range, to alternate between."""
    if widget.type == "selectbox":
        return widget.index, (widget.index + 1) % len(widget.options)
    value = widget.value
    if isinstance(value, (list, tuple)):
        raise ValueError(f"a range slider ({widget.label!r}) is not supported, got {value!r}.")
    step = widget.step or 1
    upper = widget.max if widget.max is not None else float("inf")
    other = value + step if value + step <= upper else value - step
    return value, other


def find(at, ident: tuple[str, str]):
    """The benchmarked widget, found again in the fresh tree of the last run."""
    kind, name = ident
    return next(w for w in walk(at._tree)
                if getattr(w, "type", None) == kind and (w.key or w.label) == name)


def current(widget):
    """What two_values alternates: the index of a selectbox, the value of anything else."""
    return widget.index if widget.type == "selectbox" else widget.value


def change(at, ident: tuple[str, str], value) -> None:
    """Set the benchmarked widget to value (an index for a selectbox)."""
    widget = find(at, ident)
    if widget.type == "selectbox":
        widget.select_index(value)
    else:
        widget.set_value(value)


def bench(page: str, reruns: int) -> dict:
    """Median and spread of at.run() after a widget change, for one page."""
    path = ROOT / "app_pages" / f"{page}.py"
    if not path.exists():
        return {"page": page, "note": "missing"}
    if is_placeholder(path):
        return {"page": page, "note": "skipped: still a placeholder"}
    at = AppTest.from_file(str(path), default_timeout=120).run()  # the excluded first run
    if at.exception:
        return {"page": page, "note": f"exception on first run: {at.exception[0].value[:60]}"}
    widget = first_widget(at)
    if widget is None:
        return {"page": page, "note": "no number_input/slider/selectbox found"}
    ident = (widget.type, widget.key or widget.label)
    values = two_values(widget)
    times, cpu = [], []
    for i in range(reruns):
        value = values[(i + 1) % 2]
        change(at, ident, value)
        start, start_cpu = time.perf_counter(), time.process_time()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        if at.exception:
            return {"page": page, "note": f"exception on rerun: {at.exception[0].value[:60]}"}
        if current(find(at, ident)) != value:  # a rerun that ignored the change would be too cheap
            return {"page": page, "note": f"the change of {widget.label!r} did not stick"}
    return {"page": page, "widget": f"{widget.type} {widget.label!r}",
            "median": statistics.median(times), "min": min(times), "max": max(times),
            "cpu": statistics.median(cpu)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=15)
    parser.add_argument("pages", nargs="*", default=LESSONS)
    args = parser.parse_args()
    torch.set_num_threads(1)  # as app.py does for the server
    rows = [bench(page, args.reruns) for page in args.pages]

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Rerun after one widget change, AppTest, median of {args.reruns} "
          f"(first run excluded); {os.cpu_count()} CPUs, load average {load}")
    print(f"{'page':<20} {'median ms':>9} {'min':>7} {'max':>7} {'cpu ms':>7}  {'<= 150 ms':<9}  "
          "widget changed")
    for r in rows:
        if "median" not in r:
            print(f"{r['page']:<20} {'-':>9} {'-':>7} {'-':>7} {'-':>7}  {'-':<9}  {r['note']}")
            continue
        ok = "yes" if r["median"] <= BUDGET_MS else "NO"
        print(f"{r['page']:<20} {r['median']:>9.1f} {r['min']:>7.1f} {r['max']:>7.1f} "
              f"{r['cpu']:>7.1f}  {ok:<9}  "
              f"{r['widget']}")


if __name__ == "__main__":
    main()
