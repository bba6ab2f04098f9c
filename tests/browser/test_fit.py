"""Nothing cut off: every page at 1440 x 900, in presenter mode and on a 390 x 844 phone, in English
and in Vietnamese.

What "fits" means here, decided once for every page:
- A formula (a KaTeX block) stays inside its box. On a desk or a projector it fits whole (a long one
  breaks after an = or a +); on a phone a part that cannot break (a matrix product) may be wider,
  as long as its box scrolls and shows its scroll bar.
- A table (st.dataframe, st.table) stays inside its container; what is wider scrolls inside it.
- A chart's legend covers no axis title (the SVG's bounding boxes).
- On a phone plotly's toolbar is gone (a touch would leave it over the plot).
- In presenter mode no sidebar label is cut short ("Reset t...").

One browser, one context per screen and language, the pages visited in a loop.
"""

from pathlib import Path

import numpy as np
import plotly
import pytest

from mlp_core import activations_losses as al
from tests.browser.conftest import open_page
from ui import presenter
from ui.figures.activations import comparison_figure, curve_figure
from ui.figures.neuron import hours_figure, sigmoid_figure
from ui.figures.training import pinned_figure

SLOW = 90_000  # ms; generous because the test machine may be busy with other runs
# Each page in the state that shows its widest things: 5 classes, every step, the softmax output.
PAGES = ["", "sigmoid", "softmax?n=5&mode=hours&y=4", "softmax_regression?all=1",
         "anatomy?hidden=2&w1=16&w2=16&in=10&out=10",
         "forward_backward?all=1&output=softmax&wz=0.1,0.2,0.3,0.4,0.5;0.1,0.1,0.1,0.1,0.1;"
         "0.2,0.2,0.2,0.2,0.2&hidden=tanh", "activations", "studio", "your_data"]
SCREENS = {"desk": ({"width": 1440, "height": 900}, ""),
           "presenter": ({"width": 1440, "height": 900}, "present=1"),
           "phone": ({"width": 390, "height": 844}, "")}
SLACK = 3  # px: KaTeX's struts and a matrix's brackets reach a pixel or two past the text

# Everything that does not fit on the page as shown, as one line each ([] when all fits).
MEASURE = """([phone, presenter, slack]) => {
  const bad = [];
  const main = document.querySelector('[data-testid=stMain]');
  const holder = el => el.closest('[data-testid=stElementContainer]');
  const out = (inner, outer) => inner.right > outer.right + 1 || inner.left < outer.left - 1;
  const name = el => el.textContent.replace(/\\s+/g, ' ').slice(0, 50);
  for (const box of main.querySelectorAll('.katex-display')) {
    const r = box.getBoundingClientRect();
    if (out(r, holder(box).getBoundingClientRect())) bad.push(`formula box: ${name(box)}`);
    if (box.scrollWidth <= box.clientWidth + slack) continue;
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
    if (!phone) bad.push(`formula wider than its box (${box.scrollWidth} > ${box.clientWidth}): `
                         + name(box));
    else if (!scrolls) bad.push(`formula cut, not scrolling: ${name(box)}`);
  }
  for (const table of main.querySelectorAll('[data-testid=stDataFrame], [data-testid=stTable]')) {
    const column = holder(table).parentElement.getBoundingClientRect();
    if (out(table.getBoundingClientRect(), column)) bad.push(`table: ${name(table)}`);
    const html = table.querySelector('table');
    if (html && html.getBoundingClientRect().right > table.getBoundingClientRect().right + 1
        && !['auto', 'scroll'].includes(getComputedStyle(table).overflowX))
      bad.push(`table cut: ${name(table)}`);
  }
  const meet = (a, b) => a.width && b.width && a.left < b.right && b.left < a.right
                         && a.top < b.bottom && b.top < a.bottom;
  for (const plot of main.querySelectorAll('.js-plotly-plot')) {
    const legend = plot.querySelector('.legend');
    if (legend) {
      const box = legend.getBoundingClientRect();
      for (const title of plot.querySelectorAll('[class^=g-][class$=title] text'))
        if (meet(box, title.getBoundingClientRect()))
          bad.push(`legend over the axis title "${title.textContent}"`);
    }
    const toolbar = plot.querySelector('.modebar-container');
    if (phone && toolbar && getComputedStyle(toolbar).display !== 'none')
      bad.push('plotly toolbar on a phone');
  }
  if (presenter)
    for (const label of document.querySelectorAll(
        '[data-testid=stSidebar] :is([data-testid=stSidebarNavLink] span, button p, label p)'))
      if (label.scrollWidth > label.clientWidth + 1) bad.push(`sidebar label cut: ${name(label)}`);
  return bad;
}"""
CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
                         .every(chart => chart.querySelector('.main-svg'))"""


# Vietnamese, whose words run longer, on the two narrowest screens: the phone and the projector.
@pytest.mark.parametrize(("screen", "lang"), [("desk", "en"), ("presenter", "en"), ("phone", "en"),
                                              ("presenter", "vi"), ("phone", "vi")])
def test_every_page_fits_its_screen(browser, app_url, screen, lang):
    viewport, switch = SCREENS[screen]
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(SLOW)
    cut = []
    try:
        for path in PAGES:
            query = "&".join(q for q in (switch, "lang=vi" if lang == "vi" else "",
                                         path.partition("?")[2]) if q)
            open_page(page, app_url, path.partition("?")[0] + (f"?{query}" if query else ""),
                      timeout=SLOW)
            page.wait_for_function(CHARTS_DRAWN, timeout=SLOW)
            assert page.get_by_test_id("stException").count() == 0, path
            cut += [f"{path or 'home'}: {what}" for what in
                    page.evaluate(MEASURE, [screen == "phone", screen == "presenter", SLACK])]
    finally:
        context.close()
    assert not cut, "\n".join(cut)


# --- each figure builder on its own, in plotly.js without the app: charts a page shows only
# after a run (the studio's pinned runs), at a phone's width and grown for a projector.
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
LEGEND_OVER_TITLE = """() => {
  const legend = document.querySelector('.legend').getBoundingClientRect();
  return [...document.querySelectorAll('[class^=g-][class$=title] text')].filter(text => {
    const box = text.getBoundingClientRect();
    return box.width && legend.left < box.right && box.left < legend.right
           && legend.top < box.bottom && box.top < legend.bottom;
  }).map(text => text.textContent);
}"""


def figures():
    """Each builder with a legend, on data that fills it: four pinned runs with long labels."""
    zs = np.linspace(-6, 6, 97)
    run = "iris · 4-32-32-3 relu · momentum lr 0.05 · batch 16 · l2 0.001 · seed 7"
    pinned = [(f"{run} ({k})", np.linspace(1, 0.1, 60) * k, np.linspace(1.2, 0.2, 60) * k)
              for k in range(1, 5)]
    return {
        "pinned runs": lambda: pinned_figure(pinned),
        "comparison": lambda: comparison_figure(*al.comparison_curves(1, -6.0), -6.0,
                                                al.binary_comparison(-6.0, 1)),
        "curve": lambda: curve_figure(zs, np.tanh(zs), 1 - np.tanh(zs) ** 2, "Tanh(z)",
                                      "Tanh'(z)", [0.18, -0.18], [0.17, -0.17], [0.97, 0.97]),
        "sigmoid": lambda: sigmoid_figure(zs, 1 / (1 + np.exp(-zs)), zs * 0 + 0.2, 0.18, 0.54,
                                          0.25),
        "hours": lambda: hours_figure([0.5, 1, 1.5, 2], [0, 0, 1, 1], np.linspace(0, 5, 50),
                                      np.linspace(0, 1, 50), 1.25, 0.8, 0.3),
    }


@pytest.mark.parametrize(("width", "grown"), [(358, False), (358, True), (930, True)])
def test_figure_legends_clear_their_axis_titles(browser, tmp_path, width, grown):
    page = browser.new_page(viewport={"width": width + 32, "height": 900})
    covered = []
    try:
        for name, build in figures().items():
            fig = presenter.presented(build()) if grown else build()
            html = tmp_path / "figure.html"
            html.write_text(f"<html><body><script>{PLOTLY_JS.read_text()}</script><div id=f>"
                            f"</div><script>Plotly.newPlot('f', {fig.to_json()})</script>"
                            "</body></html>", encoding="utf-8")
            page.goto(html.as_uri())
            page.wait_for_selector(".legend")
            covered += [f"{name}: {title}" for title in page.evaluate(LEGEND_OVER_TITLE)]
    finally:
        page.close()
    assert not covered, covered
