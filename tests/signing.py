"""A known secret for challenge links during a test (imported as a fixture where links are made)."""

import pytest

from ui import challenge_secret


@pytest.fixture(autouse=True)
def known_secret(monkeypatch):
    """Links signed with a secret of the test's, never the machine's data directory's."""
    monkeypatch.setenv(challenge_secret.SECRET_ENV, "the class server's secret")
    challenge_secret.secret.cache_clear()
    yield
    challenge_secret.secret.cache_clear()
