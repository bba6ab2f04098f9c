"""The studio's pace and replay in Chromium: a lecture Train is watched epoch by epoch, and the
replay slider moves the curves and the confusion matrix back."""

from tests.browser.conftest import READ_CONFUSION, READ_TRAIN_LOSS, open_page, wait_for_app
from tests.browser.test_studio import LONG, click
from ui.studio import traffic

# Every animation frame, the train loss curve's length as drawn, once per new length.
WATCH_CURVE = f"""() => {{
  window.__lengths = [];
  const read = {READ_TRAIN_LOSS};
  const look = () => {{
    const n = read().length;
    if (window.__lengths[window.__lengths.length - 1] !== n) window.__lengths.push(n);
    requestAnimationFrame(look);
  }};
  look();
}}"""
# The epoch of the test confusion matrix's title, as drawn, once per new epoch.
WATCH_CONFUSION = """() => {
  window.__matrices = [];
  setInterval(() => {
    const box = document.querySelector('.st-key-studio-cm_test');
    const m = box && box.textContent.match(/at epoch (\\d+)\\)/);
    const epoch = m ? Number(m[1]) : null;
    if (epoch !== null && window.__matrices[window.__matrices.length - 1] !== epoch)
      window.__matrices.push(epoch);
  }, 50);
}"""


def test_at_the_default_pace_a_lecture_train_shows_at_least_ten_epochs(page, app_url):
    page.set_default_timeout(LONG)
    open_page(page, app_url, "studio", LONG)
    # Alone on the server: an earlier test's tab still counts as live (or as having pressed
    # Train) for a few seconds, and a crowded server plays back in bigger steps or not at all.
    page.wait_for_timeout(1000 * traffic.FORGET_SECONDS + 500)
    page.evaluate(WATCH_CURVE)
    page.evaluate(WATCH_CONFUSION)
    click(page, "studio.train")
    # The end: the curve has all 20 epochs and the playback's full rerun has drawn the slider.
    page.wait_for_function(f"() => ({READ_TRAIN_LOSS})().length === 20", timeout=LONG)
    page.locator(".st-key-studio-replay_epoch").wait_for(timeout=LONG)
    wait_for_app(page, LONG)
    lengths = page.evaluate("window.__lengths")
    matrices = page.evaluate("window.__matrices")
    # (a redraw may read as no curve for a moment: 0s are left out)
    shown = [n for n in lengths if n > 0]
    assert shown == sorted(shown) and shown[-1] == 20
    assert len(shown) >= 10, lengths
    assert matrices[-1] == 20 and len(set(matrices) - {0}) >= 10, matrices
    assert page.locator("[data-testid='stException']").count() == 0


THUMB = ".st-key-studio-replay_epoch input[type=range]"  # react-aria's slider: keys move it


def _press(page, key: str, times: int = 1) -> None:
    thumb = page.locator(THUMB).first
    thumb.focus()
    for _ in range(times):
        thumb.press(key)


def test_the_replay_slider_moves_the_curves_and_the_confusion_matrix(page, app_url):
    page.set_default_timeout(LONG)
    open_page(page, app_url, "studio?pace=instant", LONG)
    click(page, "studio.train")
    page.wait_for_function(f"() => ({READ_CONFUSION})(20) !== null", timeout=LONG)
    wait_for_app(page, LONG)
    end = page.evaluate(f"({READ_CONFUSION})(20)")
    assert len(page.evaluate(READ_TRAIN_LOSS)) == 20

    _press(page, "Home")  # epoch 0: the untrained network
    page.wait_for_function(f"() => ({READ_CONFUSION})(0) !== null", timeout=LONG)
    assert page.evaluate(READ_TRAIN_LOSS) == []
    untrained = page.evaluate(f"({READ_CONFUSION})(0)")
    assert sum(map(sum, untrained)) == 45 and untrained != end  # the lecture's test set

    _press(page, "ArrowRight", 3)  # epoch 3
    page.wait_for_function(f"() => ({READ_CONFUSION})(3) !== null", timeout=LONG)
    assert len(page.evaluate(READ_TRAIN_LOSS)) == 3

    _press(page, "End")
    page.wait_for_function(f"() => ({READ_CONFUSION})(20) !== null", timeout=LONG)
    wait_for_app(page, LONG)
    assert len(page.evaluate(READ_TRAIN_LOSS)) == 20
    assert page.evaluate(f"({READ_CONFUSION})(20)") == end
    assert page.locator("[data-testid='stException']").count() == 0
