"""AppTest of the sigmoid-neuron page: the lecture's numbers, a changed input checked by torch."""

import json

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest

from mlp_core.datasets import HOURS_PASS, HOURS_SCORE
from tests.app.helpers import f4, metrics, page_path

PAGE = page_path("sigmoid_neuron")


@pytest.fixture
def at():
    return AppTest.from_file(PAGE, default_timeout=30).run()


def hours_table(at):
    return next(d.value for d in at.dataframe if "P(pass)" in d.value.columns)


def test_opens_on_the_lecture_example(at):
    shown = metrics(at)
    assert shown["z = wx + b"] == "0.1800"
    assert shown["σ(z)"] == "0.5449"
    assert shown["σ'(z)"] == "0.2480"
    assert shown["Rows right at the 0.5 threshold"] == "2 / 4"
    latex = [tex.value for tex in at.latex]
    assert any(r"0.1000 \cdot 0.8000 + 0.1000 = 0.1800" in t for t in latex)
    assert any("e^{-0.1800}" in t and "= 0.5449" in t for t in latex)
    table = hours_table(at)
    expected = torch.sigmoid(0.1 * torch.tensor(HOURS_PASS[:, 0]) + 0.1).numpy()
    np.testing.assert_allclose(table["P(pass)"], expected, atol=1e-12)
    assert "x = −b/w = -1.0000" in at.info[0].value


def test_both_lecture_tables_are_shown(at):
    frames = [d.value for d in at.dataframe]
    pass_frame = next(f for f in frames if list(f.columns) == ["Hours", "Pass"])
    score_frame = next(f for f in frames if list(f.columns) == ["Hours", "Score"])
    assert pass_frame.to_numpy().tolist() == HOURS_PASS.tolist()
    assert score_frame.to_numpy().tolist() == HOURS_SCORE.tolist()


def test_typing_w_recomputes_everything(at):
    at.number_input(key="sigmoid.w.box").set_value(-2.5).run()
    z = -2.5 * 0.8 + 0.1
    shown = metrics(at)
    assert shown["z = wx + b"] == f4(z)
    assert shown["σ(z)"] == f4(torch.sigmoid(torch.tensor(z, dtype=torch.float64)))
    assert at.slider(key="sigmoid.w.slider").value == -2.5  # the pair stays linked
    assert "x = −b/w = 0.0400" in at.info[0].value
    assert "below it" in at.info[0].value


def test_slider_moves_the_number_box(at):
    at.slider(key="sigmoid.b.slider").set_value(1.0).run()
    assert at.number_input(key="sigmoid.b.box").value == 1.0
    assert metrics(at)["z = wx + b"] == "1.0800"


def test_zero_weight_says_there_is_no_boundary(at):
    at.number_input(key="sigmoid.w.box").set_value(0.0).run()
    assert not at.info
    assert "w = 0: no decision boundary" in at.warning[0].value
    assert "σ(0.1000) = 0.5250" in at.warning[0].value


def test_fitted_preset_gets_every_row_right_then_reset(at):
    at.button(key="sigmoid.fitted").click().run()
    shown = metrics(at)
    assert shown["Rows right at the 0.5 threshold"] == "4 / 4"
    assert shown["σ(z)"] == "0.5000"  # x = 1.25 sits on the boundary
    assert hours_table(at)["Predicted"].tolist() == [0, 0, 1, 1]
    assert "x = −b/w = 1.2500" in at.info[0].value
    at.button(key="sigmoid.reset").click().run()
    assert metrics(at)["σ(z)"] == "0.5449"
    assert at.number_input(key="sigmoid.w.box").value == 0.1


def test_curve_figure_marks_the_current_point(at):
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    texts = [t.get("text") for c in charts for t in c["data"]]
    assert ["σ(0.1800) = 0.5449"] in texts
