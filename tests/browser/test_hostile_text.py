"""Hostile names and links in Chromium (issue 22): the page shows them, and nothing made from them.

An upload whose column names and class labels are Markdown, HTML, LaTeX, directives, URLs, bidi
overrides, long and multi-line names goes through "Your own data" and every view of the studio;
then tampered links open every page. On each, nothing from that text may become a link, an
image, a heading, LaTeX, styled text or an icon, and no script may run. What the server sends is
checked in tests/app/test_hostile_text.py; this is what the browser makes of it.
"""

from urllib.parse import urlencode

from tests.browser.conftest import SCREENSHOTS, open_page, wait_for_app
from tests.hostile_text import EVIL, FILE_NAME, LINKED_PAGES, MARKER, hostile_csv, tampered_links

LONG = 90_000  # ms: a loaded machine can be slow
# Everything on the page made from a hostile text, each as "why: <element>". The app's own links
# (its pages, its anchors) are on its own origin; nothing of its own carries MARKER or EVIL, but
# for its own styling of a whole name (`own`: the studio's caption writes the data's name in bold).
OFFENCES = """([marker, evil, own]) => {
  const found = [];
  const say = (why, el) => found.push(`${why}: ${el.outerHTML.slice(0, 200)}`);
  const has = (el) => el.textContent.includes(marker) || el.textContent.includes(evil);
  for (const a of document.querySelectorAll('a')) {
    const href = a.getAttribute('href') || a.getAttribute('xlink:href') || '';
    const away = new URL(href, location.href).origin !== location.origin;
    if (away || href.includes(evil) || has(a)) say('link', a);
  }
  for (const img of document.querySelectorAll('img')) {
    const src = img.getAttribute('src') || '';
    if (new URL(src, location.href).origin !== location.origin && !src.startsWith('data:'))
      say('image', img);
  }
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
    if (has(h)) say('heading', h);
  for (const k of document.querySelectorAll('.katex')) if (has(k) || k.querySelector('.rule'))
    say('latex', k);
  const styled = 'strong, em, b, i, del, mark, code, span[style], tspan[style], [class*="Colored"]';
  for (const s of document.querySelectorAll(styled))
    if (has(s) && !own.includes(s.textContent.replaceAll('\\u2060', ''))) say('styled', s);
  for (const box of document.querySelectorAll('[data-testid="stMarkdownContainer"]')) {
    if (!has(box)) continue;
    if (box.querySelector('[data-testid="stIconMaterial"]')) say('icon', box);
    if (/\\p{Extended_Pictographic}/u.test(box.textContent)) say('emoji', box);
  }
  if (document.body.innerText.includes('\\u202e')) found.push('bidi override shown');
  if (window.pwned) found.push('a script ran: ' + window.pwned);
  return found;
}"""


def offences(page) -> list[str]:
    return page.evaluate(OFFENCES, [MARKER, EVIL, [FILE_NAME]])


def assert_clean(page, where: str) -> None:
    found = offences(page)
    if found:
        page.screenshot(path=str(SCREENSHOTS / f"hostile-{where}.png"), full_page=True)
    assert not found, (where, found)


def sweep(page, selector: str, where: str, steps: int = 12) -> bool:
    """Move the mouse over a chart, checking the page at each stop; True once a tooltip showed."""
    box = page.locator(selector).first.bounding_box()
    tooltip = False
    for i in range(1, steps):
        for j in range(1, steps):
            page.mouse.move(box["x"] + box["width"] * i / steps,
                            box["y"] + box["height"] * j / steps)
            shown = page.evaluate("(m) => [...document.querySelectorAll('div, g.hovertext')]"
                                  ".some(d => d.childElementCount < 8 && "
                                  "d.textContent.includes(m))", MARKER)
            if shown:
                tooltip = True
                assert_clean(page, where)
    page.mouse.move(0, 0)
    return tooltip


def click_key(page, key: str) -> None:
    page.locator(f".st-key-{key.replace('.', '-')} button").first.click()
    wait_for_app(page, LONG)


def test_an_upload_of_hostile_names_is_shown_as_plain_text(page, app_url, tmp_path):
    page.set_default_timeout(LONG)
    open_page(page, app_url, "", LONG)
    page.get_by_test_id("stSidebarNav").get_by_text("Your own data").click()
    wait_for_app(page, LONG)
    upload = tmp_path / FILE_NAME
    upload.write_bytes(hostile_csv())
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(upload))
    wait_for_app(page, LONG)
    page.get_by_text(f"{FILE_NAME}: 80 rows, 17 columns.").wait_for()
    assert_clean(page, "your-data")
    page.get_by_test_id("stMultiSelect").first.click()  # the features' list, open
    assert_clean(page, "your-data-features")
    page.keyboard.press("Escape")

    page.get_by_role("button", name="Train on this data").click()
    wait_for_app(page, LONG)
    page.locator(".st-key-studio-cm_test table").wait_for()
    assert_clean(page, "studio")
    # The names are there, as written (an invisible word joiner after "http:"): the test
    # matrix's header holds the first class.
    shown = page.locator(".st-key-studio-cm_test table").inner_text().replace("\u2060", "")
    assert f"![{MARKER} img](http://127.0.0.1:9/zqx.png)" in shown
    click_key(page, "studio.step")
    page.locator(".st-key-studio-feature_x").click()  # the features' menu, open
    assert_clean(page, "studio-feature-menu")
    page.keyboard.press("Escape")
    assert sweep(page, ".st-key-studio-regions_chart canvas", "studio-regions"), "no tooltip"

    page.get_by_role("tab", name="Misclassified samples").click()
    wait_for_app(page, LONG)
    assert_clean(page, "studio-mistakes")
    page.get_by_role("tab", name="Predict one sample").click()
    wait_for_app(page, LONG)
    page.locator(".st-key-studio-proba_chart .js-plotly-plot").wait_for()
    assert_clean(page, "studio-predict")
    sweep(page, ".st-key-studio-proba_chart .nsewdrag", "studio-predict-hover", steps=8)

    click_key(page, "studio.pin")
    page.locator(".st-key-studio-pinned_chart .js-plotly-plot").wait_for()
    assert_clean(page, "studio-pinned")
    assert page.locator("[data-testid='stException']").count() == 0


def test_tampered_links_are_named_in_plain_text_on_every_page(page, app_url):
    page.set_default_timeout(LONG)
    pages = [("", ()), *((path, params) for path, (_, params) in LINKED_PAGES.items())]
    for path, params in pages:
        for query in tampered_links((*params, "lang", "present")):
            open_page(page, app_url, f"{path}?{urlencode(query)}", LONG)
            where = f"link-{path or 'home'}-{len(query)}"
            assert_clean(page, where)
            # The router's notice (lang, present) and the page's own.
            notices = page.get_by_test_id("stAlertContentWarning").filter(
                has_text="could not be used")
            assert notices.count() >= 1, where
            # One line an ignored value, none of them a paragraph or a line break of its own.
            items = notices.locator("li")
            assert items.count() >= 1, where
            for k in range(items.count()):
                assert items.nth(k).locator("p, br").count() <= 1, (where,
                                                                    items.nth(k).inner_html())
    assert page.locator("[data-testid='stException']").count() == 0
