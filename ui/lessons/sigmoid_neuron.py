"""The sigmoid-neuron lesson's numbers: z = wx + b, sigma(z), the Hours/Pass table, the boundary."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mlp_core.datasets import HOURS_PASS
from mlp_core.functions import sigmoid, sigmoid_derivative
from ui.format import fmt

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


def decision_boundary(w: float, b: float) -> float | None:
    """The input where wx + b = 0, so sigma = 0.5: x = -b/w; None when w = 0 (no such x)."""
    return None if w == 0 else -b / w


def hours_pass_table(w: float, b: float) -> pd.DataFrame:
    """The lecture's Hours/Pass rows with z, P(pass) and the class predicted at threshold 0.5."""
    hours, passed = HOURS_PASS[:, 0], HOURS_PASS[:, 1].astype(int)
    z = w * hours + b
    p = sigmoid(z)
    predicted = (p >= THRESHOLD).astype(int)
    return pd.DataFrame({
        "Hours": hours, "Pass": passed, "z = w·Hours + b": z, "P(pass)": p,
        "Predicted": predicted, "Correct": np.where(predicted == passed, "✓", "✗"),
    })


def curves(z: float, half_width: float = 8.0, n: int = 241) -> tuple[np.ndarray, ...]:
    """zs, sigma(zs), sigma'(zs) over a range that always holds z."""
    zs = np.linspace(min(-half_width, z - 1), max(half_width, z + 1), n)
    return zs, sigmoid(zs), sigmoid_derivative(zs)


def hours_curve(w: float, b: float, x: float, n: int = 201) -> tuple[np.ndarray, np.ndarray]:
    """Hours from 0 to past the data (and past x), with P(pass) along them."""
    hs = np.linspace(min(0.0, x), max(2.5, x + 0.25), n)
    return hs, sigmoid(w * hs + b)


def latex_z(out: NeuronOutput) -> str:
    """z = wx + b with the numbers filled in."""
    return (rf"z = w x + b = {fmt(out.w)} \cdot {_paren(out.x)} + {_paren(out.b)}"
            rf" = {fmt(out.z)}")


def latex_sigma(out: NeuronOutput) -> str:
    r"""\sigma(z) = 1 / (1 + e^{-z}) with the numbers filled in, and its slope."""
    return (rf"\sigma(z) = \frac{{1}}{{1 + e^{{-z}}}} = \frac{{1}}{{1 + e^{{-{_paren(out.z)}}}}}"
            rf" = {fmt(out.p)}, \qquad \sigma'(z) = \sigma(z)\,(1 - \sigma(z)) = {fmt(out.slope)}")


def _paren(v: float) -> str:
    """A number, in brackets when negative so that "+ -0.5" reads "+ (-0.5)"."""
    return f"({fmt(v)})" if fmt(v).startswith("-") else fmt(v)
