"""Hand-made features in Chromium: picked in the sidebar, they become input nodes and travel in
the link."""

from urllib.parse import parse_qs, urlsplit

from tests.browser.conftest import READ_ECHART, open_page, wait_for_app
from tests.browser.test_challenge import pick

LONG = 90_000  # ms: a loaded machine can be slow


def input_names(page) -> list[str] | None:
    option = page.evaluate(READ_ECHART, "studio-network_chart")
    if option is None:
        return None
    return [n["name"] for n in option["series"][0]["data"] if n["id"].startswith("x")]


def test_picked_features_become_input_nodes_and_a_link_brings_them_back(page, browser,
                                                                         app_url):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(LONG)
    open_page(page, app_url, "studio?data=circles&hidden=0&net=1", LONG)
    page.wait_for_function(f"() => ({READ_ECHART})('studio-network_chart') !== null",
                           timeout=LONG)
    assert input_names(page) == ["x1", "x2"]

    for label in ("x2²", "x1²"):  # in any order: the columns come in the canonical one
        pick(page, "studio-made_features", label)
    page.wait_for_function(
        f"() => {{ const o = ({READ_ECHART})('studio-network_chart');"
        " return o && o.series[0].data.filter(n => n.id.startsWith('x')).length === 4; }",
        timeout=LONG)
    assert input_names(page) == ["x1", "x2", "x1²", "x2²"]
    assert parse_qs(urlsplit(page.url).query)["features"] == ["x1sq,x2sq"]

    # The link opens the same inputs in another browser.
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.set_default_timeout(LONG)
    other.goto(page.url)
    wait_for_app(other, LONG)
    other.wait_for_function(f"() => ({READ_ECHART})('studio-network_chart') !== null",
                            timeout=LONG)
    assert input_names(other) == ["x1", "x2", "x1²", "x2²"]
    chips = other.locator(".st-key-studio-made_features").get_by_text("x1²")
    assert chips.count() >= 1
    other.context.close()
    assert page.locator("[data-testid='stException']").count() == 0 and not errors, errors
