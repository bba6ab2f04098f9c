"""Browser tests: a real `streamlit run` on a free port, driven by Playwright in Debian's Chromium.

Playwright's own browser download needs the internet, so we point it at /usr/bin/chromium. A missing
browser is a failure, never a skip: a green run must mean the pages were really opened.
"""

import contextlib
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))

import run_replicas  # noqa: E402 (deploy/ is not a package)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-results" / "screenshots"
# Flags from the machine notes: no sandbox as root, no background traffic to hosts we cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# The option of the ECharts chart keyed `key` ("studio-curves_chart"), once it is drawn (a canvas),
# as the page last sent it: ECharts keeps its instances to itself, so this reads the element's
# props in React (the outermost holder of the spec; an inner one may keep the first spec).
# React keeps two copies of every component, the one on screen and the one it last replaced, and
# a DOM node's fiber (and the parents reached from it) can be either. So the path is found
# downwards from the root's current tree, which holds only what is on screen. (Reading upwards
# was a suspect when a CI run waited 30 s for a curve that never reached its last epoch.)
READ_ECHART = """(key) => {
  const box = document.querySelector(`.st-key-${key} [data-testid=stEChartsChart]`);
  if (!box || !box.querySelector('canvas')) return null;
  let node = box, fiberKey = null;
  while (node && !(fiberKey = Object.keys(node).find(k => k.startsWith('__reactFiber$'))))
    node = node.parentElement;
  if (!node) return null;
  let top = node[fiberKey];
  while (top.return) top = top.return;  // a HostRoot; its FiberRoot knows the current one
  const path = [];
  const reach = (fiber) => {
    for (let f = fiber; f; f = f.sibling) {
      path.push(f);
      if (f.stateNode === node || reach(f.child)) return true;
      path.pop();
    }
    return false;
  };
  if (!reach(top.stateNode.current)) return null;
  const holder = path.find(f => f.memoizedProps && f.memoizedProps.element
                                && typeof f.memoizedProps.element.spec === 'string');
  return holder ? JSON.parse(holder.memoizedProps.element.spec) : null;
}"""
# The studio's train loss curve as drawn: its first series, in any language; [] before epoch 1.
READ_TRAIN_LOSS = f"""() => {{
  const option = ({READ_ECHART})('studio-curves_chart');
  const train = option && option.series[0];
  return train ? train.data.map(([epoch, loss]) => loss) : [];
}}"""
# The studio's test confusion matrix as numbers, row by row: the cells of its table (st.table).
# Given an epoch, only the matrix whose title says it is that epoch's (the page shows the untrained
# network's matrix from the start, so a Train replaces one matrix by another), and only once the
# run that drew it has finished: the title and the table are two elements, and a busy browser can
# show the new title above the old table (a load round read the untrained matrix so: 38% correct).
# Cheap enough to poll in 20 tabs at once: no innerText, which makes the browser lay out the page.
READ_CONFUSION = """(epoch) => {
  if (epoch != null && !document.querySelector(`""" + APP_IDLE + """`)) return null;
  const box = document.querySelector('.st-key-studio-cm_test');
  if (!box || (epoch != null && !box.textContent.includes(`at epoch ${epoch})`))) return null;
  const rows = box.querySelectorAll('tbody tr');
  return rows.length ? Array.from(rows, r => Array.from(r.querySelectorAll('td'),
                                                      c => Number(c.textContent))) : null;
}"""


def pytest_collection_modifyitems(items):
    # One server and one browser per worker: keep every browser test on the same xdist worker.
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


@contextlib.contextmanager
def serve_app():
    """`streamlit run app.py` on a free loopback port; yields its URL once /_stcore/health is ok.

    The same start-up as a deployed replica (deploy/run_replicas.py); logs go to test-results/.
    """
    logs = ROOT / "test-results"
    logs.mkdir(parents=True, exist_ok=True)
    with run_replicas.replicas(1, logs) as (url,):
        yield url


@pytest.fixture(scope="session")
def app_url():
    with serve_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No browser at {CHROMIUM}: install Debian's chromium (apt-get install "
                    "chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait as Streamlit's own e2e tests do: the script has run and the app is idle."""
    page.wait_for_selector(APP_IDLE, timeout=timeout)
    # A rerun may start right after an interaction; give it a moment to begin, then wait it out.
    page.wait_for_timeout(200)
    page.wait_for_selector(APP_IDLE, timeout=timeout)


def open_page(page, app_url: str, path: str = "", timeout: float = 30_000) -> None:
    """Open one page of the app by its url_path, wait until it has run, and check it was found."""
    page.goto(f"{app_url}/{path}")
    # The app says "notRunning" before its first run has even begun (on a busy machine that can
    # outlast wait_for_app's grace): wait for the page's first element, then for the run's end.
    page.locator("[data-testid='stMain'] [data-testid='stElementContainer']").first.wait_for(
        timeout=timeout)
    wait_for_app(page, timeout)
    # Streamlit answers a deep link it cannot route with this modal (which also makes the page
    # inert); app.py's comment says how a folder name once caused it on fresh servers.
    assert page.get_by_role("dialog").filter(has_text="Page not found").count() == 0, path
