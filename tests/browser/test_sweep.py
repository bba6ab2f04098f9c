"""A sweep in Chromium: three learning rates chosen, one click, three small multiples drawn."""

from tests.browser.conftest import READ_ECHART, open_page, wait_for_app
from tests.browser.test_challenge import pick

LONG = 90_000  # ms: a loaded machine can be slow


def test_a_sweep_draws_one_small_multiple_per_value(page, app_url):
    page.set_default_timeout(LONG)
    open_page(page, app_url, "studio", LONG)
    rates = ("0.001", "0.01", "0.1")
    for rate in rates:
        pick(page, "studio-sweep_values", rate)
    button = page.locator(".st-key-studio-sweep_run button")
    button.scroll_into_view_if_needed()
    button.click()
    wait_for_app(page, LONG)
    titles = []
    for k in range(len(rates)):
        box = page.locator(f".st-key-studio-sweep_regions_{k} canvas").first
        box.scroll_into_view_if_needed()
        box.wait_for()  # drawn, not only sent
        option = page.evaluate(READ_ECHART, f"studio-sweep_regions_{k}")
        titles.append(option["title"]["text"])
    assert titles == [f"Learning rate η = {rate}" for rate in rates]
    assert page.locator(".st-key-studio-sweep_regions_3").count() == 0
