"""Build an MLP as nn.Sequential, count its parameters as the lecture does, and summarise it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise
from numbers import Integral

import pandas as pd
import torch
from torch import nn
from torchinfo import summary

from mlp_core.functions import ACTIVATIONS, OUTPUTS, layer_modules

# A network may end in any hidden activation, or in softmax.
OUTPUT_ACTIVATIONS = tuple(OUTPUTS)
SUMMARY_COLUMNS = ("Layer (type)", "Output Shape", "Param #")


def _is_width(v) -> bool:
    return isinstance(v, Integral) and not isinstance(v, bool) and v > 0


def check_width(name: str, v) -> int:
    """A layer width: a positive int, else ValueError "n_in must be a positive integer, got 0."."""
    if not _is_width(v):
        raise ValueError(f"{name} must be a positive integer, got {v!r}.")
    return int(v)


def check_hidden(hidden) -> tuple[int, ...]:
    """Hidden widths as a tuple of positive ints; () means no hidden layer (softmax regression)."""
    try:
        widths = tuple(hidden)
    except TypeError:
        raise ValueError(f"hidden must be positive widths, got {hidden!r}.") from None
    if not all(_is_width(w) for w in widths):
        raise ValueError(f"hidden must be positive widths, got {widths!r}.")
    return tuple(int(w) for w in widths)


def check_activation(activation: str) -> str:
    """A hidden activation name from ACTIVATIONS."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {list(ACTIVATIONS)}, got {activation!r}.")
    return activation


def build_mlp(
    n_in, hidden, activation, n_out, output_activation=None, seed: int | None = None
) -> nn.Sequential:
    """Linear, act, Linear, act, ..., Linear[, output act]: the lecture's nn.Sequential.

    hidden : widths of the hidden layers, e.g. (8,); activation : a key of ACTIVATIONS;
    output_activation : None (logits, for cross-entropy), a key of ACTIVATIONS or "softmax";
    seed : draw the initial weights with init_weights(model, seed) (None: torch's global RNG).
    """
    n_in, n_out = check_width("n_in", n_in), check_width("n_out", n_out)
    hidden = check_hidden(hidden)
    check_activation(activation)
    if output_activation is not None and output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(
            f"output_activation must be None or one of {list(OUTPUT_ACTIVATIONS)}, "
            f"got {output_activation!r}."
        )
    widths = (n_in, *hidden, n_out)
    modules: list[nn.Module] = []
    for k in range(len(widths) - 1):
        if seed is None:
            modules.append(nn.Linear(widths[k], widths[k + 1]))
        else:  # left uninitialised here: init_weights draws them without the global RNG
            modules.append(nn.utils.skip_init(nn.Linear, widths[k], widths[k + 1]))
        if k < len(hidden):
            modules += layer_modules(activation)
    if output_activation is not None:
        modules += layer_modules(output_activation)
    model = nn.Sequential(*modules)
    if seed is not None:
        init_weights(model, seed)
    return model


def init_weights(model: nn.Module, seed: int) -> None:
    """PyTorch's own nn.Linear initialisation, drawn from a private generator seeded with `seed`.

    Not torch.manual_seed: one server process serves a whole class, one thread per session, and
    another student's thread could move the global generator between seeding and drawing. The
    draws are those of nn.Linear.reset_parameters, so the result equals torch.manual_seed(seed)
    followed by building the model (what the exported script does).
    """
    generator = torch.Generator().manual_seed(int(seed))
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.Linear):
                nn.init.kaiming_uniform_(module.weight, a=math.sqrt(5), generator=generator)
                bound = 1 / math.sqrt(module.in_features)
                nn.init.uniform_(module.bias, -bound, bound, generator=generator)


@dataclass(frozen=True)
class LayerCount:
    """One Linear layer's parameters: (n_in + 1 bias) x n_out."""

    n_in: int
    n_out: int
    params: int


def layer_param_counts(n_in, hidden, n_out) -> list[LayerCount]:
    """Parameters of each Linear layer of an n_in-hidden-n_out MLP, first layer first."""
    widths = (check_width("n_in", n_in), *check_hidden(hidden), check_width("n_out", n_out))
    counts = []
    for a, b in pairwise(widths):
        params = (a + 1) * b  # a weights and one bias into each of the b units
        counts.append(LayerCount(a, b, params))
    return counts


@dataclass(frozen=True)
class SummaryTable:
    """The lecture's summary(model, (1, n_in)): one row per layer, then the totals."""

    rows: pd.DataFrame  # columns SUMMARY_COLUMNS, e.g. ("Linear-1", "[-1, 1, 8]", 40)
    total: int
    trainable: int
    non_trainable: int


def _first_linear(model: nn.Module) -> nn.Linear | None:
    return next((m for m in model.modules() if isinstance(m, nn.Linear)), None)


def summary_table(model: nn.Module, n_in) -> SummaryTable:
    """torchinfo's summary of model for one input of shape (1, n_in), in the lecture's notation."""
    if not isinstance(model, nn.Module):
        raise ValueError(f"model must be a torch nn.Module, got {type(model).__name__}.")
    n_in = check_width("n_in", n_in)
    first = _first_linear(model)
    if first is not None and first.in_features != n_in:
        raise ValueError(
            f"n_in must match the model's first layer ({first.in_features}), got {n_in}."
        )
    # batch_dim=0 adds the batch axis in front of (1, n_in), as the lecture's summary(model, (1, n))
    # does; the lecture prints that batch axis as -1. torchinfo feeds torch.rand input: fork the
    # RNG so a summary never shifts the weights a later seeded build would draw.
    with torch.random.fork_rng(devices=[]):
        stats = summary(model, input_size=(1, n_in), batch_dim=0, verbose=0, device="cpu")
    leaves = [info for info in stats.summary_list if info.is_leaf_layer]
    rows = pd.DataFrame(
        [
            (
                f"{info.class_name}-{k}",
                "[" + ", ".join(map(str, [-1, *info.output_size[1:]])) + "]",
                int(info.num_params),
            )
            for k, info in enumerate(leaves, start=1)
        ],
        columns=list(SUMMARY_COLUMNS),
    )
    total, trainable = int(stats.total_params), int(stats.trainable_params)
    return SummaryTable(rows, total, trainable, total - trainable)


def warm_up() -> None:
    """Load what torch loads on its first use in a process: the meta device's references behind
    a seeded model (skip_init) and torch._dynamo behind the first torch.optim step, about a third
    of a second each. A server calls this once at its start, so a student's first Train does not
    pay it."""
    model = build_mlp(4, (8,), "relu", 3, seed=0)
    step = torch.optim.SGD(model.parameters(), lr=0.1)
    model(torch.zeros(1, 4)).sum().backward()
    step.step()
