"""Forward pass, backward pass and one SGD step of an MLP by hand, in the lecture's layout.

Lecture layout: a layer is one matrix W : (1 + n_in, n_out), row 0 the biases, so that
h = [1, x] W. PyTorch keeps weight : (n_out, n_in) and bias : (n_out,) apart; to_torch and
from_torch convert between the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from mlp_core.errors import check_class_index, check_lr, check_x, refuse
from mlp_core.functions import (
    ACTIVATIONS,
    LOSSES,
    Activation,
    binary_cross_entropy,
    cross_entropy,
    layer_modules,
    one_hot,
    sigmoid,
    softmax,
)

# The lesson's two losses give its outputs: sigmoid with binary cross-entropy, softmax with
# cross-entropy (with both, dL/dz = y_hat - y).
OUTPUTS = tuple(LOSSES[name].output for name in ("bce", "cross_entropy"))


@dataclass(frozen=True, eq=False)
class LayerTrace:
    """One layer's numbers; W : (1 + n_in, n_out)."""

    inputs_aug: np.ndarray  # (1 + n_in,)  [1, input]: [1, x] for the first layer, [1, h] after
    pre_activation: np.ndarray  # (n_out,)  [1, input] W
    activation: np.ndarray  # (n_out,)  f(pre_activation); the last layer's is y_hat
    delta: np.ndarray  # (n_out,)  dL / d pre_activation
    grad: np.ndarray  # (1 + n_in, n_out)  dL / dW = outer(inputs_aug, delta)


@dataclass(frozen=True, eq=False)
class Trace:
    """A whole forward + backward pass on one sample and the weights after one SGD step."""

    layers: tuple[LayerTrace, ...]  # first layer first; the last one is the output layer
    output: np.ndarray  # y_hat: (1,) P(y = 1) for "sigmoid", (n_classes,) for "softmax"
    loss: float  # binary cross-entropy or cross-entropy
    weights_next: tuple[np.ndarray, ...]  # W - lr * grad, lecture layout


# ------------------------------------------------------------------------------------ validation


def _check_activation(hidden_activation: str) -> Activation:
    if hidden_activation not in ACTIVATIONS:
        raise ValueError(
            f"hidden_activation must be one of {list(ACTIVATIONS)}, got {hidden_activation!r}."
        )
    return ACTIVATIONS[hidden_activation]


def _check_output(output: str) -> str:
    if output not in OUTPUTS:
        raise ValueError(f"output must be one of {list(OUTPUTS)}, got {output!r}.")
    return output


def _check_weights(weights, output: str) -> list[np.ndarray]:
    if isinstance(weights, np.ndarray | torch.Tensor) or not isinstance(weights, Sequence):
        raise ValueError("weights must be a list of (1 + n_in, n_out) matrices, one per layer.")
    if len(weights) == 0:
        raise ValueError("weights must hold at least one layer, got an empty list.")
    checked = []
    for k, W in enumerate(weights):
        W = np.asarray(W, dtype=float)
        if W.ndim != 2 or W.shape[0] < 2 or W.shape[1] < 1:
            raise ValueError(
                f"weights[{k}] must have shape (1 + n_in, n_out) with n_in, n_out >= 1, "
                f"got {W.shape}."
            )
        if k > 0 and W.shape[0] != 1 + checked[-1].shape[1]:
            n_prev = checked[-1].shape[1]
            raise ValueError(
                f"weights[{k}] must have 1 + {n_prev} = {1 + n_prev} rows to follow "
                f"weights[{k - 1}] of shape {checked[-1].shape}, got {W.shape}."
            )
        if not np.all(np.isfinite(W)):
            raise refuse("finite_weights", k=k)
        checked.append(W)
    n_out = checked[-1].shape[1]
    if output == "sigmoid" and n_out != 1:
        raise ValueError(f"the last layer must have 1 column for output 'sigmoid', got {n_out}.")
    if output == "softmax" and n_out < 2:
        raise ValueError(
            f"the last layer must have at least 2 columns for output 'softmax', got {n_out}."
        )
    return checked



def _target(y, output: str, n_out: int) -> np.ndarray:
    """y as the vector the output is compared with: [y] for sigmoid, one-hot for softmax."""
    if output == "sigmoid":
        if isinstance(y, bool) or y not in (0, 1):
            raise refuse("binary_label", y=y)
        return np.array([float(y)])
    return one_hot(check_class_index(y, n_out), n_out)


# ------------------------------------------------------------------------- forward and backward


def forward_backward(weights, x, y, lr, hidden_activation="identity", output="sigmoid") -> Trace:
    """Forward, backward and one SGD step on one sample; weights : [(1 + n_in, n_out), ...].

    x : (n_in,). output "sigmoid": one unit, binary cross-entropy, y in {0, 1};
    output "softmax": n_classes units, cross-entropy, y a class index.
    """
    act = _check_activation(hidden_activation)
    output = _check_output(output)
    weights = _check_weights(weights, output)
    x = check_x(x, weights[0], "weights[0]")
    y_vec = _target(y, output, weights[-1].shape[1])
    lr = check_lr(lr)

    # Forward: through each hidden layer h = f([1, x] W_h), then the output layer z = [1, h] W_z.
    inputs_aug, pre_activations, activations = [], [], []
    a = x
    for W_h in weights[:-1]:
        a_aug = np.concatenate(([1.0], a))  # [1, x]: the 1 multiplies the biases in row 0
        h = a_aug @ W_h  # h = [1, x] W_h
        a = act.f(h)
        inputs_aug.append(a_aug)
        pre_activations.append(h)
        activations.append(a)
    h_aug = np.concatenate(([1.0], a))  # [1, h]
    z = h_aug @ weights[-1]  # z = [1, h] W_z
    if output == "sigmoid":
        y_hat = sigmoid(z)
        loss = binary_cross_entropy(z[0], y_vec[0])  # from the logit: log-sum-exp, never log(0)
    else:
        y_hat = softmax(z)
        loss = cross_entropy(z, int(y))
    inputs_aug.append(h_aug)
    pre_activations.append(z)
    activations.append(y_hat)

    # Backward: sigmoid + BCE and softmax + CE both give dL/dz = y_hat - y, then walk back.
    n_layers = len(weights)
    deltas, grads = [None] * n_layers, [None] * n_layers
    delta = y_hat - y_vec  # delta_out = y_hat - y
    for k in reversed(range(n_layers)):
        deltas[k] = delta
        grads[k] = np.outer(inputs_aug[k], delta)  # dL/dW = [1, input]^T delta
        if k > 0:
            # Row 0 of W holds the biases, fed by the constant 1, not by the layer below: skip it.
            delta = (weights[k][1:] @ delta) * act.df(pre_activations[k - 1])
    weights_next = tuple(W - lr * grad for W, grad in zip(weights, grads, strict=True))

    layers = tuple(
        LayerTrace(inputs_aug[k], pre_activations[k], activations[k], deltas[k], grads[k])
        for k in range(n_layers)
    )
    return Trace(layers, y_hat, loss, weights_next)


def classes_share_hidden_weights(weights, output: str) -> bool:
    """Whether every hidden unit sends the same weight to each class of a softmax output.

    weights : [(1 + n_in, n_out), ...]. Then delta_h = W_z[1:] delta_z is each unit's one weight
    times sum(delta_z) = sum(y_hat) - 1 = 0: every hidden gradient is 0, whatever the input, and
    gradient descent alone never makes the classes' weights differ (a symmetry).
    """
    if output != "softmax" or len(weights) < 2:
        return False
    outgoing = np.asarray(weights[-1], dtype=float)[1:]  # row 0 (biases) is not fed by h
    return bool(np.all(outgoing == outgoing[:, :1]))


# ------------------------------------------------------------------------ lecture <-> PyTorch


def _numpy(t) -> np.ndarray:
    if isinstance(t, torch.Tensor):
        return t.detach().cpu().double().numpy()
    return np.asarray(t, dtype=float)


def to_torch(W, dtype: torch.dtype = torch.float32) -> tuple[torch.Tensor, torch.Tensor]:
    """Lecture W : (1 + n_in, n_out) -> PyTorch (weight : (n_out, n_in), bias : (n_out,))."""
    W = _numpy(W)
    if W.ndim != 2 or W.shape[0] < 2:
        raise ValueError(f"W must have shape (1 + n_in, n_out) with n_in >= 1, got {W.shape}.")
    weight = torch.tensor(W[1:].T, dtype=dtype)
    bias = torch.tensor(W[0], dtype=dtype)
    return weight, bias


def from_torch(weight, bias) -> np.ndarray:
    """PyTorch (weight : (n_out, n_in), bias : (n_out,)) -> lecture W : (1 + n_in, n_out)."""
    weight, bias = _numpy(weight), _numpy(bias)
    if weight.ndim != 2:
        raise ValueError(f"weight must have shape (n_out, n_in), got {weight.shape}.")
    if bias.shape != (weight.shape[0],):
        raise ValueError(
            f"bias must have shape ({weight.shape[0]},) to match weight of shape "
            f"{weight.shape}, got {bias.shape}."
        )
    return np.vstack([bias, weight.T])  # row 0 the biases, then one row per input


def weights_from_model(model: nn.Module) -> list[np.ndarray]:
    """Every nn.Linear of the model, in order, as lecture-layout matrices."""
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if not linears:
        raise ValueError("model must contain at least one nn.Linear layer, got none.")
    for k, linear in enumerate(linears):
        if linear.bias is None:
            raise ValueError(f"Linear layer {k} has no bias; the lecture layout keeps it in row 0.")
    return [from_torch(linear.weight, linear.bias) for linear in linears]


def model_from_weights(
    weights, hidden_activation="identity", output="sigmoid", dtype: torch.dtype = torch.float32
) -> nn.Sequential:
    """The PyTorch network forward_backward computes, with these weights.

    As in the lecture: no module for an identity hidden activation; nn.Sigmoid() at the end for
    output "sigmoid" (use nn.BCELoss); no softmax for "softmax", which returns logits
    (nn.CrossEntropyLoss applies it).
    """
    act = _check_activation(hidden_activation)
    output = _check_output(output)
    weights = _check_weights(weights, output)
    modules: list[nn.Module] = []
    for k, W in enumerate(weights):
        linear = nn.Linear(W.shape[0] - 1, W.shape[1], dtype=dtype)
        weight, bias = to_torch(W, dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(weight)
            linear.bias.copy_(bias)
        modules.append(linear)
        if k < len(weights) - 1:
            modules += layer_modules(act.name)
    if output == "sigmoid":
        modules.append(nn.Sigmoid())
    return nn.Sequential(*modules)


def slide_layout_mixup(W) -> np.ndarray:
    """What the lecture's backward slide printed for W_h: biases over PyTorch's untransposed weight.

    W : (1 + n, n) in the lecture layout. The correct matrix is [bias; weight^T]; the slide shows
    [bias; weight], rows and columns of the weight block swapped.
    """
    W = _numpy(W)
    if W.ndim != 2 or W.shape[0] != W.shape[1] + 1:
        raise ValueError(
            f"W must have shape (1 + n, n) so its weight block can be transposed in place, "
            f"got {W.shape}."
        )
    return np.vstack([W[0], W[1:].T])
