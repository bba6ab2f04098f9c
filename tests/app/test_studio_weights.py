"""AppTest: weights downloaded from one studio session continue the run in another; a file that
does not fit is refused beside the uploader, in the session's language, and the run is kept."""

import io
from pathlib import Path

import pytest
import torch
from streamlit.testing.v1 import AppTest

from mlp_core.datasets import load_iris
from mlp_core.export import state_dict_bytes, weights_json
from mlp_core.network import build_mlp
from mlp_core.weights_io import MAX_BYTES
from tests.app.helpers import open_with, shown
from tests.app.test_hostile_text import assert_escaped, seen
from tests.app.test_studio_challenge import build
from tests.hostile_text import LINE_BREAKS, NAMES
from ui import presenter
from ui.format import one_line
from ui.i18n import catalogue
from ui.studio import runs, settings

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "training_studio.py")
FULL_BATCH_SGD = {"batch": "full", "lr": "0.1", "epochs": "30"}  # SGD keeps no state
EN, VI = catalogue("en"), catalogue("vi")


def run_of(at):
    return at.session_state["studio.run"]


def params(at) -> list[torch.Tensor]:
    return [p.detach().clone() for p in run_of(at).trainer.model.parameters()]


def steps(at, n: int) -> AppTest:
    for _ in range(n):
        at.button(key="studio.step").click().run()
    return at


def upload(at, name: str, data: bytes) -> AppTest:
    return at.file_uploader(key=runs.WEIGHTS_UPLOAD).set_value((name, data, None)).run()


def errors(at) -> list[str]:
    return [shown(e.value) for e in at.error]


def test_the_uploader_sits_under_the_downloads_and_says_what_continues():
    at = open_with(PAGE, {})
    uploader = at.file_uploader(key=runs.WEIGHTS_UPLOAD)
    assert not uploader.disabled
    assert uploader.label == ("Continue from weights (.pt state_dict or .json) for this 4-8-3 "
                              "network")
    assert EN["studio.weights.what_continues"] in uploader.help  # what "continue" guarantees
    assert f"at most {MAX_BYTES // 10**6} MB" in uploader.help
    assert uploader.proto.max_upload_size_mb == 4  # the browser's limit is the same


@pytest.mark.parametrize(("fmt", "name"), [("pt", "mlp_state_dict.pt"),
                                           ("json", "mlp_weights.json")])
def test_weights_downloaded_at_epoch_k_continue_the_run_in_a_new_session(fmt, name):
    source = steps(open_with(PAGE, FULL_BATCH_SGD), 3)
    model = run_of(source).trainer.model
    data = state_dict_bytes(model) if fmt == "pt" else weights_json(model).encode()
    at_k = params(source)
    steps(source, 2)  # the run continued directly

    fresh = upload(open_with(PAGE, FULL_BATCH_SGD), name, data)  # a new session
    assert not fresh.exception
    run = run_of(fresh)
    assert run.trainer.epoch == 0 and run.loaded == name
    for p, q in zip(params(fresh), at_k, strict=True):
        assert torch.equal(p, q)  # the weights are exact
    assert EN["studio.session.loaded"] in [w.value for w in fresh.warning]
    assert [shown(i.value) for i in fresh.info] == [f"Epoch 0 of this run is the weights of "
                                                   f"{name}."]
    steps(fresh, 2)
    continued = run_of(source).trainer.history
    assert run_of(fresh).trainer.history.train_loss == continued.train_loss[3:]
    assert run_of(fresh).trainer.history.test_acc == continued.test_acc[3:]
    # Reset comes back to the uploaded weights, not to the seed's.
    fresh.button(key="studio.reset").click().run()
    for p, q in zip(params(fresh), at_k, strict=True):
        assert torch.equal(p, q)


def test_the_untrained_matrices_of_the_upload_are_the_saved_runs():
    source = steps(open_with(PAGE, {}), 4)
    fresh = upload(open_with(PAGE, {}), "w.pt", state_dict_bytes(run_of(source).trainer.model))
    ds = load_iris()
    expected = run_of(source).trainer.predict(ds.X_test)
    shown_test = fresh.table[1].value.to_numpy()  # the test set's confusion matrix, epoch 0
    assert shown_test.trace() == (expected == ds.y_test).sum()
    assert shown_test.sum() == len(ds.y_test)


def test_a_mismatched_file_names_what_does_not_fit_and_the_run_is_kept():
    at = steps(open_with(PAGE, {}), 2)
    before, notice = params(at), len(at.warning)
    wide = build_mlp(4, (16,), "relu", 3, seed=0)
    upload(at, "wide.pt", state_dict_bytes(wide))
    assert not at.exception
    assert errors(at) == ["wide.pt: Layer 1 weight: file 16x4, this network 8x4. "
                          "Set hidden to 16.  \nYour run is kept as it was."]
    assert run_of(at).trainer.epoch == 2 and not run_of(at).loaded
    for p, q in zip(params(at), before, strict=True):
        assert torch.equal(p, q)
    assert len(at.warning) == notice  # no "started again" notice
    # A new run (another architecture) is another fit: the old refusal goes.
    at.number_input(key=settings.WIDTHS[0].key).set_value(16).run()
    assert not errors(at)
    upload(at, "wide2.pt", state_dict_bytes(wide))
    assert not errors(at) and run_of(at).loaded == "wide2.pt"


@pytest.mark.parametrize(("name", "data", "code"), [
    ("notes.txt", b"hello", "file_type"),
    ("w.pt", b"hello", "pt_unreadable"),
    ("w.json", b'{"format": 1', "json_malformed"),
    ("w.json", b"{}", "json_shape"),
    ("w.pt", b"\0" * (MAX_BYTES + 1), "too_large"),
])
def test_each_bad_file_is_refused_in_vietnamese_too(name, data, code):
    at = steps(open_with(PAGE, {}, **{"app.lang": "vi"}), 1)
    before = params(at)
    upload(at, name, data)
    (error,) = errors(at)
    first_words = VI[f"studio.weights.errors.{code}"].split("{")[0]
    assert error.startswith(f"{name}: {first_words}")
    assert error.endswith(VI["studio.weights.kept"])
    assert run_of(at).trainer.epoch == 1
    for p, q in zip(params(at), before, strict=True):
        assert torch.equal(p, q)


def test_hostile_file_and_parameter_names_reach_the_page_escaped():
    at = open_with(PAGE, {})
    state = build_mlp(4, (8,), "relu", 3, seed=0).state_dict()
    bias = state.pop("2.bias")
    state |= {name: bias for name in NAMES}  # six are quoted, the rest counted
    upload(at, LINE_BREAKS + ".pt", _saved(state))
    assert len(at.error) == 1
    assert_escaped(at, NAMES)
    text = seen(at.error[0].value)
    extra = text.split("not in this network ")[1]
    assert len([name for name in NAMES if one_line(name) in extra]) == 6
    assert f"(+{len(NAMES) - 6})." in text
    message, kept = text.split("  \n")  # the page's one line break, none of the names'
    assert message.startswith(one_line(LINE_BREAKS) + ".pt: The file's parameter names")
    assert "\n" not in message and kept == EN["studio.weights.kept"]
    # A .txt named so is refused by its name, on one line too.
    upload(at, NAMES[3] + ".txt", b"")
    assert_escaped(at, NAMES)


def _saved(state) -> bytes:
    buffer = io.BytesIO()
    torch.save(state, buffer)
    return buffer.getvalue()


def test_no_uploader_in_presenter_mode():
    at = open_with(PAGE, {}, **{presenter.PRESENT_KEY: True})
    assert not [u for u in at.get("file_uploader")]


def test_a_challenges_run_takes_no_uploaded_weights():
    # Its goal is judged on the run: weights trained elsewhere would reach it without the task.
    query = build()
    at = AppTest.from_file(PAGE, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert at.session_state["challenge.active"] is not None
    assert at.file_uploader(key=runs.WEIGHTS_UPLOAD).disabled


def test_a_regressions_weights_continue_too():
    source = steps(open_with(PAGE, {"data": "plane"}), 2)
    data = weights_json(run_of(source).trainer.model).encode()
    fresh = open_with(PAGE, {"data": "plane"})
    assert fresh.file_uploader(key=runs.WEIGHTS_UPLOAD).label.endswith("this 2-8-1 network")
    upload(fresh, "plane.json", data)
    assert not fresh.exception and not fresh.error
    for p, q in zip(params(fresh), params(source), strict=True):
        assert torch.equal(p, q)
    # Iris's weights are no plane's: three outputs where it predicts one value.
    iris = build_mlp(4, (8,), "relu", 3, seed=0)
    upload(fresh, "iris.pt", state_dict_bytes(iris))
    assert errors(fresh)[0].startswith("iris.pt: Layer 1 weight: file 8x4, this network 8x2. "
                                       "The file takes 4 inputs, this data has 2")
