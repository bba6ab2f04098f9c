"""AppTest: challenge links on the lesson pages. A teacher builds one from the page; a student
opening it reads the task, and the fixed settings stay at the link's values whatever is sent;
their widgets are styled locked or hidden. An edited link opens as a plain link with a notice."""

from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import metrics, page_path
from tests.signing import known_secret  # noqa: F401 (autouse)
from ui import state  # noqa: F401 (first: ui.lessons alone meets an import cycle via ui.widgets)
from ui.challenge import Challenge, params
from ui.i18n import catalogue
from ui.lesson_challenge import fixable
from ui.lessons import forward_backward, sigmoid_neuron

EN = catalogue("en")
SIGMOID = {name: name for name in fixable(sigmoid_neuron.SCHEMA)}
FORWARD_BACKWARD = {name: name for name in fixable(forward_backward.SCHEMA)}
TASK = "With w = 4 fixed, move b until the boundary sits at 1.25 hours."


def opened(page: str, query: dict) -> AppTest:
    at = AppTest.from_file(page_path(page), default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def sigmoid_link(**edits) -> dict:
    challenge = Challenge(TASK, None, locked=("w",), hidden=("x",))
    return params(challenge, {"w": "4", "x": "1.25"}, SIGMOID) | edits


def styles(at) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def test_a_teacher_builds_a_lesson_challenge_from_the_page():
    at = AppTest.from_file(page_path("sigmoid_neuron"), default_timeout=30).run()
    at.slider(key="sigmoid.w.slider").set_value(4.0).run()
    at.session_state["challenge.sigmoid.builder"] = True
    at.run()
    at.text_area(key="challenge.sigmoid.task").input(TASK)
    at.multiselect(key="challenge.sigmoid.lock").set_value(["w"]).run()
    assert at.multiselect(key="challenge.sigmoid.lock").options == [EN[f"sigmoid.{k}"] for k in
                                                                    ("weight", "bias", "input")]
    (link,) = [c.value for c in at.code]
    query = dict(parse_qsl(urlsplit(link).query))
    assert query["w"] == "4" and query["lock"] == "w" and query["task"] == TASK
    assert "goal" not in query and "ch" in query and "sig" in query


def test_a_student_finds_the_task_and_the_fixed_settings_held():
    at = opened("sigmoid_neuron", sigmoid_link())
    assert any(m.value.startswith("With w \\= 4 fixed") for m in at.markdown)
    assert EN["challenge.fixed"].format(names="Weight w") in [c.value for c in at.caption]
    assert metrics(at)["z = wx + b"] == f"{4 * 1.25 + 0.1:.4f}"
    # The widgets of w are locked, those of x hidden, by their keys' classes.
    css = styles(at)
    assert '.st-key-sigmoid-w, [class*="st-key-sigmoid-w-"] { pointer-events: none;' in css
    assert '.st-key-sigmoid-x, [class*="st-key-sigmoid-x-"] { display: none; }' in css
    # Whatever the browser sends, the server computes with the fixed values.
    at.slider(key="sigmoid.w.slider").set_value(-2.0).run()
    at.number_input(key="sigmoid.x.box").set_value(3.0).run()
    at.slider(key="sigmoid.b.slider").set_value(-5.0).run()  # not fixed: the student's to move
    assert at.session_state["sigmoid.w"] == 4.0 and at.session_state["sigmoid.x"] == 1.25
    assert metrics(at)["z = wx + b"] == "0.0000"  # 4 * 1.25 - 5: the boundary found
    assert at.query_params["w"] == "4" and at.query_params["b"] == "-5"


def test_leaving_frees_the_settings():
    at = opened("sigmoid_neuron", sigmoid_link())
    at.button(key="challenge.sigmoid.leave").click().run()
    at.slider(key="sigmoid.w.slider").set_value(-2.0).run()
    assert at.session_state["sigmoid.w"] == -2.0 and "pointer-events" not in styles(at)


@pytest.mark.parametrize("edit, code", [({"w": "3"}, "tampered"), ({"hide": ""}, "tampered"),
                                        ({"ch": "0"}, "stale")])
def test_an_edited_or_stale_lesson_link_opens_as_a_plain_link(edit, code):
    at = opened("sigmoid_neuron", sigmoid_link(**edit))
    assert [w.value for w in at.warning] == [EN[f"challenge.{code}"]]
    assert not any(m.value.startswith("With w") for m in at.markdown)
    assert "sig" not in at.query_params and "pointer-events" not in styles(at)
    assert at.session_state["sigmoid.w"] == float(edit.get("w", 4))  # a plain link's values


def test_a_locked_matrix_stays_as_the_link_gives_it():
    wh = "0.2,0.3;0.1,-0.1;0.5,0.4"
    link = params(Challenge("", None, locked=("wh", "output")), {"wh": wh}, FORWARD_BACKWARD)
    at = opened("forward_backward", link)
    expected = [[0.2, 0.3], [0.1, -0.1], [0.5, 0.4]]
    assert at.session_state["forward_backward.W_h"] == expected
    at.session_state["forward_backward.W_h"] = [[9.0, 9.0], [9.0, 9.0], [9.0, 9.0]]
    at.radio(key="forward_backward.output").set_value("softmax").run()
    assert not at.exception
    np.testing.assert_array_equal(at.session_state["forward_backward.W_h"], expected)
    assert at.radio(key="forward_backward.output").value == "sigmoid"
