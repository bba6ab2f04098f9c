"""AppTest: a teacher builds a challenge link in the studio; a student opening it finds the fixed
settings locked or hidden, the task, the goal and their progress, and "goal reached" only when the
run itself meets it. Edited or stale links open as plain links with a notice."""

import io
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest
import segno
from PIL import Image
from sklearn.metrics import accuracy_score
from streamlit.testing.v1 import AppTest

from mlp_core.datasets import DataSpec, load_iris
from mlp_core.training import TrainConfig
from tests.app.helpers import shown
from tests.app.test_hostile_text import assert_escaped
from tests.hostile_text import LONG, NAMES
from tests.signing import known_secret  # noqa: F401 (autouse)
from ui import challenge_secret, qr
from ui.challenge import MAX_TASK, Challenge, Goal, params
from ui.challenge_secret import SECRET_ENV
from ui.format import WORD_JOINER
from ui.i18n import catalogue
from ui.studio.challenge import CARRIERS, off_settings
from ui.studio.run import StudioRun

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "training_studio.py")
EN = catalogue("en")
TASK = "Beat **90%** <b>on Iris</b> [here](http://evil.example)"


def studio(query=None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    return at.run()


def build(metric="test_acc", threshold=0.9, budget=0, lock=("lr", "layers"), hide=("seed",),
          board="") -> dict:
    """The teacher's side: instant pace, then the builder filled in; returns the link's query."""
    at = studio()
    at.select_slider(key="studio.pace").set_value("instant").run()
    at.session_state["challenge.builder"] = True  # the popover open
    at.run()
    at.text_area(key="challenge.task").input(TASK)
    at.selectbox(key="challenge.metric").set_value(metric).run()
    at.number_input(key=f"challenge.threshold.{metric}").set_value(threshold)
    at.number_input(key="challenge.budget").set_value(budget)
    at.multiselect(key="challenge.lock").set_value(list(lock))
    at.multiselect(key="challenge.hide").set_value(list(hide))
    at.text_input(key="challenge.board").input(board).run()
    assert not at.exception
    (link,) = [c.value for c in at.code]
    return dict(parse_qsl(urlsplit(link).query))


def box_text(at) -> str:
    """The page's Markdown as a reader sees it (escapes and invisible word joiners gone)."""
    return " ".join(shown(m.value).replace(WORD_JOINER, "") for m in at.markdown)


def reached(at) -> bool:
    return any(s.value == EN["studio.challenge.reached"] for s in at.success)


def train(at) -> AppTest:
    at.button(key="studio.train").click().run()
    assert not at.exception and at.session_state["studio.run"].trainer.stopped is not None
    return at


def test_the_link_carries_the_settings_the_task_and_the_goal_signed():
    query = build(budget=100, board="https://x.example/board?board=b1&bkey=k2&tkey=t3")
    assert query["pace"] == "instant" and query["ch"] == "1"
    assert query["goal"] == "test_acc:0.9" and query["budget"] == "100"
    assert query["lock"] == "lr,layers" and query["hide"] == "seed" and query["task"] == TASK
    assert query["board"] == "b1" and query["bkey"] == "k2" and "tkey" not in query
    assert len(query["sig"]) == challenge_secret.SIGNATURE_CHARS


def test_a_student_sees_locked_and_hidden_controls_and_the_task_as_plain_text():
    at = studio(build())
    assert not at.exception
    assert at.select_slider(key="studio.lr").disabled
    assert at.slider(key="studio.layers").disabled
    assert at.number_input(key="studio.width.0").disabled
    assert not at.select_slider(key="studio.batch").disabled  # not fixed: the student's to try
    assert "studio.seed" not in [n.key for n in at.number_input]  # hidden
    text = box_text(at)
    assert TASK in text  # shown as written: no bold, no tag, no link
    (task,) = [m.value for m in at.markdown if "Beat" in m.value]
    assert "<b>" not in task and "**" not in task and "](" not in task  # all escaped
    assert EN["studio.challenge.goal_test_acc"].format(threshold="90.0%") in text
    assert not reached(at)
    assert at.session_state["studio.run"].trainer.epoch == 0


def test_goal_reached_when_the_run_meets_it_and_not_before():
    at = train(studio(build(threshold=0.9)))
    t, ds = at.session_state["studio.run"].trainer, load_iris()
    accuracy = accuracy_score(ds.y_test, t.predict(ds.X_test))
    assert accuracy >= 0.9  # the lecture's run: 4-8-3, 20 epochs
    assert reached(at)
    (bar,) = [p for p in at.get("progress") if "epoch 20" in p.proto.text]
    assert f"{accuracy:.1%}" in bar.proto.text and "67 parameters" in bar.proto.text


def test_no_goal_reached_beyond_the_run_or_over_the_budget():
    at = train(studio(build(threshold=1.0)))
    t, ds = at.session_state["studio.run"].trainer, load_iris()
    assert accuracy_score(ds.y_test, t.predict(ds.X_test)) < 1.0
    assert not reached(at)
    at = train(studio(build(threshold=0.5, budget=50)))  # the lecture's 4-8-3 has 67
    assert not reached(at)
    assert any(w.value == EN["studio.challenge.over_budget"].format(params=67, budget=50)
               for w in at.warning)


def test_presets_are_off_and_a_locked_setting_comes_back_whatever_the_session_holds():
    at = studio(build())
    assert at.button(key="studio.load_preset").disabled
    assert at.button(key="studio.defaults").disabled
    # What "Too high a learning rate" would store, as a request sent past the greyed-out buttons
    # would have a callback do: the next run puts the locked lr and network back.
    at.session_state["studio.lr"] = 10.0
    at.session_state["studio.layers"] = 0
    at.session_state["studio.batch"] = "full"  # not locked: stays
    at.run()
    assert at.select_slider(key="studio.lr").value == 0.01
    run = at.session_state["studio.run"]
    assert run.trainer.config.lr == 0.01 and run.trainer.config.hidden == (8,)
    assert run.trainer.config.batch_size is None
    assert "lr" not in at.query_params  # at its default, 0.01


@pytest.mark.parametrize("edit, code", [({"lr": "0.5"}, "tampered"), ({"lock": "lr"}, "tampered"),
                                        ({"ch": "0"}, "stale")])
def test_an_edited_or_stale_link_opens_as_a_plain_link_with_a_notice(edit, code):
    at = studio(build() | edit)
    assert not at.exception
    assert [w.value for w in at.warning] == [EN[f"challenge.{code}"]]
    assert not at.select_slider(key="studio.lr").disabled
    assert EN["challenge.header"] not in box_text(at)
    assert "ch" not in at.query_params and "sig" not in at.query_params
    if "lr" in edit:  # the link's settings still apply, as any link's do
        assert at.select_slider(key="studio.lr").value == 0.5


def test_leaving_the_challenge_frees_the_controls():
    at = studio(build())
    at.button(key="challenge.leave").click().run()
    assert not at.select_slider(key="studio.lr").disabled
    assert "studio.seed" in [n.key for n in at.number_input]
    assert "sig" not in at.query_params


def test_a_run_trained_with_other_settings_than_the_fixed_ones_is_named():
    challenge = Challenge("", Goal("test_acc", 0.9), locked=("lr", "layers", "batch"),
                          hidden=("seed",),
                          fixed={"lr": "0.01", "layers": "8", "batch": "", "seed": ""})
    ds = load_iris()
    same = StudioRun.start(DataSpec("iris"), TrainConfig(hidden=(8,), lr=0.01, batch_size=1), ds)
    assert off_settings(challenge, same) == ()
    other = StudioRun.start(DataSpec("iris", seed=3),
                            TrainConfig(hidden=(8, 8), lr=0.1, batch_size=None, seed=3), ds)
    assert set(off_settings(challenge, other)) == {"lr", "layers", "batch", "seed"}


def test_the_qr_code_holds_exactly_the_challenge_link_shown_beside_it(monkeypatch):
    pictures, png = [], qr.png

    def keep(text):  # the picture the page hands st.image (AppTest serves no media files)
        pictures.append(png(text))
        return pictures[-1]

    monkeypatch.setattr(qr, "png", keep)
    at = studio()
    at.session_state["challenge.builder"] = True
    at.run()
    at.text_area(key="challenge.task").input("Reach 90% with 100 parameters")
    at.toggle(key="challenge.qr").set_value(True).run()
    assert len(at.get("image")) == 1
    (link,) = [c.value for c in at.code]
    image = np.asarray(Image.open(io.BytesIO(pictures[-1])).convert("L"))
    np.testing.assert_array_equal(qr.modules(image, qr.module_pixels(qr.code(link))),
                                  np.array(segno.make_qr(link, error="m").matrix, dtype=bool))
    assert "task=Reach+90%25+with+100+parameters" in link


def test_a_server_that_cannot_keep_a_secret_says_so_instead_of_failing(monkeypatch, tmp_path):
    query = build()
    monkeypatch.delenv(SECRET_ENV)
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv(challenge_secret.DATA_DIR_ENV, str(blocked / "dir"))  # cannot be made
    challenge_secret.secret.cache_clear()
    at = studio(query)
    assert not at.exception
    assert [e.value for e in at.error] == [EN["challenge.no_secret"]]
    assert not at.select_slider(key="studio.lr").disabled


# A task is a paragraph, not a name: it is cut at MAX_TASK characters, not at a name's 60.
@pytest.mark.parametrize("task", [name for name in NAMES if name != LONG])
def test_a_hostile_task_reaches_the_student_as_plain_text(task):
    at = studio(params(Challenge(task, Goal("test_acc", 0.9)), {}, CARRIERS))
    assert EN["challenge.header"] in box_text(at)
    assert_escaped(at, [task])


def test_a_task_longer_than_the_limit_is_cut():
    at = studio(params(Challenge("x" * (MAX_TASK + 50), Goal("test_acc", 0.9)), {}, CARRIERS))
    assert [m.value for m in at.markdown if m.value.startswith("xxx")] == ["x" * MAX_TASK]
