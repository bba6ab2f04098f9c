"""Vietnamese in Chromium: what a person sees, in presenter mode, holds no English word (issue #16).

AppTest reads what the server sends; this reads what the browser draws: the text on screen
(text hidden with font-size 0 or display: none left out, CSS ::before / ::after content added,
as the page lays its own words over Streamlit's), and the words inside every ECharts canvas.
"""

import re

from tests.browser.conftest import READ_ECHART, open_page, wait_for_app
from tests.browser.test_replay import _press
from tests.browser.test_studio import LONG, click
from tests.vietnamese_words import chart_texts, english_words_in

# Every text node and pseudo-element a person can see in the app's main area and sidebar.
# Material icons are ligatures ("upload" draws an arrow), KaTeX's MathML copy and code blocks are
# not words to translate; a font-size of 0 hides a text Streamlit writes and the page replaces.
SEEN_TEXT = """() => {
  const skip = '[data-testid=stIconMaterial], .katex-mathml, pre, code, style, script, '
             + '[data-testid=stEChartsChart]';
  const shown = (el) => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
                        && parseFloat(getComputedStyle(el).fontSize) > 0;
  const out = [];
  for (const root of document.querySelectorAll('[data-testid=stMain], [data-testid=stSidebar]')) {
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      const el = node.parentElement;
      if (node.textContent.trim() && !el.closest(skip) && shown(el)) out.push(node.textContent);
    }
    for (const el of root.querySelectorAll('*')) {
      for (const pseudo of ['::before', '::after']) {
        const content = getComputedStyle(el, pseudo).content;
        if (content && content.startsWith('"')) out.push(JSON.parse(content));
      }
    }
  }
  return out;
}"""
CHOOSER = "[data-testid=stFileUploaderDropzone] button p"  # Streamlit's "Upload"
# The keys of the ECharts charts on the page ("studio-curves_chart").
CHART_KEYS = """() => Array.from(document.querySelectorAll('[data-testid=stEChartsChart]'),
  box => [...box.closest('[class*="st-key-"]').classList].find(c => c.startsWith('st-key-'))
           .slice('st-key-'.length))"""


def english_seen(page) -> list[tuple[str, list[str]]]:
    texts = page.evaluate(SEEN_TEXT)
    for key in page.evaluate(CHART_KEYS):
        option = page.evaluate(f"({READ_ECHART})('{key}')")
        texts += chart_texts(option) if option else []
    return [(text[:100], words) for text in texts if (words := english_words_in(text))]


def test_the_presented_studio_in_vietnamese_trains_opens_the_network_and_replays(page, app_url):
    page.set_default_timeout(LONG)
    open_page(page, app_url, "studio?lang=vi&present=1", LONG)
    assert english_seen(page) == []
    click(page, "studio.train")
    page.locator(".st-key-studio-replay_epoch").wait_for(timeout=LONG)  # played to the end
    wait_for_app(page, LONG)
    assert page.get_by_text("Đang ở epoch 20 / 20").count() == 1
    page.locator(".st-key-studio-network label").first.click()
    page.locator(".st-key-studio-network_chart [data-testid=stEChartsChart] canvas").wait_for()
    wait_for_app(page, LONG)
    _press(page, "ArrowLeft", 5)  # epoch 15, or a little later where a rerun took a key press
    page.get_by_text(re.compile(r"^Đang ở epoch 1[5-9] / 20$")).wait_for()
    wait_for_app(page, LONG)
    seen = english_seen(page)
    assert seen == []
    assert page.locator("[data-testid='stException']").count() == 0


def test_the_file_chooser_speaks_vietnamese(page, app_url):
    open_page(page, app_url, "your_data?lang=vi&present=1")
    # The page's style may land a moment after the chooser itself.
    page.wait_for_function(f"() => (e => e && getComputedStyle(e).fontSize === '0px')"
                           f"(document.querySelector({CHOOSER!r}))")
    seen = page.evaluate(SEEN_TEXT)
    assert "Tải lên" in seen and "Tối đa 50 MB mỗi tệp • CSV, TSV, TXT" in seen
    assert "Upload" not in seen and not any("per file" in text for text in seen)
    assert english_seen(page) == []
    # While a file is dragged over it, Streamlit's "Drag and drop a file here" shows.
    dragged = page.evaluate_handle("""() => { const dt = new DataTransfer();
        dt.items.add(new File(['a,b'], 'a.csv', {type: 'text/csv'})); return dt; }""")
    page.dispatch_event("[data-testid=stFileUploaderDropzone]", "dragenter",
                        {"dataTransfer": dragged})
    page.get_by_text("Drag and drop a file here").wait_for(state="attached")
    seen = page.evaluate(SEEN_TEXT)
    assert "Thả tệp vào đây" in seen and english_seen(page) == []
