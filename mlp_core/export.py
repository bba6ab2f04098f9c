"""Downloads of a network and its run: PyTorch state_dict bytes, weights as JSON, history CSV,
the data as a table to read (dataset_csv), and the prepared data as CSV (what the generated script
reads when the data is too large to write into it)."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import torch
from torch import nn

from mlp_core.datasets import Dataset
from mlp_core.functions import OUTPUTS
from mlp_core.tabular import escape_cell
from mlp_core.training import History

FORMAT = "mlp-playground weights v1"
LAYOUT = "PyTorch: weight is (n_out, n_in), bias is (n_out,)"
# Numbers in one data CSV (~11 characters each): about 22 MB, built in a few seconds on a click.
MAX_DATA_VALUES = 2_000_000
# Nine significant digits give back every float32 exactly, also when read as float64 first: the
# decimal is then far closer to the float32 than to the midpoint with its neighbour.
FLOAT32_DIGITS = "%.9g"


def _check_model(model) -> nn.Module:
    if not isinstance(model, nn.Module):
        raise ValueError(f"model must be a torch nn.Module, got {type(model).__name__}.")
    return model


def state_dict_bytes(model: nn.Module) -> bytes:
    """torch.save(model.state_dict()) as bytes: load with torch.load into the same architecture."""
    buffer = io.BytesIO()
    torch.save(_check_model(model).state_dict(), buffer)
    return buffer.getvalue()


def _activation_name(module: nn.Module) -> str | None:
    # Compare reprs, so LeakyReLU must have the registry's slope and GELU its exact form.
    known = {repr(o.torch_module()): name for name, o in OUTPUTS.items()}
    return known.get(repr(module))


def weights_json(model: nn.Sequential) -> str:
    """Every Linear layer's weight and bias as nested lists, with the activation that follows it.

    A layer followed by no activation module has activation "identity": for the last layer that
    means its outputs are logits.
    """
    if not isinstance(_check_model(model), nn.Sequential):
        raise ValueError(f"model must be an nn.Sequential, got {type(model).__name__}.")
    layers: list[dict] = []
    for module in model:
        if isinstance(module, nn.Linear):
            layers.append({
                "n_in": module.in_features, "n_out": module.out_features,
                "weight": module.weight.detach().tolist(),
                "bias": module.bias.detach().tolist() if module.bias is not None else None,
                "activation": "identity",
            })
            continue
        name = _activation_name(module)
        if name is None or not layers or layers[-1]["activation"] != "identity":
            raise ValueError(
                "model must hold Linear layers, each followed by at most one known activation, "
                f"got {module!r}."
            )
        layers[-1]["activation"] = name
    n_params = sum(p.numel() for p in model.parameters())
    return json.dumps({"format": FORMAT, "layout": LAYOUT, "n_params": n_params, "layers": layers},
                      indent=1)


def history_csv(history: History) -> str:
    """The history as CSV: epoch, train_loss, train_acc[, test_loss, test_acc][, lr] per epoch
    (lr, the learning rate each epoch trained with, when the history kept it)."""
    if not isinstance(history, History):
        raise ValueError(f"history must be a training History, got {type(history).__name__}.")
    frame = history.as_frame()
    if history.lr and len(history.lr) == len(frame):
        frame["lr"] = history.lr
    return frame.to_csv(index=False)


def data_values(dataset: Dataset) -> int:
    """How many numbers data_csv writes: every row's is_test, label and features."""
    return (dataset.n_train + dataset.n_test) * (dataset.n_features + 2)


def _check_size(dataset) -> None:
    if not isinstance(dataset, Dataset):
        raise ValueError(f"dataset must be a Dataset, got {type(dataset).__name__}.")
    if data_values(dataset) > MAX_DATA_VALUES:
        raise ValueError(f"dataset must hold at most {MAX_DATA_VALUES} numbers to be written as "
                         f"CSV, got {data_values(dataset)}.")


CLASS_COLUMN = "class"  # a classification's last column; a regression's is named by its target


def dataset_csv(dataset: Dataset) -> str:
    """The data as a table a person reads: one row a sample, train rows then test rows.

    Columns: "split" (train or test), each feature in its own units (the scaling undone; float32,
    so to about 7 digits), then the class name (column "class") or a regression's target value
    (named by the target) last. Names and classes are written as text a spreadsheet will not run
    as a formula. Refused past MAX_DATA_VALUES numbers.
    """
    _check_size(dataset)
    X = dataset.X_all.astype(np.float64)
    if dataset.scaler is not None and len(X):
        X = dataset.scaler.inverse_transform(X)
    frame = pd.DataFrame(X, columns=[escape_cell(name) for name in dataset.feature_names])
    frame.insert(0, "split", ["train"] * dataset.n_train + ["test"] * dataset.n_test,
                 allow_duplicates=True)
    if dataset.regression:
        name, target = dataset.class_names[0], dataset.target_values(dataset.y_all)
    else:
        names = np.array([escape_cell(c) for c in dataset.class_names], dtype=object)
        name, target = CLASS_COLUMN, names[dataset.y_all]
    frame.insert(frame.shape[1], escape_cell(name), target, allow_duplicates=True)
    return frame.to_csv(index=False, float_format=FLOAT32_DIGITS)


def data_csv(dataset: Dataset) -> str:
    """The prepared (split, scaled) data as CSV: is_test, label, x1..xd; train rows, then test rows.

    Every float32 feature reads back exactly (np.loadtxt, then float32). Refused past
    MAX_DATA_VALUES numbers.
    """
    _check_size(dataset)
    d = dataset.n_features
    is_test = np.r_[np.zeros(dataset.n_train), np.ones(dataset.n_test)]
    labels = np.r_[dataset.y_train, dataset.y_test]
    X = np.vstack([dataset.X_train, dataset.X_test.reshape(-1, d)]).astype(np.float64)
    buffer = io.StringIO()
    # A regression's label is its (scaled) target, a float32 like the features.
    label_format = FLOAT32_DIGITS if dataset.regression else "%d"
    np.savetxt(buffer, np.column_stack([is_test, labels, X]), delimiter=",",
               fmt=["%d", label_format, *[FLOAT32_DIGITS] * d], comments="",
               header=",".join(["is_test", "label", *(f"x{i}" for i in range(1, d + 1))]))
    return buffer.getvalue()
