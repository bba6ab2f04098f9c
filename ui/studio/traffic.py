"""How many students are training at once on this server, so live views can share it fairly.

One process serves a whole class. Each live tick costs the server a few milliseconds and the
student's browser a redraw; with many students training at once, every session ticks less often
(and trains longer per tick) so the server's total stays near pacing.REDRAW_BUDGET. It keeps an
opaque session id and a time per live session, nothing a student entered, and forgets a session
a few seconds after its last tick (a closed tab frees its place by itself).
"""

from __future__ import annotations

import threading
import time

FORGET_SECONDS = 3.0  # a session that has not ticked for this long no longer counts


class Traffic:
    """Sessions that ticked in the last FORGET_SECONDS; thread-safe (sessions are threads)."""

    def __init__(self, forget_seconds: float = FORGET_SECONDS):
        self.forget_seconds = forget_seconds
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def tick(self, session_id: str, now: float | None = None) -> int:
        """Note a tick of `session_id`; return how many sessions are live, this one included."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._last[session_id] = now
            for sid in [s for s, t in self._last.items() if now - t > self.forget_seconds]:
                del self._last[sid]
            return len(self._last)

    def leave(self, session_id: str) -> None:
        """The session stopped training (paused, finished, reset)."""
        with self._lock:
            self._last.pop(session_id, None)

    def live(self, now: float | None = None) -> int:
        now = time.monotonic() if now is None else now
        with self._lock:
            return sum(now - t <= self.forget_seconds for t in self._last.values())


# One per server process, shared by every session on purpose: it is the server's load.
LIVE = Traffic()
# Sessions that pressed Train lately: a class pressing at once is a crowd before any of them ticks.
TRAINS = Traffic()
