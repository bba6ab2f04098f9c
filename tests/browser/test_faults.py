"""Faults a class produces: a tab closed mid-training, a second tab of the same browser.

The server must keep serving everyone else, exactly, and free what the closed tab held: its
training stops with its ticks (they come from the browser), and the session itself is dropped by
Streamlit server.disconnectedSessionTTL after its WebSocket went away (deploy/README.md).
"""

import numpy as np

from mlp_core.datasets import DataSpec
from mlp_core.metrics import confusion_matrix
from mlp_core.training import TrainConfig, Trainer
from tests.browser.conftest import READ_CONFUSION, ROOT, wait_for_app

LONG_RUN = "studio?epochs=2000&data=spiral"  # far more than a test waits for
READ_EPOCH = """() => {
  const p = document.querySelector('[data-testid="stProgress"]');
  const m = p && p.innerText.match(/(\\d+)/);
  return m ? Number(m[1]) : -1;
}"""


def server_log(app_url: str) -> str:
    port = app_url.rsplit(":", 1)[1]
    return next((ROOT / "test-results").glob(f"streamlit-*-{port}.log")).read_text()


def open_studio(page, app_url: str, path: str) -> None:
    page.goto(f"{app_url}/{path}")
    wait_for_app(page, 120_000)


def test_a_closed_tab_and_a_second_tab_leave_everyone_else_exact(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        first, second = context.new_page(), context.new_page()  # two tabs, one browser
        for page in (first, second):
            page.set_default_timeout(120_000)
        open_studio(first, app_url, LONG_RUN)
        first.locator(".st-key-studio-train button").click()
        first.wait_for_function(f"() => ({READ_EPOCH})() >= 2", polling=200)

        # The second tab is a session of its own: nothing trained there, its own Step.
        open_studio(second, app_url, "studio?epochs=3")
        second.wait_for_function(f"() => ({READ_EPOCH})() === 0", polling=200)
        second.locator(".st-key-studio-step button").click()
        second.wait_for_function(f"() => ({READ_EPOCH})() === 1", polling=200)
        assert first.evaluate(READ_EPOCH) < 2000  # the first tab is still training

        first.close()  # mid-training

        # Another student trains the lecture's run meanwhile and gets the exact result.
        student = other.new_page()
        student.set_default_timeout(120_000)
        open_studio(student, app_url, "studio?epochs=20")
        student.locator(".st-key-studio-train button").click()
        student.wait_for_function(f"() => ({READ_CONFUSION})(20) !== null", polling=250)
        iris = DataSpec("iris", seed=0).load()
        config = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01,
                             batch_size=1, epochs=20, seed=0)
        reference = Trainer(config, iris.X_train, iris.y_train, iris.X_test, iris.y_test,
                            n_classes=iris.n_classes).run(20)
        expected = confusion_matrix(iris.y_test, reference.predict(iris.X_test), 3)
        np.testing.assert_array_equal(student.evaluate(READ_CONFUSION), expected)

        # The second tab of the closed one's browser still answers.
        second.locator(".st-key-studio-step button").click()
        second.wait_for_function(f"() => ({READ_EPOCH})() === 2", polling=200)
        assert "Traceback" not in server_log(app_url)
    finally:
        context.close()
        other.close()
