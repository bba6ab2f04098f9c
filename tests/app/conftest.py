"""Fixtures of the pages' AppTest tests."""

import pytest

from ui.studio import pacing, traffic


@pytest.fixture
def alone(monkeypatch):
    """A student alone on the server, whose Train plays the lecture's run back in the browser.

    Another test's live session, still counted for a few seconds, would make this one a crowd
    (bigger steps a frame, or no playback: pacing). And Train's head start must finish the run,
    however busy the test machine: the first run a process trains costs several times a warm one.
    """
    monkeypatch.setattr(traffic, "LIVE", traffic.Traffic())
    monkeypatch.setattr(traffic, "TRAINS", traffic.Traffic())
    monkeypatch.setattr(pacing, "HEAD_START_SECONDS", 60.0)
