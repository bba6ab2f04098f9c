"""Shareable links: each codec reads back what it writes, refuses what it cannot use, and the
router applies ?lang= and ?present=, falls back with a notice, and keeps defaults out of the URL."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from ui import links

ROOT = Path(__file__).resolve().parents[1]


@given(st.floats(1e-4, 10.0))
def test_a_number_reads_back_exactly(value):
    p = links.number("lr", "k", 1e-4, 10.0)
    assert p.parse(p.show(value)) == value


@given(st.integers(0, 2**31 - 1))
def test_a_whole_number_reads_back_exactly(value):
    p = links.number("seed", "k", 0, 2**31 - 1, integer=True)
    assert p.parse(p.show(value)) == value
    assert isinstance(p.parse(p.show(value)), int)


@pytest.mark.parametrize("text, reason", [
    ("abc", "not a number"), ("nan", "outside 0.0001 to 10"), ("inf", "outside 0.0001 to 10"),
    ("11", "outside 0.0001 to 10"), ("0", "outside 0.0001 to 10"), ("", "not a number"),
])
def test_a_number_refuses_what_it_cannot_use(text, reason):
    with pytest.raises(links.BadValue, match=reason):
        links.number("lr", "k", 1e-4, 10.0).parse(text)


def test_a_whole_number_refuses_a_fraction():
    with pytest.raises(links.BadValue, match="not a whole number"):
        links.number("seed", "k", 0, 10, integer=True).parse("1.5")


def test_a_choice_keeps_the_option_type():
    p = links.choice("batch", "k", (1, 8, "full"))
    assert p.parse("8") == 8 and p.parse("full") == "full"
    with pytest.raises(links.BadValue, match="not one of 1, 8, full"):
        p.parse("9")


@pytest.mark.parametrize("text, value", [("1", True), ("true", True), ("0", False), ("No", False)])
def test_a_flag_reads_common_spellings(text, value):
    assert links.flag("present", "k").parse(text) is value


@given(st.lists(st.lists(st.floats(-100, 100), min_size=2, max_size=2), min_size=3, max_size=3))
def test_a_matrix_reads_back_exactly(rows):
    p = links.matrix("W", "k", [(3, 2)], lo=-100, hi=100)
    assert p.parse(p.show(rows)) == rows


@pytest.mark.parametrize("text, reason", [
    ("0.1,0.2;0.3", "not a matrix of shape 3×2"), ("0.1,0.2", "not a matrix of shape 3×2"),
    ("a,b;c,d;e,f", "not rows of numbers"), ("1,2;3,4;5,1e9", "outside"),
])
def test_a_matrix_refuses_ragged_rows_wrong_shapes_and_words(text, reason):
    with pytest.raises(links.BadValue, match=reason):
        links.matrix("W", "k", [(3, 2)]).parse(text)


def test_text_is_capped():
    with pytest.raises(links.BadValue, match="longer than 5"):
        links.text("x", "k", max_length=5).parse("0.1, 0.2")


# ------------------------------------------------------------------- through the router (AppTest)
def opened(at: AppTest, query: dict) -> AppTest:
    """The app or page `at` run once as a link carrying `query` opens it."""
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def app(**query) -> AppTest:
    return opened(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), query)


def test_a_link_opens_in_its_language_and_presenter_mode():
    at = app(lang="vi", present="1")
    assert not at.exception
    assert at.session_state["app.lang"] == "vi" and at.session_state["app.present"] is True
    assert at.toggle(key="app.present").label == "Chế độ trình chiếu"
    assert at.warning.len == 0
    assert at.query_params == {"lang": "vi", "present": "1"}


def test_a_tampered_link_falls_back_to_the_defaults_with_a_notice():
    at = app(lang="klingon", present="<script>")
    assert not at.exception
    assert at.session_state["app.lang"] == "en" and at.session_state["app.present"] is False
    notice = at.warning[0].value
    assert "**lang** = klingon: not one of en, vi." in notice
    assert r"**present** = \<script\>: not 1 or 0." in notice  # shown literally, never as HTML
    assert at.query_params == {}  # the bad values are gone from the address


def test_the_url_follows_the_switches_and_leaves_out_defaults():
    at = app()
    assert at.query_params == {}
    at.selectbox(key="app.lang").set_value("vi").run()
    at.toggle(key="app.present").set_value(True).run()
    assert at.query_params == {"lang": "vi", "present": "1"}
    assert at.code.len == 0  # the copy-link box is written when opened, with the link of then
    at.session_state["app.share"] = True  # open it
    assert at.run().code[0].value == "?lang=vi&present=1"
    at.selectbox(key="app.lang").set_value("en").run()
    assert at.query_params == {"present": "1"}


def test_presenter_mode_lasts_across_pages():
    at = app(present="1")
    at.switch_page("app_pages/sigmoid_neuron.py").run()
    at.switch_page("app_pages/training_studio.py").run()
    assert not at.exception
    assert at.session_state["app.present"] is True
    assert any("font-size: 21px" in h.proto.body for h in at.get("html"))


def test_one_pages_settings_do_not_ride_along_in_the_next_pages_link():
    at = app(lang="vi", nonsense="1")
    assert at.query_params == {"lang": "vi"}  # a name no page reads is dropped
    at.switch_page("app_pages/softmax.py").run()
    at.session_state["softmax.z0"] = 2.0
    at.run()
    assert at.query_params == {"lang": "vi", "z0": "2"}
    at.switch_page("app_pages/sigmoid_neuron.py").run()
    assert at.query_params == {"lang": "vi"}


def test_a_half_typed_matrix_cell_goes_in_as_nan_and_such_a_link_is_refused():
    p = links.matrix("W", "k", [(2, 2)])
    assert p.show([[0.1, None], ["abc", 0.4]]) == "0.1,nan;nan,0.4"
    with pytest.raises(links.BadValue, match="outside"):
        p.parse("0.1,nan;nan,0.4")


# --------------------------------------------------------- rules: values valid alone, not together
def label_page():
    """A page whose label k must be below its class count n: a Rule on k."""
    import streamlit as st

    from ui import links

    defaults = {"n": 2, "k": 0}
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)
    params = [links.number("n", "n", 1, 5, integer=True),
              links.number("k", "k", 0, 9, integer=True)]
    rule = links.Rule("k", lambda ss: None if ss["k"] < ss["n"] else "not below n.")
    links.sync(params, defaults, rules=[rule])
    st.number_input("n", 1, 5, key="n")
    st.number_input("k", 0, 9, key="k")


def label_app(**query) -> AppTest:
    return opened(AppTest.from_function(label_page, default_timeout=30), query)


def test_a_rule_refuses_a_link_value_the_other_values_rule_out():
    at = label_app(n="3", k="3")
    assert not at.exception
    assert "**k** = 3: not below n." in at.warning[0].value
    assert (at.session_state["n"], at.session_state["k"]) == (3, 0)
    assert dict(at.query_params) == {"n": "3"}  # k is back at its default, so out of the link


def test_a_rule_keeps_a_link_value_that_fits_and_judges_only_what_the_link_brought():
    at = label_app(n="3", k="2")
    assert not at.warning and at.session_state["k"] == 2
    # What the student types is the page's to judge (said beside the box), never reset by a link.
    at.number_input(key="k").set_value(7).run()
    at.run()
    assert not at.warning and at.session_state["k"] == 7
    assert dict(at.query_params) == {"n": "3", "k": "7"}
