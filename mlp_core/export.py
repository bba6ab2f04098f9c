"""Downloads of a network and its run: PyTorch state_dict bytes, weights as JSON, history CSV."""

from __future__ import annotations

import io
import json

import torch
from torch import nn

from mlp_core.functions import OUTPUTS
from mlp_core.training import History

FORMAT = "mlp-playground weights v1"
LAYOUT = "PyTorch: weight is (n_out, n_in), bias is (n_out,)"


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
    """The history as CSV: epoch, train_loss, train_acc[, test_loss, test_acc] per epoch."""
    if not isinstance(history, History):
        raise ValueError(f"history must be a training History, got {type(history).__name__}.")
    return history.as_frame().to_csv(index=False)
