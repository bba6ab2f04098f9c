"""A class of N students on one server, measured at the server alone: no browser anywhere.

Each student is a protocol-level client (tests/load/protocol.py): a real WebSocket session that
speaks Streamlit's own BackMsg / ForwardMsg protobufs, so the server does all it does for a
browser (script runs, fragments, live ticks, serialisation) and nothing draws. Three scenarios:

  burst   all N open the studio and load the lecture preset, then press Train at the same moment;
          each waits until its live view has ended and checks its own final epoch (20 of 20),
          test confusion matrix (45 samples) and test accuracy. Then all close, and the server's
          memory is watched until it is back within 10% of its level before the round.
  lesson  for --lesson-seconds (300: the issue's five minutes), four students in five on the
          lesson pages change a widget every 2-10 s (latency: BackMsg sent -> script finished),
          the fifth train the lecture preset in the studio again and again.
  churn   students disconnect in the middle of a live run, come back to the same session (as the
          frontend reconnects) and check that the run ends as it should.

The one-run reference comes first: the server CPU of one lecture Train alone (from the click to
the end of its live view: script runs, training, serialisation, all included), median of three.
ideal = N x that / cores: the burst's time if the server used every core for nothing else.

    .venv/bin/python tests/load/class_load.py --n 20                    # starts its own server
    .venv/bin/python tests/load/class_load.py --n 20 --lesson-seconds 60 --scenarios burst lesson
    .venv/bin/python tests/load/class_load.py --n 20 --url http://127.0.0.1:8501 --pid 1234
    .venv/bin/python tests/load/class_load.py --n 200 --url http://127.0.0.1:8080 --pid 11 12
    .venv/bin/python tests/load/class_load.py --n 200 --replicas 2   # nginx + 2 replicas of its own

The last line printed is the summary (`make load-server N=100`):
sessions=N errors=E burst_p50=s burst_p95=s ideal=s lesson_p95_ms=ms rss_mb_per_session=MB ...
Every figure, per student, goes to test-results/load/server-n<N>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import re
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))
sys.path.insert(0, str(ROOT))

import run_replicas  # noqa: E402 (deploy/ is not a package)

from tests.load.protocol import ProtocolError, Student  # noqa: E402
from ui.studio.traffic import FORGET_SECONDS  # noqa: E402

RESULTS = ROOT / "test-results" / "load"
EPOCHS, TEST_SIZE = 20, 45  # the lecture preset: Iris 4-8-3, 20 epochs, 45 test rows
MIN_TEST_ACCURACY = 0.9  # the lecture's run ends at 0.9778; a broken one falls far below
TEST_MATRIX = "**Confusion matrix, test set**"
OPEN_AT_ONCE = 8  # students opening pages at the same moment while a class arrives
CLASS_SIZE = 40  # students behind one address (deploy/nginx.conf's per-address limits' class)
MB = 2**20


# ------------------------------------------------------------------------------ the server
def _stat(pid: int) -> list[str]:
    """/proc/<pid>/stat's fields after the command name (field 3, the state, first)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def family(pid: int) -> list[int]:
    """The process and every process under it (the server's training workers), by /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                children.setdefault(int(_stat(int(entry.name))[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children.get(p, [])
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds the process and every process under it have used so far
    (its training workers train for it; Linux /proc)."""
    ticks = 0
    for p in family(pid):
        with contextlib.suppress(OSError):
            fields = _stat(p)
            # utime, stime, and for the server itself its children's that have ended too
            ticks += sum(int(v) for v in fields[11:15 if p == pid else 13])
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of the process, MB (0 if it has ended)."""
    with contextlib.suppress(OSError, AttributeError):
        status = Path(f"/proc/{pid}/status").read_text()
        return int(re.search(r"^VmRSS:\s+(\d+) kB$", status, re.M).group(1)) / 1024
    return 0.0


@dataclass(frozen=True)
class Server:
    """Where the students go, and the process ids whose CPU and memory are the server's (the
    replicas behind nginx: their sum)."""

    url: str
    pids: tuple[int, ...]

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids)

    def rss(self) -> float:
        """The server processes' memory, where sessions live (not their training workers',
        which hold no session and stay the same size: workers_rss)."""
        return sum(rss_mb(pid) for pid in self.pids)

    def workers_rss(self) -> float:
        return sum(rss_mb(p) for pid in self.pids for p in family(pid) if p != pid)


@contextlib.contextmanager
def serve(workdir: Path, ttl: float | None) -> Iterator[Server]:
    """A `streamlit run app.py` of its own on a free loopback port (the app's configuration,
    with `ttl` as server.disconnectedSessionTTL if given)."""
    port = run_replicas.free_port()
    extra = (f"--server.disconnectedSessionTTL={ttl:g}",) if ttl is not None else ()
    proc = run_replicas.start_streamlit(port, workdir / f"streamlit-{port}.log", extra)
    url = f"http://127.0.0.1:{port}"
    try:
        run_replicas.wait_healthy(url, proc)
        yield Server(url, (proc.pid,))
    finally:
        run_replicas._stop(proc)


def app_ttl() -> float:
    """The app's server.disconnectedSessionTTL (.streamlit/config.toml; Streamlit's default 120)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    return float(config.get("server", {}).get("disconnectedSessionTTL", 120))


# ------------------------------------------------------------------------------ what students do
def address(url: str, i: int) -> str | None:
    """Where student i connects from: on a loopback server, the class of CLASS_SIZE it belongs
    to has an address of its own (127.0.<class + 1>.1), as each class sits behind its school's
    NAT; deploy/nginx.conf's limits are per address, sized for one class. Elsewhere: any."""
    if not url.startswith("http://127.0.0.1"):
        return None
    return f"127.0.{1 + i // CLASS_SIZE}.1"


async def open_studio(url: str, pace: str | None = None, source: str | None = None,
                      timeout: float = 300) -> Student:
    """A student with the studio open and the lecture preset loaded, idle; with `pace`, the
    studio's lecture defaults at that pace instead (the link's ?pace=)."""
    s = Student(url, source=source)
    await s.connect()
    if pace is not None:
        await s.open("studio", query=f"pace={pace}", timeout=timeout)
        return s
    await s.open("studio", timeout=timeout)
    await s.click("studio.load_preset", timeout=timeout)
    await s.wait_idle(timeout=timeout, settle=0.2)
    return s


def check_lecture_run(s: Student) -> float:
    """The finished lecture run on the student's page: epoch 20 of 20 and a plausible test
    confusion matrix of 45 rows; returns its test accuracy."""
    if s.exceptions:
        raise ProtocolError(f"the page shows an exception: {s.exceptions[0]}")
    texts = s.texts()
    if f"Epoch {EPOCHS} of {EPOCHS}" not in texts:
        shown = [t for t in texts if t.startswith("Epoch ")]
        raise ProtocolError(f"the run did not end at epoch {EPOCHS}: {shown}")
    if not any(t.startswith(TEST_MATRIX) and f"at epoch {EPOCHS})" in t for t in texts):
        raise ProtocolError(f"no test confusion matrix at epoch {EPOCHS}")
    matrix = s.table_after(TEST_MATRIX)
    counts = [[float(v) for v in row if not isinstance(v, str)] for row in matrix]
    total = sum(map(sum, counts))
    if total != TEST_SIZE:
        raise ProtocolError(f"the test confusion matrix counts {total} rows, not {TEST_SIZE}")
    accuracy = sum(counts[i][i] for i in range(len(counts))) / total
    if accuracy < MIN_TEST_ACCURACY:
        raise ProtocolError(f"test accuracy {accuracy:.4f} is implausibly low")
    return accuracy


async def train_and_check(s: Student, timeout: float) -> tuple[float, float]:
    """Press Train; wait until the live view has ended; check. Returns (seconds, accuracy)."""
    clicked = time.monotonic()
    await s.click("studio.train", timeout=timeout)
    done = await s.wait_idle(timeout=timeout, settle=0.3)
    return done - clicked, check_lecture_run(s)


def error_text(step: str, exc: BaseException) -> str:
    return f"{step}: {type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"


async def gently(n: int, make: Callable[[int], Awaitable]) -> list:
    """make(i) for i < n, at most OPEN_AT_ONCE at a time (a class does not arrive in one ms)."""
    gate = asyncio.Semaphore(OPEN_AT_ONCE)

    async def one(i):
        async with gate:
            try:
                return await make(i)
            except Exception as exc:  # counted by the caller as this student's error
                return exc

    return list(await asyncio.gather(*(one(i) for i in range(n))))


# ------------------------------------------------------------------------------ one Train alone
async def one_train_cpu(server: Server, rounds: int, timeout: float,
                        pace: str | None = None) -> list[float]:
    """Server CPU seconds of one lecture Train alone, click to the end of its live view (at the
    preset's pace, or at `pace`)."""
    used = []
    for _ in range(rounds):
        s = await open_studio(server.url, pace, timeout=timeout)
        try:
            await asyncio.sleep(0.5)  # the open's last messages are the server's, not the Train's
            before = server.cpu()
            await train_and_check(s, timeout)
            used.append(server.cpu() - before)
        finally:
            await s.close()
        # Alone means alone: the server counts a session that pressed Train this recently among
        # a crowd, and a crowd trains in its worker processes, a different path (pickling).
        await asyncio.sleep(FORGET_SECONDS + 0.5)
    return used


async def quiet(server: Server, longest: float = 60.0) -> None:
    """Wait (up to `longest` s) until the server uses under 5% of a core: its workers' start-up
    and the warm-up's last reruns are not the next measurement's."""
    end = time.monotonic() + longest
    while time.monotonic() < end:
        before = server.cpu()
        await asyncio.sleep(1.0)
        if server.cpu() - before < 0.05:
            return


# ------------------------------------------------------------------------------ the burst
@dataclass
class Burst:
    seconds: list[float] = field(default_factory=list)  # Train -> run ended, per student
    accuracies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_before: float = 0.0
    rss_idle: float = 0.0
    rss_trained: float = 0.0
    rss_after: float = 0.0  # once the closed sessions have surely been freed: free_wait later
    freed_s: float | None = None  # from closing until RSS <= 1.1 x before
    cpu_s: float = 0.0  # server CPU, first click to last run ended
    wall_s: float = 0.0


async def burst(server: Server, n: int, timeout: float, free_wait: float) -> Burst:
    out = Burst(rss_before=server.rss())
    opened = await gently(n, lambda i: open_studio(server.url, source=address(server.url, i),
                                                   timeout=timeout))
    students = [s for s in opened if isinstance(s, Student)]
    out.errors += [error_text("open the studio", e) for e in opened if isinstance(e, Exception)]
    out.rss_idle = server.rss()
    cpu, start = server.cpu(), time.monotonic()
    results = await asyncio.gather(*(train_and_check(s, timeout) for s in students),
                                   return_exceptions=True)
    out.cpu_s, out.wall_s = server.cpu() - cpu, time.monotonic() - start
    for r in results:
        if isinstance(r, BaseException):
            out.errors.append(error_text("train", r))
        else:
            out.seconds.append(r[0])
            out.accuracies.append(r[1])
    out.rss_trained = server.rss()
    await asyncio.gather(*(s.close() for s in students))
    closed = time.monotonic()
    # Watched for the whole wait, not only until within 10%: a small class is within 10% from
    # the start, and what the server keeps once the sessions are gone is the figure that counts.
    while True:
        out.rss_after = server.rss()
        if out.freed_s is None and out.rss_after <= 1.1 * out.rss_before:
            out.freed_s = time.monotonic() - closed
        if time.monotonic() - closed >= free_wait:
            return out
        await asyncio.sleep(2)


# ------------------------------------------------------------------------------ the lesson hour
def _step(low: float, high: float, step: float) -> Callable[[random.Random], float]:
    return lambda rng: round(low + step * rng.randrange(int((high - low) / step) + 1), 6)


# A lesson student's moves on each page: (widget key, a value drawn from its range), or
# (button key, None) for a click. Values stay inside each widget's own range (the pages' schemas).
LESSON_MOVES: dict[str, list[tuple[str, Callable | None]]] = {
    "sigmoid": [("sigmoid.w.slider", _step(-10, 10, 0.01)),
                ("sigmoid.b.slider", _step(-10, 10, 0.01)),
                ("sigmoid.x.slider", _step(-1, 5, 0.01))],
    "softmax": [("softmax.z0.slider", _step(-10, 10, 0.01)),
                ("softmax.z1.slider", _step(-10, 10, 0.01))],
    "softmax_regression": [("softmax_regression.lr", _step(0.01, 1, 0.01)),
                           ("softmax_regression.epochs", _step(1, 100, 1))],
    "anatomy": [("anatomy.n_in", _step(1, 10, 1)), ("anatomy.width.1", _step(1, 16, 1))],
    "forward_backward": [("forward_backward.x1", _step(-2, 2, 0.5)),
                         ("forward_backward.walk.show_all", None)],
    "activations": [("activations.cmp_z.slider", _step(-8, 8, 0.01))],
}
LESSON_PAGES = tuple(LESSON_MOVES)


@dataclass
class Lesson:
    latencies_ms: list[float] = field(default_factory=list)  # lesson widget change -> run done
    by_page_ms: dict[str, list[float]] = field(default_factory=dict)
    trains_s: list[float] = field(default_factory=list)  # studio students' Train -> run ended
    errors: list[str] = field(default_factory=list)
    cpu_s: float = 0.0
    wall_s: float = 0.0


async def lesson_student(url: str, page: str, seconds: float, seed: int, out: Lesson,
                         timeout: float) -> None:
    rng = random.Random(seed)
    s = Student(url, source=address(url, seed))
    step = f"open {page}"
    try:
        await s.connect()
        await s.open(page, timeout=timeout)
        toggles: dict[str, bool] = {}
        end = time.monotonic() + seconds
        while time.monotonic() + 2 < end:
            await asyncio.sleep(rng.uniform(2, 10))
            key, draw = rng.choice(LESSON_MOVES[page])
            step = f"change {key} on {page}"
            if draw is None:
                toggles[key] = not toggles.get(key, False)
                run = await s.set(key, toggles[key], timeout=timeout)
            else:
                run = await s.set(key, draw(rng), timeout=timeout)
            if s.exceptions:
                raise ProtocolError(f"the page shows an exception: {s.exceptions[0]}")
            out.latencies_ms.append(run.seconds * 1000)
            out.by_page_ms.setdefault(page, []).append(run.seconds * 1000)
    except Exception as exc:
        out.errors.append(error_text(step, exc))
    finally:
        await s.close()


async def studio_student(url: str, seconds: float, seed: int, out: Lesson,
                         timeout: float) -> None:
    """Trains the lecture preset, looks at it 2-10 s, loads the preset again and trains again."""
    rng = random.Random(seed)
    step = "open the studio"
    s = None
    try:
        s = await open_studio(url, source=address(url, seed), timeout=timeout)
        end = time.monotonic() + seconds
        while time.monotonic() + 2 < end:
            step = "train"
            took, _ = await train_and_check(s, timeout)
            out.trains_s.append(took)
            await asyncio.sleep(rng.uniform(2, 10))
            step = "load the preset"
            await s.click("studio.load_preset", timeout=timeout)
            await s.wait_idle(timeout=timeout, settle=0.2)
    except Exception as exc:
        out.errors.append(error_text(step, exc))
    finally:
        if s is not None:
            await s.close()


async def lesson_hour(server: Server, n: int, seconds: float, timeout: float) -> Lesson:
    out = Lesson()
    cpu, start = server.cpu(), time.monotonic()
    tasks = []
    for i in range(n):
        # Students arrive over the first few seconds, not in one instant.
        delay = i * min(0.1, 5 / max(n, 1))
        if i % 5 == 4:
            job = studio_student(server.url, seconds - delay, i, out, timeout)
        else:
            page = LESSON_PAGES[(i - i // 5) % len(LESSON_PAGES)]
            job = lesson_student(server.url, page, seconds - delay, i, out, timeout)
        tasks.append(_after(delay, job))
    await asyncio.gather(*tasks)
    out.cpu_s, out.wall_s = server.cpu() - cpu, time.monotonic() - start
    return out


async def _after(seconds: float, job: Awaitable) -> None:
    await asyncio.sleep(seconds)
    await job


# ------------------------------------------------------------------------------ churn
@dataclass
class Churn:
    resumed: int = 0  # came back to their own session and saw their run end
    errors: list[str] = field(default_factory=list)


async def churn_student(url: str, seed: int, timeout: float) -> None:
    """Train, drop the connection in the live view, come back to the same session, see it end."""
    rng = random.Random(seed)
    s = await open_studio(url, source=address(url, seed), timeout=timeout)
    try:
        await s.click("studio.train", timeout=timeout)
        await asyncio.sleep(rng.uniform(0.2, 2.0))  # mid-run: the playback is still ticking
        session = s.session_id
        await s.close()  # the network drops
        await asyncio.sleep(rng.uniform(0.5, 3.0))
        await s.connect(resume=True)  # the frontend reconnects with its last session id
        await s.open("studio", timeout=timeout)
        if s.session_id != session:
            raise ProtocolError("the server gave a new session instead of the student's own")
        await s.wait_idle(timeout=timeout, settle=0.3)
        check_lecture_run(s)
    finally:
        await s.close()


async def churn(server: Server, n: int, timeout: float) -> Churn:
    out = Churn()
    results = await gently(n, lambda i: churn_student(server.url, i, timeout))
    for r in results:
        if isinstance(r, Exception):
            out.errors.append(error_text("churn", r))
        else:
            out.resumed += 1
    return out


# ------------------------------------------------------------------------------ the report
def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)  # nearest rank: the smallest value with q% of them at or below it
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def fmt(v: float | None, digits: int = 1) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


def summary_line(n: int, errors: int, one_train: float | None, cores: int,
                 b: Burst | None, lesson: Lesson | None) -> str:
    ideal = None if one_train is None else n * one_train / cores
    fields = {
        "sessions": str(n), "errors": str(errors),
        "burst_p50": fmt(pct(b.seconds, 50) if b else None, 2),
        "burst_p95": fmt(pct(b.seconds, 95) if b else None, 2),
        "ideal": fmt(ideal, 2),
        "lesson_p95_ms": fmt(pct(lesson.latencies_ms, 95) if lesson else None, 0),
        "rss_mb_per_session": fmt((b.rss_trained - b.rss_before) / n if b else None, 1),
        "idle_mb_per_session": fmt((b.rss_idle - b.rss_before) / n if b else None, 1),
        "freed_s": fmt(b.freed_s if b else None, 0),
        "train_cpu_s": fmt(one_train, 3),
    }
    return " ".join(f"{k}={v}" for k, v in fields.items())


async def run_class(server: Server, args) -> int:
    n, timeout = args.n, args.timeout
    report: dict = {"n": n, "cores": args.cores, "url": server.url,
                    "load_before": os.getloadavg()[0],
                    "training_slots": os.environ.get("MLP_TRAINING_SLOTS", "unset (no turns)")}
    print(f"server {server.url}, machine load average {report['load_before']:.1f}; "
          f"MLP_TRAINING_SLOTS here: {report['training_slots']} (the server's own when started "
          "here)", flush=True)
    errors: list[str] = []
    client_cpu = time.process_time()
    # Warm-up, as a teacher opens the app before the class comes: imports, first compiled paths.
    # Two at once: a crowd's Trains go to the server's training workers, which start then;
    # behind nginx, three for each replica (the route is random) to start every replica's.
    crowd = 2 if len(server.pids) == 1 else 3 * len(server.pids)
    warm = [await open_studio(server.url, timeout=timeout) for _ in range(crowd)]
    await asyncio.gather(*(train_and_check(s, timeout) for s in warm))
    await asyncio.gather(*(s.close() for s in warm))
    await quiet(server)
    singles = await one_train_cpu(server, args.single_rounds, timeout)
    one_train = statistics.median(singles)
    report["one_train_cpu_s"] = singles
    # A crowd sees its runs at once (ui/studio/pacing.plays_back): the same Train, no playback.
    instant = await one_train_cpu(server, args.single_rounds, timeout, pace="instant")
    report["one_train_instant_cpu_s"] = instant
    print(f"one lecture Train alone: server CPU {', '.join(f'{c:.3f}' for c in singles)} s "
          f"(median {one_train:.3f}); ideal for N={n} on {args.cores} cores: "
          f"{n * one_train / args.cores:.2f} s; the same Train at instant pace (no playback): "
          f"{', '.join(f'{c:.3f}' for c in instant)} s", flush=True)
    b = lesson = None
    report["workers_rss_mb"] = server.workers_rss()
    if "burst" in args.scenarios:
        b = await burst(server, n, timeout, args.free_wait)
        errors += b.errors
        report["burst"] = asdict(b)
        print(f"burst: {len(b.seconds)}/{n} ran, Train -> run ended p50 "
              f"{fmt(pct(b.seconds, 50), 2)} s, p95 {fmt(pct(b.seconds, 95), 2)} s, max "
              f"{fmt(max(b.seconds, default=None), 2)} s; server CPU {b.cpu_s:.1f} s in "
              f"{b.wall_s:.1f} s; RSS MB before {b.rss_before:.0f}, {n} idle {b.rss_idle:.0f}, "
              f"trained {b.rss_trained:.0f}, {args.free_wait:.0f} s after closing "
              f"{b.rss_after:.0f} (back within 10% after {fmt(b.freed_s, 0)} s); the training "
              f"workers "
              f"{report['workers_rss_mb']:.0f} MB besides", flush=True)
    if "lesson" in args.scenarios:
        lesson = await lesson_hour(server, n, args.lesson_seconds, timeout)
        errors += lesson.errors
        report["lesson"] = asdict(lesson)
        pages = ", ".join(f"{p} {fmt(pct(v, 95), 0)}" for p, v in sorted(lesson.by_page_ms.items()))
        print(f"lesson: {len(lesson.latencies_ms)} widget changes, p50 "
              f"{fmt(pct(lesson.latencies_ms, 50), 0)} ms, p95 "
              f"{fmt(pct(lesson.latencies_ms, 95), 0)} ms, max "
              f"{fmt(max(lesson.latencies_ms, default=None), 0)} ms (p95 by page: {pages}); "
              f"{len(lesson.trains_s)} studio Trains, p95 {fmt(pct(lesson.trains_s, 95), 2)} s; "
              f"server CPU {lesson.cpu_s:.0f} s in {lesson.wall_s:.0f} s", flush=True)
    if "churn" in args.scenarios:
        c = await churn(server, n, timeout)
        errors += c.errors
        report["churn"] = asdict(c)
        print(f"churn: {c.resumed}/{n} came back to their session and saw their run end",
              flush=True)
    report["client_cpu_s"] = time.process_time() - client_cpu
    report["errors"] = errors
    for e in sorted(set(errors)):
        print(f"    error ({errors.count(e)}x): {e}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"server-n{n}.json").write_text(json.dumps(report, indent=1))
    print(f"this client used {report['client_cpu_s']:.1f} s of CPU (on the server's machine here)")
    print(summary_line(n, len(errors), one_train, args.cores, b, lesson), flush=True)
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="students")
    parser.add_argument("--scenarios", nargs="+", default=["burst", "lesson", "churn"],
                        choices=["burst", "lesson", "churn"])
    parser.add_argument("--lesson-seconds", type=float, default=300.0)
    parser.add_argument("--url", default=None,
                        help="a running server, or nginx in front of replicas (needs --pid)")
    parser.add_argument("--pid", type=int, nargs="+", default=None,
                        help="its process id(s), for CPU and RSS (every replica's behind nginx)")
    parser.add_argument("--replicas", type=int, default=None,
                        help="start this many replicas behind nginx here (deploy/run_replicas.py)"
                             " and go through nginx")
    parser.add_argument("--ttl", type=float, default=None,
                        help="server.disconnectedSessionTTL of the server started here "
                             "(default: the app's configuration)")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--single-rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds a student waits for one answer or one run")
    parser.add_argument("--free-wait", type=float, default=None,
                        help="seconds to watch the memory come back after the burst "
                             "(default: the TTL + 60)")
    args = parser.parse_args(argv)
    if args.free_wait is None:
        args.free_wait = (args.ttl if args.ttl is not None else app_ttl()) + 60.0
    if args.url:
        if args.pid is None:
            parser.error("--url needs --pid (the server's process, for its CPU and memory)")
        return asyncio.run(run_class(Server(args.url.rstrip("/"), tuple(args.pid)), args))
    if args.replicas:
        with run_replicas.cluster(args.replicas) as c:
            print(f"nginx on {c.url} in front of {', '.join(c.replica_urls)}", flush=True)
            return asyncio.run(run_class(Server(c.url, c.replica_pids), args))
    with tempfile.TemporaryDirectory(prefix="mlp-class-") as tmp, serve(Path(tmp), args.ttl) as s:
        return asyncio.run(run_class(s, args))


if __name__ == "__main__":
    sys.exit(main())
