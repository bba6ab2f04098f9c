"""Read an uploaded weights file (the studio's state_dict .pt or its JSON) for a given network.

read_weights(data, file_name, model) returns the file's tensors in the order of
model.parameters(), ready for Trainer.start_from, or raises WeightsError: an InputError whose code
and values say what does not fit (the file's type, its shape of JSON, a parameter name, a layer's
shape with the widths that would fit, a non-finite value, its size), for ui to say in words.

A .pt is read with torch.load(weights_only=True) and nothing else: a student's upload is never
unpickled into arbitrary objects, only into tensors and plain containers.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Mapping

import torch
from torch import Tensor, nn

from mlp_core.errors import InputError
from mlp_core.export import FORMAT

# The studio's largest network (1,000 features, six hidden layers of 64, 20 classes: 86,164
# parameters) writes 2.3 MB of JSON and 0.35 MB of state_dict; anything far larger is not one.
# In the file chooser's megabytes (10^6 bytes), so that its limit and this one are the same.
MAX_BYTES = 4_000_000
KINDS = {".pt": "pt", ".pth": "pt", ".json": "json"}
MAX_NAMES = 6  # names listed in one message; the rest are counted
NAME_CHARS = 60  # of each name a message quotes (a name in a file can be megabytes long)
INTEGERS = (torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64)

WEIGHTS_ERRORS = {
    "too_large": "The file has {size} bytes, more than the {max} a weights file may have.",
    "file_type": "The file must be a .pt (a state_dict) or a .json (the studio's weights), "
                 "got {name}.",
    "pt_unreadable": "The .pt file cannot be read by torch.load(weights_only=True), which "
                     "reads tensors only: it is not a zip archive torch.save wrote, or it holds "
                     "other objects.",
    "not_state_dict": "The .pt file is not a state_dict (parameter names to tensors): it holds "
                      "{found}.",
    "json_malformed": "The JSON cannot be read: line {line}, column {column}.",
    "json_shape": "The JSON is not the studio's weights: {where} is missing or not what the "
                  "studio writes.",
    "names": "The file's parameter names do not fit this network: missing {missing}; "
             "not in this network {extra}.",
    "layer_count": "The file has {file_layers} layers ({file_arch}), this network "
                   "{model_layers} ({model_arch}).",
    "shape": "Layer {layer} {part}: file {file_shape}, this network {model_shape}.",
    "not_numbers": "Layer {layer} {part} holds {dtype}, not numbers.",
    "not_finite": "Layer {layer} {part} holds {count} values that are not finite (nan or inf).",
    "activation": "Layer {layer} of the file is followed by {file}, in this network by {model}: "
                  "set the activation to {file}.",
}
# What would make the network fit the file, after a layer_count or shape refusal (hint "" when
# the file's layers do not chain into one network): its hidden widths, or the data it needs.
HINTS = {
    "hidden": "Set hidden to {hidden}.",
    "inputs": "The file takes {file} inputs, this data has {model}: pick the data it was "
              "trained on.",
    "outputs": "The file has {file} outputs, this data needs {model}: pick the data it was "
               "trained on.",
}


class WeightsError(InputError):
    """An uploaded weights file that does not fit; `hint` (a HINTS code or "") says what would."""

    def __init__(self, code: str, hint: str = "", **values):
        text = WEIGHTS_ERRORS[code].format(**values)
        if hint:
            text += " " + HINTS[hint].format(**values)
        super().__init__(text, code, values)
        self.hint = hint


def _name(name) -> str:
    name = str(name)
    return name if len(name) <= NAME_CHARS else name[:NAME_CHARS - 1] + "…"


def _names(names) -> str:
    names = sorted(names)
    shown = ", ".join(map(_name, names[:MAX_NAMES]))
    return shown + (f" (+{len(names) - MAX_NAMES})" if len(names) > MAX_NAMES else "") or "-"


def _arch(widths) -> str:
    return "-".join(map(str, widths))


def _widths(shapes: list[tuple[int, ...]]) -> list[int] | None:
    """The widths n_in-h1-...-n_out of layers with these weight shapes (n_out, n_in), or None when
    they do not chain into one network."""
    if not shapes or any(len(s) != 2 for s in shapes):
        return None
    widths = [shapes[0][1]]
    for n_out, n_in in shapes:
        if n_in != widths[-1]:
            return None
        widths.append(n_out)
    return widths


def _fit_hint(file: list[int] | None, model: list[int]) -> tuple[str, dict]:
    """The HINTS code and values that say how the network would fit a file of these widths."""
    if file is None:
        return "", {}
    if file[0] != model[0]:
        return "inputs", {"file": file[0], "model": model[0]}
    if file[-1] != model[-1]:
        return "outputs", {"file": file[-1], "model": model[-1]}
    return "hidden", {"hidden": _arch(file[1:-1]) or "0"}


# --------------------------------------------------------------------------------- the two formats
def _unpacked_size(data: bytes) -> int | None:
    """The bytes torch.load would unpack from a zip (torch.save's format), or None: not a zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _read_pt(data: bytes) -> dict[str, Tensor]:
    # Only torch.save's zip (its format since torch 1.6): the legacy format allocates whatever
    # sizes its pickle declares. A zip's entries may be compressed: a small file could unpack
    # into gigabytes.
    size = _unpacked_size(data)
    if size is None:
        raise WeightsError("pt_unreadable")
    if size > MAX_BYTES:
        raise WeightsError("too_large", size=size, max=MAX_BYTES)
    try:
        loaded = torch.load(io.BytesIO(data), weights_only=True, map_location="cpu")
    except Exception:  # whatever a hand-made file makes it raise: it is not one
        raise WeightsError("pt_unreadable") from None
    if not isinstance(loaded, Mapping):
        raise WeightsError("not_state_dict", found=type(loaded).__name__)
    for name, value in loaded.items():
        if not isinstance(name, str) or not isinstance(value, Tensor):
            raise WeightsError("not_state_dict", found=f"{_name(name)}: {type(value).__name__}")
    return dict(loaded)


def _matrix(value, where: str) -> Tensor:
    """A JSON list of lists (or a list) of numbers as a float64 tensor."""
    def numbers(row) -> bool:
        return isinstance(row, list) and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in row)

    if not isinstance(value, list) or not (numbers(value) or all(numbers(r) for r in value)):
        raise WeightsError("json_shape", where=where)
    lengths = {len(r) for r in value if isinstance(r, list)}
    if len(lengths) > 1:
        raise WeightsError("json_shape", where=where)
    try:
        return torch.tensor(value, dtype=torch.float64)
    except (OverflowError, RuntimeError):  # an integer past any float (JSON's have no bound)
        raise WeightsError("json_shape", where=where) from None


def _read_json(data: bytes, activation: str | None) -> list[tuple[Tensor, Tensor]]:
    """The (weight, bias) of each layer of a weights_json file, its hidden layers followed by
    `activation` (None: any)."""
    try:
        # Python's json reads NaN and Infinity, which weights_json writes for non-finite values.
        loaded = json.loads(data)
    except UnicodeDecodeError as error:
        raise WeightsError("json_malformed", line=1, column=error.start + 1) from None
    except json.JSONDecodeError as error:
        raise WeightsError("json_malformed", line=error.lineno, column=error.colno) from None
    except RecursionError:  # lists in lists deeper than Python's stack: no weights file
        raise WeightsError("json_shape", where="layers") from None
    if not isinstance(loaded, dict) or loaded.get("format") != FORMAT:
        raise WeightsError("json_shape", where="format")
    layers = loaded.get("layers")
    if not isinstance(layers, list) or not layers:
        raise WeightsError("json_shape", where="layers")
    read = []
    for k, layer in enumerate(layers):
        if not isinstance(layer, dict):
            raise WeightsError("json_shape", where=f"layers[{k}]")
        weight = _matrix(layer.get("weight"), f"layers[{k}].weight")
        bias = _matrix(layer.get("bias"), f"layers[{k}].bias")
        if weight.ndim != 2 or bias.ndim != 1:
            raise WeightsError("json_shape", where=f"layers[{k}]")
        read.append((weight, bias))
    for k, layer in enumerate(layers[:-1], start=1):  # the last one's outputs are the logits
        if activation is not None and layer.get("activation") != activation:
            raise WeightsError("activation", layer=k, file=_name(layer.get("activation")),
                               model=activation)
    return read


# ------------------------------------------------------------------------------------- the checks
def _pt_layers(tensors: dict[str, Tensor], model: nn.Module) -> list[tuple[Tensor, Tensor]]:
    """A state_dict's (weight, bias) per layer, its names exactly the model's."""
    expected = list(model.state_dict())
    missing, extra = set(expected) - set(tensors), set(tensors) - set(expected)
    if missing or extra:
        # A network of another depth names its layers otherwise: say so in layers, not names.
        numbered = sorted((int(m[1]), name) for name in tensors
                          if (m := re.fullmatch(r"(\d{1,9})\.weight", name)))
        if numbered and set(tensors) == {f"{i}.{p}" for i, _ in numbered
                                         for p in ("weight", "bias")}:
            layers = [(tensors[name], tensors[name.replace("weight", "bias")])
                      for _, name in numbered]
            if len(layers) != len(expected) // 2:
                _check_depth(layers, model)
        raise WeightsError("names", missing=_names(missing), extra=_names(extra))
    return [(tensors[w], tensors[b]) for w, b in zip(expected[::2], expected[1::2], strict=True)]


def _model_shapes(model: nn.Module) -> list[tuple[int, int]]:
    return [tuple(m.weight.shape) for m in model.modules() if isinstance(m, nn.Linear)]


def _check_depth(layers: list[tuple[Tensor, Tensor]], model: nn.Module) -> None:
    shapes = _model_shapes(model)
    if len(layers) == len(shapes):
        return
    file = _widths([tuple(w.shape) for w, _ in layers])
    widths = _widths(shapes)
    hint, values = _fit_hint(file, widths)
    raise WeightsError("layer_count", hint, file_layers=len(layers),
                       file_arch=_arch(file) if file else "?", model_layers=len(shapes),
                       model_arch=_arch(widths), **values)


def _shape_text(shape) -> str:
    return "x".join(map(str, shape)) if len(shape) else "()"


def _check_layers(layers: list[tuple[Tensor, Tensor]], model: nn.Module) -> list[Tensor]:
    """Every layer's weight and bias against the model's: shapes, numbers, finite."""
    _check_depth(layers, model)
    shapes = _model_shapes(model)
    file = _widths([tuple(w.shape) for w, _ in layers])
    params = []
    for k, ((weight, bias), shape) in enumerate(zip(layers, shapes, strict=True), start=1):
        for part, tensor, want in (("weight", weight, shape), ("bias", bias, shape[:1])):
            if tuple(tensor.shape) != want:
                hint, values = _fit_hint(file, _widths(shapes))
                raise WeightsError("shape", hint, layer=k, part=part,
                                   file_shape=_shape_text(tensor.shape),
                                   model_shape=_shape_text(want), **values)
            # Real numbers laid out densely: not bool, complex, quantized, sparse or on "meta".
            numbers = tensor.is_floating_point() or tensor.dtype in INTEGERS
            if not numbers or tensor.layout != torch.strided or tensor.device.type != "cpu":
                raise WeightsError("not_numbers", layer=k, part=part,
                                   dtype=f"{tensor.dtype} ({tensor.layout}, {tensor.device})")
            value = tensor.detach().to(torch.float32).clone()
            bad = int((~torch.isfinite(value)).sum())
            if bad:
                raise WeightsError("not_finite", layer=k, part=part, count=bad)
            params.append(value)
    return params


def kind(file_name: str) -> str | None:
    """"pt" or "json" by the file's extension, else None."""
    name = str(file_name).lower()
    return next((k for ext, k in KINDS.items() if name.endswith(ext)), None)


def read_weights(data: bytes, file_name: str, model: nn.Module,
                 activation: str | None = None) -> list[Tensor]:
    """The uploaded file's tensors : one float32 tensor per model parameter, in its order.

    data : the file's bytes, at most MAX_BYTES; file_name : its name (the extension says how to
    read it); model : the network they must fit (build_mlp's nn.Sequential); activation : its
    hidden layers' (a key of ACTIVATIONS), which a JSON file names and must match (a state_dict
    does not name it).
    """
    if len(data) > MAX_BYTES:
        raise WeightsError("too_large", size=len(data), max=MAX_BYTES)
    what = kind(file_name)
    if what is None:
        raise WeightsError("file_type", name=_name(file_name))
    data = bytes(data)
    layers = (_pt_layers(_read_pt(data), model) if what == "pt"
              else _read_json(data, activation))
    return _check_layers(layers, model)

