"""One sigmoid neuron, as the lecture's first lesson writes it: z = wx + b, p = sigma(z).

The decision boundary is where z = 0 (so p = 0.5): x = -b/w. A prediction is class 1 when
p >= THRESHOLD, the same rule as the boundary, so a point on it counts as a pass.
"""

from dataclasses import dataclass

import numpy as np

from mlp_core.functions import sigmoid, sigmoid_derivative

THRESHOLD = 0.5


@dataclass(frozen=True)
class NeuronOutput:
    """One input through the neuron: z = wx + b, p = sigma(z), slope = sigma'(z)."""

    w: float
    b: float
    x: float
    z: float
    p: float
    slope: float


def neuron(w: float, b: float, x: float) -> NeuronOutput:
    """Run one input x through the neuron with weight w and bias b."""
    z = w * x + b
    return NeuronOutput(w, b, x, float(z), float(sigmoid(z)), float(sigmoid_derivative(z)))


def classify(w: float, b: float, xs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For inputs xs : (n,): z = w xs + b, p = sigma(z) and the class predicted (p >= 0.5)."""
    z = w * np.asarray(xs, dtype=float) + b
    p = sigmoid(z)
    return z, p, (p >= THRESHOLD).astype(int)


def decision_boundary(w: float, b: float) -> float | None:
    """The input where wx + b = 0, so sigma = 0.5: x = -b/w; None when w = 0 (no such x)."""
    return None if w == 0 else -b / w


def curves(z: float, half_width: float = 8.0, n: int = 241) -> tuple[np.ndarray, ...]:
    """zs, sigma(zs), sigma'(zs) over a range that always holds z."""
    zs = np.linspace(min(-half_width, z - 1), max(half_width, z + 1), n)
    return zs, sigmoid(zs), sigmoid_derivative(zs)


def hours_curve(w: float, b: float, x: float, n: int = 201) -> tuple[np.ndarray, np.ndarray]:
    """Hours from 0 to past the data (and past x), with P(pass) along them."""
    hs = np.linspace(min(0.0, x), max(2.5, x + 0.25), n)
    return hs, sigmoid(w * hs + b)
