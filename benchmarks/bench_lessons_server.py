"""The real server's CPU per lesson widget change, page by page (issue 19's lesson hour).

One `streamlit run app.py` of its own; one protocol-level student (tests/load/protocol.py) per
lesson page makes the moves the class load test's lesson students make (class_load.LESSON_MOVES),
one at a time, and the server process's CPU time (/proc, user + system) is read around each
round of `--moves` changes. Everything the server does for a change is in it: the app shell, the
page's script, serialising and sending each ForwardMsg. Prints, per page, the median over
`--rounds` rounds of the CPU ms per change. A benchmark, not a test: /proc counts in clock ticks
(10 ms), so a round sums several changes; other processes on the machine do not count, but a busy
machine slows the server's caches and so still shifts the figures a little.

Run: .venv/bin/python benchmarks/bench_lessons_server.py [--rounds 5] [--moves 10] [pages...]
"""

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.load import class_load  # noqa: E402
from tests.load.protocol import Student  # noqa: E402


async def page_cpu(server: class_load.Server, page: str, rounds: int, moves: int) -> list[float]:
    """CPU ms of the server per widget change on `page`, one figure per round."""
    rng = random.Random(page)
    student = Student(server.url)
    await student.connect()
    try:
        await student.open(page)
        for key, draw in class_load.LESSON_MOVES[page]:  # warm every path once, uncounted
            await student.set(key, True if draw is None else draw(rng))
        toggles: dict[str, bool] = {}
        per_change = []
        for _ in range(rounds):
            before = server.cpu()
            for _ in range(moves):
                key, draw = rng.choice(class_load.LESSON_MOVES[page])
                if draw is None:
                    toggles[key] = not toggles.get(key, True)
                    value = toggles[key]
                else:
                    value = draw(rng)
                await student.set(key, value)
                if student.exceptions:
                    raise RuntimeError(f"{page}: {student.exceptions[0]}")
            per_change.append((server.cpu() - before) * 1000 / moves)
        return per_change
    finally:
        await student.close()


async def bench(pages: list[str], rounds: int, moves: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as tmp, class_load.serve(Path(tmp), None) as server:
        # The studio's training workers start with the first session; let that finish first.
        warm = Student(server.url)
        await warm.connect()
        await warm.open("")
        await warm.close()
        return {page: await page_cpu(server, page, rounds, moves) for page in pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--moves", type=int, default=10)
    parser.add_argument("pages", nargs="*", default=list(class_load.LESSON_MOVES))
    args = parser.parse_args()
    found = asyncio.run(bench(args.pages, args.rounds, args.moves))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Server CPU per lesson widget change, median of {args.rounds} rounds of {args.moves} "
          f"changes; {os.cpu_count()} CPUs, load average {load}")
    print(f"{'page':<20} {'cpu ms':>7} {'min':>7} {'max':>7}")
    for page, per_change in found.items():
        print(f"{page:<20} {statistics.median(per_change):>7.1f} {min(per_change):>7.1f} "
              f"{max(per_change):>7.1f}")
    every = [ms for per_change in found.values() for ms in per_change]
    print(f"{'all pages':<20} {statistics.median(every):>7.1f}")


if __name__ == "__main__":
    main()
