"""Training off the script threads: a few worker processes that train for a class at once.

One process serves the whole class, one script thread per session, and they share one GIL. When
a crowd presses Train, a hundred head starts trained in those threads take the interpreter from
each other and from every lesson page's rerun: each head start runs out of wall time before its
run ends, the runs go live, and the live ticks redraw a hundred pages over and over. A head start
sent to a worker process instead is trained on a core of its own, first come first served, while
the session's thread sleeps on its result (no GIL held); the run comes back trained to its end
(the lecture's does), so the session needs no live tick, only the page its Train click draws.

The Trainer goes there and back pickled (the lecture's: ~50 kB with its 20 snapshots) and is
trained by the same code as in a thread (slices.train_for), so the numbers are the same. Only a
crowd uses the pool (ui/studio/run.py decides): a student alone trains in the thread as before.

Off when the environment variable MLP_TRAINING_WORKERS is "0"; unset, one worker per core. The
workers are started (spawn: a fresh interpreter, nothing of the server's threads copied) at the
first Train, and each imports torch once. A worker that dies or a run that cannot be pickled is
trained in the thread instead: the student never sees the pool.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import sys
import threading
import time
import types
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from mlp_core.training import Trainer

WORKERS_VARIABLE = "MLP_TRAINING_WORKERS"
ORPHAN_CHECK_SECONDS = 2.0
# The workers give way to the server: a lesson page's rerun or a click's answer waits for no
# crowd's training, which has seconds of slack where a student waits for a widget. Linux's
# scheduler gives a process at niceness 10 about a tenth of a core against one at 0.
WORKER_NICENESS = 10

_LOGGER = logging.getLogger(__name__)
_lock = threading.Lock()
_executor: ProcessPoolExecutor | None = None
_queued = 0  # head starts sent and not yet back: a crowd's queue


def workers_from(value: str | None, cores: int | None = None) -> int:
    """The workers MLP_TRAINING_WORKERS asks for; unset or blank: one per core; "0": no pool."""
    if value is None or not value.strip():
        return max(cores or os.cpu_count() or 1, 1)
    try:
        workers = int(value)
    except ValueError:
        raise ValueError(f"{WORKERS_VARIABLE} must be a whole number >= 0, "
                         f"got {value!r}.") from None
    if workers < 0:
        raise ValueError(f"{WORKERS_VARIABLE} must be a whole number >= 0, got {value!r}.")
    return workers


WORKERS = workers_from(os.environ.get(WORKERS_VARIABLE))


def _start_worker() -> None:
    # One thread each: the workers are as many as the cores, and a network this small gains
    # nothing from torch's threads but their contention.
    from mlp_core.training import use_one_thread

    use_one_thread()
    os.nice(WORKER_NICENESS)
    threading.Thread(target=_exit_with, args=(os.getppid(),), name="pool-orphan-watch",
                     daemon=True).start()


def _exit_with(server: int) -> None:
    """A server killed outright leaves its workers waiting for work that never comes: each one
    ends itself once its parent has gone (it is then another process's child)."""
    while os.getppid() == server:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(0)


def _pool() -> ProcessPoolExecutor | None:
    """The pool, started on first use with every worker at once (each takes a second or two to
    import torch: not while a crowd waits for it)."""
    global _executor
    if not WORKERS:
        return None
    with _lock:
        if _executor is None:
            _executor = ProcessPoolExecutor(WORKERS, multiprocessing.get_context("spawn"),
                                            initializer=_start_worker)
            with _no_main():
                for _ in range(WORKERS):  # each submit with no idle worker starts one
                    _executor.submit(_warm_up)
        return _executor


@contextlib.contextmanager
def _no_main() -> Iterator[None]:
    """A spawned worker runs the parent's __main__ again unless it is a package's __main__, and
    Streamlit makes the app's script the __main__ of every script run: without this, each worker
    would run app.py (importing Streamlit, scikit-learn and every page: 400 MB, seconds of CPU).
    A script run that starts in the few milliseconds between installs the app's __main__ again:
    that worker then runs app.py (bare, it draws nothing) and trains as well, only heavier."""
    main, blank = sys.modules["__main__"], types.ModuleType("__main__")
    sys.modules["__main__"] = blank
    try:
        yield
    finally:
        if sys.modules.get("__main__") is blank:
            sys.modules["__main__"] = main


def _warm_up() -> None:
    import mlp_core.training  # noqa: F401 (what a head start needs: torch, the Trainer)


def warm() -> None:
    """Start the workers now if they are not yet (the server's first Train), not when a crowd
    is already waiting for them. Returns at once."""
    _pool()


def shutdown() -> None:
    """Stop the workers (the next crowd starts them again)."""
    global _executor
    with _lock:
        executor, _executor = _executor, None
    if executor is not None:
        executor.shutdown(wait=True, cancel_futures=True)


def queued() -> int:
    """Head starts in the pool now, waiting or training."""
    return _queued


def _discard(broken: ProcessPoolExecutor) -> None:
    global _executor
    with _lock:
        if _executor is broken:
            _executor = None
    broken.shutdown(wait=False, cancel_futures=True)


def train_for(trainer: Trainer, seconds: float, max_wall: float,
              finish_within: float) -> Trainer | None:
    """`trainer` trained in a worker as slices.train_for trains it in this thread's CPU time;
    returns the trained copy, or None when there is no pool or it failed (train here then).

    Blocks until its turn has come and gone; the trainer passed in is left as it was.
    """
    global _queued
    pool = _pool()
    if pool is None:
        return None
    with _lock:
        _queued += 1
    try:
        sent = pickle.dumps(trainer)  # now, not later in the pool's feeder thread
        back = pool.submit(_train, sent, seconds, max_wall, finish_within).result()
        return pickle.loads(back)
    except BrokenProcessPool:
        _LOGGER.warning("training pool: a worker died; this run trains in its session's thread")
        _discard(pool)
    except Exception:  # whatever went wrong there, the thread can still train it
        _LOGGER.exception("training pool: this run trains in its session's thread")
    finally:
        with _lock:
            _queued -= 1
    return None


def _train(sent: bytes, seconds: float, max_wall: float, finish_within: float) -> bytes:
    """In a worker: the head start, in this worker's CPU time (its wait in the queue is not
    counted, as a thread's wait for its turn is not)."""
    from ui.studio.slices import train_for

    trainer = pickle.loads(sent)
    train_for(trainer, seconds, time.thread_time, max_wall, finish_within)
    return pickle.dumps(trainer)
