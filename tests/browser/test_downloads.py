"""The studio's downloads, built on the click: what the browser saves is the run it shows.

AppTest never runs a download's function (Streamlit calls it when the browser asks for the file),
so only a browser proves that the click brings the file.
"""

import io

import torch

from mlp_core.datasets import load_iris
from mlp_core.network import build_mlp
from mlp_core.script import DataSpec, generate_script
from mlp_core.training import TrainConfig, Trainer
from tests.browser.conftest import open_page, wait_for_app

LECTURE = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                      epochs=20, seed=0)


def saved(page, key: str, tmp_path) -> bytes:
    with page.expect_download() as info:
        page.locator(f".st-key-{key} button").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path.read_bytes()


def test_the_script_and_the_weights_are_built_on_the_click(page, app_url, tmp_path):
    open_page(page, app_url, "studio", timeout=90_000)
    page.locator(".st-key-studio-step button").click()
    page.get_by_text("Epoch 1 of 20").wait_for(timeout=90_000)
    wait_for_app(page, timeout=90_000)
    ds = load_iris()
    script = saved(page, "studio-dl_script", tmp_path).decode()
    assert script == generate_script(LECTURE, DataSpec("iris"), ds)
    state = torch.load(io.BytesIO(saved(page, "studio-dl_state", tmp_path)), weights_only=True)
    shown = build_mlp(4, (8,), "relu", 3)
    shown.load_state_dict(state)
    reference = Trainer(LECTURE, ds.X_train, ds.y_train, ds.X_test, ds.y_test).run(1)
    for p, q in zip(shown.parameters(), reference.model.parameters(), strict=True):
        assert torch.equal(p, q)
