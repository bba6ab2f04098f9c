"""The studio's pace and replay in Chromium: a lecture Train is watched epoch by epoch, and the
replay slider moves the curves and the confusion matrix back."""

from tests.browser.conftest import (
    READ_CONFUSION,
    READ_ECHART,
    READ_TRAIN_LOSS,
    open_page,
    wait_for_app,
)
from tests.browser.test_studio import LONG, click
from ui.studio import traffic

# Every 40 ms while a chart's option is a timeline (a playback): its number of frames, and a
# fingerprint of what its canvas shows (a sample of its pixels), kept once per new picture. The
# browser plays the frames by itself, so what reaches the screen is read off the screen.
PLAYED = ("curves", "regions", "confusion")
WATCH_CHARTS = """(keys) => {
  window.__pictures = {}; window.__frames = {};
  const read = """ + READ_ECHART + """;
  const look = () => {
    for (const key of keys) {
      const option = read(`studio-${key}_chart`);
      // ECharts may draw a chart on several canvases (layers): the heatmap has its own.
      const layers = document.querySelectorAll(`.st-key-studio-${key}_chart canvas`);
      if (!option || !option.options || !layers.length) continue;  // not playing
      window.__frames[key] = option.options.length;
      let print = 0;
      for (const canvas of layers) {
        if (!canvas.width) continue;
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)
          .data;
        for (let i = 0; i < pixels.length; i += 4 * 7)
          print = (print * 31 + pixels[i] + 3 * pixels[i + 1] + 7 * pixels[i + 2]) | 0;
      }
      const seen = window.__pictures[key] = window.__pictures[key] || [];
      if (seen[seen.length - 1] !== print) seen.push(print);
    }
  };
  setInterval(look, 40);
}"""


def test_at_the_default_pace_a_lecture_train_shows_at_least_ten_epochs(page, app_url):
    page.set_default_timeout(LONG)
    open_page(page, app_url, "studio", LONG)
    # Alone on the server: an earlier test's tab still counts as live (or as having pressed
    # Train) for a few seconds, and a crowded server plays back in bigger steps or not at all.
    page.wait_for_timeout(1000 * traffic.FORGET_SECONDS + 500)
    page.evaluate(WATCH_CHARTS, list(PLAYED))
    click(page, "studio.train")
    # The end: the one rerun after the playback has drawn the slider and the 20 epochs' curve.
    page.locator(".st-key-studio-replay_epoch").wait_for(timeout=LONG)
    page.wait_for_function(f"() => ({READ_TRAIN_LOSS})().length === 20", timeout=LONG)
    wait_for_app(page, LONG)
    frames = page.evaluate("window.__frames")
    pictures = page.evaluate("window.__pictures")
    # Each chart played the lecture's 21 epochs (0 to 20) as one option, and the screen showed
    # at least 10 different pictures of each while it played.
    assert frames == {key: 21 for key in PLAYED}, frames
    for key in PLAYED:
        assert len(pictures[key]) >= 10, (key, len(pictures[key]))
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

    # Epoch 3, a key at a time: a rerun redraws the slider, and a key pressed on the one being
    # replaced (a loaded machine makes that likely) is lost with its focus.
    for epoch in (1, 2, 3):
        _press(page, "ArrowRight")
        page.wait_for_function(f"() => ({READ_CONFUSION})({epoch}) !== null", timeout=LONG)
    assert len(page.evaluate(READ_TRAIN_LOSS)) == 3

    _press(page, "End")
    page.wait_for_function(f"() => ({READ_CONFUSION})(20) !== null", timeout=LONG)
    wait_for_app(page, LONG)
    assert len(page.evaluate(READ_TRAIN_LOSS)) == 20
    assert page.evaluate(f"({READ_CONFUSION})(20)") == end
    assert page.locator("[data-testid='stException']").count() == 0
