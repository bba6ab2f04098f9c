"""The network view in Chromium: one map per unit drawn on the diagram, the chosen unit large."""

import io

import numpy as np
from PIL import Image

from tests.browser.conftest import READ_ECHART, open_page, wait_for_app

LONG = 90_000  # ms: a loaded machine can be slow


def drawn(page, key: str) -> dict:
    """The option of the ECharts chart `key` ("studio-network_chart") once its canvas exists."""
    page.wait_for_function(f"() => ({READ_ECHART})('{key}') !== null", timeout=LONG)
    return page.evaluate(f"() => ({READ_ECHART})('{key}')")


def colours(page, key: str) -> np.ndarray:
    """The chart's pixels as the browser painted them : (h, w, 3)."""
    box = page.locator(f".st-key-{key} [data-testid=stEChartsChart]").first
    box.scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # ECharts paints on the next animation frame
    shot = box.screenshot(path=f"test-results/screenshots/{key}.png")
    return np.asarray(Image.open(io.BytesIO(shot)).convert("RGB")).astype(int)


def near(pixels: np.ndarray, colour: tuple[int, int, int], tolerance: int = 40) -> int:
    return int((np.abs(pixels - np.array(colour)).sum(axis=-1) < tolerance).sum())


def mixed(pixels: np.ndarray, colour: tuple[int, int, int], least: float = 0.15) -> int:
    """Pixels that are `colour` mixed with white (palette.mix) by at least `least`."""
    colour = np.array(colour)
    amount = (255 - pixels[..., 2]) / (255 - colour[2])  # from the blue channel
    want = 255 + amount[..., None] * (colour - 255)
    return int(((np.abs(pixels - want).max(axis=-1) <= 12) & (amount >= least)).sum())


def test_the_network_view_draws_a_map_per_unit(page, app_url):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_default_timeout(LONG)
    open_page(page, app_url, "studio?data=circles&hidden=6-4&act=tanh&net=1", LONG)
    wait_for_app(page, LONG)

    option = drawn(page, "studio-network_chart")
    nodes = option["series"][0]["data"]
    pictured = [n["id"] for n in nodes if n.get("symbol", "").startswith("image://")]
    assert pictured == [f"u0.{j}" for j in range(6)] + [f"u1.{j}" for j in range(4)] \
        + [f"u2.{j}" for j in range(2)]
    assert len(option["series"][0]["links"]) == (2 + 1) * 6 + (6 + 1) * 4 + (4 + 1) * 2

    # Painted, not only sent: each unit's picture is a square of its own colours where its
    # node sits. ECharts places the nodes on the chart's value axes; the test finds each
    # picture's square by colour instead of by coordinates: blue and orange (the hidden units'
    # signs) and the two classes' colours (the output units) must all be on the canvas.
    pixels = colours(page, "studio-network_chart")
    assert near(pixels, (0, 114, 178)) > 50  # POSITIVE: links and positive activations
    assert near(pixels, (213, 94, 0)) > 50  # NEGATIVE
    assert mixed(pixels, (230, 159, 0)) > 100  # class 1's colour: the second output's map
    # The chosen unit's map is drawn large beside the diagram.
    unit = drawn(page, "studio-unit_chart")
    assert unit["series"][0]["symbol"].startswith("image://data:image/png;base64,")
    assert page.locator("[data-testid='stException']").count() == 0
    assert not [e for e in errors if "echarts" in e.lower() or "graph" in e.lower()], errors


def test_a_click_on_a_unit_shows_its_map_large(page, app_url):
    page.set_default_timeout(LONG)
    open_page(page, app_url, "studio?data=circles&hidden=6-4&act=tanh&net=1", LONG)
    option = drawn(page, "studio-network_chart")
    assert drawn(page, "studio-unit_chart")["title"]["text"] == "hidden layer 1, unit 1"
    node = next(n for n in option["series"][0]["data"] if n["id"] == "u1.2")
    # Where ECharts puts the node: its value on the (hidden) axes, inside the grid's margins.
    grid, x_axis, y_axis = option["grid"], option["xAxis"], option["yAxis"]
    box = page.locator(".st-key-studio-network_chart [data-testid=stEChartsChart] canvas").first
    box.scroll_into_view_if_needed()
    size = box.bounding_box()
    width = size["width"] - grid["left"] - grid["right"]
    height = size["height"] - grid["top"] - grid["bottom"]
    x = grid["left"] + (node["value"][0] - x_axis["min"]) / (x_axis["max"] - x_axis["min"]) * width
    y = grid["top"] + (y_axis["max"] - node["value"][1]) / (y_axis["max"] - y_axis["min"]) * height
    box.click(position={"x": x, "y": y})
    page.wait_for_function(
        f"() => {{ const o = ({READ_ECHART})('studio-unit_chart');"
        " return o && o.title.text === 'hidden layer 2, unit 3'; }", timeout=LONG)
    wait_for_app(page, LONG)
    chosen = page.locator(".st-key-studio-inside-unit input[role=combobox]").first
    assert chosen.input_value() == "hidden layer 2, unit 3"  # the selectbox follows the click
    assert page.locator("[data-testid='stException']").count() == 0
