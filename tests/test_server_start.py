"""The server process made ready once: every module imported, torch warmed, the rest frozen."""

import gc
import json
import subprocess
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]

PREPARE_IN_A_FRESH_PROCESS = """
import gc, json, pkgutil, sys
import mlp_core, ui
from ui import server_start

first, second = server_start.prepare(), server_start.prepare()
modules = [i.name for p in (mlp_core, ui)
           for i in pkgutil.walk_packages(p.__path__, p.__name__ + ".")]
print(json.dumps({
    "first": first, "second": second,
    "missing": [m for m in modules if m not in sys.modules],
    "frozen": gc.get_freeze_count(),
    "walked": len(gc.get_objects()),  # what a full collection walks now
    "dynamo": "torch._dynamo" in sys.modules,
}))
"""


def test_prepare_imports_every_module_warms_torch_and_freezes_it_once():
    out = subprocess.run([sys.executable, "-c", PREPARE_IN_A_FRESH_PROCESS], cwd=ROOT,
                         capture_output=True, text=True, check=True, timeout=300)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert (got["first"], got["second"]) == (True, False)
    assert got["missing"] == []
    assert got["dynamo"]  # the first torch.optim step's import, done here
    # The imports' objects (torch, pandas, plotly, Streamlit: hundreds of thousands) are frozen;
    # a full collection walks only what came after, a small fraction of them.
    assert got["frozen"] > 100_000
    assert got["walked"] < got["frozen"] / 20


def test_an_apptest_run_freezes_nothing_in_the_process_running_it():
    """AppTest has no server Runtime: the test process's objects stay the collector's."""
    before = gc.get_freeze_count()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert gc.get_freeze_count() == before


def test_the_servers_file_polling_stops_and_every_watcher_says_so(tmp_path):
    """Streamlit polls its config and secrets files 5 times a second for ever; prepare() stops
    every such watcher (each reschedules its next poll only while it is active)."""
    from streamlit.watcher.polling_path_watcher import PollingPathWatcher

    from ui import server_start

    watchers = [PollingPathWatcher(str(tmp_path / name), print, allow_nonexistent=True)
                for name in ("config.toml", "secrets.toml")]
    assert all(w._active for w in watchers)
    assert server_start.stop_file_polling() >= len(watchers)
    assert not any(w._active for w in watchers)
