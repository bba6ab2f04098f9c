"""The network view in a browser: one tab's CPU for the lecture's Train, with the view and without.

One student (one Playwright context in Debian's Chromium) against one `streamlit run`: open the
studio on the lecture's run (`/studio?net=1` with the view, `/studio` without), wait until
the charts are drawn, press Train and wait for the finished test confusion matrix. CPU seconds of
the server and of the browser's processes over that window (from /proc, as tests/load does),
alternating the two variants in each round; medians over the rounds. The browser shares the two
cores with the server, so the figures are pessimistic, and they depend on the machine.

    .venv/bin/python benchmarks/bench_inside_browser.py [--rounds 5]
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "deploy"))

import run_replicas  # noqa: E402 (deploy/ is not a package)
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, READ_CONFUSION, wait_for_app  # noqa: E402
from tests.load.studio_load import (  # noqa: E402
    CHARTS_DRAWN,
    EPOCHS,
    IRIS_TEST_SIZE,
    TRAIN,
    cpu_seconds,
)

LONG = 120_000  # ms
VARIANTS = {"network view on": "studio?net=1", "network view off": "studio"}
NETWORK_DRAWN = "() => !!document.querySelector('.st-key-studio-network_chart canvas')"


def used(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds by kind of process between two looks at /proc."""
    total: dict[str, float] = {}
    for pid, (kind, seconds) in after.items():
        start = before.get(pid)
        total[kind] = total.get(kind, 0.0) + seconds - (start[1] if start and start[0] == kind
                                                        else 0.0)
    return total


def one_train(browser, url: str, path: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(LONG)
    try:
        page.goto(f"{url}/{path}")
        page.locator("[data-testid='stMain'] [data-testid='stElementContainer']").first.wait_for()
        wait_for_app(page, LONG)
        page.wait_for_function(CHARTS_DRAWN, polling=250, timeout=LONG)
        if "net=1" in path:
            page.wait_for_function(NETWORK_DRAWN, polling=250, timeout=LONG)
        page.wait_for_timeout(500)  # settled: what was drawn on opening is not counted
        before = cpu_seconds()
        page.locator(TRAIN).click()
        page.wait_for_function(
            f"() => {{ const z = ({READ_CONFUSION})({EPOCHS}); if (!z) return false;"
            f" return z.flat().reduce((a, b) => a + b, 0) === {IRIS_TEST_SIZE}; }}",
            polling=250, timeout=LONG)
        wait_for_app(page, LONG)
        page.wait_for_timeout(500)  # the last frame painted
        return used(before, cpu_seconds())
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    seconds: dict[str, list[dict[str, float]]] = {name: [] for name in VARIANTS}
    with tempfile.TemporaryDirectory() as tmp, run_replicas.replicas(1, Path(tmp)) as urls, \
            sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        one_train(browser, urls[0], "studio?net=1")  # warm: imports, the browser cache
        for _ in range(args.rounds):
            for name, path in VARIANTS.items():
                seconds[name].append(one_train(browser, urls[0], path))
        browser.close()
    for name, rounds in seconds.items():
        kinds = sorted({k for r in rounds for k in r})
        parts = ", ".join(f"{k} {statistics.median(r.get(k, 0.0) for r in rounds):.2f} s"
                          for k in kinds)
        total = statistics.median(sum(r.values()) for r in rounds)
        print(f"{name:17}: Train -> matrix, CPU median {total:.2f} s ({parts})")
    on, off = (statistics.median(sum(r.values()) for r in seconds[n]) for n in VARIANTS)
    print(f"with the view / without: {on / off:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
