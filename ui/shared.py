"""Values built once for what they show and used by every session that shows the same.

A class running one preset sees the same things at the same epochs (the lecture's run is the same
run for every student): its confusion matrices at epoch 0 and at its end, the charts of its
playback. Building them is a session's script work each time; a kept one costs a dict lookup.
What is kept is shared between threads and sessions, so it is read-only once built.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Shared(Generic[T]):
    """The `size` values most recently asked for, by a key that names everything they show (the
    session's language included); the least recently asked for go first."""

    def __init__(self, size: int) -> None:
        self._kept: OrderedDict[Hashable, T] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()  # every session's script thread asks through it

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value `key` names: the kept one, or build()'s (two sessions asking at once may
        both build it; they build the same)."""
        with self._lock:
            value = self._kept.get(key)
            if value is not None:
                self._kept.move_to_end(key)
                return value
        value = build()  # outside the lock: other sessions' lookups do not wait for it
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._kept)
