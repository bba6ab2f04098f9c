"""Two students on one server: each studio session trains on its own data and sees only its own run.

Two browser contexts (two students, separate cookies and sessions) use the training studio at once:
A trains the lecture's Iris run (seed 0, a 5-epoch budget), B trains Circles with seed 7 and a
budget of 500. Each one's loss curve must equal a headless Trainer run of its own settings, number
for number, so a leak of data, weights or history between sessions cannot pass. B is reloaded
mid-training; A must still finish with the exact lecture curve and its confusion matrix, and B
comes back as a fresh session on the settings its address bar carries.
"""

import numpy as np

from mlp_core.datasets import DataSpec
from mlp_core.metrics import confusion_matrix
from mlp_core.training import TrainConfig, Trainer
from tests.browser.conftest import READ_CONFUSION, READ_TRAIN_LOSS, SCREENSHOTS, wait_for_app

A_EPOCHS = 5
B_SEED, B_EPOCHS = 7, 500  # a budget B cannot reach before it is reloaded


def reference_run(spec: DataSpec, epochs: int, budget: int) -> Trainer:
    """The studio's default model (4-8-3 style: 8 ReLU, SGD lr 0.01, batch 1) run headless."""
    ds = spec.load()
    config = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                         epochs=budget, seed=spec.seed)
    return Trainer(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test,
                   n_classes=ds.n_classes).run(epochs)


def settle(page) -> None:
    # Two sessions training on two cores: a rerun may take far longer than one page alone.
    wait_for_app(page, timeout=120_000)


def open_page(page, app_url: str, path: str = "") -> None:
    page.goto(f"{app_url}/{path}")
    settle(page)


def type_number(page, key: str, value: int) -> None:
    box = page.locator(f".st-key-{key} input")
    box.fill(str(value))
    box.press("Enter")
    settle(page)


def dataset_caption(page) -> str:
    return page.get_by_test_id("stCaptionContainer").filter(has_text="training and").inner_text()


def no_exception(page) -> bool:
    # With client.showErrorDetails = "none" an error shows as a redacted notice, not a traceback.
    return (page.get_by_test_id("stException").count() == 0
            and page.get_by_text("This app has encountered an error").count() == 0)


def test_two_sessions_train_apart_and_a_reload_leaves_the_other_running(browser, app_url):
    iris, circles = DataSpec("iris", seed=0), DataSpec("circles", seed=B_SEED)
    ref_a = reference_run(iris, A_EPOCHS, A_EPOCHS)
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    try:
        a, b = (c.new_page() for c in contexts)
        for page in (a, b):
            page.set_default_timeout(120_000)
        open_page(a, app_url, "studio")
        # B's data from its link: Streamlit's option lists proved unreliable to click on a busy
        # machine, and what is tested here is that two sessions stay apart.
        open_page(b, app_url, "studio?data=circles")
        type_number(a, "studio-epochs", A_EPOCHS)
        type_number(b, "studio-seed", B_SEED)
        type_number(b, "studio-epochs", B_EPOCHS)
        assert dataset_caption(a).startswith("Iris")
        assert dataset_caption(b).startswith("Circles")

        b.locator(".st-key-studio-train button").click()
        a.locator(".st-key-studio-train button").click()

        # B mid-training: some epochs shown, its budget not reached, Pause still live.
        b.wait_for_function(f"() => ({READ_TRAIN_LOSS})().length >= 1", polling=200)
        b_curve = b.evaluate(READ_TRAIN_LOSS)
        assert b.locator(".st-key-studio-pause button").is_enabled()
        assert 1 <= len(b_curve) < B_EPOCHS
        ref_b = reference_run(circles, len(b_curve), B_EPOCHS)
        np.testing.assert_allclose(b_curve, ref_b.history.train_loss, rtol=1e-6)
        b.screenshot(path=str(SCREENSHOTS / "sessions-b-before-reload.png"))
        assert no_exception(b), "B's studio shows an error while training (see the server log)"
        b.reload()

        # A finishes its own run: its last epoch's matrix appears once training has stopped.
        a.wait_for_function(f"() => ({READ_CONFUSION})({A_EPOCHS}) !== null", polling=250)
        settle(a)
        np.testing.assert_allclose(a.evaluate(READ_TRAIN_LOSS), ref_a.history.train_loss,
                                   rtol=1e-6)
        ds = iris.load()
        expected = confusion_matrix(ds.y_test, ref_a.predict(ds.X_test), ds.n_classes)
        np.testing.assert_array_equal(a.evaluate(READ_CONFUSION), expected)
        assert a.get_by_text(f"Epoch {A_EPOCHS} of {A_EPOCHS}").count() == 1
        assert dataset_caption(a).startswith("Iris")
        assert no_exception(a)
        a.screenshot(path=str(SCREENSHOTS / "sessions-a-finished.png"), full_page=True)

        # B after its reload is a new session, opened from its own address bar: its settings
        # come back from the link (Circles, seed 7, budget 500), nothing trained, nothing of A's.
        assert f"seed={B_SEED}" in b.url and "data=circles" in b.url
        settle(b)
        # On a busy machine the new session's first run may still be drawing: wait for its
        # progress line (a session that is not new never shows it, and the wait fails).
        b.get_by_text(f"Epoch 0 of {B_EPOCHS}").wait_for()
        assert dataset_caption(b).startswith("Circles")
        assert b.get_by_text(f"Epoch 0 of {B_EPOCHS}").count() == 1
        assert b.evaluate(READ_TRAIN_LOSS) == []
        assert no_exception(b)
        b.screenshot(path=str(SCREENSHOTS / "sessions-b-after-reload.png"), full_page=True)
    finally:
        for context in contexts:
            context.close()
