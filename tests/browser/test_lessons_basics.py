"""Lessons 1, 2 and 6 in a real browser: one interaction each, the shown number follows."""

from tests.browser.conftest import open_page, wait_for_app

SHOTS = "test-results/screenshots"
SLOW = 90_000  # ms; generous because the test machine may be busy with other runs


def open_lesson(page, app_url: str, path: str) -> None:
    open_page(page, app_url, path, timeout=SLOW)


def metric_value(page, label: str) -> str:
    """The value of the st.metric whose label is exactly `label`."""
    metric = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
    return metric.get_by_test_id("stMetricValue").inner_text(timeout=SLOW).strip()


def wait_for_metric(page, value: str) -> None:
    page.wait_for_function(
        "v => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
        ".some(e => e.innerText.trim() === v)", arg=value, timeout=SLOW)


def type_number(page, label: str, value: str) -> None:
    box = page.locator(f"input[type='number'][aria-label='{label}']")
    box.fill(value)
    box.press("Enter")
    wait_for_app(page, timeout=SLOW)


def test_sigmoid_weight_box_moves_z(page, app_url):
    open_lesson(page, app_url, "sigmoid")
    assert metric_value(page, "z = wx + b") == "0.1800"
    assert metric_value(page, "σ(z)") == "0.5449"
    page.screenshot(path=f"{SHOTS}/sigmoid-lecture.png", full_page=True)
    type_number(page, "Weight w", "4")
    wait_for_metric(page, "3.3000")  # z = 4 * 0.8 + 0.1
    assert metric_value(page, "z = wx + b") == "3.3000"
    assert metric_value(page, "σ(z)") == "0.9644"
    assert page.get_by_test_id("stException").count() == 0
    page.screenshot(path=f"{SHOTS}/sigmoid-w4.png", full_page=True)


def test_softmax_logit_box_moves_the_loss(page, app_url):
    open_lesson(page, app_url, "softmax")
    assert metric_value(page, "Cross-entropy L") == "0.8949"
    type_number(page, "Logit z_0 (class 0)", "2")
    wait_for_metric(page, "0.1886")  # softmax([2, 0.4275])[0] = 0.8281, L = -log 0.8281
    assert metric_value(page, "Cross-entropy L") == "0.1886"
    assert page.get_by_test_id("stException").count() == 0
    page.screenshot(path=f"{SHOTS}/softmax-z0-2.png", full_page=True)


def test_activations_pick_relu(page, app_url):
    open_lesson(page, app_url, "activations")
    assert metric_value(page, "Binary cross-entropy L") == "0.7872"
    page.get_by_test_id("stSelectbox").filter(has_text="Activation to plot").click()
    page.get_by_role("option", name="ReLU", exact=True).click()
    wait_for_app(page, timeout=SLOW)
    # The formula and the plot's legend follow the choice.
    page.locator(".katex").filter(has_text="ReLU").first.wait_for(timeout=SLOW)
    page.get_by_text("ReLU(z) at your input").first.wait_for(timeout=SLOW)
    assert page.get_by_test_id("stException").count() == 0
    page.screenshot(path=f"{SHOTS}/activations-relu.png", full_page=True)
