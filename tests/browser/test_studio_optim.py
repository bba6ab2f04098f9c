"""A learning-rate schedule and L1 in Chromium: the lr's axis and line drawn beside the loss, the
weights driven to zero drawn faint, and nothing in the browser's console."""

import io

import numpy as np
from PIL import Image

from tests.browser.conftest import READ_ECHART, open_page, wait_for_app

LONG = 90_000  # ms: a loaded machine can be slow
LR_GREY = (97, 97, 97)  # live_charts.LR_COLOR


def drawn(page, key: str) -> dict:
    page.wait_for_function(f"() => ({READ_ECHART})('{key}') !== null", timeout=LONG)
    return page.evaluate(f"() => ({READ_ECHART})('{key}')")


def test_a_step_schedule_and_l1_are_drawn_on_the_curves_and_the_network(page, app_url):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_default_timeout(LONG)
    open_page(page, app_url, "studio?sched=step&lr=0.1&epochs=8&l1=0.01&net=1&pace=instant",
              LONG)
    wait_for_app(page, LONG)
    page.locator(".st-key-studio-train button").first.click()
    page.wait_for_function(
        f"""() => {{ const o = ({READ_ECHART})('studio-curves_chart');
                   return o && o.series.some(s => s.name === 'learning rate'
                                              && s.data.length === 8); }}""", timeout=LONG)
    wait_for_app(page, LONG)
    option = drawn(page, "studio-curves_chart")
    line = next(s for s in option["series"] if s["name"] == "learning rate")
    assert [v for _, v in line["data"]] == [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.0125]
    assert len(option["yAxis"]) == 3 and option["yAxis"][2]["position"] == "right"
    # Painted, not only sent: the lr's grey (its axis, labels and dashed line) on the canvas.
    box = page.locator(".st-key-studio-curves_chart [data-testid=stEChartsChart]").first
    box.scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # ECharts paints on the next animation frame
    shot = box.screenshot(path="test-results/screenshots/studio-lr-curves.png")
    pixels = np.asarray(Image.open(io.BytesIO(shot)).convert("RGB")).astype(int)
    assert (np.abs(pixels - np.array(LR_GREY)).sum(axis=-1) < 30).sum() > 50
    # The network view: L1's near-zero weights are dashed, and counted under the diagram.
    network = drawn(page, "studio-network_chart")
    diagram = page.locator(".st-key-studio-network_chart [data-testid=stEChartsChart]").first
    diagram.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    diagram.screenshot(path="test-results/screenshots/studio-l1-network.png")
    faint = [link for link in network["series"][0]["links"]
             if link["lineStyle"].get("type") == "dashed"]
    assert faint and network["title"][1]["text"].startswith(f"{len(faint)} of 67 weights")
    assert page.locator("[data-testid='stException']").count() == 0
    assert not [e for e in errors if "echarts" in e.lower() or "axis" in e.lower()], errors
