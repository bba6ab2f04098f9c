"""Early stopping in Chromium: the browser's playback draws the best-epoch and stop marks in its
stop frame only, and they stay on the finished run's curves."""

from tests.browser.conftest import READ_ECHART, open_page, wait_for_app
from tests.browser.test_studio import LONG, click
from ui.figures.live_charts import STOP_COLOR
from ui.figures.palette import rgb
from ui.studio import traffic

LINK = ("studio?data=moons&points=40&noise=0.3&test=0.5&hidden=64-64&lr=0.05&batch=full"
        "&epochs=400&patience=20&restore=1&pace=fast")
# Every 40 ms: each new picture of the curves' canvas (a fingerprint of a sample of its pixels)
# with how many of its pixels are the marks' colour, and whether the chart was playing then.
WATCH_MARKS = """([r, g, b]) => {
  window.__pictures = [];
  const read = """ + READ_ECHART + """;
  setInterval(() => {
    const option = read('studio-curves_chart');
    const canvas = document.querySelector('.st-key-studio-curves_chart canvas');
    if (!option || !canvas || !canvas.width) return;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let print = 0, marked = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (i % 28 === 0)
        print = (print * 31 + pixels[i] + 3 * pixels[i + 1] + 7 * pixels[i + 2]) | 0;
      if (Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) < 24)
        marked++;
    }
    const last = window.__pictures[window.__pictures.length - 1];
    if (!last || last.print !== print)
      window.__pictures.push({print, marked, playing: Boolean(option.options)});
  }, 40);
}"""
MARKED = 30  # pixels of the marks' colour: two dashed lines and their labels make hundreds


def test_the_playback_marks_the_best_epoch_and_the_stop_in_its_last_frame(page, app_url):
    page.set_default_timeout(LONG)
    open_page(page, app_url, LINK, LONG)
    # Alone on the server, so the playback runs at its own pace (see test_replay.py).
    page.wait_for_timeout(1000 * traffic.FORGET_SECONDS + 500)
    page.evaluate(WATCH_MARKS, list(rgb(STOP_COLOR)))
    click(page, "studio.train")
    page.locator(".st-key-studio-replay_epoch").wait_for(timeout=LONG)  # played and settled
    wait_for_app(page, LONG)
    page.wait_for_timeout(500)
    pictures = page.evaluate("window.__pictures")
    played = [p for p in pictures if p["playing"]]
    assert len(played) >= 3, pictures
    # The frames before the stop (epochs 0, 40, 80 of the 400 at this pace) carry no mark; the
    # stop's frame (epoch 89) and the settled page after it do.
    first_marked = next(i for i, p in enumerate(played) if p["marked"] >= MARKED)
    assert first_marked >= 2 and all(p["marked"] < MARKED for p in played[:first_marked])
    assert all(p["marked"] >= MARKED for p in played[first_marked:])
    assert pictures[-1]["marked"] >= MARKED and not pictures[-1]["playing"]
    option = page.evaluate(f"({READ_ECHART})('studio-curves_chart')")
    test_loss = next(s for s in option["series"] if s["name"] == "test loss")
    assert [m["xAxis"] for m in test_loss["markLine"]["data"]] == [69, 89]
    assert page.get_by_text("Stopped early at epoch 89").count() == 1
    assert page.locator("[data-testid='stException']").count() == 0
