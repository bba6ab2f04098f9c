"""AppTest: the app routes to every page, and every page runs without an exception."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import navigation

ROOT = Path(__file__).resolve().parents[2]
# The router's pages are made in ui/navigation.py (once per language, not on every rerun).
PAGE_FILES = re.findall(r'st\.Page\("(app_pages/[a-z_]+\.py)"',
                        (ROOT / "ui" / "navigation.py").read_text())


def test_the_router_lists_every_page_script():
    on_disk = {f"app_pages/{p.name}" for p in (ROOT / "app_pages").glob("*.py")}
    assert set(PAGE_FILES) == on_disk


@pytest.mark.parametrize("page_file", PAGE_FILES)
def test_page_runs_without_exception(page_file):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    at.switch_page(page_file).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, f"{page_file} shows no title"


def test_a_students_numbers_survive_a_visit_to_another_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/forward_backward.py").run()
    at.number_input(key="forward_backward.x1").set_value(3.0).run()
    at.switch_page("app_pages/training_studio.py").run()
    at.selectbox(key="studio.source").set_value("wine").run()
    at.button(key="studio.step").click().run()
    trainer = at.session_state["studio.run"].trainer

    at.switch_page("app_pages/home.py").run()
    at.switch_page("app_pages/forward_backward.py").run()
    assert at.number_input(key="forward_backward.x1").value == 3.0
    at.switch_page("app_pages/training_studio.py").run()
    assert not at.exception
    assert at.selectbox(key="studio.source").value == "wine"
    assert at.session_state["studio.run"].trainer is trainer and trainer.epoch == 1


@pytest.mark.parametrize("page_file", PAGE_FILES)
def test_every_page_runs_again_after_another_page(page_file):
    """Writing every kept value back to itself must suit every widget of every page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    for other in PAGE_FILES:
        at.switch_page(other).run()
    at.switch_page(page_file).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [w.value for w in at.warning if "Session State API" in w.value]


def test_the_pages_are_made_once_per_language_and_each_run_routes_its_own_copies():
    # st.Page reads the disk each time one is made; app.py runs on every rerun of every student.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/softmax.py").run()
    made = navigation._made.cache_info().misses
    at.run()
    at.switch_page("app_pages/sigmoid_neuron.py").run()
    assert not at.exception and at.title[0].value == "Sigmoid neuron"
    assert navigation._made.cache_info().misses == made  # the same language: nothing made again
    # st.navigation marks the page a run runs on the page object itself: each run has its own.
    first, second, made_en = navigation.pages(), navigation.pages(), navigation._made("en")
    assert list(first) == list(made_en) == ["", "Lessons", "Tools"]
    for section in made_en:
        for a, b, kept in zip(first[section], second[section], made_en[section], strict=True):
            assert a is not b and a is not kept
            assert (a.url_path, a.title, a._page) == (kept.url_path, kept.title, kept._page)
