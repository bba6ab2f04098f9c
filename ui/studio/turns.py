"""Turns at training: a class that presses Train at once trains a few sessions at a time, in order.

One process serves the whole class, one script thread per session. Without turns, twenty sessions
training at once are twenty threads taking the GIL from each other and from everything else the
server does: each of them finishes late, and a student who only moved a slider on a lesson page
waits behind all twenty for a share of the interpreter. With turns, at most `slots` sessions train
at a time (one per core) and the others wait, first come first served, without using the CPU:
each Train ends as soon as its own turn has run, and a lesson page's rerun shares the server with
a few training threads, not with the whole class.

A turn covers one stretch of training (Train's head start, one live tick's slice: a fraction of
a second), never a page's drawing, so nobody waits long for one. It holds an opaque place in a
queue and nothing a student entered.

Off unless the environment variable MLP_TRAINING_SLOTS says how many sessions train at once (2 on
two cores; unset or 0: no turns, every session trains as soon as it asks). Measured side by side
on a busy shared machine, turns made lesson pages answer sooner while a class trained, and made a
class that pressed Train together wait longer (benchmarks/README.md): `make load-server` on the
class's own server settles it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import deque
from collections.abc import Iterator

SLOTS_VARIABLE = "MLP_TRAINING_SLOTS"


class Turns:
    """At most `slots` holders at a time; the others are served in the order they asked.

    slots None: no limit, a turn is always free at once.
    """

    def __init__(self, slots: int | None):
        if slots is not None and slots < 1:
            raise ValueError(f"slots must be >= 1 or None, got {slots}.")
        self.slots = slots
        self._lock = threading.Lock()
        self._queue: deque[threading.Event] = deque()
        self._busy = 0

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for a turn (none if a slot is free and nobody is waiting), hold it, pass it on."""
        mine = threading.Event()
        with self._lock:
            if (self.slots is None or self._busy < self.slots) and not self._queue:
                self._busy += 1
                mine.set()
            else:
                self._queue.append(mine)
        mine.wait()
        try:
            yield
        finally:
            with self._lock:
                if self._queue:
                    self._queue.popleft().set()  # the slot goes straight to the next in line
                else:
                    self._busy -= 1

    @property
    def busy(self) -> int:
        """Turns being held now."""
        with self._lock:
            return self._busy

    @property
    def waiting(self) -> int:
        """Sessions waiting for a turn now."""
        with self._lock:
            return len(self._queue)


def slots_from(value: str | None) -> int | None:
    """The slots MLP_TRAINING_SLOTS asks for; unset, blank or "0": None, no turns."""
    if value is None or not value.strip():
        return None
    try:
        slots = int(value)
    except ValueError:
        raise ValueError(f"{SLOTS_VARIABLE} must be a whole number >= 0, got {value!r}.") from None
    if slots < 0:
        raise ValueError(f"{SLOTS_VARIABLE} must be a whole number >= 0, got {value!r}.")
    return slots or None


# One per server process, shared by every session on purpose: it is the server's cores.
TRAINING = Turns(slots_from(os.environ.get(SLOTS_VARIABLE)))
