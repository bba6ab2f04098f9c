"""Load test of the training studio: N students press Train on the lecture preset at once.

Each student is one Playwright browser context (own cookies, own Streamlit session) in Debian's
Chromium. All N open the studio, choose "Lecture: Iris 4-8-3", wait at a barrier, then press Train
together; each waits for its own finished confusion matrix and checks it (counts sum to the test
size, test accuracy plausible). Reported per N: p50 / p95 / max seconds from Train to the finished
confusion matrix, the same from opening the page, the errors, and the CPU seconds each kind of
process (server, browser renderers, the rest of Chromium, nginx) used from the first Train to the
last matrix.

    .venv/bin/python tests/load/studio_load.py --n 10 20 40               # one server
    .venv/bin/python tests/load/studio_load.py --n 10 20 40 --replicas 2  # nginx + 2 replicas
    .venv/bin/python tests/load/studio_load.py --n 20 --url http://host:8501  # a running server

Results go to test-results/load/<target>-n<N>.json. The browsers run on the same machine as the
server, so the numbers include Chromium's own CPU use: a pessimistic measure for a real class.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))
sys.path.insert(0, str(ROOT))

import run_replicas  # noqa: E402 (deploy/ is not a package)

from tests.browser.conftest import (  # noqa: E402
    APP_IDLE,
    CHROMIUM,
    CHROMIUM_ARGS,
    READ_CONFUSION,
)
from ui.studio.presets import LECTURE, PRESETS, label  # noqa: E402

RESULTS = ROOT / "test-results" / "load"
IRIS_TEST_SIZE = 45  # 150 samples, the lecture's 70/30 split
EPOCHS = PRESETS[LECTURE]["epochs"]  # the finished run's matrix says so in its title
MIN_TEST_ACCURACY = 0.9  # the lecture's run reaches about 0.93-1.0; a broken one falls far below
PRESET = label(LECTURE)  # as the selector shows it (English outside a Streamlit run)

# The studio's elements, by the CSS class Streamlit gives every keyed element ("st-key-<key>"):
# stable across label wording, icons and translations.
PRESET_BOX = ".st-key-studio-preset"
LOAD_PRESET = ".st-key-studio-load_preset button"
TRAIN = ".st-key-studio-train button"
# The studio is open when its charts are drawn, not only when its script has run: at the first
# chart the browser fetches and compiles Streamlit's chart bundle (megabytes of JavaScript, ~1-2 s
# of CPU per tab, and every context has its own cache). A tab still doing that when the barrier
# opens charged it to its Train, and with 20 tabs it starved the server: the slow rounds.
CHARTS_DRAWN = """() => ['curves_chart', 'regions_chart'].every(key => {
  const chart = `.st-key-studio-${key} [data-testid=stEChartsChart] canvas`;
  const canvas = document.querySelector(chart);
  return !!(canvas && canvas.width > 0);
})"""


@dataclass(frozen=True)
class Target:
    """Where the students go, its name in reports, the replicas behind it, nginx's access log."""

    url: str
    name: str
    replica_urls: tuple[str, ...]
    access_log: Path | None = None

    def measure(self, n: int, timeout_s: float = 120) -> Summary:
        return measure(self.url, n, self.name, timeout_s, self.access_log, self.replica_urls)


@dataclass
class SessionResult:
    """One simulated student's run: what they saw, how long it took, what went wrong."""

    index: int
    ok: bool = False
    error: str | None = None
    error_detail: str | None = None  # the whole message, with Playwright's call log
    open_s: float | None = None  # goto -> studio idle with the preset chosen
    train_s: float | None = None  # Train click -> finished confusion matrix
    total_s: float | None = None  # goto -> finished confusion matrix
    test_accuracy: float | None = None
    confusion: list[list[float]] | None = None


@dataclass
class Summary:
    """p50 / p95 / max over the sessions that finished, and the errors of the others."""

    target: str
    n: int
    errors: int
    train_p50: float | None
    train_p95: float | None
    train_max: float | None
    total_p50: float | None
    total_p95: float | None
    wall_s: float
    load_before: float | None = None  # the machine's 1-minute load average when the round began
    cpu_s: dict[str, float] = field(default_factory=dict)  # Train -> last matrix, by process kind
    error_messages: list[str] = field(default_factory=list)
    sessions_per_replica: dict[str, int] = field(default_factory=dict)
    routes_on_two_replicas: int = 0  # mlp_route cookies whose requests went to more than one


async def wait_idle(page, timeout_ms: float) -> None:
    """The script has run and the app is idle (as tests/browser/conftest.py's wait_for_app)."""
    await page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
    await page.wait_for_timeout(200)
    await page.wait_for_selector(APP_IDLE, timeout=timeout_ms)


async def choose_lecture_preset(page, timeout_ms: float) -> None:
    """Pick the lecture preset in the sidebar's preset selector (unless shown) and load it."""
    # The lecture preset is the selector's default. Opening the drop-down only when needed also
    # spares a race: with many pages at once a drop-down can close before its option is clicked.
    box = page.locator(f"{PRESET_BOX} input[role=combobox]")
    if await box.input_value() != PRESET:
        await box.fill(PRESET)  # a combobox: typing filters the options down to this one
        await page.get_by_role("option").filter(has_text=PRESET).click()
        await wait_idle(page, timeout_ms)
    await page.locator(LOAD_PRESET).click()
    await wait_idle(page, timeout_ms)


async def read_result(page) -> tuple[list[list[float]], float]:
    """The test confusion matrix's counts and the accuracy they give."""
    z = np.asarray(await page.evaluate(READ_CONFUSION), dtype=float)
    return z.tolist(), float(np.trace(z) / z.sum())


def cpu_seconds() -> dict[int, tuple[str, float]]:
    """CPU seconds used so far by each app server, browser process and nginx: pid -> (kind, s).

    From /proc (Linux; elsewhere empty). A round's difference says where its time went: the
    browsers share the server's cores here, and a class's p95 follows the round's total CPU.
    """
    used = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            cmd = (stat.parent / "cmdline").read_bytes().decode(errors="ignore").replace("\0", " ")
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that ended meanwhile
            continue
        if "streamlit" in cmd and " run " in cmd:
            kind = "server"
        elif "chrom" in cmd:
            kind = "renderers" if "--type=renderer" in cmd else "chromium (other)"
        elif "nginx" in cmd:
            kind = "nginx"
        else:
            continue
        seconds = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        used[int(stat.parent.name)] = (kind, seconds)
    return used


@dataclass
class Window:
    """CPU from the first Train pressed to the last finished matrix, by kind of process.

    Each session looks when its matrix shows, before it closes its tab (a closed tab's renderer
    ends, and its CPU time with it); the latest look at each process counts.
    """

    start: dict[int, tuple[str, float]] | None = None
    seen: dict[int, tuple[str, float]] = field(default_factory=dict)

    def opened(self) -> None:
        if self.start is None:
            self.start = cpu_seconds()

    def finished(self) -> None:
        self.seen.update(cpu_seconds())

    def used(self) -> dict[str, float]:
        if self.start is None:
            return {}
        total: Counter[str] = Counter()
        for pid, (kind, seconds) in self.seen.items():
            before = self.start.get(pid)
            total[kind] += seconds - (before[1] if before and before[0] == kind else 0.0)
        return {kind: round(seconds, 1) for kind, seconds in sorted(total.items())}


async def one_session(browser, url: str, index: int, barrier: asyncio.Barrier,
                      timeout_s: float, polling: str | int = 250,
                      window: Window | None = None) -> SessionResult:
    """One student: open the studio, choose the preset, wait for all, Train, check the result."""
    result = SessionResult(index)
    step = "open the studio"
    timeout_ms = timeout_s * 1000
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(timeout_ms)
    try:
        try:
            start = time.monotonic()
            await page.goto(f"{url}/studio")
            await wait_idle(page, timeout_ms)
            step = "choose the lecture preset"
            await choose_lecture_preset(page, timeout_ms)
            await page.wait_for_function(CHARTS_DRAWN, polling=250, timeout=timeout_ms)
            result.open_s = time.monotonic() - start
        finally:
            await barrier.wait()  # a failed session must not keep the others waiting
        step = "press Train"
        if window is not None:
            window.opened()
        clicked = time.monotonic()
        await page.locator(TRAIN).click()
        step = "wait for the confusion matrix"
        await page.wait_for_function(
            f"() => {{ const z = ({READ_CONFUSION})({EPOCHS}); if (!z) return false;"
            f" return z.flat().reduce((a, b) => a + b, 0) === {IRIS_TEST_SIZE}; }}",
            polling=polling, timeout=timeout_ms)
        done = time.monotonic()
        if window is not None:
            window.finished()
        step = "check the result"
        result.train_s, result.total_s = done - clicked, done - start
        await wait_idle(page, timeout_ms)  # settled, as a student reads it (not timed)
        if await page.get_by_test_id("stException").count():
            raise AssertionError("the page shows an exception")
        result.confusion, result.test_accuracy = await read_result(page)
        if result.test_accuracy < MIN_TEST_ACCURACY:
            raise AssertionError(f"test accuracy {result.test_accuracy:.4f} is implausibly low")
        result.ok = True
    except Exception as exc:  # every failure is counted and reported, never raised
        result.error = f"{step}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        result.error_detail = str(exc)[:4000]
        with contextlib.suppress(Exception):
            RESULTS.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=str(RESULTS / f"failed-{index}.png"), full_page=True)
    finally:
        await context.close()
    return result


async def warm_up(browser, urls: tuple[str, ...], timeout_ms: float) -> None:
    """Open the home page once on every replica, as a teacher would before the class comes in.

    The first run of a process imports torch and the pages (seconds); the load measured is the
    class's, not that one-off start-up.
    """
    for url in urls:
        context = await browser.new_context()
        try:
            page = await context.new_page()
            await page.goto(f"{url}/")
            await wait_idle(page, timeout_ms)
        finally:
            await context.close()


async def run_sessions(url: str, n: int, timeout_s: float = 120, warm: tuple[str, ...] = (),
                       window: Window | None = None) -> list[SessionResult]:
    """N sessions at once against url, in one headless Chromium, after warming up `warm`."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                           args=CHROMIUM_ARGS)
        try:
            await warm_up(browser, warm, timeout_s * 1000)
            barrier = asyncio.Barrier(n)
            # One student: look at every animation frame, so the time measured is the app's, not
            # the poll's. A class: every 250 ms, since 40 pages polling per frame eat the CPU.
            polling = "raf" if n == 1 else 250
            return list(await asyncio.gather(
                *(one_session(browser, url, i, barrier, timeout_s, polling, window)
                  for i in range(n))))
        finally:
            await browser.close()


def percentile(values: list[float], q: float) -> float | None:
    return float(np.percentile(values, q)) if values else None


def websocket_sessions_per_replica(access_log: Path) -> dict[str, int]:
    """How many WebSocket sessions nginx sent to each replica (from deploy/nginx.conf's log)."""
    if not access_log.exists():
        return {}
    counts = Counter(
        m.group(1) for line in access_log.read_text().splitlines()
        if "/_stcore/stream" in line and (m := re.search(r"upstream=(\S+)", line)))
    return dict(counts)


def routes_split_across_replicas(access_log: Path) -> int:
    """How many route cookies nginx sent to more than one replica (sticky: none)."""
    if not access_log.exists():
        return 0
    seen: dict[str, set[str]] = {}
    for line in access_log.read_text().splitlines():
        m = re.search(r"upstream=(\S+) route=(\S+)", line)
        if m:
            seen.setdefault(m.group(2), set()).add(m.group(1))
    return sum(len(upstreams) > 1 for upstreams in seen.values())


def summarize(target: str, results: list[SessionResult], wall_s: float) -> Summary:
    train = [r.train_s for r in results if r.ok]
    total = [r.total_s for r in results if r.ok]
    return Summary(
        target=target, n=len(results), errors=sum(not r.ok for r in results),
        train_p50=percentile(train, 50), train_p95=percentile(train, 95),
        train_max=max(train) if train else None,
        total_p50=percentile(total, 50), total_p95=percentile(total, 95), wall_s=wall_s,
        error_messages=sorted({r.error for r in results if r.error}))


def measure(url: str, n: int, target: str, timeout_s: float = 120,
            access_log: Path | None = None, warm: tuple[str, ...] = ()) -> Summary:
    """Run N sessions, write their results to test-results/load/, return the summary."""
    if access_log is not None and access_log.exists():
        access_log.write_text("")  # count this round's sessions only (nginx appends)
    load_before = os.getloadavg()[0]
    start = time.monotonic()
    window = Window()
    results = asyncio.run(run_sessions(url, n, timeout_s, warm, window))
    summary = summarize(target, results, time.monotonic() - start)
    summary.load_before, summary.cpu_s = load_before, window.used()
    if access_log is not None:
        time.sleep(1)  # nginx logs a WebSocket when it closes, just after the browser went away
        summary.sessions_per_replica = websocket_sessions_per_replica(access_log)
        summary.routes_on_two_replicas = routes_split_across_replicas(access_log)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{target}-n{n}.json").write_text(json.dumps(
        {"summary": asdict(summary), "sessions": [asdict(r) for r in results]}, indent=1))
    return summary


def fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:.1f}"


def report_line(s: Summary) -> str:
    line = (f"{s.target:<14} N={s.n:<3} errors={s.errors:<3} train->CM p50={fmt(s.train_p50)}s "
            f"p95={fmt(s.train_p95)}s max={fmt(s.train_max)}s | open->CM p50={fmt(s.total_p50)}s "
            f"p95={fmt(s.total_p95)}s | wall {s.wall_s:.0f}s | load before {fmt(s.load_before)}")
    if s.cpu_s:
        line += " | CPU s " + ", ".join(f"{k} {v:.1f}" for k, v in s.cpu_s.items())
    if s.sessions_per_replica:
        line += (f" | sessions per replica {sorted(s.sessions_per_replica.values())}"
                 f", routes split {s.routes_on_two_replicas}")
    return line + "".join(f"\n    error: {m}" for m in s.error_messages)


@contextlib.contextmanager
def serve(replicas: int, workdir: Path) -> Iterator[Target]:
    """One plain server, or nginx in front of `replicas` of them."""
    if replicas == 1:
        with run_replicas.replicas(1, workdir) as urls:
            yield Target(urls[0], "one-server", urls)
    else:
        with run_replicas.cluster(replicas, workdir=workdir) as c:
            yield Target(c.url, f"nginx-{replicas}", c.replica_urls, workdir / "access.log")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10, 20, 40])
    parser.add_argument("--replicas", type=int, default=1,
                        help="1: one streamlit server; >1: nginx in front of that many")
    parser.add_argument("--url", default=None, help="test a server that is already running")
    # Opening is the slow part with many browsers on the server's two cores (40 tabs: ~6 min),
    # so each session's steps get more time the more sessions there are.
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds per step of a session (default: 10 per session, >= 120)")
    args = parser.parse_args(argv)
    summaries = []
    with tempfile.TemporaryDirectory(prefix="mlp-load-") as tmp:
        if args.url:
            url = args.url.rstrip("/")
            ctx = contextlib.nullcontext(Target(url, "given-url", (url,)))
        else:
            ctx = serve(args.replicas, Path(tmp))
        with ctx as target:
            for n in args.n:
                summaries.append(target.measure(n, args.timeout or max(120.0, 10.0 * n)))
                print(report_line(summaries[-1]), flush=True)
    return 0 if all(s.errors == 0 for s in summaries) else 1


if __name__ == "__main__":
    sys.exit(main())
