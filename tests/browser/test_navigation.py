"""Every page in the navigation opens in a real browser without an exception."""

from tests.browser.conftest import open_page, serve_app, wait_for_app

PAGES = {
    "": "MLP Playground",
    "sigmoid": "Sigmoid",
    "softmax": "Softmax",
    "softmax_regression": "Softmax regression",
    "anatomy": "anatomy",
    "forward_backward": "Forward",
    "activations": "Activation",
    "studio": "studio",
    "your_data": "data",
    "board": "board",
}


def test_every_page_opens_without_exception(page, app_url):
    for path, title_word in PAGES.items():
        open_page(page, app_url, path)
        assert page.locator("[data-testid='stException']").count() == 0, path
        heading = page.locator("h1").first.inner_text()
        assert title_word.lower() in heading.lower(), (path, heading)
        page.screenshot(path=f"test-results/screenshots/page-{path or 'home'}.png", full_page=True)


def test_sidebar_navigation_reaches_a_lesson(page, app_url):
    open_page(page, app_url)
    page.get_by_test_id("stSidebarNav").get_by_text("MLP anatomy").click()
    wait_for_app(page)
    assert page.url.endswith("/anatomy")
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_deep_link_is_the_first_visit_of_a_fresh_server(page):
    """A teacher's link to a lesson, opened before anyone saw the home page, goes through app.py."""
    with serve_app() as fresh_url:
        open_page(page, fresh_url, "forward_backward")
        nav = page.get_by_test_id("stSidebarNav")
        # The router's titles, not file names: the page ran inside st.navigation.
        assert nav.get_by_text("5 · Forward and backward").count() == 1
        assert nav.get_by_text("forward_backward", exact=True).count() == 0
        assert page.locator("[data-testid='stException']").count() == 0
