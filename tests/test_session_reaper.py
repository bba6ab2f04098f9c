"""When the reaper takes a session for ended: only once it has been gone longer than the TTL.

The whole round (uploads, downloads and RSS given back by a real server) is
tests/browser/test_memory.py; this pins the rule that decides which sessions are ended.
"""

import re
import weakref
from pathlib import Path

import pytest

from ui import session_reaper

TTL = 120.0


class FakeRuntime:
    """Only what the rule asks a runtime: which sessions have a live WebSocket."""

    def __init__(self):
        self.active: set[str] = set()

    def is_active_session(self, session_id: str) -> bool:
        return session_id in self.active


class Session:
    pass


@pytest.fixture
def runtime(monkeypatch):
    monkeypatch.setattr(session_reaper, "_sessions", {})
    monkeypatch.setattr(session_reaper, "_inactive_since", {})
    kept = [Session(), Session()]
    session_reaper._sessions.update({"a": weakref.ref(kept[0]), "b": weakref.ref(kept[1])})
    fake = FakeRuntime()
    fake.active = {"a", "b"}
    yield fake


def ended(runtime, now):
    found = session_reaper.ended_sessions(runtime, now, TTL)
    for session_id in found:  # as sweep() does with an ended session
        del session_reaper._sessions[session_id]
    return found


def test_an_open_tab_is_never_ended(runtime):
    assert [ended(runtime, t) for t in (0.0, 1e4, 1e6)] == [[], [], []]


def test_a_closed_tab_is_ended_only_after_the_ttl_and_once(runtime):
    runtime.active.discard("a")
    assert ended(runtime, 0.0) == []  # first seen gone
    assert ended(runtime, TTL) == []  # Streamlit may still hand it back to a reconnect
    assert ended(runtime, TTL + 0.1) == ["a"]
    assert ended(runtime, 2 * TTL) == []
    assert set(session_reaper._sessions) == {"b"}


def test_a_tab_that_comes_back_within_the_ttl_starts_its_clock_again(runtime):
    runtime.active.discard("b")
    assert ended(runtime, 0.0) == []
    runtime.active.add("b")  # the network blinked
    assert ended(runtime, TTL / 2) == []
    runtime.active.discard("b")
    assert ended(runtime, TTL) == []
    assert ended(runtime, TTL / 2 + TTL) == []  # its first drop no longer counts
    assert ended(runtime, TTL + TTL + 0.1) == ["b"]


def test_outside_a_streamlit_server_nothing_is_watched_or_swept(monkeypatch):
    monkeypatch.setattr(session_reaper, "_sessions", {})
    monkeypatch.setattr(session_reaper, "_sweeper", None)  # an AppTest in this worker may have one
    session_reaper.watch()  # no script run context here
    assert session_reaper._sessions == {} and session_reaper._sweeper is None
    assert session_reaper.sweep() == 0


def test_a_trim_gives_the_heaps_free_pages_back_to_the_system():
    def rss_mb() -> float:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"^VmRSS:\s+(\d+) kB$", status, re.M).group(1)) / 1024

    # 100 MB of objects from malloc's heap (not Python's own small-object arenas, which go back
    # by themselves), then one more on top: freeing the rest leaves the heap's top in use.
    held = [bytes(1000 + i % 7) for i in range(100_000)]
    top = bytes(1000)
    full = rss_mb()
    del held
    assert rss_mb() > full - 20  # freed, but still the process's
    assert session_reaper.trim_heap()
    assert rss_mb() < full - 80  # given back
    del top


class LoopNow:
    """An event loop stand-in that runs what it is handed at once (sweep waits for it)."""

    def call_soon_threadsafe(self, callback) -> None:
        callback()


class ClosedSession:
    """What the reaper touches of an AppSession: its id, shutdown, state and loop."""

    def __init__(self, session_id: str):
        self.id = session_id
        self._event_loop = LoopNow()
        self._session_state = {"studio.run": object()}

    def shutdown(self) -> None:
        pass


class StoreRuntime:
    """A runtime with Streamlit's own store of closed sessions, with no live session."""

    def __init__(self, storage):
        self._session_mgr = type("Mgr", (), {"_session_storage": storage})()
        self.media_file_mgr = type("Media", (), {"remove_orphaned_files": lambda self: None})()

    def is_active_session(self, session_id: str) -> bool:
        return False


def test_an_ended_session_is_dropped_from_streamlits_store_and_collected(monkeypatch):
    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.session_manager import SessionInfo

    # TTL 0: the entry is expired (absent to Streamlit) as soon as it is saved, as a closed
    # tab's is after server.disconnectedSessionTTL; the store keeps it until another save.
    storage = MemorySessionStorage(ttl_seconds=0)
    session = ClosedSession("gone")
    storage.save(SessionInfo(client=None, session=session))
    assert storage.get("gone") is None
    runtime = StoreRuntime(storage)
    monkeypatch.setattr(session_reaper, "_sessions", {"gone": weakref.ref(session)})
    monkeypatch.setattr(session_reaper, "_inactive_since", {"gone": -1.0})
    monkeypatch.setattr(session_reaper.Runtime, "exists", staticmethod(lambda: True))
    monkeypatch.setattr(session_reaper.Runtime, "instance", staticmethod(lambda: runtime))
    monkeypatch.setattr(session_reaper.config, "get_option", lambda name: 0)
    collected = weakref.ref(session)
    del session

    assert session_reaper.sweep() == 1
    assert storage._cache._data == {}  # Streamlit's own store no longer holds it
    assert collected() is None


def test_the_arenas_are_capped_unless_the_servers_environment_says_how_many():
    # glibc's mallopt answers 1 when it takes the limit; where there is no glibc nothing is set.
    assert session_reaper.limit_arenas({}) is (session_reaper._libc() is not None)
    assert session_reaper.limit_arenas({"MALLOC_ARENA_MAX": "4"}) is False
