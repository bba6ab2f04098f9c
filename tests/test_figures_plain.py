"""The lesson figures skip plotly's validation (ui/figures/plain.py): a validating rebuild of each
gives the same JSON, so nothing in them is misspelt, out of range or left for plotly to coerce."""

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from mlp_core import activations_losses as al
from mlp_core import neuron
from mlp_core.datasets import hours_pass
from mlp_core.softmax_regression import predict_proba, train_steps
from ui.figures import activations, probabilities, stepping
from ui.figures import neuron as neuron_figures

THETA = np.array([[0.1, 0.2], [0.3, 0.4]])


def _builders():
    out = neuron.neuron(4.0, -5.0, 1.25)
    data = hours_pass()
    steps = train_steps(THETA, data.X_train, data.y_train, 0.1, 5)
    span = np.linspace(0, 5, 50)
    new = np.array([0.25, 4.5])
    zs, curves = al.comparison_curves(1, -6.0)
    report = al.loss_report("cross_entropy", np.array([1.0, 2.0, 0.5]), np.array([1.0]))
    return {
        "sigmoid": lambda: neuron_figures.sigmoid_figure(*neuron.curves(out.z), out.z, out.p,
                                                         out.slope),
        "hours": lambda: neuron_figures.hours_figure(
            data.X_train[:, 0], data.y_train, *neuron.hours_curve(4.0, -5.0, 1.25), 1.25, 1.25,
            out.p),
        "hours, no boundary": lambda: neuron_figures.hours_figure(
            data.X_train[:, 0], data.y_train, *neuron.hours_curve(0.0, 1.0, 1.0), None),
        "curve": lambda: activations.curve_figure(
            *al.activation_curves("relu", [0.18, -0.18]), "ReLU(z)", "ReLU'(z)", [0.18, -0.18],
            [0.18, 0.0], [1.0, 0.0]),
        "gradient bars": lambda: activations.gradient_bars(report.grad),
        "comparison": lambda: activations.comparison_figure(zs, curves, -6.0,
                                                            al.binary_comparison(-6.0, 1)),
        "probability bars": lambda: probabilities.probability_bars([0.2, 0.3, 0.5], 1),
        "loss curve": lambda: stepping.loss_curve([s.loss for s in steps], 4),
        "theta paths": lambda: stepping.theta_paths([THETA] + [s.theta_next for s in steps],
                                                    ["b", "w"], ["fail", "pass"]),
        "probability curve": lambda: stepping.probability_curve(
            span, predict_proba(THETA, span), data.class_names, data.X_train[:, 0],
            data.y_train, new, predict_proba(THETA, new)),
    }


@pytest.mark.parametrize("name", list(_builders()))
def test_a_validating_rebuild_gives_the_same_figure(name):
    fig = _builders()[name]().figure  # plotly's figure of the builder's dicts, unvalidated
    validated = go.Figure(fig.to_dict())  # raises ValueError on an unknown property or value
    assert json.loads(pio.to_json(fig)) == json.loads(pio.to_json(validated))
