"""The studio in Chromium: Train moves the curves, Pause freezes them, Step adds one epoch."""

import re

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser.conftest import open_page, wait_for_app
from ui.figures.palette import POSITIVE, mix

LONG = 90_000  # ms: a loaded machine (two test workers on two cores) can be slow
PROGRESS = "[data-testid='stProgress']"
EPOCH_JS = ("Number((document.querySelector(\"[data-testid='stProgress']\").innerText"
            ".match(/Epoch (\\d+) of/) || [0, -1])[1])")


def epoch(page) -> int:
    """The epoch counter of the progress bar: "Epoch 12 of 2000"."""
    text = page.locator(PROGRESS).first.inner_text()
    match = re.search(r"Epoch (\d+) of (\d+)", text)
    assert match, text
    return int(match[1])


def click(page, key: str) -> None:
    # Streamlit gives every keyed widget the class st-key-<key>, dots turned into dashes.
    page.locator(f".st-key-{key.replace('.', '-')} button").first.click()


def long_budget(page) -> None:
    """A 2000-epoch budget, so the run is still going when we look at it."""
    budget = page.locator(".st-key-studio-epochs input")
    budget.fill("2000")
    budget.press("Enter")
    wait_for_app(page, LONG)


def numbers(page) -> str:
    return page.get_by_text(re.compile(r"^Train loss \d")).first.inner_text()


# From now on, count the script runs the page starts (a click, a fragment's timer).
COUNT_SCRIPT_RUNS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  window.__scriptRuns = 0;
  new MutationObserver(() => {
    if (app.getAttribute("data-test-script-state") === "running") window.__scriptRuns++;
  }).observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}"""


# Each body cell of the studio's tables: its text, background and ink as the browser draws them.
READ_CELLS = """(key) => Array.from(document.querySelectorAll(`.st-key-${key} tbody td`), c => {
  const style = getComputedStyle(c);
  return [c.textContent, style.backgroundColor.replace(/ /g, ''), style.color.replace(/ /g, '')];
})"""


def test_a_confusion_matrix_is_shaded_by_its_counts(page, app_url):
    """ui/styled_table.py writes st.table's element itself: its cells' CSS must reach the cells
    the browser draws (the largest count in the class colour, white ink; none white, black ink)."""
    page.set_default_timeout(LONG)
    open_page(page, app_url, "studio", LONG)
    # The results are drawn after the app first says it is idle: wait for the matrix's cells.
    page.wait_for_function(f"() => ({READ_CELLS})('studio-cm_test').length === 9")
    cells = page.evaluate(READ_CELLS, "studio-cm_test")
    assert len(cells) == 9  # Iris: 3 x 3
    counts = [int(text) for text, _, _ in cells]
    assert sum(counts) == 45  # the test set
    top = max(counts)
    for count, (_, background, ink) in zip(counts, cells, strict=True):
        assert background == mix(POSITIVE, count / top)
        assert ink == ("rgb(255,255,255)" if count / top > 0.5 else "rgb(0,0,0)")


def test_train_pause_step_reset(page, app_url):
    page.set_default_timeout(LONG)
    open_page(page, app_url, "studio", LONG)
    assert epoch(page) == 0
    long_budget(page)

    click(page, "studio.train")
    page.wait_for_function(f"() => {EPOCH_JS} > 0", timeout=LONG)
    first_numbers = numbers(page)
    # The latest numbers above the curves move on while it trains.
    page.wait_for_function(
        """(first) => [...document.querySelectorAll("[data-testid='stMarkdownContainer']")]
               .some(e => e.innerText.startsWith("Train loss") && e.innerText !== first)""",
        arg=first_numbers, timeout=LONG)
    page.screenshot(path="test-results/screenshots/studio-training.png", full_page=True)

    click(page, "studio.pause")
    # Pause is done when the full rerun has drawn Pause disabled and Train enabled again.
    page.locator(".st-key-studio-pause button[disabled]").first.wait_for(timeout=LONG)
    wait_for_app(page, LONG)
    page.wait_for_timeout(600)  # a tick already on its way may still land
    paused = epoch(page)
    page.evaluate(COUNT_SCRIPT_RUNS)
    page.wait_for_timeout(1500)
    assert epoch(page) == paused  # nothing moves while paused
    # and nothing runs: the live view's timers stopped with the run (they belong to fragments
    # inside the run view, which only a full rerun stops)
    assert page.evaluate("window.__scriptRuns") == 0
    assert page.locator("[data-testid='stException']").count() == 0

    click(page, "studio.step")
    page.wait_for_function(f"() => {EPOCH_JS} === {paused + 1}", timeout=LONG)
    wait_for_app(page, LONG)
    assert epoch(page) == paused + 1  # exactly one more epoch

    click(page, "studio.reset")
    page.wait_for_function(f"() => {EPOCH_JS} === 0", timeout=LONG)
    page.screenshot(path="test-results/screenshots/studio-reset.png", full_page=True)


# Each time Streamlit's status widget is on screen: is its cycling icon hidden, the hourglass shown?
# And every 30 ms: which animations that never end are running (a chart's shimmering placeholder)?
WATCH_STATUS = """() => {
  window.__status = []; window.__endless = [];
  setInterval(() => {
    for (const a of document.getAnimations())
      if (a.effect && a.effect.getTiming().iterations === Infinity)
        window.__endless.push(a.effect.target && a.effect.target.dataset.testid);
  }, 30);
  new MutationObserver(() => {
    const widget = document.querySelector("[data-testid='stStatusWidget']");
    const icon = document.querySelector("[data-testid='stStatusWidgetRunningIcon']");
    if (widget && icon) window.__status.push([getComputedStyle(icon).display,
                                              getComputedStyle(widget, '::before').content]);
  }).observe(document.body, {subtree: true, childList: true});
}"""


def test_the_busy_indicators_stand_still(page, app_url):
    # The cycling icon and the shimmering chart placeholder cost every open tab a repaint per
    # frame while they last (ui/status.py); the page shows a still hourglass and placeholder.
    page.set_default_timeout(LONG)
    deltas = HeldDeltas()
    page.route_web_socket(re.compile(r"/_stcore/stream"), deltas.route)
    open_page(page, app_url, "studio", LONG)
    long_budget(page)
    page.evaluate(WATCH_STATUS)
    # Streamlit shows its status widget only for a run that lasts: hold the run's news until it
    # is on screen, as a crowded server would keep it waiting.
    deltas.holding = True
    click(page, "studio.train")
    page.wait_for_function("() => window.__status.length > 0")
    deltas.release()
    click(page, "studio.pause")
    wait_for_app(page, LONG)
    seen = page.evaluate("window.__status")
    assert {display for display, _ in seen} == {"none"}
    assert {content for _, content in seen} == {'"\u23f3"'}
    assert page.evaluate("window.__endless") == []


class HeldDeltas:
    """Between browser and server: while `holding`, the server's messages wait here.

    Only the news that a run has started gets through, so the page is in the state a crowded
    server puts it in: its script running, nothing redrawn yet.
    """

    def __init__(self):
        self.holding, self.held, self.browser_side = False, [], None

    def route(self, ws) -> None:
        server = ws.connect_to_server()
        self.browser_side = ws
        ws.on_message(server.send)
        server.on_message(self.from_server)

    def from_server(self, message) -> None:
        msg = ForwardMsg.FromString(message)
        kind = msg.WhichOneof("type")
        started = kind == "new_session" or (
            kind == "session_status_changed" and msg.session_status_changed.script_is_running)
        if self.holding and not started:
            self.held.append(message)
        else:
            self.browser_side.send(message)

    def release(self) -> None:
        self.holding = False
        for message in self.held:
            self.browser_side.send(message)
        self.held.clear()


# Every element Streamlit has dimmed (data-stale): its opacity and its transition's duration.
STALE = """() => [...document.querySelectorAll("[data-stale='true']")].map(e => {
  const style = getComputedStyle(e); return [Number(style.opacity), style.transitionDuration];
})"""


def test_what_a_running_script_has_not_redrawn_dims_in_one_step(page, app_url):
    # Streamlit fades stale elements over a second, a repaint per frame of the page (ui/status.py).
    page.set_default_timeout(LONG)
    deltas = HeldDeltas()
    page.route_web_socket(re.compile(r"/_stcore/stream"), deltas.route)
    open_page(page, app_url, "studio", LONG)
    deltas.holding = True
    click(page, "studio.train")
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='running']")
    page.wait_for_timeout(1200)  # past Streamlit's half-second delay, mid-way through its fade
    stale = page.evaluate(STALE)
    running = page.evaluate("document.getAnimations().map(a => a.transitionProperty || "
                            "a.animationName)")
    deltas.release()
    wait_for_app(page, LONG)
    assert len(stale) > 10  # the page's elements, all waiting for the script
    assert {duration for _, duration in stale} == {"0s"}
    assert max(opacity for opacity, _ in stale) < 1  # still dimmed: the run is visibly under way
    assert "opacity" not in running
    assert epoch(page) > 0 and page.locator("[data-testid='stException']").count() == 0
