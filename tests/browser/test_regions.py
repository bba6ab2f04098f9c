"""The studio's decision regions in Chromium: drawn at equal scale, whatever the page's width."""

import io

import numpy as np
import pytest
from PIL import Image

from tests.browser.conftest import READ_ECHART, SCREENSHOTS, open_page

LONG = 90_000  # ms: a loaded machine can be slow
CHART = ".st-key-studio-regions_chart [data-testid=stEChartsChart]"


def drawn_picture_box(png: bytes) -> tuple[int, int]:
    """Width and height in pixels of the coloured picture (the regions) in a chart screenshot.

    The plot is the only wide and tall block of colour: text and a legend's marks are lines a
    few pixels high, apart from the plot, so rows and columns count as the picture's only where
    at least half as many coloured pixels line up as in the fullest one, and only in the longest
    unbroken stretch of them.
    """
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    coloured = rgb.min(axis=2) < 248  # the palest region is a class colour 12% over white
    across, up = coloured.sum(axis=1), coloured.sum(axis=0)
    return _longest_run(up > up.max() / 2), _longest_run(across > across.max() / 2)


def _longest_run(flags: np.ndarray) -> int:
    """The length of the longest stretch of True (the picture, not the legend's line of text)."""
    best = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


@pytest.mark.parametrize(("width", "query"), [(1400, "data=circles"), (1000, "data=spiral"),
                                              (1400, "data=wine&present=1"),
                                              (1200, "data=digits&pca=1&lang=vi")])
def test_the_regions_are_drawn_one_data_unit_as_long_across_as_up(browser, app_url, width,
                                                                   query):
    context = browser.new_context(viewport={"width": width, "height": 1100})
    page = context.new_page()
    try:
        open_page(page, app_url, f"studio?{query}", LONG)
        chart = page.locator(CHART)
        chart.locator("canvas").first.wait_for(timeout=LONG)
        chart.scroll_into_view_if_needed()
        option = page.evaluate(READ_ECHART, "studio-regions_chart")
        x_axis, y_axis = option["xAxis"][1], option["yAxis"][1]
        data_aspect = (x_axis["max"] - x_axis["min"]) / (y_axis["max"] - y_axis["min"])
        png = chart.screenshot()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"regions-{width}-{query.replace('&', '-')}.png").write_bytes(png)
        wide, tall = drawn_picture_box(png)
        assert tall > 300  # the plot itself, not a legend mark
        # Within two pixels: the edges of the picture are anti-aliased.
        assert wide / tall == pytest.approx(data_aspect, abs=2 / tall), (wide, tall)
    finally:
        context.close()
