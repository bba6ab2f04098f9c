"""One student's heavy session does not stop a classmate's lesson page from answering.

Student A uploads the widest table the studio trains at batch size 1 within its epoch budget
(5,000 rows of 500 features: about 1.7 s of the server's CPU an epoch, six layers of 64) and
trains it with a budget of 2,000 epochs, which it cannot finish during this test. Student B, in
another browser context (another session), moves the sigmoid page's weight. The property is an
ordering, not a time: B's answer arrives while A's run is still going (A's Pause is live, its
curve has not reached the budget), both before and after.
"""

import numpy as np
from playwright.sync_api import expect

from mlp_core.budget import EPOCH_BUDGET_SECONDS, epoch_seconds
from mlp_core.datasets import split_and_scale
from mlp_core.training import TrainConfig
from tests.browser.conftest import READ_TRAIN_LOSS, SCREENSHOTS, open_page, wait_for_app

ROWS, FEATURES, LAYERS, WIDTH, EPOCHS = 5000, 500, 6, 64, 2000
SLOW = 180_000  # ms: two sessions, one of them training flat out, on a shared machine
FILE_INPUT = "[data-testid='stFileUploader'] input[type='file']"


def wide_csv(path) -> None:
    """ROWS x FEATURES digits and a two-class label; one character a number keeps it 5 MB."""
    rng = np.random.default_rng(0)
    X = rng.integers(0, 10, size=(ROWS, FEATURES))
    label = np.where(X[:, 0] + X[:, 1] > 9, "yes", "no")
    lines = [",".join([*(f"x{i}" for i in range(FEATURES)), "label"])]
    lines += [",".join([*map(str, row), y]) for row, y in zip(X, label, strict=True)]
    path.write_text("\n".join(lines) + "\n")


def settle(page) -> None:
    wait_for_app(page, timeout=SLOW)


def type_number(page, selector: str, value) -> None:
    box = page.locator(selector)
    box.fill(str(value))
    box.press("Enter")
    settle(page)


def a_is_running(page) -> bool:
    """A's Pause is live and its curve has not reached the budget: its run is still going."""
    return (page.locator(".st-key-studio-pause button").is_enabled()
            and len(page.evaluate(READ_TRAIN_LOSS)) < EPOCHS)


def test_a_lesson_answers_while_another_session_trains_the_heaviest_run(browser, app_url,
                                                                         tmp_path):
    # The run A trains is the heaviest kind the budget lets through at batch size 1.
    shape = split_and_scale(np.zeros((ROWS, FEATURES)), np.arange(ROWS) % 2,
                            tuple(map(str, range(FEATURES))), ("no", "yes"))
    estimate = epoch_seconds(TrainConfig(hidden=(WIDTH,) * LAYERS, batch_size=1), shape)
    assert 0.75 * EPOCH_BUDGET_SECONDS < estimate <= EPOCH_BUDGET_SECONDS
    upload = tmp_path / "wide.csv"
    wide_csv(upload)

    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    try:
        a, b = (c.new_page() for c in contexts)
        for page in (a, b):
            page.set_default_timeout(SLOW)
        open_page(b, app_url, "sigmoid", timeout=SLOW)
        open_page(a, app_url, timeout=SLOW)
        a.get_by_test_id("stSidebarNav").get_by_text("Your own data").click()
        settle(a)
        a.locator(FILE_INPUT).set_input_files(str(upload))
        # The page shows the lecture's Iris (and its Train button) until the upload is read: a
        # click before that hands Iris to the studio.
        expect(a.get_by_text(f"wide.csv: {ROWS:,} rows, {FEATURES + 1} columns.")).to_be_visible(
            timeout=SLOW)
        settle(a)
        a.locator(".st-key-your_data-train button").click()
        layers = a.locator(".st-key-studio-layers input[type='range']")
        layers.wait_for(state="attached")
        settle(a)
        layers.focus()
        a.keyboard.press("End")  # the slider's largest value: six hidden layers
        a.locator(f".st-key-studio-width-{LAYERS - 1} input").wait_for()
        settle(a)
        for i in range(LAYERS):
            type_number(a, f".st-key-studio-width-{i} input", WIDTH)
        type_number(a, ".st-key-studio-epochs input", EPOCHS)
        params = (FEATURES + 1) * WIDTH + (LAYERS - 1) * (WIDTH + 1) * WIDTH + (WIDTH + 1) * 2
        metric = a.get_by_test_id("stMetric").filter(has_text="Parameters")
        expect(metric.get_by_test_id("stMetricValue")).to_have_text(str(params), timeout=SLOW)
        assert a.get_by_test_id("stAlertContentError").count() == 0  # within the budget

        a.locator(".st-key-studio-train button").click()
        a.wait_for_function(f"() => ({READ_TRAIN_LOSS})().length >= 1", polling=500)
        assert a_is_running(a)

        weight = b.locator("input[type='number'][aria-label='Weight w']")
        weight.fill("4")
        weight.press("Enter")
        b.wait_for_function(
            "v => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
            ".some(e => e.innerText.trim() === v)", arg="3.3000", timeout=SLOW)  # z = 4 * 0.8 + 0.1
        assert a_is_running(a)  # the answer came while A's heavy run was still going
        a.locator(".st-key-studio-pause button").click()
        settle(a)
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for name, context in zip("ab", contexts, strict=True):
            for page in context.pages:
                page.screenshot(path=str(SCREENSHOTS / f"heavy-session-{name}-last.png"),
                                full_page=True)
            context.close()
