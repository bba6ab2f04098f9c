"""The class board in Chromium: a teacher creates a board, two students train in their own browsers
and submit, the projected board shows both within its refresh; the server restarts and the board
still has them; the student key opened as a teacher link cannot clear the board.

A server of its own (the same start-up as a replica), stopped and started again on the same
board directory (MLP_BOARD_DIR, set by tests/conftest.py for this test run).
"""

import re

from tests.browser.conftest import serve_app, wait_for_app
from ui.board import limits
from ui.board.connection import _store
from ui.board.store import url_from_environment

NAMES = ("Ann <b>1</b>", "Bình **2**")  # text only on the board: tags and stars shown as typed
SEEN = 3 * limits.REFRESH_SECONDS * 1000 + 30_000  # a refresh or two, on a busy machine


def settle(page) -> None:
    wait_for_app(page, timeout=120_000)


def new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    return context, page


def wait_for_names(page, names) -> None:
    page.wait_for_function(
        """(names) => {
            const cells = Array.from(document.querySelectorAll(
                '[data-testid=stDataFrame] [role=gridcell]'), c => c.textContent);
            return names.every(n => cells.includes(n));
        }""", arg=list(names), timeout=SEEN)


def student_submits(browser, link: str, name: str) -> None:
    context, page = new_page(browser)
    try:
        page.goto(link)
        settle(page)
        page.get_by_role("button", name="Train", exact=True).click()
        form_name = page.locator(".st-key-studio-board_name input")
        form_name.wait_for(timeout=120_000)  # the lecture's run, finished
        form_name.fill(name)
        page.get_by_role("button", name="Submit to the class board").click()
        page.get_by_text("Your run is on the class board as").wait_for(timeout=60_000)
    finally:
        context.close()


def test_a_class_submits_to_a_board_that_survives_a_restart(browser):
    store_before = url_from_environment()
    with serve_app() as url:
        context, teacher = new_page(browser)
        teacher.goto(f"{url}/board")
        settle(teacher)
        teacher.get_by_role("button", name="Create a board").click()
        settle(teacher)
        assert "tkey" not in teacher.url and re.search(r"[?&]board=", teacher.url)
        main = teacher.get_by_test_id("stMain")
        student_link = main.get_by_test_id("stCode").inner_text().strip()
        assert "/studio?board=" in student_link and "bkey=" in student_link
        board_id = re.search(r"board=([^&]+)", student_link).group(1)
        student_key = re.search(r"bkey=([^&]+)", student_link).group(1)
        for name in NAMES:
            student_submits(browser, student_link, name)
        wait_for_names(teacher, NAMES)  # the teacher's page refreshed by itself
        context.close()

    with serve_app() as url:  # the server again, the same directory
        context, viewer = new_page(browser)
        viewer.goto(f"{url}/board?board={board_id}")
        settle(viewer)
        wait_for_names(viewer, NAMES)
        # The student key as a teacher key: said, no way to clear, the runs stay.
        viewer.goto(f"{url}/board?board={board_id}&tkey={student_key}")
        settle(viewer)
        viewer.get_by_text("is not this board's teacher key").wait_for()
        assert viewer.get_by_role("button", name="Clear the board").count() == 0
        wait_for_names(viewer, NAMES)
        context.close()
    assert url_from_environment() == store_before
    store = _store.__wrapped__(store_before)  # not the cached one: a store of its own
    assert sorted(e.name for e in store.entries(board_id)) == sorted(NAMES)
    store.close()
