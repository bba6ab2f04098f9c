"""The server's count of students training at once, and the fair share of redraws it gives each."""

import threading

import pytest

from ui.studio import pacing
from ui.studio.pacing import REDRAW_BUDGET, fair_period
from ui.studio.traffic import Traffic


def test_sessions_count_while_they_tick_and_are_forgotten_after():
    traffic = Traffic(forget_seconds=3.0)
    assert traffic.tick("a", now=0.0) == 1
    assert traffic.tick("b", now=1.0) == 2
    assert traffic.tick("a", now=2.0) == 2  # a tick again is the same session
    assert traffic.live(now=3.5) == 2
    assert traffic.live(now=4.5) == 1  # b last ticked at 1.0: a closed tab frees its place
    assert traffic.tick("c", now=5.5) == 1  # a (2.0) and b are gone when c arrives


def test_a_session_that_stops_leaves_at_once():
    traffic = Traffic()
    traffic.tick("a", now=0.0)
    traffic.tick("b", now=0.0)
    traffic.leave("a")
    traffic.leave("never-there")  # leaving twice, or without ticking, is harmless
    assert traffic.live(now=0.1) == 1


def test_many_threads_ticking_at_once_are_all_counted():
    traffic = Traffic(forget_seconds=60.0)
    threads = [threading.Thread(target=lambda i=i: [traffic.tick(f"s{i}") for _ in range(200)])
               for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert traffic.live() == 20


@pytest.mark.parametrize("sessions", [1, 5, 20, 40])
def test_the_fair_period_keeps_the_servers_redraws_within_budget(sessions):
    period = fair_period(sessions)
    assert sessions / period == pytest.approx(REDRAW_BUDGET)


def test_alone_a_student_trains_the_plain_slice():
    # One session: its fair period is shorter than a tick plus a slice, so crowding adds nothing.
    assert fair_period(1) - pacing.TICK_SECONDS < pacing.TRAIN_SECONDS


@pytest.mark.parametrize("waited", [0.0, 0.05, 0.3, 5.0])
@pytest.mark.parametrize("sessions", [1, 20, 40])
def test_a_tick_trains_as_long_as_the_browser_drew_within_the_caps(waited, sessions):
    from ui.studio.pacing import MAX_TRAIN_SECONDS, TICK_SECONDS, TRAIN_SECONDS, train_slice

    slice_ = train_slice(waited, sessions)
    assert TRAIN_SECONDS <= slice_ <= MAX_TRAIN_SECONDS
    assert slice_ >= min(waited, MAX_TRAIN_SECONDS)
    # With a crowd, a tick plus its slice is at least the fair period: the budget holds.
    assert slice_ + TICK_SECONDS >= min(fair_period(sessions), MAX_TRAIN_SECONDS + TICK_SECONDS)


def test_the_regions_redraw_twice_a_second_alone_and_less_often_in_a_crowd():
    from ui.studio.pacing import MAX_REGION_SECONDS, REGION_SECONDS, region_period

    assert region_period(1) == REGION_SECONDS
    assert REGION_SECONDS < region_period(10) < MAX_REGION_SECONDS
    assert region_period(1000) == MAX_REGION_SECONDS
