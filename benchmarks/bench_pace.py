"""The studio's pace: what a lecture Train played back costs the server against one shown at once.

The server trains at full speed at every pace; a paced run adds the playback: its frames drawn
once as timelines the browser plays (a run trained in Train's head start, as the lecture's is) and
the one rerun that settles the page after them. One student (Playwright in
Debian's Chromium) against one `streamlit run`: open the studio at `?pace=<pace>` (the lecture's
Iris 4-8-3 run), press Train, wait until the last epoch is shown and the page has settled (the
replay slider drawn). Measured from the click to then: the server process's CPU seconds (from
/proc), the browser's (every Chromium process this benchmark started) and the wall time. Rounds
alternate the paces; medians; the ratio of each pace's server CPU to instant's.

    .venv/bin/python benchmarks/bench_pace.py [--rounds 5] [--paces instant normal slow fast]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "deploy"))

import run_replicas  # noqa: E402 (deploy/ is not a package)

from tests.browser.conftest import APP_IDLE, CHROMIUM, CHROMIUM_ARGS, READ_CONFUSION  # noqa: E402

TIMEOUT_MS = 120_000
EPOCHS = 20  # the lecture's budget, the studio's default


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a live process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tree_cpu(root: int, skip: int) -> float:
    """CPU seconds of every live descendant of `root` but `skip` (the browser's processes)."""
    stats = {int(p.name): s for p in Path("/proc").glob("[0-9]*") if (s := _stat(int(p.name)))}

    def under(pid: int) -> bool:
        while pid > 1:
            if pid == skip:
                return False
            if pid == root:
                return True
            pid = stats[pid][0] if pid in stats else 1
        return False

    return sum(cpu for pid, (_, cpu) in stats.items() if pid != root and under(pid))


def one_train(browser, url: str, pace: str, server: int) -> tuple[float, float, float]:
    """Server CPU s, browser CPU s and wall s of one lecture Train at `pace`, to the end shown."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{url}/studio?pace={pace}")
        page.locator(".st-key-studio-train button").wait_for()
        page.wait_for_selector(APP_IDLE)
        page.wait_for_timeout(1000)  # the charts' first drawing is no part of a Train
        page.wait_for_selector(APP_IDLE)
        server_before, browser_before = _stat(server)[1], _tree_cpu(os.getpid(), server)
        start = time.perf_counter()
        page.locator(".st-key-studio-train button").click()
        page.wait_for_function(f"() => ({READ_CONFUSION})({EPOCHS}) !== null", polling=100)
        page.locator(".st-key-studio-replay_epoch").wait_for()
        page.wait_for_selector(APP_IDLE)
        wall = time.perf_counter() - start
        page.wait_for_timeout(500)  # a timer's last request, if any, lands in this round
        return (_stat(server)[1] - server_before,
                _tree_cpu(os.getpid(), server) - browser_before, wall)
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--paces", nargs="+", default=["instant", "normal"])
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    figures = {pace: [] for pace in args.paces}
    with tempfile.TemporaryDirectory() as tmp:
        port = run_replicas.free_port()
        url = f"http://127.0.0.1:{port}"
        proc = run_replicas.start_streamlit(port, Path(tmp) / "streamlit.log")
        try:
            run_replicas.wait_healthy(url, proc)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
                one_train(browser, url, "instant", proc.pid)  # warm-up: imports, first runs
                for r in range(args.rounds):
                    for pace in args.paces[r % len(args.paces):] + args.paces[:r % len(args.paces)]:
                        figures[pace].append(one_train(browser, url, pace, proc.pid))
                browser.close()
        finally:
            run_replicas._stop(proc)

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; "
          f"lecture Iris 4-8-3, {EPOCHS} epochs, batch size 1; medians of {args.rounds} rounds")
    reference = statistics.median(s for s, _, _ in figures[args.paces[0]])
    for pace, rounds in figures.items():
        server, browser, wall = (statistics.median(x[i] for x in rounds) for i in range(3))
        print(f"  {pace:8s} server CPU {server:6.2f} s (x{server / reference:4.1f} of "
              f"{args.paces[0]})  browser CPU {browser:6.2f} s  wall {wall:5.1f} s  "
              f"rounds: {', '.join(f'{s:.2f}' for s, _, _ in rounds)}")


if __name__ == "__main__":
    main()
