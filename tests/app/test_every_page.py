"""AppTest: the app routes to every page, and every page runs without an exception."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGE_FILES = re.findall(r'st\.Page\("(app_pages/[a-z_]+\.py)"', (ROOT / "app.py").read_text())


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
