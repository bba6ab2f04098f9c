"""Turns at training (ui/studio/turns.py): at most `slots` at a time, first come first served."""

import threading
import time

import pytest

from ui.studio import run as studio_run
from ui.studio.turns import TRAINING, Turns, slots_from

WAIT = 30.0  # seconds a step may take on a busy machine before the test gives up (not timed)


def wait_until(condition) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the condition never came true")
        time.sleep(0.001)


class Holder:
    """A thread that takes a turn, notes it, and holds it until released."""

    def __init__(self, turns: Turns, name: str, log: list[str]):
        self.release = threading.Event()
        self.inside = threading.Event()

        def hold():
            with turns.turn():
                log.append(name)
                self.inside.set()
                self.release.wait(WAIT)

        self.thread = threading.Thread(target=hold, daemon=True)
        self.thread.start()

    def finish(self) -> None:
        self.release.set()
        self.thread.join(WAIT)
        assert not self.thread.is_alive()


def test_a_free_slot_is_taken_at_once_and_the_rest_wait_in_the_order_they_came():
    turns, log = Turns(2), []
    a, b = Holder(turns, "a", log), Holder(turns, "b", log)
    wait_until(lambda: a.inside.is_set() and b.inside.is_set())
    assert turns.busy == 2 and turns.waiting == 0
    c = Holder(turns, "c", log)
    wait_until(lambda: turns.waiting == 1)
    d = Holder(turns, "d", log)
    wait_until(lambda: turns.waiting == 2)
    assert not c.inside.is_set() and not d.inside.is_set()  # both slots are held
    b.finish()  # b leaves first, yet c, who came before d, goes next
    wait_until(c.inside.is_set)
    assert not d.inside.is_set() and turns.busy == 2 and turns.waiting == 1
    a.finish()
    wait_until(d.inside.is_set)
    c.finish()
    d.finish()
    assert log == ["a", "b", "c", "d"] or log == ["b", "a", "c", "d"]
    assert turns.busy == 0 and turns.waiting == 0


def test_never_more_holders_than_slots():
    turns, lock = Turns(2), threading.Lock()
    inside, most = [0], [0]

    def work():
        for _ in range(50):
            with turns.turn():
                with lock:
                    inside[0] += 1
                    most[0] = max(most[0], inside[0])
                time.sleep(0)  # let the others run while this one holds its turn
                with lock:
                    inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT)
    assert most[0] == 2  # both slots were used, never a third
    assert turns.busy == 0 and turns.waiting == 0


def test_a_turn_ends_with_an_exception_too():
    turns = Turns(1)
    with pytest.raises(RuntimeError), turns.turn():
        raise RuntimeError("a rerun interrupts the script")
    assert turns.busy == 0
    with turns.turn():  # the slot is free again
        assert turns.busy == 1


def test_slots_must_be_positive():
    with pytest.raises(ValueError, match=r"slots must be >= 1 or None, got 0"):
        Turns(0)


def test_no_slots_means_no_turns():
    turns, log = Turns(None), []
    holders = [Holder(turns, str(i), log) for i in range(5)]
    wait_until(lambda: all(h.inside.is_set() for h in holders))  # nobody waits
    assert turns.busy == 5 and turns.waiting == 0
    for h in holders:
        h.finish()
    assert turns.busy == 0


@pytest.mark.parametrize(("value", "slots"), [
    (None, None), ("", None), (" ", None), ("0", None), ("1", 1), ("4", 4), (" 2 ", 2)])
def test_the_slots_come_from_the_environment(value, slots):
    assert slots_from(value) == slots


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_a_bad_slots_value_is_refused(value):
    with pytest.raises(ValueError, match="MLP_TRAINING_SLOTS must be a whole number >= 0"):
        slots_from(value)


def test_the_studio_trains_in_a_turn(monkeypatch):
    """StudioRun.advance holds a turn while it trains, so a class shares the cores in order."""
    from mlp_core.datasets import DataSpec, load_iris
    from mlp_core.training import TrainConfig

    seen = []
    turns = Turns(1)
    original = studio_run.StudioRun._advance

    def spy(self, *args, **kwargs):
        seen.append(turns.busy)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(studio_run.turns, "TRAINING", turns)
    monkeypatch.setattr(studio_run.StudioRun, "_advance", spy)
    run = studio_run.StudioRun.start(DataSpec("iris"), TrainConfig(epochs=3), load_iris(seed=0))
    assert run.advance(10.0, while_running=False) == 3
    assert seen == [1] and turns.busy == 0
    assert TRAINING.slots is None or TRAINING.slots >= 1
