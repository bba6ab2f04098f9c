"""Give back what a closed session held: its uploads, its downloads and its memory.

Streamlit keeps a session whose WebSocket went away for `server.disconnectedSessionTTL` seconds,
so that a student whose network blinked finds their work again. When that time is up, Streamlit
1.67 drops the session from its store without shutting it down (streamlit issue 12506; the fix,
pull request 12521, was not merged): the session's uploaded files and media files (the studio's
downloads) stay in the server's memory for good, and the store keeps the expired session itself,
session state and all (models, datasets), until a later write to the store happens to reap it.
And .streamlit/config.toml turns off Streamlit's full garbage collection after every script run
(its CPU cost with torch loaded), so the cycles a session leaves behind wait for Python's own,
rare, full collections.

So every run of the app notes its session here (`watch`), and one daemon thread per process looks
every SWEEP_SECONDS. A session that has not been active for longer than the TTL can no longer be
resumed (the store reports an expired entry as absent), so the thread does, on the session's
event loop, what Streamlit's shutdown of a session does (free its uploads, media, dataframe
sources and session caches), empties its session state and drops the session from Streamlit's
store of closed sessions, which would otherwise keep it whole: that gives the memory back. Then
it collects the garbage once for all the sessions that ended, for the cycles torch and Streamlit
leave, and hands the heap's free pages back to the system (trim_heap). A tab that stays open
costs nothing here: only ended sessions are touched, and a collection runs only when one ended.

This reads private attributes of Streamlit: AppSession's `_event_loop` (shutdown must run on the
loop that owns the session) and `_session_state`, and the Runtime's `_session_mgr._session_storage`
(the store). tests/browser/test_memory.py fails if a Streamlit upgrade changes them, and
tests/test_session_reaper.py if the store changes.

One race is accepted: a tab that drops, comes back and drops again within one sweep is timed from
its first drop, so it can be ended up to SWEEP_SECONDS before Streamlit would have forgotten it.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import threading
import time
import weakref
from collections.abc import Mapping

from streamlit import config
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

SWEEP_SECONDS = 5.0
ARENAS = 2  # glibc malloc arenas for the whole server (limit_arenas)
M_ARENA_MAX = -8  # mallopt's parameter number (glibc's malloc.h)

_LOGGER = logging.getLogger(__name__)
_lock = threading.Lock()
_sessions: dict[str, weakref.ref] = {}  # session id -> its AppSession, while it may come back
_inactive_since: dict[str, float] = {}  # session id -> when a sweep first saw it disconnected
_sweeper: threading.Thread | None = None


def watch() -> None:
    """Note the session running this script; start the sweeper once per process."""
    global _sweeper
    ctx = get_script_run_ctx()
    if ctx is None or not on_a_server():  # AppTest and bare runs have no server to free
        return
    session = Runtime.instance().get_app_session(ctx.session_id)
    with _lock:
        if session is not None and ctx.session_id not in _sessions:
            _sessions[ctx.session_id] = weakref.ref(session)
        if _sweeper is None:
            limit_arenas()
            _sweeper = threading.Thread(target=_sweep_forever, name="session-reaper", daemon=True)
            _sweeper.start()


def on_a_server() -> bool:
    """True under `streamlit run`; False in AppTest (whose stand-in Runtime, a mock, passes
    isinstance but not type()) and in bare runs."""
    return Runtime.exists() and type(Runtime.instance()) is Runtime


def ended_sessions(runtime: Runtime, now: float, ttl: float) -> list[str]:
    """Ids of noted sessions that have not been active for longer than ttl; forget them."""
    ended = []
    with _lock:
        for session_id in list(_sessions):
            if runtime.is_active_session(session_id):
                _inactive_since.pop(session_id, None)
            elif now - _inactive_since.setdefault(session_id, now) > ttl:
                ended.append(session_id)
                del _inactive_since[session_id]
    return ended


def _end(runtime: Runtime, session) -> None:
    """On the session's event loop: Streamlit's own shutdown, its state let go, then the session
    itself dropped from Streamlit's store of closed sessions."""
    session.shutdown()  # uploads, media, dataframe sources, session caches
    session._session_state.clear()  # the models and datasets a student built
    forget(runtime._session_mgr._session_storage, session.id)


def forget(storage, session_id: str) -> None:
    """Drop an expired session from Streamlit's store (a MemorySessionStorage).

    The store treats an expired entry as absent but keeps it, and with it the whole AppSession,
    until a later disconnect writes to the store: the last class of the day is never dropped.
    Emptying its session state is not enough: the widgets' callbacks and their arguments (the
    studio's run, its Trainer) stay in the state's widget metadata, which clear() keeps; so do
    the session's fragments and its last messages. Deleting an expired entry removes it and
    raises KeyError (it was "absent").
    """
    with contextlib.suppress(KeyError):
        storage.delete(session_id)


def _sweep_forever() -> None:
    while True:
        time.sleep(SWEEP_SECONDS)
        try:
            sweep()
        except Exception:  # the sweeper must outlive any one bad sweep
            _LOGGER.exception("session reaper: sweep failed")


def sweep() -> int:
    """End every session past the TTL; collect garbage if any ended. Returns how many ended."""
    if not Runtime.exists():
        return 0
    runtime = Runtime.instance()
    ttl = float(config.get_option("server.disconnectedSessionTTL"))
    ended = ended_sessions(runtime, time.monotonic(), ttl)
    done = []
    for session_id in ended:
        with _lock:
            session = _sessions.pop(session_id)()
        if session is None:  # collected already: its __del__ ran Streamlit's shutdown
            continue
        finished = threading.Event()

        def end(session=session, finished=finished) -> None:
            try:
                _end(runtime, session)
            finally:
                finished.set()

        session._event_loop.call_soon_threadsafe(end)
        done.append(finished)
        del session
    for finished in done:
        finished.wait(timeout=30)
    if ended:
        # A download nobody refers to any more is only marked on the first pass that finds it
        # and deleted on the next (a browser may still be fetching it); shutdown made the first.
        runtime.media_file_mgr.remove_orphaned_files()
        gc.collect()
        trim_heap()
    return len(ended)


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # no glibc (macOS, musl): nothing to tune
        return None


def limit_arenas(environ: Mapping[str, str] = os.environ) -> bool:
    """At most ARENAS glibc arenas from now on, unless the server's environment sets
    MALLOC_ARENA_MAX (as deploy/run_replicas.SERVER_ENV, `make run` and the Docker image do);
    False if it does, or where there is no glibc.

    glibc gives each thread that allocates an arena of its own, up to 8 per core, and Streamlit
    runs every script run in a new thread: a class's objects end up spread over many arenas whose
    freed pages stay the process's (deploy/README.md, "A class that leaves"). The variable is read
    when the process starts; a server started by hand without it has made only a few arenas by
    its first script run, and glibc fixes its limit only once it has made more than 8, so capping
    it here keeps every later script thread in those.
    """
    if environ.get("MALLOC_ARENA_MAX", "").strip():
        return False
    libc = _libc()
    return libc is not None and libc.mallopt(M_ARENA_MAX, ARENAS) == 1


def trim_heap() -> bool:
    """Hand the heap's free pages back to the system (glibc's malloc_trim); False where there is
    no glibc.

    A class's sessions are many small objects spread over the heap: freed, they stay the
    process's own, mostly as free pieces of glibc's arenas too small to give back (fewer with
    fewer arenas: limit_arenas), which a trim does not reach either; it gives back the whole free
    pages there are, a few MB after a class, for a few milliseconds per batch of ended sessions.
    A second trim later gave back nothing more (deploy/README.md, "A class that leaves").
    """
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
