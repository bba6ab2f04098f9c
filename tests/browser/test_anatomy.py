"""MLP anatomy in Chromium: a lecture model in one click, then a typed width changes the count."""

import re

from tests.browser.conftest import open_page, wait_for_app


def metric_value(page) -> str:
    return page.locator("[data-testid='stMetricValue']").first.inner_text().strip()


def test_iris_preset_then_a_wider_hidden_layer(page, app_url):
    open_page(page, app_url, "anatomy")
    assert metric_value(page) == "9"
    # The diagram is drawn (plotly renders it once it scrolls into view): one group per trace.
    page.get_by_text("The network, weight by weight").scroll_into_view_if_needed()
    page.wait_for_selector(".js-plotly-plot .scatterlayer .trace", state="attached")
    assert page.locator(".js-plotly-plot .scatterlayer .trace").count() >= 4

    page.get_by_role("button", name="Iris 4-8-3 with ReLU").click()
    wait_for_app(page)
    assert metric_value(page) == "67"
    assert "Linear(in_features=4, out_features=8, bias=True)" in page.locator(
        "[data-testid='stCode']").first.inner_text()

    box = page.get_by_label("Units in hidden layer 1")
    box.fill("5")
    box.press("Enter")
    wait_for_app(page)
    assert metric_value(page) == str((4 + 1) * 5 + (5 + 1) * 3)  # 43
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path="test-results/screenshots/anatomy-iris-width-5.png", full_page=True)

    box.fill("0")
    box.press("Enter")
    wait_for_app(page)
    alert = page.locator("[data-testid='stAlert']").first.inner_text()
    assert re.search(r"hidden must be positive widths, got \(0,\)", alert)
    page.screenshot(path="test-results/screenshots/anatomy-width-0.png", full_page=True)
