"""AppTest of the softmax page: the lecture's 0.8949, changed logits and labels checked by torch."""

import json

import pytest
import torch
import torch.nn.functional as F
from streamlit.testing.v1 import AppTest

from tests.app.helpers import f4, metrics, page_path
from ui.figures.palette import class_color

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
