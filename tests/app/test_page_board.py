"""AppTest of the class board: a teacher creates a board and gets its two links, the board lists
the class's runs, the teacher hides and clears, and the studio submits a finished run's own figures.

The store is a SQLite file in this test's directory (MLP_BOARD_DIR); tests/test_board_store.py
checks the store itself against SQLite and PostgreSQL.
"""

import io
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from mlp_core.datasets import UPLOADED, DataSpec
from mlp_core.network import layer_param_counts
from mlp_core.training import TrainConfig
from tests.app.test_hostile_text import assert_escaped
from tests.hostile_text import NAMES
from ui.board import limits
from ui.board.connection import store
from ui.board.store import ERRORS, Run
from ui.board.submit import not_ready
from ui.format import one_line
from ui.i18n import catalogue
from ui.studio.run import StudioRun

ROOT = Path(__file__).resolve().parents[2]
BOARD_PAGE = str(ROOT / "app_pages" / "board.py")
STUDIO_PAGE = str(ROOT / "app_pages" / "training_studio.py")


@pytest.fixture(autouse=True)
def own_store(tmp_path, monkeypatch):
    monkeypatch.setenv("MLP_BOARD_DIR", str(tmp_path))  # a store of this test's own


def board_at(**query) -> AppTest:
    at = AppTest.from_file(BOARD_PAGE, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def submit(board, name, acc, loss=0.3, session="s", **fields):
    values = dict(settings="data=xor&hidden=4", train_loss=0.2, train_acc=0.95, test_loss=loss,
                  test_acc=acc, epochs=100, params=17)
    return store().submit(board.id, board.student_key, Run(name, **{**values, **fields}),
                          session)


def table(at):
    (frame,) = [d.value for d in at.dataframe]
    return frame


def query_of(link: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}


def test_a_teacher_creates_a_board_and_gets_a_student_and_a_teacher_link():
    at = board_at()
    assert at.title[0].value == "Class board" and not at.dataframe
    at.button(key="board.create").click().run()
    assert not at.exception
    board_id = at.query_params["board"]
    board = store().board(board_id)
    student, teacher = (c.value for c in at.code)
    assert urlsplit(student).path.endswith("studio")
    assert query_of(student) == {"board": board_id, "bkey": board.student_key}
    assert urlsplit(teacher).path.endswith("board")
    assert query_of(teacher) == {"board": board_id, "tkey": board.teacher_key}
    # The teacher link only in the sidebar, the student link in the (projected) main area.
    assert teacher in [c.value for c in at.sidebar.code] and student not in [
        c.value for c in at.sidebar.code]
    assert "tkey" not in at.query_params
    assert at.info[0].value.startswith("No runs yet")


def test_the_teacher_key_leaves_the_address_bar_and_the_board_stays_the_teachers():
    board = store().create_board("teacher")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["board"], at.query_params["tkey"] = board.id, board.teacher_key
    at.switch_page("app_pages/board.py").run()
    assert not at.exception
    assert dict(at.query_params) == {"board": board.id}  # app.py drops what no page claimed
    assert at.button(key="board.clear")  # still the teacher's, from the session
    at.run()
    assert at.button(key="board.clear")


def test_the_board_lists_runs_best_first_or_newest_first_names_as_text():
    board = store().create_board("teacher")
    for name, acc in [("B", 0.8), ("A", 0.95), ("<b>C</b>", 0.9)]:
        submit(board, name, acc, session=name)
    at = board_at(board=board.id)
    frame = table(at)
    assert list(frame["name"]) == ["A", "<b>C</b>", "B"]
    assert list(frame["rank"]) == [1, 2, 3]
    assert list(frame["test_acc"]) == [95.0, 90.0, 80.0]
    assert query_of(frame["open"][0]) == {"data": "xor", "hidden": "4"}
    assert urlsplit(frame["open"][0]).path.endswith("studio")
    at.radio(key="board.order").set_value("newest").run()
    assert list(table(at)["name"]) == ["<b>C</b>", "A", "B"]
    # Without the teacher key: no teacher panel, no student link.
    assert not at.sidebar.header and not at.code


def test_unknown_boards_and_wrong_teacher_keys_are_said_and_change_nothing():
    at = board_at(board="nOsUcHbOaRd")
    assert at.error[0].value.startswith("There is no class board")
    assert at.button(key="board.create")  # and a new one can be made here
    board = store().create_board("teacher")
    submit(board, "Ann", 0.9)
    at = board_at(board=board.id, tkey=board.student_key)  # the student key cannot clear
    assert at.warning[0].value.startswith("The key in this link is not this board's teacher key")
    assert not at.sidebar.button and not at.code
    assert list(table(at)["name"]) == ["Ann"]
    assert store().count(board.id) == 1


def teacher_at(board) -> AppTest:
    return board_at(board=board.id, tkey=board.teacher_key)


def test_the_teacher_hides_and_shows_runs_and_the_projected_table_follows():
    board = store().create_board("teacher")
    ann, bob = submit(board, "Ann", 0.9, session="a"), submit(board, "Bob", 0.8, session="b")
    at = teacher_at(board)
    chooser = at.multiselect(key="board.selected")
    assert chooser.options == [f"#{bob} Bob", f"#{ann} Ann"]  # newest first
    chooser.set_value([ann]).run()
    at.button(key="board.hide").click().run()
    assert not at.exception
    assert list(table(at)["name"]) == ["Bob"]  # not even the teacher's projection shows it
    assert at.multiselect(key="board.selected").options == [f"#{bob} Bob", f"#{ann} Ann (hidden)"]
    at.multiselect(key="board.selected").set_value([ann]).run()
    at.button(key="board.show").click().run()
    assert list(table(at)["name"]) == ["Ann", "Bob"]


def test_clearing_and_deleting_wait_for_the_teachers_confirmation():
    board = store().create_board("teacher")
    submit(board, "Ann", 0.9)
    at = teacher_at(board)
    assert at.button(key="board.clear").disabled and at.button(key="board.delete").disabled
    at.checkbox(key="board.sure").check().run()
    at.button(key="board.clear").click().run()
    assert store().count(board.id) == 0 and at.info[0].value.startswith("No runs yet")
    assert not at.checkbox(key="board.sure").value  # asked again for the next one
    at.checkbox(key="board.sure").check().run()
    at.button(key="board.delete").click().run()
    assert store().board(board.id) is None
    assert at.button(key="board.create") and "board" not in at.query_params


def test_hostile_display_names_reach_the_board_as_text_only():
    board = store().create_board("teacher")
    for k, name in enumerate(NAMES):
        submit(board, name, 0.5 + k / 100, session=f"s{k}")
    at = teacher_at(board)
    assert_escaped(at, NAMES)
    shown = list(table(at)["name"])
    assert sorted(shown) == sorted(one_line(n, limits.NAME_LENGTH) for n in NAMES)
    options = at.multiselect(key="board.selected").options
    assert all("\n" not in o and "\u202e" not in o for o in [*shown, *options])


def test_every_refusal_of_the_store_has_a_sentence_in_both_languages():
    for lang in ("en", "vi"):
        assert {f"board.errors.{code}" for code in (*ERRORS, "unavailable")} <= set(
            catalogue(lang))


# ------------------------------------------------------------------- the studio's submit form
def studio_at(board=None, key=None, **query) -> AppTest:
    at = AppTest.from_file(STUDIO_PAGE, default_timeout=60)
    if board is not None:
        at.query_params["board"], at.query_params["bkey"] = board.id, key or board.student_key
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def noted(at, start: str) -> bool:
    """Whether a caption of the studio's main area begins with `start`."""
    return any(c.value.startswith(start) for c in at.main.caption)


def send(at, name: str) -> None:
    """Type a name in the form and submit it (a form's widgets count once it is submitted)."""
    at.text_input(key="studio.board_name").input(name)
    at.button(key="FormSubmitter:studio.board_form-Submit to the class board").click().run()


def train_to_the_end(at) -> None:
    at.button(key="studio.train").click().run()
    for _ in range(300):
        if not at.session_state["studio.run"].live:
            return
        at.run()
    raise AssertionError("training did not stop")


def test_without_a_board_in_the_link_the_studio_has_no_form():
    at = studio_at()
    assert not at.exception and "Class board" not in [h.value for h in at.header]


def test_a_finished_run_is_submitted_with_the_servers_own_figures():
    board = store().create_board("teacher")
    at = studio_at(board, data="xor", hidden="5", epochs="30", pace="instant",
                   # Values a tampered link might carry: the board never reads scores from it.
                   acc="1", params="1")
    assert "Class board" in [h.value for h in at.header]
    assert noted(at, "Train the run to the end")
    # The board itself, for anyone: its id and no key.
    assert [b.proto.url for b in at.get("link_button")] == [f"board?board={board.id}"]
    train_to_the_end(at)
    send(at, "  Ann  ")
    assert not at.exception
    assert at.success[-1].value == "Your run is on the class board as **Ann**."
    (entry,) = store().entries(board.id)
    run = at.session_state["studio.run"]
    h = run.trainer.history
    assert (entry.name, entry.epochs) == ("Ann", 30)
    assert entry.train_loss == pytest.approx(h.train_loss[-1])
    assert entry.test_acc == pytest.approx(h.test_acc[-1])
    assert entry.params == sum(c.params for c in layer_param_counts(2, (5,), 2)) == 27
    assert query_of("?" + entry.settings) == {"data": "xor", "hidden": "5", "epochs": "30",
                                              "pace": "instant"}
    picture = np.asarray(Image.open(io.BytesIO(entry.picture)))
    assert picture.shape == (limits.PICTURE_PIXELS, limits.PICTURE_PIXELS, 3)
    assert len(np.unique(picture.reshape(-1, 3), axis=0)) > 2  # regions, not a blank square
    # Its link opens the same run: trained again, the same final loss.
    again = studio_at(**query_of("?" + entry.settings))
    train_to_the_end(again)
    assert again.session_state["studio.run"].trainer.history.train_loss[-1] == pytest.approx(
        h.train_loss[-1])


def test_bad_keys_empty_names_and_the_rate_are_said_and_nothing_is_lost(monkeypatch):
    board = store().create_board("teacher")
    at = studio_at(board, key=board.student_key + "x")
    assert at.error[0].value.startswith("This link's key does not open this class board")
    at = studio_at(board, data="xor", epochs="5", pace="instant")
    train_to_the_end(at)
    send(at, " \u202e ")
    assert at.error[0].value.startswith("Type a name to show on the board")
    monkeypatch.setattr(limits, "SESSION_SUBMISSIONS", 1)
    send(at, "Ann")
    assert at.success[-1].value.startswith("Your run is on the class board")
    send(at, "Ann")
    assert at.error[0].value.startswith("You have submitted 1 runs in the last minute")
    assert at.text_input(key="studio.board_name").value == "Ann"  # still there to send again
    assert store().count(board.id) == 1


def test_a_diverged_or_unfinished_run_is_not_offered():
    board = store().create_board("teacher")
    at = studio_at(board)
    assert noted(at, "Train the run to the end")
    at.selectbox(key="studio.preset").set_value("Too high a learning rate").run()
    at.button(key="studio.load_preset").click().run()
    train_to_the_end(at)
    run = at.session_state["studio.run"]
    assert run.trainer.stopped is not None and run.trainer.stopped.non_finite
    assert noted(at, "This run's loss stopped being a number")
    assert not at.text_input


def test_only_a_finished_run_that_its_link_reproduces_is_offered():
    spec = DataSpec("xor")
    run = StudioRun.start(spec, TrainConfig(hidden=(4,), epochs=3), spec.load())
    assert not_ready(None) == "while_training"
    assert not_ready(run) == "train_first"
    run.running = True
    assert not_ready(run) == "while_training"
    run.running = False
    run.trainer.run(3)
    assert not_ready(run) == ""
    run.reconfigure(TrainConfig(hidden=(4,), epochs=3, lr=0.1))  # lr changed: not one run
    assert not_ready(run) == "changed"
    uploaded = StudioRun.start(DataSpec(UPLOADED), run.config, spec.load())
    uploaded.trainer.run(3)
    assert not_ready(uploaded) == "uploaded"


def test_the_board_speaks_vietnamese():
    board = store().create_board("teacher")
    submit(board, "Ann", 0.9)
    at = AppTest.from_file(BOARD_PAGE, default_timeout=60)
    at.session_state["app.lang"] = "vi"
    at.query_params["board"], at.query_params["tkey"] = board.id, board.teacher_key
    at.run()
    assert not at.exception
    assert at.title[0].value == "Bảng của lớp"
    assert at.radio(key="board.order").options == ["Tốt nhất trước", "Mới nhất trước"]
    assert at.button(key="board.clear").label == "Xoá sạch bảng"
    at = board_at(board="nOsUcHbOaRd")
    at.session_state["app.lang"] = "vi"
    at.run()
    assert at.error[0].value.startswith("Không có bảng nào của lớp")
