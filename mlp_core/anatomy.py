"""An MLP's anatomy: one built model and everything the lecture says about it, as plain data.

The lesson builds the model the student chose (build_mlp), fills every parameter with the
lecture's 0.1 or draws them from a seed, and reads back what PyTorch itself reports about it:
print(model), the summary table, the parameter count, each Linear layer's weights in PyTorch's
layout (out, in) and in the lecture's (1 + in, out), row 0 the biases.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from torch import nn

from mlp_core.backprop import weights_from_model
from mlp_core.network import LayerCount, build_mlp, layer_param_counts, summary_table

LECTURE_VALUE = 0.1  # the lecture's worked example sets every weight and bias to 0.1
NO_OUTPUT_ACTIVATION = "none"


@dataclass(frozen=True)
class Architecture:
    """What the student chose; output_activation is NO_OUTPUT_ACTIVATION for plain logits."""

    n_in: int
    hidden: tuple[int, ...]
    activation: str
    n_out: int
    output_activation: str = NO_OUTPUT_ACTIVATION


@dataclass(frozen=True)
class Anatomy:
    """What is shown about one model (plain data, safe to cache and copy)."""

    printout: str  # print(model)
    summary: pd.DataFrame  # summary(model, (1, n_in)): one row per layer
    total: int
    trainable: int
    non_trainable: int
    numel: int  # sum(p.numel() for p in model.parameters()), the count PyTorch itself reports
    counts: list[LayerCount]  # (n_in + 1) x n_out per Linear layer
    linear_names: list[str]  # the Linear layers as the summary names them: Linear-1, Linear-3
    weights: list[np.ndarray]  # PyTorch layout (n_out, n_in)
    biases: list[np.ndarray]
    activations: list[str | None]  # the module after each Linear layer ("ReLU"), or None
    lecture_layout: list[np.ndarray]  # (1 + n_in, n_out), row 0 the biases


def anatomy(arch: Architecture, lecture_weights: bool, seed: int) -> Anatomy:
    """Build the model (every parameter LECTURE_VALUE, or drawn from seed) and describe it.

    Raises ValueError for an architecture build_mlp refuses (a width of 0, an unknown activation).
    """
    output = None if arch.output_activation == NO_OUTPUT_ACTIVATION else arch.output_activation
    # A seeded build draws from a private generator: another student's page cannot move it.
    model = build_mlp(arch.n_in, list(arch.hidden), arch.activation, arch.n_out, output,
                      seed=seed)
    if lecture_weights:
        with torch.no_grad():
            for p in model.parameters():
                p.fill_(LECTURE_VALUE)
    table = summary_table(model, arch.n_in)
    weights, biases, activations = layers_of(model)
    return Anatomy(
        printout=str(model), summary=table.rows, total=table.total, trainable=table.trainable,
        non_trainable=table.non_trainable, numel=sum(p.numel() for p in model.parameters()),
        counts=layer_param_counts(arch.n_in, list(arch.hidden), arch.n_out),
        linear_names=[n for n in table.rows["Layer (type)"] if n.startswith("Linear-")],
        weights=weights, biases=biases, activations=activations,
        lecture_layout=weights_from_model(model),
    )


NEAR_ZERO = 1e-3  # a weight smaller than this in size counts as driven to zero (L1's sparsity)


def near_zero(weights, biases, tol: float = NEAR_ZERO) -> tuple[int, int]:
    """How many parameters (weights and biases) are below `tol` in size, out of how many.

    weights, biases : one array each per layer (layers_of's), any shapes.
    """
    params = [np.asarray(p) for p in (*weights, *biases)]
    return (sum(int((np.abs(p) < tol).sum()) for p in params),
            sum(p.size for p in params))


def layers_of(model: nn.Sequential) -> tuple[list[np.ndarray], list[np.ndarray], list[str | None]]:
    """The Linear layers of an nn.Sequential as (weights, biases, activation after each layer).

    An activation is the class name of the module that follows a Linear layer ("ReLU"), or None.
    """
    weights, biases, activations = [], [], []
    for module in model:
        if isinstance(module, nn.Linear):
            weights.append(module.weight.detach().cpu().numpy().copy())
            bias = module.bias
            biases.append(np.zeros(module.out_features) if bias is None
                          else bias.detach().cpu().numpy().copy())
            activations.append(None)
        elif weights and activations[-1] is None and not isinstance(module, nn.Identity):
            activations[-1] = type(module).__name__
    return weights, biases, activations
