"""Activations, softmax and losses in numpy, each with its derivative, and registries by name.

ACTIVATIONS, OUTPUTS and LOSSES are the one place each name is declared: the network builder,
the trainer's backward pass, the lessons and the exported script all look names up here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from mlp_core.errors import refuse

LEAKY_SLOPE = 0.01
aten = torch.ops.aten


def _array(v) -> np.ndarray:
    return np.asarray(v, dtype=float)


def _out(a: np.ndarray):
    # A 0-d result comes back as a numpy float: sigmoid(0.18) prints 0.5449..., not array(...).
    return a[()]


# ---------------------------------------------------------------- activations and their derivatives


def identity(z):
    """f(z) = z."""
    return _out(_array(z).copy())


def identity_derivative(z):
    """f'(z) = 1."""
    return _out(np.ones_like(_array(z)))


def sigmoid(z):
    """sigma(z) = 1 / (1 + e^-z), in (0, 1)."""
    z = _array(z)
    # e^-z overflows for z << 0; e^-|z| never does, and both branches are the same function.
    e = np.exp(-np.abs(z))
    return _out(np.where(z >= 0, 1 / (1 + e), e / (1 + e)))


def sigmoid_derivative(z):
    """sigma'(z) = sigma(z) (1 - sigma(z))."""
    s = sigmoid(z)
    return _out(_array(s * (1 - s)))


def tanh(z):
    """tanh(z) = (e^z - e^-z) / (e^z + e^-z), in (-1, 1)."""
    return _out(np.tanh(_array(z)))


def tanh_derivative(z):
    """tanh'(z) = 1 - tanh(z)^2."""
    return _out(1 - np.tanh(_array(z)) ** 2)


def relu(z):
    """ReLU(z) = max(0, z)."""
    return _out(np.maximum(_array(z), 0.0))


def relu_derivative(z):
    """ReLU'(z) = 1 if z > 0 else 0 (0 at the kink, as PyTorch does)."""
    return _out((_array(z) > 0).astype(float))


def leaky_relu(z, slope: float = LEAKY_SLOPE):
    """LeakyReLU(z) = z if z > 0 else slope * z."""
    z = _array(z)
    return _out(np.where(z > 0, z, slope * z))


def leaky_relu_derivative(z, slope: float = LEAKY_SLOPE):
    """1 if z > 0 else slope (slope at the kink, as PyTorch does)."""
    return _out(np.where(_array(z) > 0, 1.0, slope))


_erf = np.vectorize(math.erf, otypes=[float])


def gelu(z):
    """GELU(z) = z Phi(z), Phi the standard normal CDF (the exact erf form, nn.GELU's default)."""
    z = _array(z)
    return _out(z * 0.5 * (1 + _erf(z / math.sqrt(2))))


def gelu_derivative(z):
    """GELU'(z) = Phi(z) + z phi(z), phi the standard normal density."""
    z = _array(z)
    cdf = 0.5 * (1 + _erf(z / math.sqrt(2)))
    pdf = np.exp(-0.5 * z**2) / math.sqrt(2 * math.pi)
    return _out(cdf + z * pdf)


# ---------------------------------------------------------------------------- softmax and one-hot


def _at_least_1d(z, name: str = "z") -> np.ndarray:
    z = _array(z)
    if z.ndim == 0:
        raise ValueError(f"{name} must have at least 1 dimension, got a scalar.")
    return z


def softmax(z, axis: int = -1) -> np.ndarray:
    """e^z_i / sum_j e^z_j along axis; z : (..., n_classes)."""
    z = _at_least_1d(z)
    # Softmax does not change when a constant is subtracted; subtracting the max keeps e^z <= 1,
    # so logits of +-1000 give 1 and 0 instead of inf / inf = nan.
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(z, axis: int = -1) -> np.ndarray:
    """log softmax(z) = z - log sum_j e^z_j (log-sum-exp, finite for any finite z)."""
    z = _at_least_1d(z)
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _class_indices(y, n_classes: int) -> np.ndarray:
    y = np.asarray(y)
    if y.dtype.kind not in "iu":
        if y.dtype.kind not in "fb" or not np.all(np.isfinite(y)) or np.any(y != np.round(y)):
            raise refuse("integer_labels", y=y.tolist())
        y = y.astype(int)
    if np.any(y < 0) or np.any(y >= n_classes):
        raise refuse("class_index", n_classes=n_classes, y=y.tolist())
    return y


def one_hot(y, n_classes: int) -> np.ndarray:
    """Class index (or indices, shape (n,)) -> one-hot rows : (n_classes,) or (n, n_classes)."""
    if int(n_classes) != n_classes or n_classes < 1:
        raise ValueError(f"n_classes must be a positive integer, got {n_classes}.")
    y = _class_indices(y, int(n_classes))
    return np.eye(int(n_classes))[y]


# ------------------------------------------------------------------------------------------- losses


def _same_shape(z: np.ndarray, y: np.ndarray, zname: str) -> None:
    if z.shape != y.shape:
        raise ValueError(f"y must have the shape of {zname} {z.shape}, got {y.shape}.")


def _binary_targets(y, z: np.ndarray, zname: str) -> np.ndarray:
    y = _array(y)
    _same_shape(z, y, zname)
    if np.any(y < 0) or np.any(y > 1) or not np.all(np.isfinite(y)):
        raise refuse("unit_interval", y=y.tolist())
    return y


def binary_cross_entropy(z, y) -> float:
    """-[y log sigma(z) + (1 - y) log(1 - sigma(z))] from a LOGIT z, mean over the batch.

    z, y : () or (n,), same shape. Written as softplus(z) - y z = log(1 + e^z) - y z, with
    log(1 + e^z) = logaddexp(0, z), so no log(0) and no overflow for any finite z.
    """
    z = _array(z)
    y = _binary_targets(y, z, "z")
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def binary_cross_entropy_prob(p, y) -> float:
    """-[y log p + (1 - y) log(1 - p)] from a probability p, mean over the batch.

    p, y : () or (n,). Each log is clamped at -100 as nn.BCELoss does, so p = 0 or 1 stays finite.
    """
    p = _array(p)
    y = _binary_targets(y, p, "p")
    if np.any(p < 0) or np.any(p > 1) or not np.all(np.isfinite(p)):
        raise ValueError(f"p must be probabilities in [0, 1], got {p.tolist()}.")
    tiny = math.exp(-100)
    log_p = np.log(np.maximum(p, tiny))
    log_1mp = np.log(np.maximum(1 - p, tiny))
    return float(np.mean(-(y * log_p + (1 - y) * log_1mp)))


def cross_entropy(z, y) -> float:
    """-log softmax(z)[y] from logits, mean over the batch.

    z : (n_classes,) with y a class index, or (n, n_classes) with y : (n,) class indices.
    """
    z = _at_least_1d(z)
    if z.ndim > 2:
        raise ValueError(f"z must have shape (n_classes,) or (n, n_classes), got {z.shape}.")
    y = _class_indices(y, z.shape[-1])
    if z.ndim == 1:
        if y.ndim != 0:
            raise ValueError(
                f"y must be one class index for z of shape {z.shape}, got {y.tolist()}."
            )
        return float(-log_softmax(z)[y])
    if y.shape != (z.shape[0],):
        raise ValueError(f"y must have shape ({z.shape[0]},), got {y.shape}.")
    return float(-np.mean(log_softmax(z)[np.arange(len(y)), y]))


def mse(p, y) -> float:
    """mean (p - y)^2 over every element; p, y same shape."""
    p, y = _array(p), _array(y)
    _same_shape(p, y, "p")
    return float(np.mean((p - y) ** 2))


# -------------------------------------------------------------- gradients of the losses w.r.t. z


def _bce_grad(z, y) -> np.ndarray:
    z = _array(z)
    y = _binary_targets(y, z, "z")
    # Sigmoid + binary cross-entropy: dL/dz = y_hat - y. The sigmoid's derivative cancels the
    # 1 / (y_hat (1 - y_hat)) of the loss, so the error signal is just "prediction minus truth".
    return _out(_array(sigmoid(z) - y) / z.size)


def _cross_entropy_grad(z, y) -> np.ndarray:
    z = _at_least_1d(z)
    onehot = one_hot(y, z.shape[-1])
    if onehot.shape != z.shape:
        raise ValueError(
            f"y must give one class index per row of z {z.shape}, got shape {onehot.shape[:-1]}."
        )
    # Softmax + cross-entropy: dL/dz = y_hat - y (one-hot), the same lesson as sigmoid + BCE.
    n = 1 if z.ndim == 1 else z.shape[0]
    return (softmax(z) - onehot) / n


def _mse_value(z, y) -> float:
    # A regression head: the prediction p = output(z) is z itself (output "identity").
    return mse(identity(z), y)


def _mse_grad(z, y) -> np.ndarray:
    z = _array(z)
    p, y = _array(identity(z)), _array(y)
    _same_shape(p, y, "z")
    # Chain rule through the output: dL/dz = dL/dp * p'(z) = 2 (p - y) / n * 1.
    return _out(2 * (p - y) / p.size * identity_derivative(z))


# ------------------------------------------------------------------------------------- registries


@dataclass(frozen=True)
class Activation:
    """A hidden activation by name, everything about it in one place.

    f, df : the numpy function and its derivative w.r.t. its input; torch_module : the nn module
    (nn.Sequential, the exported script); torch_f : the same function on tensors and
    torch_backward(d, a, h) = d * f'(a), from the pre-activation a and the output h = f(a), for
    the trainer's hand-written backward pass (gradients.py).
    """

    name: str
    label: str
    f: Callable
    df: Callable
    torch_module: Callable[[], nn.Module]
    torch_f: Callable[[Tensor], Tensor]
    torch_backward: Callable[[Tensor, Tensor, Tensor], Tensor]
    latex: str


# The backward kernels are the ones autograd itself runs; the comment gives each one's formula.
# (.default names the overload, so that no call has to look it up: the trainer makes one a step.)
ACTIVATIONS: dict[str, Activation] = {
    "identity": Activation(
        "identity", "Identity", identity, identity_derivative, nn.Identity,
        lambda a: a, lambda d, a, h: d,  # d * 1
        r"f(z) = z",
    ),
    "sigmoid": Activation(
        "sigmoid", "Sigmoid", sigmoid, sigmoid_derivative, nn.Sigmoid,
        torch.sigmoid, lambda d, a, h: aten.sigmoid_backward.default(d, h),  # d * h (1 - h)
        r"\sigma(z) = \frac{1}{1 + e^{-z}}",
    ),
    "relu": Activation(
        "relu", "ReLU", relu, relu_derivative, nn.ReLU,
        torch.relu, lambda d, a, h: aten.threshold_backward.default(d, h, 0),  # d * (a > 0)
        r"\mathrm{ReLU}(z) = \max(0, z)",
    ),
    "tanh": Activation(
        "tanh", "Tanh", tanh, tanh_derivative, nn.Tanh,
        torch.tanh, lambda d, a, h: aten.tanh_backward.default(d, h),  # d * (1 - h^2)
        r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
    ),
    "leaky_relu": Activation(
        "leaky_relu", "Leaky ReLU", leaky_relu, leaky_relu_derivative,
        partial(nn.LeakyReLU, LEAKY_SLOPE), partial(F.leaky_relu, negative_slope=LEAKY_SLOPE),
        # d * (1 or 0.01)
        lambda d, a, h: aten.leaky_relu_backward.default(d, a, LEAKY_SLOPE, False),
        r"\mathrm{LeakyReLU}(z) = \max(0.01\,z,\ z)",
    ),
    "gelu": Activation(
        "gelu", "GELU", gelu, gelu_derivative, nn.GELU,
        F.gelu, lambda d, a, h: aten.gelu_backward.default(d, a),  # d * (Phi(a) + a phi(a))
        r"\mathrm{GELU}(z) = z\,\Phi(z)",
    ),
}


@dataclass(frozen=True)
class Output:
    """What a network's last layer may apply to its z: f in numpy and its torch module.

    Any hidden activation may end a network too; identity leaves logits (or a regression value),
    sigmoid gives P(y = 1) and softmax the class probabilities.
    """

    name: str
    f: Callable
    torch_module: Callable[[], nn.Module]


OUTPUTS: dict[str, Output] = {
    **{name: Output(name, a.f, a.torch_module) for name, a in ACTIVATIONS.items()},
    "softmax": Output("softmax", softmax, partial(nn.Softmax, dim=-1)),
}


def layer_modules(name: str) -> list[nn.Module]:
    """The modules an activation or output `name` (a key of OUTPUTS) adds after a Linear layer.

    As in the lecture's linear MLP (Linear, Linear, Sigmoid), identity adds no module at all.
    """
    return [] if name == "identity" else [OUTPUTS[name].torch_module()]


@dataclass(frozen=True)
class Loss:
    """A loss by name: value(z, y) and grad(z, y) = dL/dz, both from the output layer's z."""

    name: str
    label: str
    output: str  # the key of OUTPUTS that turns z into the prediction
    value: Callable
    grad: Callable
    latex: str

    def predict(self, z):
        """The prediction output(z): a probability, class probabilities or the value itself."""
        return OUTPUTS[self.output].f(z)


LOSSES: dict[str, Loss] = {
    "bce": Loss(
        "bce", "Binary cross-entropy", "sigmoid", binary_cross_entropy, _bce_grad,
        r"L = -\left[y \log \hat{y} + (1 - y) \log (1 - \hat{y})\right],\ \hat{y} = \sigma(z)",
    ),
    "cross_entropy": Loss(
        "cross_entropy", "Cross-entropy", "softmax", cross_entropy, _cross_entropy_grad,
        r"L = -\mathbf{y}^T \log \hat{\mathbf{y}},\ "
        r"\hat{\mathbf{y}} = \mathrm{softmax}(\mathbf{z})",
    ),
    "mse": Loss(
        "mse", "Mean squared error", "identity", _mse_value, _mse_grad,
        r"L = \frac{1}{n} \sum_i (\hat{y}_i - y_i)^2,\ \hat{y} = z",
    ),
}


# ------------------------------------------------------------------------ the trainer's losses
HUBER_DELTA = 1.0  # where Huber turns from squared to absolute, in the scaled target's units


@dataclass(frozen=True)
class TrainLoss:
    """A loss the Trainer minimises, on torch tensors, by name.

    per_sample(z, target) : (n,) each sample's loss, from z : (n, n_out) and target : (n, n_classes)
    one-hot for classification, (n, 1) values for regression. delta(z, target) : (n_out, n) each
    sample's dL/dz (the batch mean then divides by n), from z and target laid out as the backward
    pass has them (gradients.py): a column a sample, as the lecture writes them. Softmax then
    runs down the columns, where torch vectorises its kernel (along each short row of a few
    classes it goes row by row). The torch_name is what the exported script calls in
    torch.nn.functional.
    """

    name: str
    task: str  # "classification" | "regression"
    per_sample: Callable[[Tensor, Tensor], Tensor]
    delta: Callable[[Tensor, Tensor], Tensor]
    torch_name: str


def softmax_rows(z: Tensor) -> Tensor:
    """softmax(z, dim=1) for z : (n, n_classes).

    With more rows than classes it is taken down the columns of z^T: torch vectorises its kernel
    along the rows then, where along each short row of a few classes it goes row by row (several
    times slower on the studio's data). Same function; rounding may differ in the last bit.
    """
    n, n_classes = z.shape
    return torch.softmax(z, dim=1) if n <= n_classes else torch.softmax(z.t(), dim=0).t()


def _huber_per_sample(z: Tensor, y: Tensor) -> Tensor:
    return F.huber_loss(z, y, reduction="none", delta=HUBER_DELTA).sum(1)


TRAIN_LOSSES: dict[str, TrainLoss] = {
    "cross_entropy": TrainLoss(
        "cross_entropy", "classification",
        lambda z, onehot: F.cross_entropy(z, onehot.argmax(1), reduction="none"),
        # y_hat - y, the one-hot taken off softmax's own new tensor
        lambda z, onehot: torch.softmax(z, 0).sub_(onehot),
        "cross_entropy"),
    "mse": TrainLoss(
        "mse", "regression", lambda z, y: ((z - y) ** 2).sum(1),
        lambda z, y: 2 * (z - y),  # d/dz (z - y)^2
        "mse_loss"),
    "mae": TrainLoss(
        "mae", "regression", lambda z, y: (z - y).abs().sum(1),
        lambda z, y: torch.sign(z - y),  # d/dz |z - y|, 0 at the kink as autograd says
        "l1_loss"),
    "huber": TrainLoss(
        "huber", "regression", _huber_per_sample,
        # Squared near the target, absolute beyond HUBER_DELTA: the error, clipped.
        lambda z, y: (z - y).clamp(-HUBER_DELTA, HUBER_DELTA),
        "huber_loss"),
}
REGRESSION_LOSSES = tuple(name for name, loss in TRAIN_LOSSES.items() if loss.task == "regression")
