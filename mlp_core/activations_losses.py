"""The activations-and-losses lesson's numbers: curves, PyTorch's modules beside ours, one loss
on one prediction with its gradient, and the same binary case scored three ways.

Every loss goes through mlp_core.functions.LOSSES, so what the page shows is what training uses.
"""

import functools
from dataclasses import dataclass

import numpy as np
import torch

from mlp_core.errors import refuse
from mlp_core.functions import ACTIVATIONS, LOSSES, mse, sigmoid, sigmoid_derivative


def activation_curves(name: str, x, half_width: float = 5.0, n: int = 241):
    """zs over a range holding every input, with f(zs) and f'(zs) of the named activation."""
    x = np.asarray(x, dtype=float)
    lo, hi = min(-half_width, float(x.min()) - 0.5), max(half_width, float(x.max()) + 0.5)
    zs = np.linspace(lo, hi, n)
    a = ACTIVATIONS[name]
    return zs, np.asarray(a.f(zs)), np.asarray(a.df(zs))


@dataclass(frozen=True)
class TorchBeside:
    """One activation on x, ours beside PyTorch's module (float64)."""

    ours: np.ndarray
    module: str  # how the lecture writes the module: "nn.ReLU()"
    torch: np.ndarray


def torch_beside(x) -> dict[str, TorchBeside]:
    """Every activation's f(x) unrounded, beside its PyTorch module on the same input."""
    x = np.asarray(x, dtype=float)
    out = {}
    for name, a in ACTIVATIONS.items():
        module = a.torch_module()
        with torch.no_grad():
            theirs = module(torch.tensor(x, dtype=torch.float64)).numpy()
        out[name] = TorchBeside(np.asarray(a.f(x)), f"nn.{module.__class__.__name__}()", theirs)
    return out


@dataclass(frozen=True)
class LossReport:
    """One loss on one prediction: z and y as passed, y_hat = output(z), L and dL/dz."""

    name: str
    z: np.ndarray
    y: np.ndarray
    y_hat: np.ndarray
    value: float
    grad: np.ndarray


def _shape_inputs(name: str, z: np.ndarray, y: np.ndarray):
    """Cross-entropy takes logits and ONE class index; the others take matching z and y."""
    if name == "cross_entropy":
        if y.size != 1:
            raise refuse("one_class", n=y.size)
        return z, y[0]
    if z.size != y.size:
        raise refuse("one_per_z", n_z=z.size, n_y=y.size)
    if z.size == 1:
        return z[0], y[0]
    return z, y


def loss_report(name: str, z, y) -> LossReport:
    """Evaluate LOSSES[name] on z, y : (n,) as typed; a refusal is an InputError with its code."""
    if name not in LOSSES:
        raise ValueError(f"loss must be one of {list(LOSSES)}, got {name!r}.")
    loss = LOSSES[name]
    zz, yy = _shape_inputs(name, np.atleast_1d(np.asarray(z, dtype=float)),
                           np.atleast_1d(np.asarray(y, dtype=float)))
    value = loss.value(zz, yy)
    grad = np.atleast_1d(np.asarray(loss.grad(zz, yy), dtype=float))
    return LossReport(name, np.atleast_1d(zz), np.atleast_1d(yy),
                      np.atleast_1d(np.asarray(loss.predict(zz), dtype=float)), value, grad)


def swept_component(report: LossReport) -> int:
    """Which z to move in the curve: the true class's logit for cross-entropy, else the first."""
    return int(report.y[0]) if report.name == "cross_entropy" else 0


def loss_sweep(report: LossReport, half_width: float = 6.0, n: int = 81):
    """Move one component k of z, keep the rest: zs : (n,), L(zs) and dL/dz_k(zs); read-only."""
    return _loss_sweep(report.name, tuple(report.z.tolist()), tuple(report.y.tolist()),
                       half_width, n)


@functools.lru_cache(maxsize=64)
def _loss_sweep(name: str, z0: tuple, y: tuple, half_width: float, n: int):
    # Cached so that moving a widget elsewhere on the page does not redo 81 loss evaluations.
    report = loss_report(name, z0, y)
    k = swept_component(report)
    zk = float(report.z[k])
    zs = np.linspace(min(-half_width, zk - 1), max(half_width, zk + 1), n)
    values, slopes = [], []
    for v in zs:
        z = report.z.copy()
        z[k] = v
        r = loss_report(name, z, report.y)
        values.append(r.value)
        slopes.append(r.grad[k])
    out = (zs, np.array(values), np.array(slopes))
    for array in out:
        array.setflags(write=False)
    return out


# The same binary case three ways: logit z, label y in {0, 1}.
COMPARISON = ("bce", "cross_entropy", "mse")


def binary_comparison(z: float, y: int) -> dict[str, tuple[float, float]]:
    """L and dL/dz of each COMPARISON loss at logit z for label y.

    Cross-entropy with class 0's logit held at 0 is BCE in disguise: softmax([0, z])[1] = sigma(z).
    MSE on sigma(z) goes through the sigmoid, so its gradient carries sigma'(z) (chain rule) and
    fades when the neuron is confidently wrong; the other two keep dL/dz = sigma(z) - y.
    """
    if y not in (0, 1):
        raise ValueError(f"y must be 0 or 1, got {y}.")
    p = sigmoid(z)
    return {
        "bce": (LOSSES["bce"].value(z, y), float(LOSSES["bce"].grad(z, y))),
        "cross_entropy": (LOSSES["cross_entropy"].value([0.0, z], y),
                          float(LOSSES["cross_entropy"].grad(np.array([0.0, z]), y)[1])),
        "mse": (mse(p, y), float(LOSSES["mse"].grad(p, y) * sigmoid_derivative(z))),
    }


def coinciding(curves: dict) -> list[list[str]]:
    """The curves grouped by equality, in order: [["bce", "cross_entropy"], ["mse"]] when two
    losses give the same L and dL/dz at every z (to 1e-12).

    curves: name -> (L : (n,), dL : (n,)).
    """
    groups: list[list[str]] = []
    for name, (L, dL) in curves.items():
        same = next((g for g in groups if np.allclose(curves[g[0]][0], L, rtol=0, atol=1e-12)
                     and np.allclose(curves[g[0]][1], dL, rtol=0, atol=1e-12)), None)
        if same is None:
            groups.append([name])
        else:
            same.append(name)
    return groups


def comparison_curves(y: int, z: float, half_width: float = 6.0, n: int = 97):
    """zs : (n,) and, per COMPARISON loss, (L(zs), dL/dz(zs)); read-only arrays."""
    # The range only moves once z leaves [-5, 5]; rounding it lets the cache serve every z inside.
    lo, hi = round(min(-half_width, z - 1), 1), round(max(half_width, z + 1), 1)
    return _comparison_curves(int(y), lo, hi, n)


# Room for every range the slider reaches ([-8, 8]: z - 1 or z + 1 past +-5, to 0.1) for both
# labels, about 120 of 7 arrays of n floats: a class sweeping the slider computes each range once.
@functools.lru_cache(maxsize=256)
def _comparison_curves(y: int, lo: float, hi: float, n: int):
    # Shared by every session (pure and small), so the arrays are made read-only.
    zs = np.linspace(lo, hi, n)
    points = [binary_comparison(float(v), y) for v in zs]
    curves = {name: (np.array([p[name][0] for p in points]),
                     np.array([p[name][1] for p in points])) for name in COMPARISON}
    for array in (zs, *(a for pair in curves.values() for a in pair)):
        array.setflags(write=False)
    return zs, curves
