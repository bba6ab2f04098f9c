"""The server process made ready once, at its first script run: every module the pages import,
torch's lazily loaded parts, Streamlit's polling of its config files stopped, then the garbage
collector told to leave all of that alone.

A class shares one process. Python's full collection walks every object the process holds (about
a third of a million once torch, pandas, plotly, scikit-learn and Streamlit are imported) and holds
the GIL while it does: 0.2-0.3 s, every few seconds under a class, in which no student's page
answers. gc.freeze() moves what exists now into a generation the collector never walks; modules
live as long as the process anyway. The pages' modules are imported first because a page's first
visit would otherwise bring its modules' objects in after the freeze, where every collection walks
them again. Reference counting still frees frozen objects; only cycles among them stay (the first
session's own few, see freeze()).
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import threading

import mlp_core
import ui
from mlp_core.network import warm_up
from ui import session_reaper

_lock = threading.Lock()
_ready = False


def begin() -> None:
    """From the app's script: prepare the process once, on a real server (AppTest and bare runs
    share their process with whatever runs them: nothing is frozen there). The first run of the
    process waits for it (a few seconds, once); not in a thread beside that run, whose own
    imports could then meet these halfway through a cycle of modules."""
    if session_reaper.on_a_server():
        prepare()


def prepare() -> bool:
    """Import, warm and freeze, once per process; True on the call that did it."""
    global _ready
    with _lock:
        if _ready:
            return False
        import_every_module()
        warm_up()  # torch's lazily loaded parts, imported now rather than by a first Train
        stop_file_polling()
        freeze()
        _ready = True
        return True


def import_every_module() -> list[str]:
    """Every module of mlp_core and ui (the pages import from these): their names."""
    names = []
    for package in (mlp_core, ui):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)
            names.append(info.name)
    return names


def stop_file_polling() -> int:
    """Stop Streamlit's polling of its config and secrets files; returns how many it polled.

    The server polls each config.toml and secrets.toml path 5 times a second for the whole life
    of the process, each poll a task in a thread pool, with the interpreter lock held: two thirds
    of an idle server's CPU, and most of what one lone Train costs the server while the browser
    plays it back for 7 s. The app reads no secrets, and a configuration changed under a running
    class would take effect at the next start, as it does for any deployed server.
    """
    from streamlit.watcher.polling_path_watcher import PollingPathWatcher

    # type(), not isinstance(): isinstance reads __class__, which a deprecated torch class warns on
    watchers = [o for o in gc.get_objects() if type(o) is PollingPathWatcher]
    for watcher in watchers:
        watcher.close()  # its next poll finds it closed and schedules no other
    return len(watchers)


def freeze() -> None:
    """Collect what is garbage now, then freeze the rest. The session whose run calls this is
    frozen with it: its AppSession's cycles are never collected (a few hundred objects);
    session_reaper clears its state when it ends, which refcounting frees."""
    gc.collect()
    gc.freeze()
