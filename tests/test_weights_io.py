"""Uploaded weights read back exactly, continue a run, and every file that does not fit is refused
with the code and the values that say why."""

import io
import json
import pickle
import tomllib
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch

from mlp_core.datasets import load_iris
from mlp_core.export import state_dict_bytes, weights_json
from mlp_core.network import build_mlp
from mlp_core.training import TrainConfig, Trainer
from mlp_core.weights_io import HINTS, MAX_BYTES, WEIGHTS_ERRORS, WeightsError, read_weights
from tests.hostile_text import NAMES
from ui.i18n import placeholders

IRIS = load_iris(seed=0)
ROOT = Path(__file__).resolve().parents[1]


def trainer(config: TrainConfig) -> Trainer:
    return Trainer(config, IRIS.X_train, IRIS.y_train, IRIS.X_test, IRIS.y_test)


def net(hidden=(8,), n_in=4, n_out=3, activation="relu", seed=1):
    return build_mlp(n_in, hidden, activation, n_out, seed=seed)


def saved(state) -> bytes:
    buffer = io.BytesIO()
    torch.save(state, buffer)
    return buffer.getvalue()


def refusal(data: bytes, name: str, model=None) -> WeightsError:
    with pytest.raises(WeightsError) as caught:
        read_weights(data, name, net() if model is None else model)
    return caught.value


# ------------------------------------------------------------------------------ exact round trips
@pytest.mark.parametrize("fmt", ["pt", "json"])
def test_a_download_reads_back_exactly(fmt):
    model = trainer(TrainConfig(lr=0.1, epochs=5)).run(5).model
    data = state_dict_bytes(model) if fmt == "pt" else weights_json(model).encode()
    params = read_weights(data, f"mlp.{fmt}", net(seed=7))
    for got, want in zip(params, model.parameters(), strict=True):
        assert got.dtype == torch.float32
        assert torch.equal(got, want.detach())


@pytest.mark.parametrize("fmt", ["pt", "json"])
def test_full_batch_sgd_continued_from_a_file_is_the_run_continued_directly(fmt):
    config = TrainConfig(hidden=(8,), optimizer="sgd", lr=0.1, batch_size=None, epochs=30)
    direct = trainer(config).run(10)
    data = state_dict_bytes(direct.model) if fmt == "pt" else weights_json(direct.model).encode()
    fresh = trainer(config)  # a new session, the same settings
    fresh.start_from(read_weights(data, f"w.{fmt}", fresh.model))
    assert fresh.epoch == 0 and len(fresh.history) == 0
    direct.run(20)
    fresh.run(20)
    assert fresh.history.train_loss == direct.history.train_loss[10:]
    assert fresh.history.test_acc == direct.history.test_acc[10:]
    for p, q in zip(fresh.model.parameters(), direct.model.parameters(), strict=True):
        assert torch.equal(p, q)


def test_adams_state_is_not_in_the_file_so_the_steps_differ_as_the_screen_says():
    config = TrainConfig(optimizer="adam", lr=0.01, epochs=20)
    direct = trainer(config).run(10)
    fresh = trainer(config)
    fresh.start_from(read_weights(state_dict_bytes(direct.model), "w.pt", fresh.model))
    restarted = trainer(config)  # Adam from its first step, from the same weights
    restarted.start_from([p.detach().clone() for p in direct.model.parameters()])
    direct.run(5)
    fresh.run(5)
    restarted.run(5)
    assert fresh.history.train_loss == restarted.history.train_loss
    assert fresh.history.train_loss != direct.history.train_loss[10:]


def test_reset_comes_back_to_the_uploaded_weights_and_the_seeds_batch_order():
    config = TrainConfig(lr=0.05, batch_size=16, epochs=10, seed=3)
    source = trainer(replace_seed(config, 9)).run(4)
    run = trainer(config)
    run.start_from(read_weights(state_dict_bytes(source.model), "w.pt", run.model)).run(3)
    first = list(run.history.train_loss)
    run.reset()
    for p, q in zip(run.model.parameters(), source.model.parameters(), strict=True):
        assert torch.equal(p, q)
    assert run.run(3).history.train_loss == first


def replace_seed(config: TrainConfig, seed: int) -> TrainConfig:
    return TrainConfig(**{**config.__dict__, "seed": seed})


def test_start_from_refuses_what_does_not_fit_and_keeps_the_run():
    run = trainer(TrainConfig(epochs=5)).run(2)
    before = [p.detach().clone() for p in run.model.parameters()]
    wrong = [torch.zeros(16, 4), torch.zeros(16), torch.zeros(3, 16), torch.zeros(3)]
    with pytest.raises(ValueError, match="params must have the shapes"):
        run.start_from(wrong)
    nan = [p.clone() for p in before]
    nan[0][0, 0] = float("nan")
    with pytest.raises(ValueError, match="params must be finite"):
        run.start_from(nan)
    assert run.epoch == 2
    for p, q in zip(run.model.parameters(), before, strict=True):
        assert torch.equal(p, q)


# -------------------------------------------------------------------------------- bad files
def test_a_file_past_the_cap_is_refused_before_it_is_read():
    error = refusal(b"{" + b" " * MAX_BYTES + b"}", "big.json")
    assert (error.code, error.values) == ("too_large", {"size": MAX_BYTES + 2, "max": MAX_BYTES})


def test_a_small_zip_that_would_unpack_past_the_cap_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/data.pkl", b"\0" * (MAX_BYTES + 1))
    assert len(buffer.getvalue()) < 100_000
    error = refusal(buffer.getvalue(), "bomb.pt")
    assert error.code == "too_large" and error.values["size"] == MAX_BYTES + 1


@pytest.mark.parametrize("name", ["weights.csv", "weights", "photo.png", NAMES[3]])
def test_only_pt_and_json_files_are_read(name):
    error = refusal(state_dict_bytes(net()), name)
    assert (error.code, error.values) == ("file_type", {"name": name})


class Boom:
    def __reduce__(self):  # unpickling it would run print: weights_only must refuse first
        return (print, ("unpickled!",))


@pytest.mark.parametrize("data", [
    b"not a torch file at all",
    pickle.dumps(Boom()),
    saved(Boom()),
    saved(net()),  # a whole module, not its state_dict
    b"",
], ids=["text", "pickle", "saved_object", "module", "empty"])
def test_a_pt_that_torch_load_cannot_read_safely_is_refused(data, capsys):
    assert refusal(data, "w.pt").code == "pt_unreadable"
    assert "unpickled!" not in capsys.readouterr().out


@pytest.mark.parametrize(("state", "found"), [
    ([torch.zeros(2)], "list"),
    (torch.zeros(2), "Tensor"),
    ({"0.weight": [1.0, 2.0]}, "0.weight: list"),
    ({3: torch.zeros(2)}, "3: Tensor"),
])
def test_a_pt_that_is_not_a_state_dict_says_what_it_holds(state, found):
    error = refusal(saved(state), "w.pt")
    assert (error.code, error.values) == ("not_state_dict", {"found": found})


def test_a_long_name_is_quoted_cut():
    state = net().state_dict()
    state["x" * 10**6] = state.pop("0.bias")
    error = refusal(saved(state), "w.pt")
    assert error.values["extra"] == "x" * 59 + "…" and len(str(error)) < 300


def test_names_that_do_not_fit_are_named_plain_as_they_came():
    state = net().state_dict()
    state[NAMES[3]] = state.pop("2.bias")
    error = refusal(saved(state), "w.pt")
    assert error.code == "names"
    assert error.values == {"missing": "2.bias", "extra": NAMES[3]}


def test_another_depth_says_both_architectures_and_the_hidden_widths_that_fit():
    error = refusal(state_dict_bytes(net(hidden=(8, 6))), "w.pt")
    assert error.code == "layer_count" and error.hint == "hidden"
    assert error.values == {"file_layers": 3, "file_arch": "4-8-6-3", "model_layers": 2,
                            "model_arch": "4-8-3", "hidden": "8-6"}
    assert str(error) == ("The file has 3 layers (4-8-6-3), this network 2 (4-8-3). "
                          "Set hidden to 8-6.")
    no_hidden = refusal(weights_json(net(hidden=())).encode(), "w.json")
    assert no_hidden.code == "layer_count" and no_hidden.values["hidden"] == "0"


@pytest.mark.parametrize("fmt", ["pt", "json"])
def test_a_wider_hidden_layer_names_the_layer_both_shapes_and_the_width(fmt):
    wide = net(hidden=(16,))
    data = state_dict_bytes(wide) if fmt == "pt" else weights_json(wide).encode()
    error = refusal(data, f"w.{fmt}")
    assert str(error) == "Layer 1 weight: file 16x4, this network 8x4. Set hidden to 16."
    assert error.values == {"layer": 1, "part": "weight", "file_shape": "16x4",
                            "model_shape": "8x4", "hidden": "16"}


def test_other_data_is_told_by_its_inputs_or_its_outputs():
    inputs = refusal(state_dict_bytes(net(n_in=2)), "w.pt")
    assert inputs.hint == "inputs" and inputs.values["file"] == 2 and inputs.values["model"] == 4
    outputs = refusal(state_dict_bytes(net(n_out=2)), "w.pt")
    assert outputs.values["layer"] == 2 and outputs.values["part"] == "weight"
    assert outputs.hint == "outputs" and (outputs.values["file"], outputs.values["model"]) == (2, 3)


def test_a_bias_of_another_length_is_refused():
    state = net().state_dict()
    state["0.bias"] = torch.zeros(5)
    error = refusal(saved(state), "w.pt")
    assert (error.values["layer"], error.values["part"]) == (1, "bias")
    assert (error.values["file_shape"], error.values["model_shape"]) == ("5", "8")


@pytest.mark.parametrize(("fmt", "value"), [("pt", float("nan")), ("pt", float("inf")),
                                            ("json", float("nan")), ("json", 1e300)])
def test_non_finite_values_are_counted_where_they_are(fmt, value):
    model = net()
    if fmt == "pt":
        with torch.no_grad():
            model[2].bias[1] = value
        data = state_dict_bytes(model)
    else:
        doc = json.loads(weights_json(net()))
        doc["layers"][1]["bias"][1] = value  # 1e300 is finite in JSON, inf as float32
        data = json.dumps(doc).encode()
    error = refusal(data, f"w.{fmt}")
    assert (error.code, error.values) == ("not_finite", {"layer": 2, "part": "bias", "count": 1})


@pytest.mark.parametrize(("tensor", "dtype"), [
    (torch.zeros(3, dtype=torch.bool), "torch.bool (torch.strided, cpu)"),
    (torch.zeros(3, dtype=torch.complex64), "torch.complex64 (torch.strided, cpu)"),
    (torch.zeros(3).to_sparse(), "torch.float32 (torch.sparse_coo, cpu)"),
    (torch.zeros(3, device="meta"), "torch.float32 (torch.strided, meta)"),
], ids=["bool", "complex", "sparse", "meta"])
def test_a_tensor_of_no_numbers_is_refused(tensor, dtype):
    state = net().state_dict()
    state["2.bias"] = tensor
    assert refusal(saved(state), "w.pt").values == {"layer": 2, "part": "bias", "dtype": dtype}


def test_integer_weights_are_numbers():
    state = {name: torch.ones_like(p, dtype=torch.int64) for name, p in net().state_dict().items()}
    assert all(torch.equal(p, torch.ones(p.shape)) for p in read_weights(saved(state), "w.pt",
                                                                          net()))


def test_malformed_json_says_where():
    error = refusal(b'{"format": "mlp-playground weights v1",\n "layers": [1, }', "w.json")
    assert (error.code, error.values) == ("json_malformed", {"line": 2, "column": 16})
    assert refusal(b"\xff\xfe\xfa", "w.json").code == "json_malformed"


def doc_with(**changes) -> bytes:
    doc = json.loads(weights_json(net()))
    for path, value in changes.items():
        target, *keys = path.split("__")
        holder = doc if target == "doc" else doc["layers"][int(target[1:])]
        if value is None:
            holder.pop(keys[0])
        else:
            holder[keys[0]] = value
    return json.dumps(doc).encode()


@pytest.mark.parametrize(("data", "where"), [
    (b"[1, 2]", "format"),
    (json.dumps({"layers": []}).encode(), "format"),
    (doc_with(doc__layers=[]), "layers"),
    (doc_with(doc__layers="x"), "layers"),
    (doc_with(doc__layers=[1]), "layers[0]"),
    (doc_with(l1__weight=None), "layers[1].weight"),
    (doc_with(l1__weight=[[1, "a", 3]] * 3), "layers[1].weight"),
    (doc_with(l0__weight=[[1.0] * 4] * 7 + [[1.0] * 3]), "layers[0].weight"),
    (doc_with(l0__bias=[[1.0]] * 8), "layers[0]"),
    (doc_with(l0__bias=[True] * 8), "layers[0].bias"),
    (doc_with(l0__bias=[10**400] * 8), "layers[0].bias"),
    (b"[" * 100_000 + b"]" * 100_000, "layers"),
])
def test_json_of_another_shape_names_the_part_that_is_not_the_studios(data, where):
    error = refusal(data, "w.json")
    assert (error.code, error.values) == ("json_shape", {"where": where})


# ---------------------------------------------------------------------------------- the words
def test_every_refusal_is_in_both_catalogues_word_for_word_in_english():
    en, vi = (tomllib.loads((ROOT / f"ui/locales/{lang}.toml").read_text())["studio"]["weights"]
              for lang in ("en", "vi"))
    for table, texts in (("errors", WEIGHTS_ERRORS), ("hints", HINTS)):
        assert set(en[table]) == set(vi[table]) == set(texts)
        for code, english in texts.items():
            assert en[table][code] == english, code
            assert placeholders(vi[table][code]) == placeholders(english), code
    assert np.all([vi[t][c] != en[t][c] for t in ("errors", "hints") for c in en[t]])


def test_json_of_another_activation_says_which_to_set():
    data = weights_json(net(hidden=(8, 8), activation="tanh")).encode()
    with pytest.raises(WeightsError) as caught:
        read_weights(data, "w.json", net(hidden=(8, 8)), "relu")
    assert (caught.value.code, caught.value.values) == ("activation", {"layer": 1, "file": "tanh",
                                                                       "model": "relu"})
    assert str(caught.value).endswith("set the activation to tanh.")
    assert len(read_weights(data, "w.json", net(hidden=(8, 8)), "tanh")) == 6


def test_only_torch_saves_zip_is_read_not_its_legacy_format():
    buffer = io.BytesIO()
    torch.save(net().state_dict(), buffer, _use_new_zipfile_serialization=False)
    assert refusal(buffer.getvalue(), "old.pt").code == "pt_unreadable"


def test_a_layer_number_too_long_for_an_int_is_just_a_name():
    state = net().state_dict()
    state["9" * 5000 + ".weight"] = state.pop("2.weight")
    assert refusal(saved(state), "w.pt").code == "names"
