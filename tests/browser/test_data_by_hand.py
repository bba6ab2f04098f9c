"""Data by hand in a browser: a click on the regions adds a point, a click on a point removes it,
and each change starts the run again. Only a browser proves that ECharts turns a click into the
selection the studio reads (AppTest sends the selection itself)."""

import io

import numpy as np
import pandas as pd

from tests.browser.conftest import READ_ECHART, open_page, wait_for_app

TIMEOUT = 90_000


def saved(page, key: str, tmp_path) -> bytes:
    """The file a click on download button `key` saves (with a help text, Streamlit keeps a
    second, zero-width copy of the button after the one in the tooltip's hover target)."""
    with page.expect_download() as info:
        page.locator(f".st-key-{key} button").first.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path.read_bytes()


def chart_key(turn: int) -> str:
    return f"studio-by_hand_chart-{turn}"


def option_of(page, turn: int) -> dict:
    page.locator(f".st-key-{chart_key(turn)} canvas").first.wait_for(timeout=TIMEOUT)
    page.wait_for_function(f"() => ({READ_ECHART})('{chart_key(turn)}') !== null",
                           timeout=TIMEOUT)
    return page.evaluate(f"() => ({READ_ECHART})('{chart_key(turn)}')")


def click_at(page, turn: int, option: dict, xy) -> None:
    """Click the chart where the data point xy (on the chart's axes) is drawn."""
    chart = page.locator(f".st-key-{chart_key(turn)} [data-testid=stEChartsChart]")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    grid, x_axis, y_axis = option["grid"], option["xAxis"][1], option["yAxis"][1]
    left = (box["width"] - grid["width"]) / 2  # the plot is centred ("left": "center")
    px = left + (xy[0] - x_axis["min"]) / (x_axis["max"] - x_axis["min"]) * grid["width"]
    py = grid["top"] + (y_axis["max"] - xy[1]) / (y_axis["max"] - y_axis["min"]) * grid["height"]
    page.mouse.click(box["x"] + px, box["y"] + py)


def samples(option: dict) -> np.ndarray:
    """Every sample drawn (train and test), on the chart's axes."""
    return np.array([xy[:2] for s in option["series"]
                     if s.get("type") == "scatter" and s.get("name") != "cells"
                     and s.get("symbolSize") != 13 for xy in s["data"]])


def test_a_click_adds_a_point_a_click_on_a_point_removes_it_and_the_run_restarts(page, app_url,
                                                                                tmp_path):
    open_page(page, app_url, "studio?data=moons&points=100&seed=2", timeout=TIMEOUT)
    page.locator(".st-key-studio-step button").click()
    page.get_by_text("Epoch 1 of 20").first.wait_for(timeout=TIMEOUT)
    wait_for_app(page, TIMEOUT)
    page.locator(".st-key-studio-by_hand_on label").click()
    page.get_by_text("100 points (class 0: 50, class 1: 50).", exact=False).wait_for(
        timeout=TIMEOUT)
    option = option_of(page, 0)
    # An empty place: the clickable cell farthest from every sample.
    cells = np.array(next(s for s in option["series"] if s.get("name") == "cells")["data"])
    drawn = samples(option)
    gaps = np.sqrt(((cells[:, None] - drawn[None]) ** 2).sum(axis=2)).min(axis=1)
    click_at(page, 0, option, cells[gaps.argmax()])
    page.get_by_text("101 points (class 0: 51, class 1: 50).", exact=False).wait_for(
        timeout=TIMEOUT)
    wait_for_app(page, TIMEOUT)
    page.get_by_text("Epoch 0 of 20").first.wait_for(timeout=TIMEOUT)  # the run restarted
    assert page.get_by_text("The data changed, so training restarted").count() == 1

    option = option_of(page, 1)
    drawn = samples(option)
    assert len(drawn) == 101
    # A point well apart from the others, so that the click lands on it alone.
    apart = np.sqrt(((drawn[:, None] - drawn[None]) ** 2).sum(axis=2))
    np.fill_diagonal(apart, np.inf)
    click_at(page, 1, option, drawn[apart.min(axis=1).argmax()])
    page.get_by_text("100 points (class 0:", exact=False).wait_for(timeout=TIMEOUT)
    wait_for_app(page, TIMEOUT)
    assert len(samples(option_of(page, 2))) == 100
    # The data download is the set on screen: the edited one.
    table = pd.read_csv(io.BytesIO(saved(page, "studio-dl_table", tmp_path)))
    assert len(table) == 100 and list(table.columns) == ["split", "x1", "x2", "class"]
    assert table["split"].value_counts().to_dict() == {"train": 70, "test": 30}
