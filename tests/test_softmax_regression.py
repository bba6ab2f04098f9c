"""Softmax regression by hand: the lecture's step, and torch autograd for every other step."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mlp_core.functions import cross_entropy, one_hot, softmax
from mlp_core.softmax_regression import (
    SoftmaxStep,
    logits_from_hours,
    predict_proba,
    sgd_path,
    sgd_step,
    train_steps,
)

THETA = [[0.1, 0.2], [0.3, 0.4]]  # [[b0, b1], [w0, w1]]
HOURS, PASS = 0.5, 0  # the lecture's "Data #1"


def test_lecture_step_intermediates_by_hand():
    step = sgd_step(THETA, [HOURS], PASS, lr=0.1)
    np.testing.assert_allclose(step.x_aug, [1.0, 0.5])
    np.testing.assert_allclose(step.z, [0.1 + 0.3 * 0.5, 0.2 + 0.4 * 0.5])  # [0.25, 0.4]
    np.testing.assert_allclose(step.exp_z, [math.exp(0.25), math.exp(0.4)])
    assert step.denominator == pytest.approx(math.exp(0.25) + math.exp(0.4))
    y0 = math.exp(0.25) / (math.exp(0.25) + math.exp(0.4))
    np.testing.assert_allclose(step.y_hat, [y0, 1 - y0])
    np.testing.assert_allclose(step.y_hat, [0.4626, 0.5374], atol=5e-5)
    np.testing.assert_array_equal(step.y_onehot, [1.0, 0.0])
    assert step.loss == pytest.approx(-math.log(y0))
    assert round(step.loss, 4) == 0.7710
    np.testing.assert_allclose(step.grad, [[y0 - 1, 1 - y0], [0.5 * (y0 - 1), 0.5 * (1 - y0)]])


def test_lecture_step_with_lr_01_gives_what_the_formulas_say():
    step = sgd_step(THETA, [HOURS], PASS, lr=0.1)
    np.testing.assert_allclose(step.theta_next, [[0.1537, 0.1463], [0.3269, 0.3731]], atol=5e-5)


def test_the_slides_printed_theta_is_the_lr_001_step_truncated():
    printed = np.array([[0.105, 0.194], [0.302, 0.397]])
    step_01 = sgd_step(THETA, [HOURS], PASS, lr=0.1)
    step_001 = sgd_step(THETA, [HOURS], PASS, lr=0.01)
    np.testing.assert_allclose(step_001.theta_next, [[0.1054, 0.1946], [0.3027, 0.3973]], atol=5e-5)
    np.testing.assert_array_equal(np.trunc(step_001.theta_next * 1000) / 1000, printed)
    assert not np.allclose(step_01.theta_next, printed, atol=5e-4)


def test_x_may_be_a_plain_number_of_hours():
    a, b = sgd_step(THETA, 0.5, 0, 0.1), sgd_step(THETA, [0.5], 0, 0.1)
    np.testing.assert_array_equal(a.theta_next, b.theta_next)


def test_step_is_a_frozen_dataclass():
    step = sgd_step(THETA, [HOURS], PASS, lr=0.1)
    assert isinstance(step, SoftmaxStep)
    with pytest.raises(AttributeError):
        step.loss = 0.0


def test_huge_logits_keep_y_hat_and_loss_finite():
    theta = [[0.0, 0.0], [1000.0, -1000.0]]
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        step = sgd_step(theta, [2.0], 1, lr=0.1)
    assert np.isinf(step.exp_z[0]) and np.isinf(step.denominator)  # the lecture's e^z overflows
    np.testing.assert_allclose(step.y_hat, [1.0, 0.0])
    assert step.loss == pytest.approx(4000.0)
    expected = F.cross_entropy(torch.tensor([[2000.0, -2000.0]], dtype=torch.float64),
                               torch.tensor([1]))
    assert step.loss == pytest.approx(expected.item())
    assert np.all(np.isfinite(step.grad)) and np.all(np.isfinite(step.theta_next))


finite = st.floats(-5, 5, allow_nan=False, allow_infinity=False)


@settings(max_examples=50, deadline=None)
@given(data=st.data(), n_features=st.integers(1, 4), n_classes=st.integers(2, 4),
       lr=st.floats(1e-3, 1.0))
def test_step_matches_torch_autograd_and_mlp_core_functions(data, n_features, n_classes, lr):
    theta = data.draw(arrays(np.float64, (1 + n_features, n_classes), elements=finite))
    x = data.draw(arrays(np.float64, n_features, elements=finite))
    y = data.draw(st.integers(0, n_classes - 1))
    step = sgd_step(theta, x, y, lr)

    theta_t = torch.tensor(theta, requires_grad=True)
    z = torch.cat([torch.ones(1, dtype=torch.float64), torch.tensor(x)]) @ theta_t
    loss = F.cross_entropy(z[None], torch.tensor([y]))
    loss.backward()
    torch.optim.SGD([theta_t], lr=lr).step()

    np.testing.assert_allclose(step.z, z.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(step.y_hat, torch.softmax(z, 0).detach().numpy(), atol=1e-12)
    assert step.loss == pytest.approx(loss.item(), rel=1e-10, abs=1e-12)
    np.testing.assert_allclose(step.grad, theta_t.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(step.theta_next, theta_t.detach().numpy(), rtol=1e-9, atol=1e-12)

    # sgd_step computes softmax, one-hot and cross-entropy inline (train_steps takes hundreds of
    # steps per page view): the numbers are exactly those of mlp_core.functions.
    x_aug = np.concatenate(([1.0], x))
    z = theta.T @ x_aug
    y_hat, y_onehot = softmax(z), one_hot(y, n_classes)
    np.testing.assert_array_equal(step.z, z)
    np.testing.assert_array_equal(step.exp_z, np.exp(z))
    assert step.denominator == float(np.exp(z).sum())
    np.testing.assert_array_equal(step.y_hat, y_hat)
    np.testing.assert_array_equal(step.y_onehot, y_onehot)
    assert step.loss == cross_entropy(z, y)
    np.testing.assert_array_equal(step.grad, np.outer(x_aug, y_hat - y_onehot))
    np.testing.assert_array_equal(step.theta_next, theta - lr * np.outer(x_aug, y_hat - y_onehot))


@settings(max_examples=30, deadline=None)
@given(data=st.data(), n_classes=st.integers(2, 3), n_rows=st.integers(1, 5),
       n_epochs=st.integers(1, 4), lr=st.floats(1e-3, 2.0))
def test_train_steps_is_sgd_step_after_sgd_step(data, n_classes, n_rows, n_epochs, lr):
    theta = data.draw(arrays(np.float64, (2, n_classes), elements=finite))
    X = data.draw(arrays(np.float64, (n_rows, 1), elements=finite))
    y = data.draw(st.lists(st.integers(0, n_classes - 1), min_size=n_rows, max_size=n_rows))
    steps = train_steps(theta, X, y, lr, n_epochs)
    assert len(steps) == n_rows * n_epochs
    for k, step in enumerate(steps):
        expected = sgd_step(theta, X[k % n_rows], y[k % n_rows], lr)
        for name in ("x_aug", "z", "exp_z", "y_hat", "y_onehot", "grad", "theta_next"):
            np.testing.assert_array_equal(getattr(step, name), getattr(expected, name))
        assert (step.denominator, step.loss) == (expected.denominator, expected.loss)
        theta = step.theta_next


@settings(max_examples=30, deadline=None)
@given(data=st.data(), n_classes=st.integers(2, 3), n_rows=st.integers(1, 5),
       n_epochs=st.integers(1, 4), lr=st.floats(1e-3, 2.0))
def test_sgd_path_is_train_steps_losses_and_thetas_to_the_bit(data, n_classes, n_rows, n_epochs,
                                                             lr):
    theta = data.draw(arrays(np.float64, (2, n_classes), elements=finite))
    X = data.draw(arrays(np.float64, (n_rows, 1), elements=finite))
    y = data.draw(st.lists(st.integers(0, n_classes - 1), min_size=n_rows, max_size=n_rows))
    steps = train_steps(theta, X, y, lr, n_epochs)
    losses, thetas = sgd_path(theta, X, y, lr, n_epochs)
    np.testing.assert_array_equal(losses, [s.loss for s in steps])
    np.testing.assert_array_equal(thetas, [theta] + [s.theta_next for s in steps])


def test_sgd_path_refuses_what_train_steps_refuses():
    X, y = [[0.5], [1.0], [1.5], [2.0]], [0, 0, 1, 1]
    with np.errstate(all="ignore"), pytest.raises(ValueError) as by_path:
        sgd_path(THETA, X, y, lr=1e308, n_epochs=3)
    assert getattr(by_path.value, "code", None) == "finite_theta"
    with pytest.raises(ValueError, match=r"n_epochs must be a positive integer, got 0\."):
        sgd_path(THETA, X, y, 0.1, 0)


def test_train_steps_refuses_a_theta_that_overflowed_as_sgd_step_does():
    X, y = [[0.5], [1.0], [1.5], [2.0]], [0, 0, 1, 1]
    with np.errstate(all="ignore"), pytest.raises(ValueError) as by_steps:
        train_steps(THETA, X, y, lr=1e308, n_epochs=3)
    theta = np.array(THETA)
    with np.errstate(all="ignore"), pytest.raises(ValueError) as by_hand:
        for k in range(12):  # sgd_step after sgd_step
            theta = sgd_step(theta, X[k % 4], y[k % 4], 1e308).theta_next
    assert str(by_steps.value) == str(by_hand.value)
    assert getattr(by_steps.value, "code", None) == "finite_theta"


def test_predict_proba_rows_are_softmax_of_the_logits():
    X = np.array([[0.25], [4.5]])  # the lecture's "Prediction" hours
    proba = predict_proba(THETA, X)
    expected = torch.softmax(torch.tensor(np.hstack([np.ones((2, 1)), X]) @ np.array(THETA)), 1)
    np.testing.assert_allclose(proba, expected.numpy(), atol=1e-12)
    np.testing.assert_allclose(proba.sum(axis=1), [1.0, 1.0])
    np.testing.assert_allclose(predict_proba(THETA, [0.25, 4.5]), proba)  # a plain list of hours


def test_train_steps_walks_the_samples_in_order_one_step_each():
    X, y = [[0.5], [1.0], [1.5], [2.0]], [0, 0, 1, 1]  # the lecture's Hours/Pass table
    steps = train_steps(THETA, X, y, lr=0.1, n_epochs=3)
    assert len(steps) == 12
    theta = np.array(THETA)
    for k, step in enumerate(steps):
        expected = sgd_step(theta, X[k % 4], y[k % 4], 0.1)
        np.testing.assert_array_equal(step.theta_next, expected.theta_next)
        theta = step.theta_next


def test_train_steps_learns_the_hours_pass_table():
    X, y = [[0.5], [1.0], [1.5], [2.0]], [0, 0, 1, 1]
    steps = train_steps(THETA, X, y, lr=0.5, n_epochs=200)
    predicted = predict_proba(steps[-1].theta_next, X).argmax(axis=1)
    np.testing.assert_array_equal(predicted, y)
    assert np.mean([s.loss for s in steps[-4:]]) < np.mean([s.loss for s in steps[:4]])


def test_sgd_step_validation_messages():
    with pytest.raises(ValueError, match=r"lr must be > 0, got -1\."):
        sgd_step(THETA, [0.5], 0, -1)
    with pytest.raises(ValueError, match=r"lr must be > 0, got 0\."):
        sgd_step(THETA, [0.5], 0, 0)
    with pytest.raises(ValueError, match=r"y must be a class index in \[0, 2\), got 2\."):
        sgd_step(THETA, [0.5], 2, 0.1)
    with pytest.raises(ValueError, match=r"y must be a class index in \[0, 2\), got 0\.5\."):
        sgd_step(THETA, [0.5], 0.5, 0.1)
    with pytest.raises(
        ValueError, match=r"x must have shape \(1,\) to match theta of shape \(2, 2\), got \(3,\)\."
    ):
        sgd_step(THETA, [0.5, 1.0, 2.0], 0, 0.1)
    with pytest.raises(ValueError, match=r"theta must have shape \(1 \+ n_features, n_classes\)"):
        sgd_step([[0.1, 0.2]], [0.5], 0, 0.1)
    with pytest.raises(ValueError, match=r"x must be finite, got \[nan\]\."):
        sgd_step(THETA, [float("nan")], 0, 0.1)


def test_predict_and_train_validation_messages():
    with pytest.raises(ValueError, match=r"X must have shape \(n, 1\) with n >= 1 to match theta"):
        predict_proba(THETA, [[0.5, 1.0]])
    with pytest.raises(ValueError, match=r"y must have shape \(2,\) to match X, got \(3,\)\."):
        train_steps(THETA, [[0.5], [1.0]], [0, 1, 1], 0.1, 1)
    with pytest.raises(ValueError, match=r"n_epochs must be a positive integer, got 0\."):
        train_steps(THETA, [[0.5]], [0], 0.1, 0)
    with pytest.raises(ValueError, match=r"lr must be > 0, got nan\."):
        train_steps(THETA, [[0.5]], [0], float("nan"), 1)


def test_logits_from_hours_is_theta_transpose_x():
    # The lecture's theta = [[0.1, 0.2], [0.3, 0.4]] with x = [1, 0.5]: z = theta^T x = [0.25, 0.4].
    z = logits_from_hours([0.3, 0.4], [0.1, 0.2], 0.5)
    theta = np.array([[0.1, 0.2], [0.3, 0.4]])
    np.testing.assert_allclose(z, theta.T @ np.array([1.0, 0.5]))
    np.testing.assert_allclose(z, [0.25, 0.4])
