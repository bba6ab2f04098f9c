"""Figures for stepping by hand: the data inside each figure, never pixels."""

import numpy as np

from mlp_core.datasets import hours_pass
from mlp_core.softmax_regression import predict_proba, train_steps
from ui.figures.palette import class_color
from ui.figures.stepping import loss_curve, probability_curve, theta_paths

THETA = [[0.1, 0.2], [0.3, 0.4]]


def _steps(epochs=3):
    data = hours_pass()
    return train_steps(THETA, data.X_train, data.y_train, 0.1, epochs)


def test_loss_curve_holds_every_step_and_each_epoch_mean():
    steps = _steps(3)
    losses = [s.loss for s in steps]
    fig = loss_curve(losses, 4)
    per_step, per_epoch = fig.data
    np.testing.assert_array_equal(per_step.x, np.arange(1, 13))
    np.testing.assert_allclose(per_step.y, losses)
    np.testing.assert_array_equal(per_epoch.x, [4, 8, 12])
    np.testing.assert_allclose(per_epoch.y, [np.mean(losses[k:k + 4]) for k in (0, 4, 8)])


def test_theta_paths_draw_one_line_per_entry_starting_at_theta():
    steps = _steps(2)
    thetas = [np.array(THETA)] + [s.theta_next for s in steps]
    fig = theta_paths(thetas, ["b", "w"], ["c0", "c1"])
    assert [t.name for t in fig.data] == ["b, c0", "b, c1", "w, c0", "w, c1"]
    assert [t.y[0] for t in fig.data] == [0.1, 0.2, 0.3, 0.4]
    np.testing.assert_allclose(fig.data[3].y[-1], steps[-1].theta_next[1, 1])
    # Coloured by class (column), dashed for the bias row.
    assert [t.line.color for t in fig.data] == [class_color(0), class_color(1)] * 2
    assert [t.line.dash for t in fig.data] == ["dash", "dash", "solid", "solid"]


def test_probability_curve_marks_the_new_inputs_with_their_probabilities():
    data = hours_pass()
    span = np.linspace(0, 5, 11)
    new = np.array([0.25, 4.5])
    fig = probability_curve(span, predict_proba(THETA, span), data.class_names,
                            data.X_train[:, 0], data.y_train, new, predict_proba(THETA, new))
    curve_pass = next(t for t in fig.data if t.name == "P(class 1)")
    np.testing.assert_allclose(curve_pass.y, predict_proba(THETA, span)[:, 1])
    new_pass = next(t for t in fig.data if t.name == "new input: P(class 1)")
    np.testing.assert_array_equal(new_pass.x, new)
    np.testing.assert_allclose(new_pass.y, predict_proba(THETA, new)[:, 1])
    data_fail = next(t for t in fig.data if t.name == "data: class 0")
    np.testing.assert_array_equal(data_fail.x, [0.5, 1.0])
    # The curves sum to one everywhere.
    curve_fail = next(t for t in fig.data if t.name == "P(class 0)")
    np.testing.assert_allclose(np.asarray(curve_fail.y) + np.asarray(curve_pass.y), 1.0)
