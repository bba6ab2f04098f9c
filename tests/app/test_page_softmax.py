"""AppTest of the softmax page: the lecture's 0.8949, torch checks, links, presenter, Vietnamese."""

import json

import pytest
import torch
import torch.nn.functional as F
from streamlit.testing.v1 import AppTest

from tests.app.helpers import f4, metrics, open_with, page_path
from tests.app.helpers import shown as read_markdown
from ui.figures.palette import class_color
from ui.i18n import LANG_KEY, catalogue
from ui.presenter import FIGURE_FONT, PRESENT_KEY

PAGE = page_path("softmax")


@pytest.fixture
def at():
    return AppTest.from_file(PAGE, default_timeout=30).run()


def ce(z, y) -> float:
    return F.cross_entropy(torch.tensor(z, dtype=torch.float64), torch.tensor(y)).item()


def bar_texts(at) -> list[str]:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return spec["data"][0]["text"]


def test_opens_on_the_lecture_example(at):
    shown = metrics(at)
    assert shown["Cross-entropy L"] == "0.8949"
    assert shown["ŷ_0, the true class's probability"] == "0.4087"
    assert shown["Predicted class (largest ŷ)"] == "1"
    latex = " ".join(t.value for t in at.latex)
    assert rf"\textcolor{{{class_color(0)}}}{{e^{{0.0580}}}}" in latex
    assert r"\frac{1.5334}{2.5931} = 0.5913" in latex
    assert r"-\log \textcolor" in latex and latex.count("0.8949") >= 1
    assert bar_texts(at) == ["0.4087", "0.5913"]


def test_changing_a_logit_follows_torch(at):
    at.number_input(key="softmax.z1.box").set_value(2.0).run()
    z = [0.0580, 2.0]
    assert metrics(at)["Cross-entropy L"] == f4(ce(z, 0))
    assert bar_texts(at) == [f4(p) for p in torch.softmax(torch.tensor(z, dtype=torch.float64), 0)]


def test_picking_another_label_changes_one_hot_and_loss(at):
    at.radio(key="softmax.y").set_value(1).run()
    assert metrics(at)["Cross-entropy L"] == f4(ce([0.0580, 0.4275], 1))
    one_hot = next(t.value for t in at.latex if r"\mathbf{y} = \begin{bmatrix}" in t.value)
    assert rf"\textcolor{{{class_color(0)}}}{{0}} \\ \textcolor{{{class_color(1)}}}{{1}}" in one_hot


def test_more_classes_then_fewer_keeps_the_label_valid(at):
    at.radio(key="softmax.n_classes").set_value(4).run()
    at.radio(key="softmax.y").set_value(3).run()
    z4 = [0.0580, 0.4275, -0.5, 1.0]
    assert metrics(at)["Cross-entropy L"] == f4(ce(z4, 3))
    assert len(bar_texts(at)) == 4
    assert sum(float(t) for t in bar_texts(at)) == pytest.approx(1.0, abs=2e-4)
    at.radio(key="softmax.n_classes").set_value(2).run()
    assert not at.exception
    assert at.radio(key="softmax.y").value == 1
    assert metrics(at)["Cross-entropy L"] == f4(ce([0.0580, 0.4275], 1))


def test_weights_and_hours_mode(at):
    at.radio(key="softmax.mode").set_value("hours").run()
    # The lecture's theta = [[0.1, 0.2], [0.3, 0.4]] at hours = 0.5: z = [0.25, 0.40].
    assert any(r"0.3000 \cdot 0.5000 + 0.1000 = 0.2500" in t.value for t in at.latex)
    assert metrics(at)["Cross-entropy L"] == f4(ce([0.25, 0.40], 0))
    at.number_input(key="softmax.hours.box").set_value(3.0).run()
    assert metrics(at)["Cross-entropy L"] == f4(ce([0.3 * 3 + 0.1, 0.4 * 3 + 0.2], 0))


def test_reset_returns_to_the_lecture(at):
    at.number_input(key="softmax.z0.box").set_value(-3.0).run()
    at.radio(key="softmax.n_classes").set_value(3).run()
    at.button(key="softmax.reset").click().run()
    assert metrics(at)["Cross-entropy L"] == "0.8949"
    assert at.radio(key="softmax.n_classes").value == 2


# --- shareable links --------------------------------------------------------------------------
def open_link(params: dict, **session) -> AppTest:
    """The page opened from a link carrying `params` (and session values such as the language)."""
    return open_with(PAGE, params, **session)


def test_a_link_opens_with_its_values():
    at = open_link({"n": "3", "z0": "2", "y": "2"})
    assert not at.exception and not at.warning
    assert at.radio(key="softmax.n_classes").value == 3
    assert at.number_input(key="softmax.z0.box").value == 2.0
    assert at.radio(key="softmax.y").value == 2
    z3 = [2.0, 0.4275, -0.5]  # z_2 at its default
    assert metrics(at)["Cross-entropy L"] == f4(ce(z3, 2))
    assert len(bar_texts(at)) == 3


def test_a_link_opens_the_hours_mode():
    at = open_link({"mode": "hours", "hours": "3"})
    assert at.radio(key="softmax.mode").value == "hours"
    assert at.number_input(key="softmax.hours.box").value == 3.0
    assert metrics(at)["Cross-entropy L"] == f4(ce([0.3 * 3 + 0.1, 0.4 * 3 + 0.2], 0))


def test_a_link_round_trips_what_the_student_set(at):
    at.radio(key="softmax.n_classes").set_value(4).run()
    at.number_input(key="softmax.z3.box").set_value(-1.5).run()
    at.radio(key="softmax.y").set_value(3).run()
    at.radio(key="softmax.mode").set_value("hours").run()
    at.number_input(key="softmax.w2.box").set_value(2.0).run()
    params = {name: at.query_params[name] for name in at.query_params}
    assert params == {"n": "4", "mode": "hours", "z3": "-1.5", "w2": "2", "y": "3"}
    again = open_link(params)
    assert again.radio(key="softmax.mode").value == "hours"
    assert again.number_input(key="softmax.w2.box").value == 2.0
    assert again.radio(key="softmax.y").value == 3
    z = [0.3 * 0.5 + 0.1, 0.4 * 0.5 + 0.2, 2.0 * 0.5 - 0.3, 0.8 * 0.5 - 1.0]
    assert metrics(again) == metrics(at)
    assert metrics(again)["Cross-entropy L"] == f4(ce(z, 3))
    again.radio(key="softmax.mode").set_value("logits").run()  # the link's logit came too
    assert again.number_input(key="softmax.z3.box").value == -1.5


@pytest.mark.parametrize(("name", "bad"), [("z1", "abc"), ("n", "7"), ("y", "-1"),
                                           ("hours", "1e9"), ("mode", "guess")])
def test_a_tampered_link_value_falls_back_with_a_warning(name, bad):
    at = open_link({"z0": "2", name: bad})  # the good values of a link still apply
    assert not at.exception
    assert f"**{name}** = {bad}" in read_markdown(at.warning[0].value)
    assert name not in at.query_params  # back at the default, so left out of the link
    assert at.radio(key="softmax.n_classes").value == 2
    assert at.number_input(key="softmax.z0.box").value == 2.0


def test_a_label_beyond_the_classes_is_clamped():
    at = open_link({"n": "2", "y": "4"})
    assert not at.exception
    assert at.radio(key="softmax.y").value == 1
    assert at.query_params["y"] == "1"  # the link now says what the page shows
    assert metrics(at)["Cross-entropy L"] == f4(ce([0.0580, 0.4275], 1))
    # A link that lowers the class count under the session's label clamps it too.
    at.radio(key="softmax.n_classes").set_value(4).run()
    at.radio(key="softmax.y").set_value(3).run()
    at.query_params["n"] = "3"
    at.run()
    assert at.radio(key="softmax.y").value == 2
    assert dict(at.query_params) == {"n": "3", "y": "2"}
    assert metrics(at)["Cross-entropy L"] == f4(ce([0.0580, 0.4275, -0.5], 2))


def test_defaults_are_not_in_the_link(at):
    assert dict(at.query_params) == {}
    at.radio(key="softmax.y").set_value(1).run()
    assert dict(at.query_params) == {"y": "1"}
    at.button(key="softmax.reset").click().run()
    assert dict(at.query_params) == {}


# --- presenter mode and Vietnamese ----------------------------------------------------------
def test_presenter_mode_hides_the_exact_values_and_enlarges_the_figure():
    normal = AppTest.from_file(PAGE, default_timeout=30).run()
    assert [e.label for e in normal.expander] == ["Exact values"]
    at = open_link({}, **{PRESENT_KEY: True})
    assert not at.exception
    assert not at.expander
    assert metrics(at)["Cross-entropy L"] == "0.8949"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["font"]["size"] == FIGURE_FONT


def test_vietnamese_page_shows_the_same_numbers():
    at = open_link({}, **{LANG_KEY: "vi"})
    assert not at.exception
    vi = catalogue("vi")
    assert at.title[0].value == vi["softmax.title"] == "Softmax, one-hot và cross-entropy"
    shown = metrics(at)
    assert shown[vi["softmax.loss"]] == "0.8949"
    assert shown["ŷ_0, xác suất của lớp đúng"] == "0.4087"
    assert at.radio(key="softmax.mode").options == [vi["softmax.mode_logits"],
                                                    vi["softmax.mode_hours"]]
    assert at.number_input(key="softmax.z1.box").label == "Logit z_1 (lớp 1)"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["x"] == ["lớp 0", "lớp 1"]
    assert spec["data"][0]["text"] == ["0.4087", "0.5913"]


def test_vietnamese_page_follows_a_change_of_mode():
    at = open_link({}, **{LANG_KEY: "vi"})
    at.radio(key="softmax.mode").set_value("hours").run()  # its labels are Vietnamese
    assert not at.exception
    assert at.number_input(key="softmax.hours.box").label == catalogue("vi")["softmax.hours"]
    assert metrics(at)[catalogue("vi")["softmax.loss"]] == f4(ce([0.25, 0.40], 0))  # θᵀ[1, 0.5]
