"""Training for a slice of time: Train's head start and each live tick's slice.

The one loop that both a session's own thread (ui/studio/run.py) and a training worker
(ui/studio/pool.py) run, so that a run trains to the same epochs, with the same numbers, wherever
it trains. It imports nothing but the standard library: a worker that unpickles a Trainer imports
mlp_core.training and no more (not the datasets, not scikit-learn).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlp_core.training import Trainer


def train_for(t: Trainer, seconds: float, clock: Callable[[], float] = time.perf_counter,
              max_wall: float = math.inf, finish_within: float = 0.0,
              go_on: Callable[[], bool] = lambda: True) -> None:
    """Train whole epochs until `seconds` have passed on `clock`, training stops or go_on() says
    no (asked before each epoch).

    `seconds` on `clock` (wall time, or time.thread_time for this thread's CPU time); never more
    than `max_wall` seconds of wall time. Past `seconds` it trains on to the end of the run if,
    at the pace of its epochs so far, the whole call then takes at most `finish_within`.
    """
    start, wall_start, before = clock(), time.perf_counter(), t.epoch
    while t.stopped is None and go_on():
        t.run(1)
        spent = clock() - start
        if time.perf_counter() - wall_start >= max_wall:
            break
        if spent >= seconds:
            done, left = t.epoch - before, t.config.epochs - t.epoch
            if spent + left * spent / done > finish_within:
                break
