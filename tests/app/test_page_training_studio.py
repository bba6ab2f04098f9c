"""AppTest: the studio driven through its own controls, checked against torch and sklearn."""

import base64
import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.metrics import confusion_matrix
from streamlit.testing.v1 import AppTest

from mlp_core.datasets import load_iris, split_and_scale
from mlp_core.script import DataSpec, generate_script
from mlp_core.training import TrainConfig, fit
from ui import state

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "training_studio.py")
LECTURE = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                      epochs=20, seed=0)


def _array(value) -> np.ndarray:
    """A plotly JSON array: a plain list, or plotly's base64 {"dtype", "bdata", "shape"}."""
    if isinstance(value, dict):
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = value.get("shape")
        if isinstance(shape, str):
            shape = [int(s) for s in shape.split(",")]
        return flat.reshape(shape) if shape else flat
    return np.asarray(value)


def chart(at, key: str) -> dict:
    """The plotly figure (as JSON) that the page drew under `key`."""
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith(f"-{key}"):
            return json.loads(element.proto.spec)
    raise AssertionError(f"no chart {key}")


def trace(fig: dict, name: str) -> dict:
    return next(t for t in fig["data"] if t.get("name") == name)


def trainer(at):
    return at.session_state["studio.trainer"]


@pytest.fixture
def at():
    return AppTest.from_file(PAGE, default_timeout=60).run()


def test_opens_on_the_lecture_network_with_its_67_parameters(at):
    assert not at.exception
    assert at.title[0].value == "Training studio"
    params = next(m for m in at.metric if m.label == "Parameters")
    assert params.value == "67"  # (4 + 1) x 8 + (8 + 1) x 3, the lecture's summary()
    assert trainer(at).epoch == 0
    assert "Iris" in at.caption[0].value and "105 training and 45 test rows" in at.caption[0].value


def test_step_runs_the_lecture_epochs_and_the_figures_carry_them(at):
    for _ in range(3):
        at.button(key="studio.step").click().run()
    t = trainer(at)
    assert t.epoch == 3 and len(t.history) == 3
    reference = fit(TrainConfig(**{**LECTURE.__dict__, "epochs": 3}), *_iris())
    np.testing.assert_allclose(t.history.train_loss, reference.history.train_loss, rtol=1e-6)
    assert 0.95 < t.history.train_loss[0] < 1.1  # the lecture's first epoch: 1.02

    loss = chart(at, "studio.loss_chart")
    np.testing.assert_allclose(_array(trace(loss, "train loss")["y"]), t.history.train_loss)
    np.testing.assert_allclose(_array(trace(loss, "test loss")["y"]), t.history.test_loss)
    assert list(_array(trace(loss, "train loss")["x"])) == [1, 2, 3]

    # The test loss shown is F.cross_entropy of the model's logits on the test set.
    ds = load_iris()
    with torch.no_grad():
        z = t.model(torch.from_numpy(ds.X_test))
    expected = F.cross_entropy(z, torch.from_numpy(ds.y_test)).item()
    shown = next(m.value for m in at.markdown if m.value.startswith("Train loss"))
    assert f"test loss {expected:.4f}" in shown

    cm = _array(chart(at, "studio.cm_test")["data"][0]["z"])
    assert cm.sum() == 45  # the lecture's 30 % of 150
    np.testing.assert_array_equal(cm, confusion_matrix(ds.y_test, z.argmax(1).numpy(),
                                                       labels=[0, 1, 2]))
    regions = chart(at, "studio.regions_chart")
    heat = _array(regions["data"][0]["z"])
    assert heat.shape == (100, 100) and np.isfinite(heat).all()
    assert regions["layout"]["xaxis"]["title"]["text"] == "petal length (cm) (scaled)"


def _iris():
    ds = load_iris()
    return ds.X_train, ds.y_train, ds.X_test, ds.y_test


def test_train_runs_in_the_fragment_until_paused(at):
    at.button(key="studio.train").click().run()
    assert at.session_state["studio.running"]
    before = trainer(at).epoch
    at.run()  # AppTest does not tick run_every; each full run trains one time slice
    assert trainer(at).epoch > before
    at.button(key="studio.pause").click().run()
    paused = trainer(at).epoch
    at.run()
    assert not at.session_state["studio.running"] and trainer(at).epoch == paused


def test_the_lecture_run_reaches_the_lecture_numbers(at):
    at.button(key="studio.train").click().run()
    for _ in range(200):
        if not at.session_state["studio.running"]:
            break
        at.run()
    t = trainer(at)
    assert t.stopped == "budget" and t.epoch == 20
    assert t.history.train_loss[0] > 0.95 and t.history.train_loss[-1] < 0.2
    assert t.history.test_acc[-1] >= 0.93
    assert any("Reached the budget of 20 epochs" in s.value for s in at.success)
    assert at.button(key="studio.train").disabled


def test_switching_data_resets_and_says_so(at):
    at.button(key="studio.step").click().run()
    at.button(key="studio.step").click().run()
    at.selectbox(key="studio.source").set_value("wine").run()
    t = trainer(at)
    assert t.epoch == 0 and t.n_features == 13
    assert any("The data changed" in w.value for w in at.warning)
    assert next(m for m in at.metric if m.label == "Parameters").value == str(14 * 8 + 9 * 3)


def test_changing_the_architecture_resets(at):
    at.button(key="studio.step").click().run()
    at.number_input(key="studio.width.0").set_value(16).run()
    assert trainer(at).epoch == 0
    assert any("The architecture changed" in w.value for w in at.warning)


def test_changing_the_learning_rate_continues_from_the_current_weights(at):
    at.button(key="studio.step").click().run()
    at.button(key="studio.step").click().run()
    weights = [p.detach().clone() for p in trainer(at).model.parameters()]
    at.select_slider(key="studio.lr").set_value(0.1).run()
    t = trainer(at)
    assert t.epoch == 2 and len(t.history) == 2 and t.config.lr == 0.1
    for p, q in zip(t.model.parameters(), weights, strict=True):
        torch.testing.assert_close(p.detach(), q)
    assert any("continues" in w.value for w in at.warning)
    at.button(key="studio.step").click().run()
    assert trainer(at).epoch == 3


def test_reset_returns_to_the_same_initial_weights(at):
    first = [p.detach().clone() for p in trainer(at).model.parameters()]
    at.button(key="studio.step").click().run()
    loss = trainer(at).history.train_loss[0]
    at.button(key="studio.reset").click().run()
    t = trainer(at)
    assert t.epoch == 0
    for p, q in zip(t.model.parameters(), first, strict=True):
        torch.testing.assert_close(p.detach(), q)
    at.button(key="studio.step").click().run()
    assert trainer(at).history.train_loss[0] == loss


def _run_to_the_end(at, limit=300):
    at.button(key="studio.train").click().run()
    for _ in range(limit):
        if not at.session_state["studio.running"]:
            return
        at.run()
    raise AssertionError("training did not stop")


def test_too_high_a_learning_rate_stops_with_a_message_and_keeps_finite_weights(at):
    at.selectbox(key="studio.preset").set_value("Too high a learning rate").run()
    at.button(key="studio.load_preset").click().run()
    _run_to_the_end(at)
    t = trainer(at)
    assert t.stopped == "non-finite loss"
    assert t.history.train_loss[-1] > t.history.train_loss[0]  # it grew before it broke
    assert all(math.isfinite(v) for v in t.history.train_loss)
    assert all(torch.isfinite(p).all() for p in t.model.parameters())
    assert [e.value for e in at.error] == [t.stop_message]
    assert "Training stopped; the weights shown are the last finite ones." in t.stop_message
    heat = _array(chart(at, "studio.regions_chart")["data"][0]["z"])
    assert np.isfinite(heat).all()


def test_why_hidden_layers_no_hidden_layer_fails_one_hidden_layer_works(at):
    accuracy = {}
    for name in ("Why hidden layers: circles, no hidden layer",
                 "Why hidden layers: circles, one hidden layer"):
        at.selectbox(key="studio.preset").set_value(name).run()
        at.button(key="studio.load_preset").click().run()
        _run_to_the_end(at)
        accuracy[name] = trainer(at).history.test_acc[-1]
    no_hidden, one_hidden = accuracy.values()
    assert no_hidden < 0.7 < 0.9 < one_hidden


def test_pinned_runs_overlay_with_their_settings(at):
    at.button(key="studio.step").click().run()
    at.button(key="studio.pin").click().run()
    at.select_slider(key="studio.lr").set_value(0.1).run()
    at.button(key="studio.step").click().run()
    at.button(key="studio.pin").click().run()
    names = [t["name"] for t in chart(at, "studio.pinned_chart")["data"]]
    assert names[0].startswith("#1 train: Iris 4-8-3 relu") and "lr 0.01," in names[0]
    assert "lr 0.1," in names[2]


def test_the_script_download_is_the_generated_script(at):
    at.button(key="studio.step").click().run()
    button = next(b for b in at.get("download_button") if b.proto.label == "PyTorch script")
    assert button.proto.label == "PyTorch script"
    expected = generate_script(LECTURE, DataSpec("iris"), load_iris())
    assert "torch.optim.SGD(model.parameters(), lr=LR, weight_decay=L2)" in expected
    assert at.session_state["studio.spec"] == DataSpec("iris", test_size=0.3, seed=0)


def test_uploaded_data_is_offered_and_trained(at):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    at.session_state[state.SHARED_DATASET] = split_and_scale(
        X, y, ("a", "b", "c"), ("low", "high"), name="upload.csv")
    at.run()
    at.selectbox(key="studio.source").set_value("uploaded").run()
    at.button(key="studio.step").click().run()
    t = trainer(at)
    assert t.epoch == 1 and t.n_features == 3
    assert not at.exception


def test_the_discrete_switch_colours_by_the_winning_class_only(at):
    at.button(key="studio.step").click().run()
    at.toggle(key="studio.discrete").set_value(True).run()
    heat = _array(chart(at, "studio.regions_chart")["data"][0]["z"])
    np.testing.assert_allclose(heat % 1, 0.5)  # class c drawn as c + 0.5, no shading
    t = trainer(at)
    assert set(np.unique(heat - 0.5).astype(int)) <= {0, 1, 2}
    assert t.epoch == 1  # a view switch does not touch the run


def test_every_preset_uses_values_the_controls_offer():
    from ui.studio.controls import BATCH_OPTIONS, L2_GRID, LR_GRID, MAX_EPOCHS, MAX_LAYERS
    from ui.studio.presets import PRESETS

    for name, preset in PRESETS.items():
        assert preset["lr"] in LR_GRID, name
        assert preset["batch"] in BATCH_OPTIONS and preset["l2"] in L2_GRID, name
        assert preset["layers"] == len(preset["widths"]) <= MAX_LAYERS, name
        assert 1 <= preset["epochs"] <= MAX_EPOCHS, name


def _feature_choice_without_its_keys():
    """A fragment rerun after a run that drew no feature selectboxes: their keys are gone."""
    import streamlit as st

    from mlp_core.datasets import load_iris, make_toy
    from ui.studio.live import feature_controls

    st.session_state.pop("studio.feature_x", None)
    st.session_state.pop("studio.feature_y", None)
    st.session_state["circles"] = feature_controls(make_toy("circles"))
    st.session_state["iris"] = feature_controls(load_iris())


def test_feature_choice_survives_streamlit_dropping_its_widget_keys():
    at = AppTest.from_function(_feature_choice_without_its_keys, default_timeout=60).run()
    assert not at.exception
    assert at.session_state["circles"] == (0, 1)
    assert at.session_state["iris"] == (0, 1)
    assert [s.label for s in at.selectbox] == ["Horizontal axis", "Vertical axis"]
