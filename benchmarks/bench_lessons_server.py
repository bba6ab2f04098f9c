"""The real server's CPU per lesson widget change, page by page (issue 19's lesson hour).

One `streamlit run app.py` of its own; one protocol-level student (tests/load/protocol.py) per
lesson page makes the moves the class load test's lesson students make (class_load.LESSON_MOVES),
one at a time, and the server process's CPU time (/proc, user + system) is read around each
round of `--moves` changes. Everything the server does for a change is in it: the app shell, the
page's script, serialising and sending each ForwardMsg. Prints, per page, the median over
`--rounds` rounds of the CPU ms per change, and the deltas (elements and blocks) the server
sent per change. A benchmark, not a test: /proc counts in clock ticks
(10 ms), so a round sums several changes; other processes on the machine do not count, but a busy
machine slows the server's caches and so still shifts the figures a little.

--roots: one server per checkout (this one by default; another version: `git worktree add
--detach DIR main`), their rounds alternating in the same minutes, each page's moves the same on
every server; ratios to the first root.

Run: .venv/bin/python benchmarks/bench_lessons_server.py [--rounds 5] [--moves 10]
     [pages...] [--roots DIR ...]
"""

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_studio_cycle import serve  # noqa: E402
from tests.load import class_load  # noqa: E402
from tests.load.protocol import Student  # noqa: E402


def count_deltas(student: Student) -> list[int]:
    """A counter of the deltas (elements and blocks) the server sends the student from now on."""
    count, handle = [0], student._handle

    def counted(msg):
        count[0] += msg.WhichOneof("type") == "delta"
        handle(msg)

    student._handle = counted
    return count


class PageStudent:
    """One student on `page` of one server, making the page's moves from its own draw of values
    (the same seed on every server, so each makes the same moves)."""

    def __init__(self, server: class_load.Server, page: str):
        self.server, self.page, self.rng = server, page, random.Random(page)
        self.student, self.toggles = Student(server.url), {}
        self.per_change: list[float] = []
        self.deltas, self.changes = [0], 0

    async def start(self) -> None:
        await self.student.connect()
        await self.student.open(self.page)
        for key, draw in class_load.LESSON_MOVES[self.page]:  # warm every path once, uncounted
            await self.student.set(key, True if draw is None else draw(self.rng))
        self.deltas = count_deltas(self.student)

    async def round(self, moves: int) -> None:
        """`moves` changes; their server CPU ms per change is kept."""
        before = self.server.cpu()
        for _ in range(moves):
            key, draw = self.rng.choice(class_load.LESSON_MOVES[self.page])
            if draw is None:
                self.toggles[key] = value = not self.toggles.get(key, True)
            else:
                value = draw(self.rng)
            await self.student.set(key, value)
            if self.student.exceptions:
                raise RuntimeError(f"{self.page}: {self.student.exceptions[0]}")
        self.per_change.append((self.server.cpu() - before) * 1000 / moves)
        self.changes += moves

    def deltas_per_change(self) -> float:
        return self.deltas[0] / max(self.changes, 1)


async def page_cpu(servers: list[class_load.Server], page: str, rounds: int,
                   moves: int) -> list[tuple[list[float], float]]:
    """Per server: the CPU ms of the server per widget change on `page`, one figure per round
    (the servers' rounds alternating); and the deltas sent per change."""
    students = [PageStudent(server, page) for server in servers]
    try:
        for s in students:
            await s.start()
        for _ in range(rounds):
            for s in students:
                await s.round(moves)
        return [(s.per_change, s.deltas_per_change()) for s in students]
    finally:
        for s in students:
            await s.student.close()


async def bench(roots: list[Path], pages: list[str], rounds: int,
                moves: int) -> dict[str, list[tuple[list[float], float]]]:
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        servers = [stack.enter_context(serve(root, Path(tmp))) for root in roots]
        for server in servers:
            # The studio's training workers start with the first session; let that finish first.
            warm = Student(server.url)
            await warm.connect()
            await warm.open("")
            await warm.close()
        return {page: await page_cpu(servers, page, rounds, moves) for page in pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--moves", type=int, default=10)
    parser.add_argument("--roots", nargs="+", type=Path, default=[ROOT])
    parser.add_argument("pages", nargs="*", default=list(class_load.LESSON_MOVES))
    args = parser.parse_args()
    roots = [r.resolve() for r in args.roots]
    found = asyncio.run(bench(roots, args.pages, args.rounds, args.moves))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Server CPU per lesson widget change, median of {args.rounds} rounds of {args.moves} "
          f"changes; {os.cpu_count()} CPUs, load average {load}")
    for i, root in enumerate(roots):
        print(f"root {i}: {root}")
    print(f"{'page':<20} {'root':>4} {'cpu ms':>7} {'min':>7} {'max':>7} {'deltas':>7} "
          f"{'ratio':>6}")
    every = [[] for _ in roots]
    for page, per_root in found.items():
        first = statistics.median(per_root[0][0])
        for i, (per_change, deltas) in enumerate(per_root):
            median = statistics.median(per_change)
            every[i] += per_change
            print(f"{page:<20} {i:>4} {median:>7.1f} {min(per_change):>7.1f} "
                  f"{max(per_change):>7.1f} {deltas:>7.1f} {median / first:>6.2f}")
    for i, per_change in enumerate(every):
        print(f"{'all pages':<20} {i:>4} {statistics.median(per_change):>7.1f}")


if __name__ == "__main__":
    main()
