"""AppTest: the studio driven through its own controls, checked against torch and sklearn."""

import base64
import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from mlp_core.datasets import DataSpec, load_iris, split_and_scale
from mlp_core.export import MAX_DATA_VALUES, data_csv, history_csv, state_dict_bytes, weights_json
from mlp_core.regions import decision_grid
from mlp_core.script import DATA_FILE, MAX_EMBEDDED_VALUES, generate_script
from mlp_core.training import StopReason, TrainConfig, fit
from tests.app.helpers import echart, open_with, played_frames, regions_picture, rgb_of, shown
from ui import presenter, state
from ui.figures.live_charts import PALE, STRONG, region_colors
from ui.figures.palette import class_color, mix
from ui.i18n import catalogue
from ui.studio import live, pacing, replay, runs
from ui.studio import run as run_module
from ui.studio.presets import LECTURE as LECTURE_PRESET
from ui.studio.presets import PRESETS
from ui.studio.share import PARAMS

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


def drawn_regions(at, resolution: int = 100, features=(2, 3), discrete=False) -> np.ndarray:
    """The regions' picture the page shows, checked against the run's own grid; returns it."""
    picture = regions_picture(echart(at, "studio.regions_chart"))
    ds = load_iris()
    grid = decision_grid(trainer(at).predict_proba, ds.X_all, features=features,
                         resolution=resolution, square=True)
    np.testing.assert_array_equal(picture, region_colors(grid.proba, discrete))
    return picture


def curve(option: dict, name: str) -> tuple[list[float], list[float]]:
    """A curve's epochs and values, by series name."""
    data = next(s["data"] for s in option["series"] if s["name"] == name)
    return [x for x, _ in data], [y for _, y in data]


def keyed_block(at, key: str) -> Block | None:
    """The container the page made with st.container(key=key), if this run drew it."""
    def blocks(node):
        for child in node.children.values():
            if isinstance(child, Block):
                yield child
                yield from blocks(child)

    return next((b for b in blocks(at.main) if getattr(b.proto, "id", "").endswith(f"-{key}")),
                None)


def confusion_part(at, part: str, kind: str):
    """The one `kind` element ("table" or its "markdown" title) of `part`'s confusion matrix."""
    box = keyed_block(at, f"studio.cm_{part}")
    assert box is not None, f"no confusion matrix for {part}"
    (element,) = [e for e in box.children.values() if e.type == kind]
    return element


def confusion(at, part: str) -> np.ndarray:
    """The confusion matrix the page shows for `part` ("train" or "test"), as numbers."""
    return confusion_part(at, part, "table").value.to_numpy()


def studio(at):
    return at.session_state["studio.run"]


def trainer(at):
    return studio(at).trainer


@pytest.fixture
def at():
    return AppTest.from_file(PAGE, default_timeout=60).run()


def test_opens_on_the_lecture_network_with_its_67_parameters(at):
    assert not at.exception
    assert at.title[0].value == "Training studio"
    params = next(m for m in at.metric if m.label == "Parameters")
    assert params.value == "67"  # (4 + 1) x 8 + (8 + 1) x 3, the lecture's summary()
    assert params.help == "(4 + 1) x 8 + (8 + 1) x 3"
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

    curves = echart(at, "studio.curves_chart")
    np.testing.assert_allclose(curve(curves, "train loss")[1], t.history.train_loss)
    np.testing.assert_allclose(curve(curves, "test loss")[1], t.history.test_loss)
    assert curve(curves, "train loss")[0] == [1, 2, 3]

    # The test loss shown is F.cross_entropy of the model's logits on the test set.
    ds = load_iris()
    with torch.no_grad():
        z = t.model(torch.from_numpy(ds.X_test))
    expected = F.cross_entropy(z, torch.from_numpy(ds.y_test)).item()
    shown = next(m.value for m in at.markdown if m.value.startswith("Train loss"))
    assert f"test loss {expected:.4f}" in shown

    cm = confusion(at, "test")
    assert cm.sum() == 45  # the lecture's 30 % of 150
    np.testing.assert_array_equal(cm, confusion_matrix(ds.y_test, z.argmax(1).numpy(),
                                                       labels=[0, 1, 2]))
    assert drawn_regions(at).shape == (100, 100, 3)
    regions = echart(at, "studio.regions_chart")
    assert regions["xAxis"][1]["name"] == "petal length (cm)"  # standardized: the caption says


def _iris():
    ds = load_iris()
    return ds.X_train, ds.y_train, ds.X_test, ds.y_test


def test_train_runs_in_the_fragment_until_paused(at):
    at.number_input(key="studio.epochs").set_value(2000).run()  # longer than Train's head start
    at.button(key="studio.train").click().run()
    assert studio(at).running
    # While it runs, Pause stops it; Step waits for the pause (a click on Step mid-run could reach
    # the server twice, once with a tick's timer and once on its own: two epochs for one click).
    assert [at.button(key=f"studio.{b}").disabled for b in ("train", "pause", "step")] == [
        True, False, True]
    before = trainer(at).epoch
    at.run()  # AppTest does not tick run_every; each full run trains one time slice
    assert trainer(at).epoch > before
    at.button(key="studio.pause").click().run()
    paused = trainer(at).epoch
    at.run()
    assert not studio(at).running and trainer(at).epoch == paused
    assert [at.button(key=f"studio.{b}").disabled for b in ("train", "pause", "step")] == [
        False, True, False]
    assert at.button(key="studio.train").label == "Resume"  # it goes on from here
    at.button(key="studio.reset").click().run()
    assert at.button(key="studio.train").label == "Train"  # epoch 0: it starts


def test_the_lecture_run_reaches_the_lecture_numbers(at):
    at.button(key="studio.train").click().run()
    for _ in range(200):
        if not studio(at).running:
            break
        at.run()
    t = trainer(at)
    assert t.stopped == StopReason("budget", 20) and t.epoch == 20
    assert t.history.train_loss[0] > 0.95 and t.history.train_loss[-1] < 0.2
    assert t.history.test_acc[-1] >= 0.93
    assert any("Reached the budget of 20 epochs" in s.value for s in at.success)
    assert not at.warning  # it learns: no "not learning" hint
    assert at.button(key="studio.train").disabled
    assert at.button(key="studio.train").label == "Train"  # nothing left to resume


def test_a_run_within_the_head_start_shows_finished_in_trains_own_rerun(at, monkeypatch):
    # Train trains before the page redraws; a run that fits (the lecture's 20 epochs take
    # ~0.2 s) comes back finished, results drawn, in that one rerun: no live ticks at all.
    monkeypatch.setattr(pacing, "HEAD_START_SECONDS", 60.0)  # any machine finishes within it
    at.button(key="studio.train").click().run()
    t = trainer(at)
    assert t.stopped == StopReason("budget", 20) and t.epoch == 20
    assert not studio(at).running
    ds = load_iris()
    headless = fit(LECTURE, ds.X_train, ds.y_train, ds.X_test, ds.y_test)
    np.testing.assert_allclose(t.history.train_loss, headless.history.train_loss, rtol=1e-6)
    # At the default pace the browser plays it back, the matrices with it, the last frame the end.
    last = played_frames(echart(at, "studio.confusion_chart"))[-1]
    np.testing.assert_array_equal(_drawn_confusion(last["series"][1]), confusion_matrix(
        ds.y_test, headless.predict(ds.X_test), labels=[0, 1, 2]))


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
    """Train, and run the page until it shows the end (trained, and played back at its pace)."""
    at.button(key="studio.train").click().run()
    for _ in range(limit):
        if not studio(at).live:
            return
        if studio(at).in_browser:
            _time_passes(at)
        at.run()
    raise AssertionError("training did not stop")


def _time_passes(at, seconds: float | None = None) -> None:
    """The browser's playback goes on for `seconds` (to its end by default): the run's clock is
    set back (AppTest neither waits nor ticks run_every)."""
    run = studio(at)
    run.frames_from -= run.play_seconds() if seconds is None else seconds


def test_too_high_a_learning_rate_stops_with_a_message_and_keeps_finite_weights(at):
    at.selectbox(key="studio.preset").set_value("Too high a learning rate").run()
    at.button(key="studio.load_preset").click().run()
    _run_to_the_end(at)
    t = trainer(at)
    reason = t.stopped  # the test inputs times the grown weights overflow first
    assert (reason.kind, reason.epoch) == ("test_loss", t.epoch + 1)
    assert t.history.train_loss[-1] > t.history.train_loss[0]  # it grew before it broke
    assert all(math.isfinite(v) for v in t.history.train_loss)
    assert all(torch.isfinite(p).all() for p in t.model.parameters())
    [error] = [e.value for e in at.error]
    assert reason.value == math.inf
    assert error.startswith("The test loss became infinite (inf: too large to hold) at epoch "
                            f"{reason.epoch}: the test inputs times these weights give numbers "
                            "too large for the computer to hold (beyond about 3.4e+38).")
    assert error.endswith(" Training stopped; the weights shown are the last finite ones.")
    drawn_regions(at)  # the last finite weights' regions
    # The last loss, about 4e+32, in four significant digits; the curves on a log axis.
    h = t.history
    line = next(m.value for m in at.markdown if m.value.startswith("Train loss"))
    assert line.startswith(f"Train loss {h.train_loss[-1]:.3e} · train accuracy "
                           f"{h.train_acc[-1]:.4f} · test loss {h.test_loss[-1]:.3e}")
    assert h.train_loss[-1] > 1e30 and "e+3" in line
    curves = echart(at, "studio.curves_chart")
    assert curves["yAxis"][0]["axisLabel"]["formatter"] == "1e{value}"  # log10 of the loss
    assert curves["title"][0]["text"] == "Loss (log scale)"
    # The story says why the activation is Identity.
    assert any("linear here (Identity)" in i.value for i in at.info)


def test_adam_at_the_highest_learning_rate_stays_finite_and_is_told_it_learns_nothing(at):
    at.selectbox(key="studio.optimizer").set_value("adam").run()
    at.select_slider(key="studio.lr").set_value(10.0).run()
    at.number_input(key="studio.epochs").set_value(40).run()
    _run_to_the_end(at)
    t = trainer(at)
    assert t.stopped == StopReason("budget", 40)  # finite throughout: no stop message says why
    reference = fit(TrainConfig(**{**LECTURE.__dict__, "optimizer": "adam", "lr": 10.0,
                                   "epochs": 40}), *_iris())
    assert t.history.train_loss == reference.history.train_loss
    lowest = min(reference.history.train_loss[-20:])
    assert lowest > math.log(3)  # worse than guessing 1/3 for each of Iris's balanced classes
    [warning] = [w.value for w in at.warning]
    assert warning.startswith(f"Not learning: for the last 20 epochs the training loss has "
                              f"stayed at {lowest:.4f} or above, no better than guessing every "
                              f"class at its share of the data ({math.log(3):.4f}).")
    assert not at.success  # the budget's "raise it to train further" would be the wrong advice


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
    assert chart(at, "studio.pinned_chart")["layout"]["yaxis"].get("type") != "log"


def test_a_pinned_diverged_run_is_named_and_the_others_stay_readable(at):
    at.selectbox(key="studio.preset").set_value("Too high a learning rate").run()
    at.button(key="studio.load_preset").click().run()
    _run_to_the_end(at)
    epoch = trainer(at).stopped.epoch
    at.button(key="studio.pin").click().run()
    at.selectbox(key="studio.preset").set_value(LECTURE_PRESET).run()
    at.button(key="studio.load_preset").click().run()
    at.button(key="studio.step").click().run()
    at.button(key="studio.pin").click().run()
    figure = chart(at, "studio.pinned_chart")
    names = [t["name"] for t in figure["data"]]
    assert names[0].startswith(f"#1 train: diverged at epoch {epoch}: Iris 4-8-3 identity")
    assert names[2].startswith("#2 train: Iris 4-8-3 relu") and "diverged" not in names[2]
    # A log axis: the lecture's loss of about 1 is not pressed flat beside the other's 1e+32.
    assert figure["layout"]["yaxis"]["type"] == "log"
    assert max(_array(figure["data"][0]["y"])) > 1e30 > 1e3 * min(_array(figure["data"][2]["y"]))


def test_the_script_download_is_the_generated_script(at):
    at.button(key="studio.step").click().run()
    button = next(b for b in at.get("download_button") if b.proto.label == "PyTorch script")
    assert button.proto.label == "PyTorch script"
    expected = generate_script(LECTURE, DataSpec("iris"), load_iris())
    assert "torch.optim.SGD(model.parameters(), lr=LR, weight_decay=L2)" in expected
    assert studio(at).spec == DataSpec("iris", test_size=0.3, seed=0)


def test_the_script_note_says_changed_only_after_a_change_mid_run(at):
    en = catalogue("en")
    changed = en["studio.runs.script_changed"].strip()

    def note() -> str:
        return next(c.value for c in at.caption if c.value.startswith("The script trains"))

    at.select_slider(key="studio.lr").set_value(0.1).run()  # nothing trained yet
    at.button(key="studio.step").click().run()
    assert changed not in note() and not at.warning
    assert note() == en["studio.runs.script_note"]
    at.select_slider(key="studio.lr").set_value(0.01).run()  # one epoch trained at lr 0.1
    assert changed in note()


@pytest.fixture
def deferred(monkeypatch) -> dict:
    """Every download function the page hands Streamlit, by its file id: what a click runs."""
    made, register = {}, MediaFileManager.add_deferred

    def add_deferred(self, data_callable, *args, **kwargs):
        file_id = register(self, data_callable, *args, **kwargs)
        made[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return made


def download(at, deferred: dict, key: str):
    """What a click on the download button `key` gives the browser."""
    (button,) = [b for b in at.get("download_button") if b.proto.id.endswith(f"-{key}")]
    return deferred[button.proto.deferred_file_id]()


def test_reruns_build_no_download_and_a_click_builds_the_same_files(monkeypatch, deferred):
    built = []

    def counted(name: str, build):
        def count(*args):
            built.append(name)
            return build(*args)
        return count

    for name in ("generate_script", "state_dict_bytes", "weights_json", "history_csv"):
        monkeypatch.setattr(runs, name, counted(name, getattr(runs, name)))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.button(key="studio.step").click().run()
    at.select_slider(key="studio.lr").set_value(0.1).run()
    at.button(key="studio.step").click().run()
    assert built == []  # four reruns of the run view, no file built
    run, ds = trainer(at), studio(at).dataset
    assert run.epoch == 2
    assert download(at, deferred, "studio.dl_state") == state_dict_bytes(run.model)
    assert download(at, deferred, "studio.dl_json") == weights_json(run.model)
    assert download(at, deferred, "studio.dl_csv") == history_csv(run.history)
    script = download(at, deferred, "studio.dl_script")
    assert script == generate_script(run.config, DataSpec("iris"), ds)
    assert "LR = 0.1\n" in script
    assert sorted(built) == ["generate_script", "history_csv", "state_dict_bytes", "weights_json"]


def _upload(n: int, d: int):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(n, d))
    return split_and_scale(X, (X[:, 0] > 0).astype(int), tuple(f"f{i}" for i in range(d)),
                           ("no", "yes"), seed=5, name="wide.csv")


def test_a_large_upload_comes_with_its_data_csv_for_the_script(deferred):
    upload = _upload(400, 60)
    assert MAX_EMBEDDED_VALUES < 400 * 61
    at = _open({}, **{state.SHARED_DATASET: upload})
    at.selectbox(key="studio.source").set_value("uploaded").run()
    script = download(at, deferred, "studio.dl_script")
    assert f'.with_name("{DATA_FILE}")' in script and "np.array([" not in script
    assert download(at, deferred, "studio.dl_data") == data_csv(upload)
    note = at.main.caption[-1].value
    assert f"it reads it from `{DATA_FILE}`, the data CSV" in note


def test_data_too_large_to_download_is_not_offered_and_the_page_says_so(deferred):
    upload = _upload(5000, 420)  # 5000 x 422 numbers: past the cap
    at = _open({}, **{state.SHARED_DATASET: upload})
    at.selectbox(key="studio.source").set_value("uploaded").run()
    keys = [b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")]
    assert keys == ["studio.dl_state", "studio.dl_json", "studio.dl_csv"]
    assert at.main.caption[-1].value.startswith(
        f"Your data holds 2110000 numbers, more than the {MAX_DATA_VALUES} a download may hold")
    assert not at.exception


def test_an_epoch_past_the_budget_is_refused_before_it_runs_and_a_larger_batch_trains():
    upload = _upload(5000, 2000)  # 3,500 train rows of 2,000 features
    at = _open({}, **{state.SHARED_DATASET: upload})
    at.selectbox(key="studio.source").set_value("uploaded").run()
    at.select_slider(key="studio.batch").set_value(8).run()
    at.slider(key="studio.layers").set_value(6).run()
    for i in range(6):
        at.number_input(key=f"studio.width.{i}").set_value(64).run()
    assert not at.error
    at.button(key="studio.step").click().run()
    assert trainer(at).config.hidden == (64,) * 6 and trainer(at).epoch == 1
    at.select_slider(key="studio.batch").set_value(1).run()
    (error,) = at.error
    assert error.value.startswith("One epoch with these settings would take about 2.6 s of the "
                                  "server's time, more than the 2 s one epoch may take")
    assert "Batch size 8 or larger fits" in error.value
    # Refused before the run was touched: the student's run and its epoch stay as they were.
    assert trainer(at).config.batch_size == 8 and trainer(at).epoch == 1
    assert not at.get("download_button") and not at.exception
    at.select_slider(key="studio.batch").set_value(16).run()
    assert not at.error
    at.button(key="studio.step").click().run()
    assert trainer(at).config.batch_size == 16 and trainer(at).epoch == 2


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
    picture = drawn_regions(at, discrete=True)
    # Every point in its class's colour at one strength, the same for sure and unsure points.
    halfway = {rgb_of(mix(class_color(c), (PALE + STRONG) / 2)) for c in range(3)}
    assert {tuple(p) for p in picture.reshape(-1, 3)} <= halfway
    t = trainer(at)
    assert t.epoch == 1  # a view switch does not touch the run


def test_every_preset_uses_values_the_controls_offer():
    from ui.studio.settings import BATCH_OPTIONS, L2_GRID, LR_GRID, MAX_EPOCHS, MAX_LAYERS

    for name, preset in PRESETS.items():
        assert preset["lr"] in LR_GRID, name
        assert preset["batch"] in BATCH_OPTIONS and preset["l2"] in L2_GRID, name
        assert len(preset["hidden"]) <= MAX_LAYERS, name
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
    assert at.session_state["iris"] == (2, 3)  # back to Iris's best pair: petal length x width
    assert [s.label for s in at.selectbox] == ["Horizontal axis", "Vertical axis"]


# ------------------------------------------------------------------ links, presenter, language
LINK_NAMES = {p.name for p in PARAMS}


def _studio_params(at) -> dict:
    return {k: v for k, v in at.query_params.items() if k in LINK_NAMES}


def _set_a_teachers_run(at):
    """A run far from the defaults, set through the page's own widgets."""
    at.selectbox(key="studio.source").set_value("circles").run()
    at.slider(key="studio.toy_samples").set_value(150)
    at.slider(key="studio.toy_noise").set_value(0.2)
    at.slider(key="studio.test_size").set_value(0.25)
    at.number_input(key="studio.seed").set_value(3)
    at.slider(key="studio.layers").set_value(2).run()
    at.number_input(key="studio.width.0").set_value(16)
    at.number_input(key="studio.width.1").set_value(4)
    at.selectbox(key="studio.activation").set_value("tanh")
    at.selectbox(key="studio.optimizer").set_value("adam")
    at.select_slider(key="studio.lr").set_value(0.02)
    at.select_slider(key="studio.batch").set_value(16)
    at.select_slider(key="studio.l2").set_value(0.001)
    at.number_input(key="studio.epochs").set_value(30).run()


TEACHERS_LINK = {"data": "circles", "points": "150", "noise": "0.2", "test": "0.25", "seed": "3",
                 "hidden": "16-4", "act": "tanh", "opt": "adam", "lr": "0.02", "batch": "16",
                 "l2": "0.001", "epochs": "30"}
TEACHERS_CONFIG = TrainConfig(hidden=(16, 4), activation="tanh", optimizer="adam", lr=0.02,
                              batch_size=16, epochs=30, l2=0.001, seed=3)


def _open(params: dict, **state_values) -> AppTest:
    return open_with(PAGE, params, **state_values)


def test_a_teachers_link_opens_on_the_same_run_and_the_same_curve(at):
    _set_a_teachers_run(at)
    assert _studio_params(at) == TEACHERS_LINK
    for _ in range(3):
        at.button(key="studio.step").click().run()
    teacher = trainer(at)
    assert teacher.config == TEACHERS_CONFIG and teacher.epoch == 3

    student = _open(_studio_params(at))
    assert not student.exception and not student.warning
    assert student.selectbox(key="studio.source").value == "circles"
    assert student.slider(key="studio.toy_samples").value == 150
    assert student.slider(key="studio.test_size").value == 0.25
    assert student.number_input(key="studio.seed").value == 3
    assert student.slider(key="studio.layers").value == 2
    assert [student.number_input(key=f"studio.width.{i}").value for i in (0, 1)] == [16, 4]
    assert student.select_slider(key="studio.lr").value == 0.02
    assert student.select_slider(key="studio.batch").value == 16
    for _ in range(3):
        student.button(key="studio.step").click().run()
    assert trainer(student).config == TEACHERS_CONFIG
    assert trainer(student).history.train_loss == teacher.history.train_loss
    assert trainer(student).history.test_loss == teacher.history.test_loss
    # The same data: 150 circles points, ceil(25 % of 150) = 38 of them in the test set.
    mine, theirs = studio(student).dataset, studio(at).dataset
    assert mine.n_test == theirs.n_test == 38
    np.testing.assert_array_equal(mine.X_train, theirs.X_train)
    assert _studio_params(student) == TEACHERS_LINK


def test_a_link_sets_the_network_and_the_parameter_count_follows():
    at = _open({"hidden": "16-8", "act": "sigmoid", "fx": "0", "fy": "1", "discrete": "1"})
    assert not at.exception
    assert at.slider(key="studio.layers").value == 2
    # Iris 4-16-8-3: (4 + 1) x 16 + (16 + 1) x 8 + (8 + 1) x 3 = 80 + 136 + 27
    assert next(m for m in at.metric if m.label == "Parameters").value == "243"
    assert trainer(at).config.activation == "sigmoid"
    assert at.selectbox(key="studio.feature_x").value == 0
    assert at.toggle(key="studio.discrete").value is True
    regions = echart(at, "studio.regions_chart")
    assert regions["xAxis"][1]["name"] == "sepal length (cm)"


def test_no_hidden_layer_travels_as_zero():
    at = _open({"hidden": "0"})
    assert at.slider(key="studio.layers").value == 0 and trainer(at).config.hidden == ()
    assert next(m for m in at.metric if m.label == "Parameters").value == str(5 * 3)
    assert at.query_params["hidden"] == "0"


def test_a_tampered_link_falls_back_to_the_defaults_and_says_which_values():
    at = _open({"lr": "abc", "hidden": "99", "data": "uploaded", "test": "0.33", "batch": "7",
                "seed": "-1"})
    assert not at.exception
    warning = shown(next(w.value for w in at.warning if "could not be used" in w.value))
    for name in ("lr", "hidden", "data", "test", "batch", "seed"):
        assert f"**{name}** =" in warning, name
    assert "an uploaded dataset cannot travel in a link" in warning
    assert "not on the slider's steps of 0.05." in warning
    assert trainer(at).config == LECTURE and at.selectbox(key="studio.source").value == "iris"
    assert _studio_params(at) == {}  # back at the defaults, so nothing left in the URL


def test_values_at_their_defaults_stay_out_of_the_url(at):
    assert _studio_params(at) == {}
    at.select_slider(key="studio.lr").set_value(0.1).run()
    assert _studio_params(at) == {"lr": "0.1"}
    at.select_slider(key="studio.lr").set_value(0.01).run()
    assert _studio_params(at) == {}


def test_loading_a_preset_puts_its_settings_in_the_url(at):
    name = "Why hidden layers: circles, one hidden layer"
    at.selectbox(key="studio.preset").set_value(name).run()
    at.button(key="studio.load_preset").click().run()
    assert _studio_params(at) == {"data": "circles", "act": "tanh", "opt": "adam", "lr": "0.02",
                                  "batch": "16", "epochs": "100", "fx": "0", "fy": "1"}
    assert any(i.value.startswith("The same data with 8 tanh units") for i in at.info)
    at.selectbox(key="studio.preset").set_value(LECTURE_PRESET).run()
    at.button(key="studio.load_preset").click().run()
    assert _studio_params(at) == {}


def test_an_uploaded_dataset_stays_out_of_reach_of_a_link_and_the_studio_says_so():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    upload = split_and_scale(X, (X[:, 0] > 0).astype(int), ("a", "b"), ("no", "yes"),
                             name="mine.csv")
    at = _open({}, **{state.SHARED_DATASET: upload})
    at.selectbox(key="studio.source").set_value("uploaded").run()
    assert at.query_params["data"] == "uploaded"
    elsewhere = _open(_studio_params(at))  # another browser: no upload there
    assert not elsewhere.exception
    assert elsewhere.selectbox(key="studio.source").value == "iris"
    assert any("an uploaded dataset cannot travel" in w.value for w in elsewhere.warning)


HIDDEN_IN_PRESENTER = ("studio.l2", "studio.seed", "studio.test_size", "studio.resolution",
                       "studio.pin", "studio.unpin", "studio.dl_script")
KEPT_IN_PRESENTER = ("studio.train", "studio.pause", "studio.step", "studio.reset",
                     "studio.preset", "studio.source", "studio.layers", "studio.width.0",
                     "studio.activation", "studio.optimizer", "studio.lr", "studio.batch",
                     "studio.epochs", "studio.discrete")


def _keys(at) -> set[str]:
    keys = set()
    for kind in ("button", "download_button", "selectbox", "slider", "select_slider",
                 "number_input", "toggle"):
        keys |= {getattr(w, "key", None) or w.proto.id.rsplit("-", 1)[-1] for w in at.get(kind)}
    return keys


def test_presenter_mode_hides_the_advanced_controls_and_enlarges_the_figures():
    at = _open({}, **{presenter.PRESENT_KEY: True})
    at.button(key="studio.step").click().run()
    assert not at.exception
    keys = _keys(at)
    assert not keys & set(HIDDEN_IN_PRESENTER), keys & set(HIDDEN_IN_PRESENTER)
    assert set(KEPT_IN_PRESENTER) <= keys, set(KEPT_IN_PRESENTER) - keys
    assert not [h for h in at.header if h.value == "Compare and download"]
    for key in ("studio.curves_chart", "studio.regions_chart"):
        assert echart(at, key)["textStyle"]["fontSize"] == presenter.FIGURE_FONT, key
    # The hidden settings still drive the run: the lecture's seed, split and L2.
    assert trainer(at).config == LECTURE
    assert studio(at).dataset.n_test == 45


def test_the_advanced_controls_are_there_outside_presenter_mode(at):
    at.button(key="studio.step").click().run()
    assert set(HIDDEN_IN_PRESENTER) <= _keys(at)


def test_in_vietnamese_the_studio_speaks_vietnamese_and_trains_the_same_numbers():
    at = _open({}, **{"app.lang": "vi"})
    vi = catalogue("vi")
    assert not at.exception
    assert at.title[0].value == vi["studio.title"] == "Phòng huấn luyện"
    assert next(m for m in at.metric if m.label == vi["studio.parameters"]).value == "67"
    preset = at.selectbox(key="studio.preset")
    assert preset.value == LECTURE_PRESET  # the key stays; only its name is translated
    assert preset.options == [vi[f"studio.presets.name_{p['id']}"] for p in PRESETS.values()]
    assert at.selectbox(key="studio.source").options[0] == "Iris (bài giảng)"
    at.button(key="studio.step").click().run()
    reference = fit(TrainConfig(**{**LECTURE.__dict__, "epochs": 1}), *_iris())
    loss = reference.history.train_loss[0]
    line = next(m.value for m in at.markdown if m.value.startswith("Mất mát huấn luyện"))
    assert line.startswith(f"Mất mát huấn luyện {loss:.4f}")
    assert "Chia phân tầng" in at.caption[0].value and "105 hàng huấn luyện" in at.caption[0].value


def test_in_vietnamese_a_failed_run_says_why_with_the_same_numbers():
    at = _open({}, **{"app.lang": "vi"})
    at.selectbox(key="studio.preset").set_value("Too high a learning rate").run()
    at.button(key="studio.load_preset").click().run()
    _run_to_the_end(at)
    reason = trainer(at).stopped
    assert reason.kind == "test_loss"
    [error] = [e.value for e in at.error]
    assert error.endswith(catalogue("vi")["studio.stop.non_finite"].format(what="").strip())
    assert f"thành vô cùng (inf: quá lớn để lưu) ở epoch {reason.epoch}:" in error


def test_the_english_dataset_texts_are_mlp_cores():
    from mlp_core.datasets import DESCRIPTIONS, LABELS

    en = catalogue("en")
    for name, label in LABELS.items():
        assert en[f"studio.data.name_{name}"] == label
        assert en[f"studio.data.desc_{name}"] == DESCRIPTIONS[name]


def test_results_draw_only_the_open_tab_and_each_tab_shows_its_numbers(at):
    for _ in range(3):
        at.button(key="studio.step").click().run()
    t, ds = trainer(at), load_iris()
    ids = [c.proto.id for c in at.get("plotly_chart")]
    assert confusion(at, "test").sum() == len(ds.y_test)
    assert not any(i.endswith("-studio.proba_chart") for i in ids)  # a closed tab is not drawn

    at.session_state["studio.results_tab"] = "Misclassified samples"
    at.run()
    wrong = int((t.predict(ds.X_train) != ds.y_train).sum()
                + (t.predict(ds.X_test) != ds.y_test).sum())
    assert wrong > 0  # three epochs in, the lecture's network still errs
    assert keyed_block(at, "studio.cm_test") is None
    assert len(at.dataframe[-1].value) == wrong

    at.session_state["studio.results_tab"] = "Predict one sample"
    at.run()
    bars = chart(at, "studio.proba_chart")["data"][0]
    expected = t.predict_proba(ds.X_test[:1])[0]
    np.testing.assert_allclose(_array(bars["y"]), expected, atol=1e-4)
    assert abs(float(np.sum(_array(bars["y"]))) - 1.0) < 1e-5


def test_per_class_scores_match_sklearn_on_the_test_set(at, monkeypatch):
    monkeypatch.setattr(pacing, "HEAD_START_SECONDS", 60.0)
    at.select_slider(key="studio.pace").set_value("instant").run()  # the end, in Train's rerun
    at.button(key="studio.train").click().run()
    t, ds = trainer(at), load_iris()
    y_pred = t.predict(ds.X_test)
    precision, recall, f1, support = precision_recall_fscore_support(
        ds.y_test, y_pred, labels=[0, 1, 2], zero_division=0)
    table = at.table[-1].value  # after the two matrices; the exact scores behind 4 decimals
    assert list(table.columns) == ["class", "precision", "recall", "f1", "support"]
    assert list(table["class"]) == list(ds.class_names)
    np.testing.assert_allclose(table["precision"], precision, rtol=1e-12)
    np.testing.assert_allclose(table["recall"], recall, rtol=1e-12)
    np.testing.assert_allclose(table["f1"], f1, rtol=1e-12)
    assert list(table["support"]) == list(support) and sum(support) == len(ds.y_test)


def test_confusion_matrices_count_or_share_as_sklearn_does(at):
    for _ in range(3):  # three epochs in, the lecture's network still errs: rows are not one-hot
        at.button(key="studio.step").click().run()
    t, ds = trainer(at), load_iris()
    for part, X, y in (("train", ds.X_train, ds.y_train), ("test", ds.X_test, ds.y_test)):
        counts = confusion_matrix(y, t.predict(X), labels=[0, 1, 2])
        np.testing.assert_array_equal(confusion(at, part), counts)
    at.toggle(key="studio.cm_normalized").set_value(True).run()
    for part, X, y in (("train", ds.X_train, ds.y_train), ("test", ds.X_test, ds.y_test)):
        shares = confusion_matrix(y, t.predict(X), labels=[0, 1, 2], normalize="true")
        np.testing.assert_allclose(confusion(at, part), shares, rtol=1e-12)


def test_before_training_the_results_are_the_untrained_networks_and_say_so(at, monkeypatch):
    # The "before" of the lesson: the initial weights' guesses, labelled epoch 0, the pin button
    # waiting for a run; after Train the same tables hold the run's end, labelled epoch 20.
    monkeypatch.setattr(pacing, "HEAD_START_SECONDS", 60.0)  # however slow the machine
    ds = load_iris()

    def shows_the_matrices_of(t, epoch: int) -> None:
        assert t.epoch == epoch
        for part, X, y in (("train", ds.X_train, ds.y_train), ("test", ds.X_test, ds.y_test)):
            np.testing.assert_array_equal(confusion(at, part),
                                          confusion_matrix(y, t.predict(X), labels=[0, 1, 2]))
            title = confusion_part(at, part, "markdown").value
            assert title.endswith(f"({len(y)} samples, at epoch {epoch})")

    at.select_slider(key="studio.pace").set_value("instant").run()  # the end, in Train's rerun
    t = trainer(at)
    shows_the_matrices_of(t, 0)
    assert at.button(key="studio.pin").disabled
    initial = {k: v.clone() for k, v in t.model.state_dict().items()}

    at.button(key="studio.train").click().run()
    t = trainer(at)
    assert t.stopped is not None  # the lecture's run ends in Train's own rerun
    shows_the_matrices_of(t, 20)
    assert not at.button(key="studio.pin").disabled
    assert any(not torch.equal(initial[k], v) for k, v in t.model.state_dict().items())


# ----------------------------------------------------------------------------- pace and replay
def _played(at) -> dict[str, list[dict]]:
    """Train, then what the browser plays: each chart's frames, whole, one after the other (as
    ECharts merges them), as many for every chart."""
    at.button(key="studio.train").click().run()
    charts = {key: played_frames(echart(at, f"studio.{key}_chart"))
              for key in ("curves", "regions", "confusion")}
    assert len({len(frames) for frames in charts.values()}) == 1
    return charts


def _drawn_confusion(series: dict) -> np.ndarray:
    """A confusion chart's matrix (its heatmap's cells), row the true class."""
    cells = [cell["value"] for cell in series["data"]]
    cm = np.zeros((max(i for _, i, _ in cells) + 1,) * 2, dtype=np.int64)
    for j, i, count in cells:
        cm[i, j] = count
    return cm


def test_at_the_default_pace_the_browser_plays_the_lecture_run_epoch_by_epoch(at, alone):
    assert at.select_slider(key="studio.pace").value == "normal"
    charts = _played(at)
    t, ds = trainer(at), load_iris()
    assert t.stopped == StopReason("budget", 20)  # trained at full speed in Train's head start
    assert studio(at).frames == tuple(range(21))  # one epoch a frame: 0, 1, ..., 20
    timeline = echart(at, "studio.curves_chart")["baseOption"]["timeline"]
    assert timeline["autoPlay"] and not timeline["loop"] and timeline["playInterval"] == 300
    assert 5 <= 21 * 0.3 <= 10  # the few seconds, with no server round trip a frame
    parts = ((ds.X_train, ds.y_train), (ds.X_test, ds.y_test))
    for k, curves, regions, matrices in zip(range(21), *charts.values(), strict=True):
        shot = t.snapshot(k)
        # the curves up to epoch k, value by value, headed by the epoch and its numbers
        assert curves["title"][-1]["text"].startswith(f"Epoch {k} of 20")
        if k:
            for name, values in (("train loss", t.history.train_loss),
                                 ("test loss", t.history.test_loss),
                                 ("train accuracy", t.history.train_acc)):
                assert curve(curves, name)[0] == list(range(1, k + 1))
                np.testing.assert_allclose(curve(curves, name)[1], values[:k])
            assert f"Train loss {t.history.train_loss[k - 1]:.4f}" in curves["title"][-1]["text"]
        else:
            assert not any(series["data"] for series in curves["series"])
        # the regions predicted by epoch k's weights (a coarser grid while the frames pass)
        resolution = 100 if k == 20 else live.FRAME_RESOLUTION
        grid = decision_grid(shot.predict_proba, ds.X_all, features=(2, 3),
                             resolution=resolution, square=True)
        np.testing.assert_array_equal(regions_picture(regions), region_colors(grid.proba))
        # both confusion matrices of epoch k, as sklearn counts them
        for series, (X, y) in zip(matrices["series"], parts, strict=True):
            np.testing.assert_array_equal(_drawn_confusion(series),
                                          confusion_matrix(y, shot.predict(X), labels=[0, 1, 2]))
        assert matrices["title"][1]["text"] == (
            f"Confusion matrix, test set (45 samples, at epoch {k})")
    # Drawn once: until the playback's time is over, a rerun settles nothing.
    at.run()
    assert studio(at).in_browser and not at.select_slider(key="studio.pace").disabled
    assert not [s for s in at.select_slider if s.key == "studio.replay_epoch"]
    _time_passes(at)
    at.run()  # the one rerun at the end: the finished run, as instant shows it
    assert not studio(at).live and studio(at).shown is None
    assert at.select_slider(key="studio.replay_epoch").value == 20
    np.testing.assert_allclose(curve(echart(at, "studio.curves_chart"), "train loss")[1],
                               t.history.train_loss)
    for part, (X, y) in zip(("train", "test"), parts, strict=True):
        np.testing.assert_array_equal(confusion(at, part),
                                      confusion_matrix(y, t.predict(X), labels=[0, 1, 2]))


def test_at_the_instant_pace_train_shows_the_end_in_its_own_rerun(at, monkeypatch):
    monkeypatch.setattr(pacing, "HEAD_START_SECONDS", 60.0)  # however slow the machine
    at.select_slider(key="studio.pace").set_value("instant").run()
    at.button(key="studio.train").click().run()
    assert not studio(at).live and studio(at).shown is None
    option = echart(at, "studio.curves_chart")
    assert "baseOption" not in option and curve(option, "train loss")[0] == list(range(1, 21))
    assert confusion_part(at, "test", "markdown").value.endswith("at epoch 20)")


def test_the_replay_slider_shows_epoch_k_in_every_view(at, monkeypatch):
    monkeypatch.setattr(pacing, "HEAD_START_SECONDS", 60.0)
    at.select_slider(key="studio.pace").set_value("instant").run()
    at.button(key="studio.train").click().run()
    t, ds = trainer(at), load_iris()
    slider = at.select_slider(key="studio.replay_epoch")
    assert slider.value == 20 and list(slider.options) == [str(e) for e in range(21)]
    for k in (7, 0, 13):
        at.select_slider(key="studio.replay_epoch").set_value(k).run()
        shot = t.snapshot(k)
        reference = fit(TrainConfig(**{**LECTURE.__dict__, "epochs": k}), *_iris()) if k else None
        # the curves up to k
        curves = echart(at, "studio.curves_chart")
        if k == 0:  # the untrained network: no curve yet
            assert not any(s["data"] for s in curves.get("series", []))
        else:
            assert curve(curves, "train loss")[0] == list(range(1, k + 1))
            np.testing.assert_allclose(curve(curves, "test loss")[1], t.history.test_loss[:k])
        if reference is not None:
            np.testing.assert_allclose(curve(curves, "train loss")[1],
                                       reference.history.train_loss, rtol=1e-6)
            np.testing.assert_array_equal(shot.predict(ds.X_test), reference.predict(ds.X_test))
        # the matrices and the per-class scores at k
        for part, X, y in (("train", ds.X_train, ds.y_train), ("test", ds.X_test, ds.y_test)):
            np.testing.assert_array_equal(confusion(at, part),
                                          confusion_matrix(y, shot.predict(X), labels=[0, 1, 2]))
            assert confusion_part(at, part, "markdown").value.endswith(f"at epoch {k})")
        recall = precision_recall_fscore_support(ds.y_test, shot.predict(ds.X_test),
                                                 labels=[0, 1, 2], zero_division=0)[1]
        np.testing.assert_allclose(at.table[-1].value["recall"], recall, rtol=1e-12)
        # the regions, predicted by epoch k's weights
        picture = regions_picture(echart(at, "studio.regions_chart"))
        grid = decision_grid(shot.predict_proba, ds.X_all, features=(2, 3), resolution=100,
                             square=True)
        np.testing.assert_array_equal(picture, region_colors(grid.proba, False))
        assert trainer(at).epoch == 20  # stepping back trains nothing
    assert not np.array_equal(t.snapshot(0).predict(ds.X_test), t.snapshot(13).predict(ds.X_test))
    # Back at the end, the page follows the run again.
    at.select_slider(key="studio.replay_epoch").set_value(20).run()
    assert studio(at).shown is None
    assert curve(echart(at, "studio.curves_chart"), "train loss")[0] == list(range(1, 21))


def test_pause_holds_the_epoch_the_playback_reached_and_train_plays_on_from_it(at, alone,
                                                                                monkeypatch):
    monkeypatch.setattr(run_module, "PLAY_CLOCK", lambda: 1000.0)  # no time passes by itself
    at.button(key="studio.train").click().run()
    _time_passes(at, 5.5 * 0.3)  # the browser shows its 6th frame, epoch 5
    at.button(key="studio.pause").click().run()
    assert studio(at).shown == 5 and not studio(at).live
    assert at.select_slider(key="studio.replay_epoch").value == 5
    assert confusion_part(at, "test", "markdown").value.endswith("at epoch 5)")
    at.run()
    assert studio(at).shown == 5
    assert not at.button(key="studio.train").disabled  # the run is trained, not yet all shown
    at.button(key="studio.train").click().run()
    assert studio(at).in_browser and studio(at).frames == tuple(range(5, 21))
    first = played_frames(echart(at, "studio.curves_chart"))[0]
    assert len(curve(first, "train loss")[0]) == 5


@pytest.mark.parametrize("drawn", ["slider", "regions_block"])
def test_a_playback_that_ends_during_a_pages_run_settles_in_the_next_not_midway(at, alone,
                                                                                 monkeypatch,
                                                                                 drawn):
    """The run view's top settles a playback that was over when the run began; one that ends
    after it (here: once the replay slider, or the regions, are drawn) is left to the timer's
    own tick. Settling midway would cut the page's run short, leaving out what comes below."""
    clock = [1000.0]
    monkeypatch.setattr(run_module, "PLAY_CLOCK", lambda: clock[0])
    at.button(key="studio.train").click().run()
    assert studio(at).in_browser
    module = replay if drawn == "slider" else live
    draw = getattr(module, drawn)

    def drawn_then_the_playback_ends(*args) -> None:
        draw(*args)
        clock[0] += 1000.0

    monkeypatch.setattr(module, drawn, drawn_then_the_playback_ends)
    at.run()
    assert not at.exception
    assert studio(at).in_browser  # drawn as it began: still the playback
    assert played_frames(echart(at, "studio.confusion_chart"))
    assert catalogue("en")["studio.runs.header"] in [h.value for h in at.header]
    at.run()  # the next run (the timer's tick in a browser) settles it at the run view's top
    assert not studio(at).live and studio(at).shown is None
    assert confusion_part(at, "test", "markdown").value.endswith("at epoch 20)")


def test_the_pace_travels_in_the_link_and_a_bad_one_falls_back_with_a_notice():
    at = _open({"pace": "slow"})
    assert not at.exception and not at.warning
    assert at.select_slider(key="studio.pace").value == "slow"
    assert at.query_params["pace"] == "slow"
    at = _open({"pace": "warp"})
    warning = shown(next(w.value for w in at.warning if "could not be used" in w.value))
    assert "**pace** =" in warning
    assert at.select_slider(key="studio.pace").value == pacing.DEFAULT_PACE
    assert "pace" not in _studio_params(at)


def test_every_preset_has_a_pace():
    assert {name: p["pace"] in pacing.PACES for name, p in PRESETS.items()} == {
        name: True for name in PRESETS}
    assert PRESETS[LECTURE_PRESET]["pace"] == pacing.DEFAULT_PACE


def test_in_vietnamese_presenter_mode_the_pace_and_the_replay_slider_speak_vietnamese(alone):
    at = _open({"pace": "fast"}, **{"app.lang": "vi", presenter.PRESENT_KEY: True})
    vi = catalogue("vi")
    pace = at.select_slider(key="studio.pace")  # a teacher sets the pace in front of the class
    assert pace.label == vi["studio.controls.pace"] and pace.value == "fast"
    assert [pace.format_func(p) for p in pacing.PACES] == [
        vi[f"studio.controls.pace_{p}"] for p in pacing.PACES] == [
        "chậm", "bình thường", "nhanh", "tức thì"]
    charts = _played(at)
    assert studio(at).frames == tuple(range(0, 21, 2))  # fast: two epochs a frame
    heading = charts["curves"][3]["title"][-1]
    assert heading["text"].startswith("Đang ở epoch 6 / 20  ·  Mất mát huấn luyện ")
    assert heading["textStyle"]["fontSize"] > presenter.DEFAULT_FONT  # grown for the room
    assert charts["confusion"][3]["title"][1]["text"] == (
        "Ma trận nhầm lẫn, tập kiểm tra (45 mẫu, tại epoch 6)")
    _time_passes(at)
    at.run()
    slider = at.select_slider(key="studio.replay_epoch")
    assert slider.label == vi["studio.live.replay"] and slider.value == 20


def test_a_rerun_uses_the_sessions_dataset_not_a_new_copy_and_new_data_loads_anew(at):
    ds = studio(at).dataset
    at.button(key="studio.load_preset").click().run()  # a new run on the same data
    assert not at.exception
    assert studio(at).dataset is ds  # not the cache's unpickled copy for each rerun and run
    at.number_input(key="studio.seed").set_value(1).run()
    new = studio(at).dataset
    assert new is not ds  # another split: loaded for its own spec
    fresh = DataSpec("iris", test_size=0.3, seed=1).load()
    np.testing.assert_array_equal(new.X_train, fresh.X_train)
    np.testing.assert_array_equal(new.y_test, fresh.y_test)


def test_a_replaced_run_is_let_go_at_once_not_at_the_sessions_next_run(at):
    import gc
    import weakref

    at.button(key="studio.step").click().run()
    old = weakref.ref(studio(at))
    old_trainer = weakref.ref(trainer(at))
    at.button(key="studio.load_preset").click().run()  # a fresh run: the last one is done with
    assert not at.exception and trainer(at).epoch == 0
    gc.collect()
    # Nothing else has run since: an idle session holds its one run, not the one before too.
    assert old() is None and old_trainer() is None
    old = weakref.ref(studio(at))
    at.number_input(key="studio.seed").set_value(3).run()  # restarted by a setting (sync)
    gc.collect()
    assert old() is None and studio(at).config.seed == 3
