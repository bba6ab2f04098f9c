"""Weights downloaded from one studio session and uploaded into another, through the browser's
own file chooser: the new session's untrained matrices are the trained run's; a file of another
network is refused beside the uploader and the run stays as it was."""

import io

import numpy as np
import torch

from mlp_core.datasets import load_iris
from mlp_core.export import state_dict_bytes
from mlp_core.network import build_mlp
from mlp_core.training import TrainConfig, Trainer
from tests.browser.conftest import READ_CONFUSION, SCREENSHOTS, open_page, wait_for_app
from tests.browser.test_downloads import saved

LECTURE = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                      epochs=20, seed=0)
WEIGHTS_INPUT = ".st-key-studio-weights_upload input[type='file']"
# The words laid over the file chooser's own (ui/your_data.uploader_words): each span's ::after.
READ_OVERLAID = """() => Array.from(document.querySelectorAll(
    ".st-key-studio-weights_upload [data-testid='stFileUploaderDropzone'] span"),
  s => getComputedStyle(s, '::after').content).filter(c => c !== 'none' && c !== 'normal')"""


def accuracy(matrix) -> float:
    matrix = np.asarray(matrix)
    return matrix.trace() / matrix.sum()


def test_downloaded_weights_uploaded_into_a_new_session_give_the_same_test_accuracy(
        page, browser, app_url, tmp_path):
    page.set_default_timeout(120_000)
    open_page(page, app_url, "studio", timeout=90_000)
    page.locator(".st-key-studio-train button").click()
    page.wait_for_function(f"() => ({READ_CONFUSION})(20) !== null", polling=250)
    trained = page.evaluate(READ_CONFUSION, 20)
    ds = load_iris()
    reference = Trainer(LECTURE, ds.X_train, ds.y_train, ds.X_test, ds.y_test).run(20)
    assert accuracy(trained) == (reference.predict(ds.X_test) == ds.y_test).mean()
    weights = tmp_path / "mlp_state_dict.pt"
    weights.write_bytes(saved(page, "studio-dl_state", tmp_path))
    state = torch.load(io.BytesIO(weights.read_bytes()), weights_only=True)
    for p, q in zip(state.values(), reference.model.parameters(), strict=True):
        assert torch.equal(p, q)

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = context.new_page()  # a session of its own: the studio at its initial weights
        other.set_default_timeout(120_000)
        open_page(other, app_url, "studio", timeout=90_000)
        other.wait_for_function(f"() => ({READ_CONFUSION})(0) !== null", polling=250)
        untrained = other.evaluate(READ_CONFUSION, 0)
        assert other.evaluate(READ_OVERLAID) == ['"4 MB per file • PT, JSON"']
        assert accuracy(untrained) != accuracy(trained)
        other.locator(WEIGHTS_INPUT).set_input_files(str(weights))
        other.get_by_text("Epoch 0 of this run is the weights of mlp_state_dict.pt.").wait_for()
        wait_for_app(other, 90_000)
        other.wait_for_function(
            f"() => JSON.stringify(({READ_CONFUSION})(0)) === '{list_json(trained)}'",
            polling=250)
        assert accuracy(other.evaluate(READ_CONFUSION, 0)) == accuracy(trained)
        assert other.evaluate(READ_OVERLAID) == []  # the file's chip keeps its own words

        # Weights of a 4-16-3 network: refused, and the run keeps the uploaded weights.
        wide = tmp_path / "wide.pt"
        wide.write_bytes(state_dict_bytes(build_mlp(4, (16,), "relu", 3, seed=0)))
        other.locator(WEIGHTS_INPUT).set_input_files(str(wide))
        alert = other.get_by_test_id("stAlertContentError").first
        alert.wait_for()
        wait_for_app(other, 90_000)
        text = alert.inner_text()
        assert "wide.pt: Layer 1 weight: file 16x4, this network 8x4. Set hidden to 16." in text
        assert "Your run is kept as it was." in text
        assert other.evaluate(READ_CONFUSION, 0) == trained
        other.get_by_text("Epoch 0 of this run is the weights of mlp_state_dict.pt.").wait_for()
        assert other.locator("[data-testid='stException']").count() == 0
        other.locator(".st-key-studio-weights_upload").scroll_into_view_if_needed()
        other.screenshot(path=str(SCREENSHOTS / "weight-upload-refused.png"))
    finally:
        context.close()


def list_json(matrix) -> str:
    return "[" + ",".join("[" + ",".join(str(int(v)) for v in row) + "]" for row in matrix) + "]"
