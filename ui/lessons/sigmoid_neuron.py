"""The sigmoid-neuron lesson as shown: the Hours/Pass table and z = wx + b, sigma(z) in LaTeX."""

import numpy as np
import pandas as pd

from mlp_core.datasets import HOURS_PASS
from mlp_core.neuron import NeuronOutput, classify
from ui.format import fmt


def hours_pass_table(w: float, b: float) -> pd.DataFrame:
    """The lecture's Hours/Pass rows with z, P(pass) and the class predicted at threshold 0.5."""
    hours, passed = HOURS_PASS[:, 0], HOURS_PASS[:, 1].astype(int)
    z, p, predicted = classify(w, b, hours)
    return pd.DataFrame({
        "Hours": hours, "Pass": passed, "z = w·Hours + b": z, "P(pass)": p,
        "Predicted": predicted, "Correct": np.where(predicted == passed, "✓", "✗"),
    })


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
