"""The real server's CPU per studio cycle of the lesson hour: load the lecture preset, press Train.

A studio student in the class load test's lesson hour (tests/load/class_load.studio_student) loops:
"Load the preset" (a full rerun), Train (its head start, the run view's rerun, the live view until
it has ended: the browser's playback and its settling rerun at the preset's normal pace, or the
run shown at once as a crowd sees it, `instant`). One `streamlit run app.py` per checkout named in
--roots (this one by default; another version: `git worktree add` it and name it), one
protocol-level student each (tests/load/protocol.py), alternating rounds between them, the same
minutes. Per step: the server process's CPU (/proc, user + system: script runs, training,
serialising and sending, all included), the elements it sent (deltas) and the bytes. Medians
over the rounds; ratios to the first root. A benchmark, not a test: /proc counts clock ticks
(10 ms), and a busy machine slows the server's caches, so compare roots of the same run only.

Run: .venv/bin/python benchmarks/bench_studio_cycle.py [--rounds 10] [--roots DIR ...]
"""

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from deploy import run_replicas  # noqa: E402
from tests.load import class_load  # noqa: E402
from tests.load.protocol import Student  # noqa: E402

STEPS = ("load preset", "Train normal", "Train instant")


class CountingStudent(Student):
    """A Student that counts the elements (deltas) the server sends it, and sets a select_slider
    (its state: the option's text in a string array)."""

    deltas: int = 0

    async def set(self, key: str, value, timeout: float = 60):
        el = self.widget(key)
        if getattr(el.widget, "type", None) != el.widget.SELECT_SLIDER:
            return await super().set(key, value, timeout)
        state = WidgetState(id=el.widget_id)
        state.string_array_value.data.append(str(value))
        self._states[el.widget_id] = state
        return await self._rerun(state, el.fragment_id, timeout=timeout)

    def _delta(self, msg) -> None:
        self.deltas += 1
        super()._delta(msg)


@contextlib.contextmanager
def serve(root: Path, workdir: Path):
    """A `streamlit run app.py` of the checkout at `root` on a free loopback port."""
    port = run_replicas.free_port()
    log = open(workdir / f"streamlit-{port}.log", "w")  # noqa: SIM115 (the process's)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
         f"--server.port={port}", "--server.address=127.0.0.1",
         "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
        cwd=root, stdout=log, stderr=subprocess.STDOUT,
        env={**run_replicas.SERVER_ENV, **os.environ})
    url = f"http://127.0.0.1:{port}"
    try:
        run_replicas.wait_healthy(url, proc)
        yield class_load.Server(url, (proc.pid,))
    finally:
        run_replicas._stop(proc)
        log.close()


async def measured(server, s: CountingStudent, action) -> tuple[float, int, int]:
    """(server CPU s, deltas, bytes) of `action` until the student's page is idle again."""
    await asyncio.sleep(0.3)  # the last step's last messages are not this one's
    cpu, deltas, sent = server.cpu(), s.deltas, s.bytes_received
    await action()
    await s.wait_idle(timeout=300, settle=0.3)
    return server.cpu() - cpu, s.deltas - deltas, s.bytes_received - sent


async def cycle(server, s: CountingStudent) -> dict[str, tuple[float, int, int]]:
    """One lesson-hour cycle at each pace: the preset loaded, Train (normal); the preset loaded
    with the pace set to instant, Train."""
    out = {"load preset": await measured(server, s, lambda: s.click("studio.load_preset"))}
    out["Train normal"] = await measured(server, s, lambda: s.click("studio.train"))
    class_load.check_lecture_run(s)
    await measured(server, s, lambda: s.click("studio.load_preset"))
    await measured(server, s, lambda: s.set("studio.pace", "instant"))
    out["Train instant"] = await measured(server, s, lambda: s.click("studio.train"))
    class_load.check_lecture_run(s)
    return out


async def bench(roots: list[Path], rounds: int) -> dict[Path, dict[str, list[tuple]]]:
    results = {root: {step: [] for step in STEPS} for root in roots}
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        servers = [stack.enter_context(serve(root, Path(tmp))) for root in roots]
        students = []
        for server in servers:
            s = CountingStudent(server.url)
            await s.connect()
            await s.open("studio")
            await cycle(server, s)  # warm every path once, uncounted
            students.append(s)
        for _ in range(rounds):
            for root, server, s in zip(roots, servers, students, strict=True):
                for step, figures in (await cycle(server, s)).items():
                    results[root][step].append(figures)
        for s in students:
            await s.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--roots", nargs="+", type=Path, default=[ROOT])
    args = parser.parse_args()
    roots = [r.resolve() for r in args.roots]
    results = asyncio.run(bench(roots, args.rounds))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"server CPU per studio step, median of {args.rounds} alternating rounds; "
          f"{os.cpu_count()} CPUs, load average {load}")
    first = results[roots[0]]
    for step in STEPS:
        ref = statistics.median(c for c, _, _ in first[step])
        for root in roots:
            figures = results[root][step]
            cpu = statistics.median(c for c, _, _ in figures)
            # /proc counts 10 ms ticks: the mean over the rounds resolves finer than a median.
            mean = statistics.fmean(c for c, _, _ in figures)
            deltas = statistics.median(d for _, d, _ in figures)
            kb = statistics.median(b for _, _, b in figures) / 1024
            print(f"  {step:<14} {root!s:<20} {cpu * 1000:6.0f} ms (mean {mean * 1000:5.1f})  "
                  f"{deltas:5.0f} elements {kb:7.0f} kB  "
                  f"{cpu / ref if ref else float('nan'):5.2f}x")
    totals = {root: sum(statistics.median(c for c, _, _ in results[root][step])
                        for step in ("load preset", "Train normal")) for root in roots}
    print("  cycle (load + Train normal): " + ", ".join(
        f"{root}: {total * 1000:.0f} ms" for root, total in totals.items()))


if __name__ == "__main__":
    main()
