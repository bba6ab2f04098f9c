"""Exports read back: state_dict bytes through torch.load, weights JSON, history CSV."""

import io
import json

import numpy as np
import pandas as pd
import pytest
import torch
from torch import nn

from mlp_core import export
from mlp_core.datasets import Dataset, load_iris, split_and_scale
from mlp_core.export import history_csv, state_dict_bytes, weights_json
from mlp_core.network import build_mlp
from mlp_core.training import History, TrainConfig, fit

IRIS = load_iris(seed=0)


@pytest.fixture(scope="module")
def trained():
    return fit(TrainConfig(lr=0.1, epochs=20), IRIS.X_train, IRIS.y_train, IRIS.X_test,
               IRIS.y_test)


def test_state_dict_bytes_load_into_a_fresh_network(trained):
    data = state_dict_bytes(trained.model)
    fresh = build_mlp(4, (8,), "relu", 3)
    fresh.load_state_dict(torch.load(io.BytesIO(data), weights_only=True))
    for p, q in zip(fresh.parameters(), trained.model.parameters(), strict=True):
        assert torch.equal(p, q)
    X = torch.from_numpy(IRIS.X_test)
    with torch.no_grad():
        assert torch.equal(fresh(X), trained.model(X))


def test_weights_json_parses_back_to_the_same_network(trained):
    doc = json.loads(weights_json(trained.model))
    layers = doc["layers"]
    assert [(layer["n_in"], layer["n_out"], layer["activation"]) for layer in layers] == [
        (4, 8, "relu"), (8, 3, "identity")]
    assert doc["n_params"] == 67
    linears = [m for m in trained.model if isinstance(m, nn.Linear)]
    for layer, linear in zip(layers, linears, strict=True):
        # float32 -> JSON -> float32 is exact: every float32 is a double json writes in full.
        assert torch.equal(torch.tensor(layer["weight"]), linear.weight.detach())
        assert torch.equal(torch.tensor(layer["bias"]), linear.bias.detach())
    rebuilt = build_mlp(layers[0]["n_in"], [layer["n_out"] for layer in layers[:-1]],
                        layers[0]["activation"], layers[-1]["n_out"])
    with torch.no_grad():
        for layer, linear in zip(layers, [m for m in rebuilt if isinstance(m, nn.Linear)],
                                 strict=True):
            linear.weight.copy_(torch.tensor(layer["weight"]))
            linear.bias.copy_(torch.tensor(layer["bias"]))
        X = torch.from_numpy(IRIS.X_test)
        assert torch.equal(rebuilt(X), trained.model(X))


@pytest.mark.parametrize(("activation", "output", "names"), [
    ("identity", "sigmoid", ["identity", "sigmoid"]),
    ("leaky_relu", "softmax", ["leaky_relu", "leaky_relu", "softmax"]),
    ("gelu", None, ["gelu", "gelu", "identity"]),
])
def test_weights_json_names_every_activation(activation, output, names):
    hidden = (2,) if len(names) == 2 else (3, 2)
    model = build_mlp(2, hidden, activation, 1, output_activation=output)
    assert [layer["activation"] for layer in json.loads(weights_json(model))["layers"]] == names


def test_weights_json_refuses_what_it_cannot_name():
    with pytest.raises(ValueError, match=r"^model must hold Linear layers, each followed by at "
                                         r"most one known activation, got Dropout\(p=0\.5"):
        weights_json(nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5)))
    with pytest.raises(ValueError, match=r"got LeakyReLU\(negative_slope=0\.2\)\.$"):
        weights_json(nn.Sequential(nn.Linear(2, 2), nn.LeakyReLU(0.2)))
    with pytest.raises(ValueError, match=r"got ReLU\(\)\.$"):
        weights_json(nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.ReLU()))
    with pytest.raises(ValueError, match=r"^model must be an nn.Sequential, got Linear\.$"):
        weights_json(nn.Linear(2, 2))
    with pytest.raises(ValueError, match=r"^model must be a torch nn.Module, got dict\.$"):
        state_dict_bytes({})


def test_history_csv_reads_back_as_the_frame(trained):
    text = history_csv(trained.history)
    assert text.splitlines()[0] == "epoch,train_loss,train_acc,test_loss,test_acc,lr"
    back = pd.read_csv(io.StringIO(text))
    pd.testing.assert_frame_equal(back.drop(columns="lr"), trained.history.as_frame(),
                                  check_exact=True)
    assert back["lr"].tolist() == trained.history.lr  # each epoch's learning rate
    assert len(back) == 20


def test_history_csv_without_a_test_set():
    h = History(train_loss=[1.0, 0.5], train_acc=[0.5, 0.75])
    back = pd.read_csv(io.StringIO(history_csv(h)))
    assert list(back.columns) == ["epoch", "train_loss", "train_acc"]
    np.testing.assert_array_equal(back["train_loss"], [1.0, 0.5])
    with pytest.raises(ValueError, match=r"^history must be a training History, got list\.$"):
        history_csv([1.0])


def test_the_data_csv_reads_back_to_every_float32_exactly():
    rng = np.random.default_rng(3)
    # Values over many magnitudes, and float32 neighbours: nine digits must tell them apart.
    X = rng.normal(size=(300, 6)) * np.geomspace(1e-30, 1e30, 6)
    X[:, 2] = np.float32(1.0) + np.arange(300) * np.finfo(np.float32).eps
    y = rng.integers(0, 4, 300)
    ds = Dataset("raw", X[:210], X[210:], y[:210], y[210:], tuple("abcdef"), tuple("wxyz"))
    text = export.data_csv(ds)
    assert text.splitlines()[0] == "is_test,label,x1,x2,x3,x4,x5,x6"
    table = np.loadtxt(io.StringIO(text), delimiter=",", skiprows=1, ndmin=2)
    assert table.shape == (300, 8) == (300, export.data_values(ds) // 300)
    train, test = table[table[:, 0] == 0], table[table[:, 0] == 1]
    np.testing.assert_array_equal(train[:, 2:].astype(np.float32), ds.X_train)
    np.testing.assert_array_equal(test[:, 2:].astype(np.float32), ds.X_test)
    np.testing.assert_array_equal(train[:, 1], ds.y_train)
    np.testing.assert_array_equal(test[:, 1], ds.y_test)


def test_the_data_csv_is_refused_past_its_cap():
    n = export.MAX_DATA_VALUES // 12 + 1  # 10 features: 12 numbers a row
    ds = split_and_scale(np.zeros((n, 10)) + np.arange(n)[:, None], np.arange(n) % 2,
                         tuple("abcdefghij"), ("a", "b"))
    assert export.data_values(ds) == n * 12 > export.MAX_DATA_VALUES
    cap = export.MAX_DATA_VALUES
    with pytest.raises(ValueError, match=rf"^dataset must hold at most {cap} numbers to be written "
                                         rf"as CSV, got {n * 12}\.$"):
        export.data_csv(ds)
    with pytest.raises(ValueError, match=r"^dataset must be a Dataset, got list\.$"):
        export.data_csv([])
