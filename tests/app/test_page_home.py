"""AppTest of the home page through app.py: the lesson list matches the navigation, in EN and VI."""


import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_every_page import ROOT
from ui.i18n import LANG_KEY, catalogue

# The navigation's pages in app.py's order: url_path and the catalogue key of the title.
PAGES = [("sigmoid", "app.page_sigmoid"), ("softmax", "app.page_softmax"),
         ("softmax_regression", "app.page_softmax_regression"), ("anatomy", "app.page_anatomy"),
         ("forward_backward", "app.page_forward_backward"), ("activations", "app.page_activations"),
         ("studio", "app.page_studio"), ("your_data", "app.page_your_data")]


def open_home(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[LANG_KEY] = lang
    return at.run()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_lesson_list_uses_the_navigations_titles(lang):
    at = open_home(lang)
    assert not at.exception
    words = catalogue(lang)
    assert at.title[0].value == words["home.title"] == "MLP Playground"
    links = [(link.proto.page, link.proto.label) for link in at.get("page_link")][1:]
    assert links == [(path, f"**{words[key]}**") for path, key in PAGES]
    assert [h.value for h in at.header] == [words["home.lessons"], words["app.tools"]]
    assert at.caption[0].value == words["home.about_sigmoid"]


def test_english_home_reads_as_before():
    at = open_home("en")
    assert at.get("page_link")[2].proto.label == "**2 · Softmax, one-hot, cross-entropy**"
    assert at.header[0].value == "The lessons, in the lecture's order"
    assert "(n_in + 1) × n_out" in at.caption[3].value


def test_vietnamese_home_is_vietnamese():
    at = open_home("vi")
    assert at.header[0].value == "Các bài học, theo thứ tự của bài giảng"
    assert at.get("page_link")[1].proto.label == "**1 · Nơ-ron sigmoid**"
    assert "(n_in + 1) × n_out" in at.caption[3].value  # formulas read the same


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_framed_start_here_leads_to_lesson_1_before_the_list(lang):
    at = open_home(lang)
    words = catalogue(lang)
    start = at.get("page_link")[0]
    assert start.proto.page == "sigmoid"  # the url_path of lesson 1
    lesson_1 = words["app.page_sigmoid"]
    assert start.proto.label == f"**{words['home.start_link'].format(lesson=lesson_1)}**"
    assert at.markdown[1].value == words["home.start_here"]
    box = next(b for b in at.main.children.values()
               if getattr(b, "type", "") == "flex_container" and b.proto.flex_container.border)
    assert start in list(box) and not any(h in list(box) for h in at.header)


def test_every_link_on_home_looks_like_one():
    # A title alone reads as a heading: each link carries an icon, as the sidebar's do not need.
    at = open_home("en")
    assert all(link.proto.icon for link in at.get("page_link"))
