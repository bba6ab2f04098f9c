"""AppTest of the sigmoid-neuron page: lecture numbers, torch checks, links, presenter, VI."""

import json

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest

from mlp_core.datasets import HOURS_PASS, HOURS_SCORE
from tests.app.helpers import f4, metrics, open_with, page_path
from tests.app.helpers import shown as read_markdown
from ui import state
from ui.i18n import LANG_KEY, catalogue
from ui.presenter import FIGURE_FONT, PRESENT_KEY

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


@pytest.mark.parametrize("typed", [50.0, -37.5])
def test_a_value_typed_past_the_slider_moves_the_slider_out_to_it(at, typed):
    at.number_input(key="sigmoid.w.box").set_value(typed).run()
    slider = at.slider(key="sigmoid.w.slider")
    assert slider.value == typed  # not held at the end of its usual range, 10 or -10
    assert slider.min <= typed <= slider.max
    assert metrics(at)["z = wx + b"] == f4(typed * 0.8 + 0.1)
    at.number_input(key="sigmoid.w.box").set_value(3.0).run()  # back inside: the usual range
    assert (at.slider(key="sigmoid.w.slider").min, at.slider(key="sigmoid.w.slider").max) == (
        -10.0, 10.0)


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


# --- shareable links --------------------------------------------------------------------------
def open_link(params: dict, **session) -> AppTest:
    """The page opened from a link carrying `params` (and session values such as the language)."""
    return open_with(PAGE, params, **session)


def test_a_link_opens_with_its_values():
    at = open_link({"w": "4", "b": "-5", "x": "1.25"})
    assert not at.exception and not at.warning
    assert at.number_input(key="sigmoid.w.box").value == 4.0
    assert at.slider(key="sigmoid.b.slider").value == -5.0
    assert at.number_input(key="sigmoid.x.box").value == 1.25
    # The fitted neuron: x = 1.25 sits on the boundary -b/w, every row right.
    shown = metrics(at)
    assert shown["σ(z)"] == "0.5000"
    assert shown["Rows right at the 0.5 threshold"] == "4 / 4"
    assert "x = −b/w = 1.2500" in at.info[0].value


def test_a_link_round_trips_what_the_student_set(at):
    at.number_input(key="sigmoid.w.box").set_value(-2.5).run()
    at.slider(key="sigmoid.x.slider").set_value(3.0).run()
    params = {name: at.query_params[name] for name in at.query_params}
    assert params == {"w": "-2.5", "x": "3"}  # b is at its default: not in the link
    again = open_link(params)
    assert again.number_input(key="sigmoid.w.box").value == -2.5
    assert again.number_input(key="sigmoid.x.box").value == 3.0
    z = -2.5 * 3.0 + 0.1
    expected = torch.sigmoid(torch.tensor(z, dtype=torch.float64)).item()
    assert metrics(again) == metrics(at)
    assert metrics(again)["σ(z)"] == f4(expected)


@pytest.mark.parametrize(("name", "bad"), [("w", "abc"), ("b", "1000"), ("x", "inf")])
def test_a_tampered_link_value_falls_back_with_a_warning(name, bad):
    at = open_link({"w": "2", name: bad})  # the good values of a link still apply
    assert not at.exception
    assert f"**{name}** = {bad}" in read_markdown(at.warning[0].value)
    assert at.number_input(key=f"sigmoid.{name}.box").value == state.SIGMOID[f"sigmoid.{name}"]
    if name != "w":
        assert at.number_input(key="sigmoid.w.box").value == 2.0
    assert name not in at.query_params  # back at the default, so left out of the link


def test_defaults_are_not_in_the_link(at):
    assert dict(at.query_params) == {}
    at.number_input(key="sigmoid.w.box").set_value(3.0).run()
    assert dict(at.query_params) == {"w": "3"}
    at.button(key="sigmoid.reset").click().run()
    assert dict(at.query_params) == {}


# --- presenter mode and Vietnamese ----------------------------------------------------------
def test_presenter_mode_hides_the_exact_values_and_enlarges_figures():
    normal = AppTest.from_file(PAGE, default_timeout=30).run()
    assert [e.label for e in normal.expander] == ["Exact values"]
    at = open_link({}, **{PRESENT_KEY: True})
    assert not at.exception
    assert not at.expander
    assert metrics(at)["σ(z)"] == "0.5449"  # the lecture's numbers stay
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(charts) == 2
    assert all(c["layout"]["font"]["size"] == FIGURE_FONT for c in charts)
    # Streamlit's theme would keep ticks, axis titles and legends at a desk's size otherwise.
    for c in charts:
        layout = c["layout"]
        assert layout["legend"]["font"]["size"] == FIGURE_FONT
        assert layout["xaxis"]["tickfont"]["size"] == layout["yaxis"]["tickfont"]["size"] == 18
        assert layout["xaxis"]["title"]["font"]["size"] == FIGURE_FONT + 2
    # The tables as HTML tables, whose type grows with the page's (a dataframe's canvas does not),
    # with the same numbers: four decimals.
    assert not at.dataframe
    hours, passed, score = (t.value for t in at.table)
    expected = torch.sigmoid(0.1 * torch.tensor(HOURS_PASS[:, 0]) + 0.1).numpy()
    assert hours["P(pass)"].tolist() == [f4(p) for p in expected]
    assert passed["Hours"].tolist() == [f4(h) for h in HOURS_PASS[:, 0]]
    assert score["Score"].tolist() == HOURS_SCORE[:, 1].astype(int).tolist()


def test_vietnamese_page_shows_the_same_numbers():
    at = open_link({"w": "4"}, **{LANG_KEY: "vi"})
    assert not at.exception
    vi = catalogue("vi")
    assert at.title[0].value == vi["sigmoid.title"] == "Nơ-ron sigmoid"
    shown = metrics(at)
    assert shown["z = wx + b"] == "3.3000"  # 4 * 0.8 + 0.1, the same in every language
    assert shown[vi["sigmoid.rows_right"]] == "2 / 4"
    assert at.number_input(key="sigmoid.w.box").label == vi["sigmoid.weight"]
    assert "x = −b/w = -0.0250" in at.info[0].value and "Đỗ = 1" in at.info[0].value
    frames = [d.value for d in at.dataframe]
    assert list(frames[-1].columns) == [vi["sigmoid.columns.hours"], vi["sigmoid.columns.score"]]
    assert frames[-1].to_numpy().tolist() == HOURS_SCORE.tolist()
    hours = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert {"Đỗ = 0", "Đỗ = 1"} <= {trace["name"] for trace in hours["data"]}
    assert hours["layout"]["xaxis"]["title"]["text"] == vi["sigmoid.columns.hours"]
