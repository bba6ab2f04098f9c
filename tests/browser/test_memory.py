"""A class that uploads, trains, downloads and leaves gives the server its memory back.

A round is N students at once, each in a browser context of their own: upload a CSV on "Your own
data", train on it in the studio, download the run's history, close the tab. The server runs with
a short `server.disconnectedSessionTTL` so that their sessions expire within the test. The bytes
of the uploaded-file manager and of the media storage (/_stcore/metrics) are noted on the empty
server (they hold no imports), the server's RSS after a warm-up round (imports, caches and the
first compiled paths are not a leak); about a minute after a second round, all three must be back
within 10% of those figures.

Streamlit 1.67 drops an expired session without shutting it down: without ui/session_reaper.py
its uploads and downloads stay until a later disconnect happens to drop it from the store and
Python collects it, so the last class of the day leaves its files in the server for good.
"""

import re
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from tests.browser.conftest import ROOT, open_page, run_replicas, wait_for_app

STUDENTS = 3
SESSION_TTL = 5  # seconds a closed tab's session is kept for a reconnect (Streamlit's default: 120)
SETTLE_SECONDS = 60  # "about a minute later"
WARM_UP_SETTLE_SECONDS = 30  # the TTL, a sweep (ui/session_reaper.py) and a margin
ROWS, FEATURES = 2000, 30
FILE_INPUT = "[data-testid='stFileUploader'] input[type='file']"
# Streamlit's metric families (CacheStat category names) of the two stores.
UPLOADS, MEDIA = "UploadedFileManager", "st_memory_media_file_storage"


def class_csv(path: Path, seed: int) -> Path:
    """ROWS rows of FEATURES numbers and a 3-class label that depends on them (learnable)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(ROWS, FEATURES)).round(4)
    label = np.digitize(x[:, 0] + x[:, 1], [-0.5, 0.5])
    header = ",".join(f"f{i}" for i in range(FEATURES)) + ",label\n"
    rows = "".join(",".join(map(str, r)) + f",c{c}\n" for r, c in zip(x, label, strict=True))
    path.write_text(header + rows, encoding="utf-8")
    return path


def rss_bytes(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB$", status, re.M).group(1)) * 1024


def store_bytes(url: str) -> dict[str, int]:
    """Bytes held by the uploaded-file manager and the media storage; a store with no file is 0."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=10) as response:
        text = response.read().decode()
    held = {UPLOADS: 0, MEDIA: 0}
    for line in text.splitlines():
        for name in held:
            if not line.startswith("#") and f'"{name}"' in line:
                held[name] += int(float(line.rsplit(" ", 1)[1]))
    return held


def open_student(browser, url: str):
    """A student's own browser context with the app open; the caller closes it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(90_000)
    open_page(page, url, timeout=90_000)
    return context, page


def upload_train_download(page, csv: Path, downloads: Path) -> None:
    """Upload on "Your own data", train on it in the studio, download the run's history."""
    page.get_by_test_id("stSidebarNav").get_by_text("Your own data").click()
    wait_for_app(page, 90_000)
    page.locator(FILE_INPUT).set_input_files(str(csv))
    page.get_by_text(f"{csv.name}: {ROWS:,} rows").wait_for()
    wait_for_app(page, 90_000)
    page.locator(".st-key-your_data-train button").click()
    page.locator(".st-key-studio-train button").wait_for()
    wait_for_app(page, 90_000)
    page.locator(".st-key-studio-train button").click()
    page.locator(".st-key-studio-pin button:enabled").first.wait_for()  # once a run finished
    wait_for_app(page, 90_000)
    with page.expect_download() as download:
        page.locator(".st-key-studio-dl_csv button").click()
    saved = downloads / f"{csv.stem}-history.csv"
    download.value.save_as(saved)
    assert saved.read_text().startswith("epoch")


def class_round(browser, url: str, pid: int, workdir: Path, name: str) -> dict:
    """STUDENTS sessions open at once, each uploads, trains and downloads; then all tabs close.

    The students work one after another (N browsers at once would starve the two cores), but
    every session stays open until the last has finished. Returns the server's RSS and stores
    with the sessions idle on the home page and once all have trained.
    """
    students = [open_student(browser, url) for _ in range(STUDENTS)]
    try:
        idle = rss_bytes(pid)
        for i, (_, page) in enumerate(students):
            upload_train_download(page, class_csv(workdir / f"{name}-{i}.csv", seed=i), workdir)
        return {"idle_rss": idle, "trained_rss": rss_bytes(pid), "stores": store_bytes(url)}
    finally:
        for context, _ in students:
            context.close()


def settled(url: str, pid: int, seconds: float) -> tuple[int, dict[str, int]]:
    """RSS and store bytes once the closed sessions have expired and been swept."""
    time.sleep(seconds)
    return rss_bytes(pid), store_bytes(url)


# Two rounds of 3 students and 90 s of waiting for sessions to expire: about 3.5 minutes alone on
# 2 cores, more beside the rest of the suite.
@pytest.mark.timeout(600)
def test_a_class_that_leaves_gives_its_memory_back(browser):
    port = run_replicas.free_port()
    url = f"http://127.0.0.1:{port}"
    logs = ROOT / "test-results"
    logs.mkdir(parents=True, exist_ok=True)
    server = run_replicas.start_streamlit(
        port, logs / f"streamlit-memory-{port}.log",
        (f"--server.disconnectedSessionTTL={SESSION_TTL}",))
    try:
        run_replicas.wait_healthy(url, server)
        # The stores hold no import or cache: their baseline is the empty server. (Streamlit
        # frees an expired session's files once a later disconnect drops it from its store and
        # it is collected, so measured after the warm-up they would hide the last class's.)
        stores_before = store_bytes(url)
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            class_round(browser, url, server.pid, work, "warm-up")
            rss_before, _ = settled(url, server.pid, WARM_UP_SETTLE_SECONDS)
            loaded = class_round(browser, url, server.pid, work, "class")
            rss_after, stores_after = settled(url, server.pid, SETTLE_SECONDS)
        mb = 2**20
        figures = (f"RSS MB: before {rss_before / mb:.0f}, {STUDENTS} idle "
                   f"{loaded['idle_rss'] / mb:.0f}, {STUDENTS} trained "
                   f"{loaded['trained_rss'] / mb:.0f}, settled {rss_after / mb:.0f}; stores "
                   f"before {stores_before}, loaded {loaded['stores']}, settled {stores_after}")
        print(figures)
        # The round did hold files: otherwise "given back" would prove nothing.
        assert loaded["stores"][UPLOADS] > 0 and loaded["stores"][MEDIA] > 0, figures
        for store in (UPLOADS, MEDIA):
            assert stores_after[store] <= 1.1 * stores_before[store], figures
        assert rss_after <= 1.1 * rss_before, figures
    finally:
        run_replicas._stop(server)
