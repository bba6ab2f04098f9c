"""Challenge links: signed params round-trip; an edit, a stale version or a foreign secret is
refused; the goal is judged from the run's numbers; replicas sharing a data directory agree."""

import math

import pytest

from tests.signing import known_secret  # noqa: F401 (autouse)
from ui import challenge as ch
from ui import challenge_secret
from ui.challenge_secret import DATA_DIR_ENV, SECRET_ENV

CARRIERS = {"lr": "lr", "batch": "batch", "layers": "hidden", "source": "data"}
CHALLENGE = ch.Challenge("Reach 90% on the spiral", ch.Goal("test_acc", 0.9, 100),
                         locked=("lr", "layers"), hidden=("source",),
                         board={"board": "b1", "bkey": "s3cret"})
PAGE = {"data": "spiral", "hidden": "8", "lr": "0.05", "epochs": "200", "lang": "vi"}


def link():
    return ch.params(CHALLENGE, PAGE, CARRIERS)


def test_a_link_reads_back_as_the_challenge_that_made_it_with_the_page_settings_kept():
    query = link()
    assert {k: query[k] for k in PAGE} == PAGE
    assert query["ch"] == ch.VERSION and query["goal"] == "test_acc:0.9"
    assert query["budget"] == "100" and query["lock"] == "lr,layers" and query["hide"] == "source"
    got = ch.read(query, CARRIERS)
    assert got.task == CHALLENGE.task and got.goal == CHALLENGE.goal
    assert got.locked == ("lr", "layers") and got.hidden == ("source",)
    assert got.board == {"board": "b1", "bkey": "s3cret"}
    # The fixed settings' URL text; batch is not fixed, so not recorded.
    assert got.fixed == {"lr": "0.05", "layers": "8", "source": "spiral"}


def test_a_link_without_a_challenge_reads_as_none():
    assert ch.read(PAGE, CARRIERS) is None


def test_a_setting_that_is_not_fixed_may_change_and_the_link_stays_valid():
    query = link() | {"epochs": "500", "batch": "8"}  # the student's own choices
    assert ch.read(query, CARRIERS).fixed["lr"] == "0.05"


@pytest.mark.parametrize("edit", [
    {"lr": "0.5"},  # a locked value
    {"hidden": "64-64"},  # the locked network shape
    {"data": "circles"},  # a hidden one
    {"budget": "1000"},
    {"goal": "test_acc:0.5"},
    {"task": "anything"},
    {"lock": "lr"},  # unlocking the network
    {"hide": ""},
    {"bkey": "other"},
    {"sig": "0" * 32},
])
def test_any_edit_of_what_is_signed_is_refused_as_tampered(edit):
    with pytest.raises(ch.Refused) as refused:
        ch.read(link() | edit, CARRIERS)
    assert refused.value.code == "tampered"


def test_a_dropped_fixed_value_is_refused_too():
    query = link()
    del query["lr"]  # would open at lr's default
    with pytest.raises(ch.Refused, match="tampered"):
        ch.read(query, CARRIERS)


def test_an_unknown_setting_name_in_lock_is_refused_not_raised():
    with pytest.raises(ch.Refused, match="tampered"):
        ch.read(link() | {"lock": "lr,nope"}, CARRIERS)


def test_another_version_is_stale():
    with pytest.raises(ch.Refused) as refused:
        ch.read(link() | {"ch": "0"}, CARRIERS)
    assert refused.value.code == "stale"


def test_a_link_signed_with_another_secret_is_refused(monkeypatch):
    query = link()
    monkeypatch.setenv(SECRET_ENV, "another server")
    challenge_secret.secret.cache_clear()
    with pytest.raises(ch.Refused, match="tampered"):
        ch.read(query, CARRIERS)


def test_the_signature_is_an_hmac_sha256_of_the_signed_values():
    import hashlib
    import hmac

    message = "a=1\nb=2"
    key = challenge_secret.secret()  # the test's own (tests/signing.py)
    assert key == b"the class server's secret"
    expected = hmac.new(key, message.encode(), hashlib.sha256).hexdigest()
    assert challenge_secret.sign(message) == expected[:challenge_secret.SIGNATURE_CHARS]


def test_replicas_sharing_a_data_directory_share_one_secret(monkeypatch, tmp_path):
    monkeypatch.delenv(SECRET_ENV)
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    challenge_secret.secret.cache_clear()
    first = ch.params(CHALLENGE, PAGE, CARRIERS)
    path = tmp_path / challenge_secret.SECRET_FILE
    written = path.read_text()
    assert len(written) == 64 and path.stat().st_mode & 0o77 == 0  # the server's own to read
    challenge_secret.secret.cache_clear()  # another replica: reads the file, writes nothing
    assert ch.read(first, CARRIERS).goal == CHALLENGE.goal
    assert path.read_text() == written
    assert [p.name for p in tmp_path.iterdir()] == [challenge_secret.SECRET_FILE]


def test_board_params_are_taken_from_a_pasted_board_link_and_the_teacher_key_is_not():
    pasted = " https://class.example/board?board=b7&bkey=stu&tkey=teacher&lang=vi "
    assert ch.board_params(pasted) == {"board": "b7", "bkey": "stu"}
    assert ch.board_params("") == {}


@pytest.mark.parametrize("metric, threshold, value, met", [
    ("test_acc", 0.9, 0.9, True), ("test_acc", 0.9, 0.8999, False),
    ("train_acc", 0.5, 1.0, True), ("test_loss", 0.2, 0.2, True),
    ("test_loss", 0.2, 0.2001, False), ("train_loss", 0.2, 0.1, True),
    ("test_acc", 0.0, math.nan, False),
])
def test_a_goal_is_met_at_its_threshold_or_beyond(metric, threshold, value, met):
    assert ch.Goal(metric, threshold).met_by(value) is met


def test_progress_reaches_the_goal_only_within_budget_with_the_fixed_settings_after_training():
    goal = ch.Goal("test_acc", 0.9, 67)
    assert ch.Progress(0.95, 67, (), 20).reached(goal)
    assert not ch.Progress(0.95, 68, (), 20).reached(goal)
    assert not ch.Progress(0.95, 67, ("lr",), 20).reached(goal)
    assert not ch.Progress(0.95, 67, (), 0).reached(goal)  # untrained
    assert not ch.Progress(0.85, 67, (), 20).reached(goal)
