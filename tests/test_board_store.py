"""The class board's store, against SQLite and against a real PostgreSQL server (tests/
postgres_server.py): keys and roles, what a submission may hold, order, caps, rate, migrations."""

import itertools
import os
import threading

import pytest
from sqlalchemy import create_engine, text

from tests import postgres_server
from tests.hostile_text import NAMES
from ui.board import limits, schema
from ui.board.store import PNG_SIGNATURE, BoardError, BoardStore, Run
from ui.format import one_line

_databases = itertools.count()


@pytest.fixture(scope="session")
def postgres_url():
    if not postgres_server.available():
        if os.environ.get("CI"):
            pytest.fail(f"No PostgreSQL at {postgres_server.BIN}: install Debian's postgresql "
                        "(.ci/run does).")
        pytest.skip(f"no PostgreSQL at {postgres_server.BIN}")
    with postgres_server.postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'boards.sqlite3'}"
    server = request.getfixturevalue("postgres_url")
    name = f"board_{next(_databases)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server.rsplit("/", 1)[0] + "/" + name


class Clock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(url, clock):
    s = BoardStore(url, clock=clock)
    yield s
    s.close()


def run(name="Ann", test_acc=0.9, test_loss=0.3, **fields) -> Run:
    values = dict(name=name, settings="data=circles&hidden=6-6", train_loss=0.25, train_acc=0.92,
                  test_loss=test_loss, test_acc=test_acc, epochs=200, params=61)
    return Run(**{**values, **fields})


def test_a_board_has_an_id_and_two_different_secret_keys(store):
    a, b = store.create_board("teacher"), store.create_board("teacher")
    assert len({a.id, b.id, a.student_key, a.teacher_key, b.student_key, b.teacher_key}) == 6
    assert len(a.student_key) >= 22 and len(a.teacher_key) >= 32  # 128 and 192 random bits
    assert store.board(a.id) == a
    assert store.board("no-such-board") is None
    assert store.board("'; DROP TABLE boards; --") is None


def test_either_key_submits_and_the_figures_come_back_as_sent(store, clock):
    board = store.create_board("teacher")
    first = store.submit(board.id, board.student_key, run(picture=PNG_SIGNATURE + b"x"), "s1")
    clock.now += 1
    store.submit(board.id, board.teacher_key, run("Teacher", test_acc=None, test_loss=None), "s2")
    entries = store.entries(board.id, newest=True)
    assert [e.name for e in entries] == ["Teacher", "Ann"]
    ann = entries[1]
    assert (ann.id, ann.settings, ann.train_loss, ann.train_acc, ann.test_loss, ann.test_acc,
            ann.epochs, ann.params, ann.picture, ann.hidden, ann.created_at) == (
        first, "data=circles&hidden=6-6", 0.25, 0.92, 0.3, 0.9, 200, 61,
        PNG_SIGNATURE + b"x", False, 1_000_000.0)
    assert entries[0].accuracy == 0.92  # no test set: ranked by the train accuracy


@pytest.mark.parametrize("action", ["submit", "hide", "clear", "delete"])
def test_wrong_keys_and_unknown_boards_are_refused_and_change_nothing(store, action):
    board = store.create_board("teacher")
    kept = store.submit(board.id, board.student_key, run(), "s1")
    calls = {
        "submit": lambda b, k: store.submit(b, k, run("Eve"), "s9"),
        "hide": lambda b, k: store.set_hidden(b, k, [kept]),
        "clear": lambda b, k: store.clear(b, k),
        "delete": lambda b, k: store.delete(b, k),
    }
    wrong = ["", "x", board.student_key[:-1], board.teacher_key + "x", board.id]
    if action != "submit":
        wrong.append(board.student_key)  # the student key cannot hide, clear or delete
    for key in wrong:
        with pytest.raises(BoardError) as refused:
            calls[action](board.id, key)
        assert refused.value.code == "wrong_key"
    with pytest.raises(BoardError) as refused:
        calls[action]("nOsUcHbOaRd", board.teacher_key)
    assert refused.value.code == "unknown_board"
    assert [(e.id, e.hidden) for e in store.entries(board.id, hidden=True)] == [(kept, False)]


def test_the_teacher_hides_shows_clears_and_deletes(store, clock):
    board, other = store.create_board("teacher"), store.create_board("teacher")
    ids = []
    for k in range(3):
        clock.now += 1
        ids.append(store.submit(board.id, board.student_key, run(f"S{k}"), f"s{k}"))
    elsewhere = store.submit(other.id, other.student_key, run("Other"), "s9")
    # Another board's submission is out of reach of this board's teacher key.
    assert store.set_hidden(board.id, board.teacher_key, [ids[0], elsewhere]) == 1
    assert [e.name for e in store.entries(board.id, newest=True)] == ["S2", "S1"]
    assert [e.hidden for e in store.entries(board.id, newest=True, hidden=True)] == [
        False, False, True]
    assert store.set_hidden(board.id, board.teacher_key, [ids[0]], hidden=False) == 1
    assert len(store.entries(board.id)) == 3
    assert store.clear(board.id, board.teacher_key) == 3
    assert store.entries(board.id, hidden=True) == [] and store.board(board.id) == board
    assert [e.name for e in store.entries(other.id)] == ["Other"]
    store.delete(other.id, other.teacher_key)
    assert store.board(other.id) is None and store.entries(other.id, hidden=True) == []


def test_best_first_is_accuracy_then_loss_then_who_got_there_first(store, clock):
    board = store.create_board("teacher")
    sent = [("late tie", 0.9, 0.3), ("low loss", 0.9, 0.1), ("best", 0.97, 0.5),
            ("worst", 0.5, 0.2), ("early tie", 0.9, 0.3)]
    for name, acc, loss in sent:
        clock.now += 10
        store.submit(board.id, board.student_key, run(name, acc, loss), name)
    # "early tie" came last: of the two equal runs, "late tie" was there first.
    assert [e.name for e in store.entries(board.id)] == [
        "best", "low loss", "late tie", "early tie", "worst"]
    assert [e.name for e in store.entries(board.id, newest=True)] == [
        name for name, _, _ in reversed(sent)]
    assert [e.name for e in store.entries(board.id, limit=2)] == ["best", "low loss"]


def test_display_names_are_one_trimmed_line_of_text_at_most_the_limit(store):
    board = store.create_board("teacher")
    for k, name in enumerate(NAMES):
        store.submit(board.id, board.student_key, run(name), f"s{k}")
    stored = [e.name for e in store.entries(board.id, newest=True)][::-1]
    assert stored == [one_line(name, limits.NAME_LENGTH) for name in NAMES]
    for name in stored:
        assert len(name) <= limits.NAME_LENGTH and name == name.strip()
        assert not any(c in name for c in "\n\r\t\u202e\u200f\u2066")
    assert "\u202e" not in stored[NAMES.index("ZQX\u202egnp.exe")]
    for empty in ["", "   ", "\u202e\u200f", "\n\t"]:
        with pytest.raises(BoardError) as refused:
            store.submit(board.id, board.student_key, run(empty), "s-empty")
        assert refused.value.code == "no_name"


@pytest.mark.parametrize(("fields", "code"), [
    (dict(test_acc=1.5), "bad_scores"), (dict(train_acc=-0.1), "bad_scores"),
    (dict(train_loss=float("nan")), "bad_scores"), (dict(test_loss=float("inf")), "bad_scores"),
    (dict(test_loss=None), "bad_scores"), (dict(train_loss=-1.0), "bad_scores"),
    (dict(epochs=0), "bad_scores"), (dict(params=0), "bad_scores"),
    (dict(settings="x" * (limits.MAX_SETTINGS_LENGTH + 1)), "bad_settings"),
    (dict(settings="data=xor\n\nhi"), "bad_settings"),
    (dict(picture=b"<svg onload=alert(1)>"), "bad_picture"),
    (dict(picture=PNG_SIGNATURE + bytes(limits.MAX_PICTURE_BYTES)), "bad_picture"),
])
def test_figures_that_no_finished_run_has_are_refused(store, fields, code):
    board = store.create_board("teacher")
    with pytest.raises(BoardError) as refused:
        store.submit(board.id, board.student_key, run(**fields), "s1")
    assert refused.value.code == code
    assert store.count(board.id) == 0


def test_a_session_submits_at_most_its_rate_and_then_again_after_the_window(store, clock):
    board = store.create_board("teacher")
    for _ in range(limits.SESSION_SUBMISSIONS):
        clock.now += 1
        store.submit(board.id, board.student_key, run(), "eager")
    clock.now += 1
    with pytest.raises(BoardError) as refused:
        store.submit(board.id, board.student_key, run(), "eager")
    first = 1_000_001.0
    assert refused.value.code == "too_often"
    assert refused.value.values == {"n": limits.SESSION_SUBMISSIONS,
                                    "seconds": int(first + limits.SESSION_WINDOW_SECONDS
                                                   - clock.now)}
    store.submit(board.id, board.student_key, run(), "calm")  # another session is not held
    clock.now = first + limits.SESSION_WINDOW_SECONDS + 0.5  # the first one left the window
    store.submit(board.id, board.student_key, run(), "eager")
    assert store.count(board.id) == limits.SESSION_SUBMISSIONS + 2


def test_a_board_is_capped_and_creating_boards_is_rate_limited(store, clock, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SUBMISSIONS_PER_BOARD", 4)
    board = store.create_board("teacher")
    for k in range(4):
        store.submit(board.id, board.student_key, run(), f"s{k}")
    with pytest.raises(BoardError) as refused:
        store.submit(board.id, board.student_key, run(), "s9")
    assert (refused.value.code, refused.value.values) == ("board_full", {"n": 4})
    store.set_hidden(board.id, board.teacher_key, [store.entries(board.id)[0].id])
    with pytest.raises(BoardError):  # hidden ones still count: hiding is not emptying
        store.submit(board.id, board.student_key, run(), "s9")
    store.clear(board.id, board.teacher_key)
    store.submit(board.id, board.student_key, run(), "s9")

    for _ in range(limits.SESSION_BOARDS - 1):  # one made above
        store.create_board("teacher")
    with pytest.raises(BoardError) as refused:
        store.create_board("teacher")
    assert refused.value.code == "too_many_boards"
    store.create_board("another teacher")
    clock.now += limits.SESSION_WINDOW_SECONDS + 1
    store.create_board("teacher")


def test_submissions_at_once_never_pass_the_cap(url, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SUBMISSIONS_PER_BOARD", 10)
    store = BoardStore(url)
    board = store.create_board("teacher")
    outcomes = []

    def submit(k):
        try:
            store.submit(board.id, board.student_key, run(f"S{k}"), f"s{k}")
            outcomes.append("ok")
        except BoardError as error:
            outcomes.append(error.code)

    threads = [threading.Thread(target=submit, args=(k,)) for k in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.close()
    assert sorted(outcomes) == ["board_full"] * 10 + ["ok"] * 10
    assert BoardStore(url).count(board.id) == 10


def test_boards_survive_a_restart_and_the_schema_is_versioned(url, clock):
    first = BoardStore(url, clock=clock)
    board = first.create_board("teacher")
    first.submit(board.id, board.student_key, run(), "s1")
    first.close()
    again = BoardStore(url, clock=clock)  # a restarted server, or another replica
    assert again.board(board.id) == board and [e.name for e in again.entries(board.id)] == ["Ann"]
    with again.engine.begin() as conn:
        assert schema.migrate(conn) == schema.LATEST  # up to date: nothing to do
        assert conn.execute(text("SELECT count(*) FROM schema_version")).scalar() == 1
        conn.execute(text("UPDATE schema_version SET version = :v"), {"v": schema.LATEST + 1})
    again.close()
    with pytest.raises(schema.NewerSchema, match="schema version"):
        BoardStore(url)


def test_replicas_starting_together_migrate_an_empty_database_once(url):
    stores, errors = [], []

    def open_store():
        try:
            stores.append(BoardStore(url))
        except Exception as error:  # shown by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(stores) == 4
    with stores[0].engine.connect() as conn:
        assert conn.execute(text("SELECT version FROM schema_version")).scalars().all() == [
            schema.LATEST]
    for s in stores:
        s.close()
