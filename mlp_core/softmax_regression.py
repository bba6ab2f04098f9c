"""Softmax regression by hand: one SGD step with every intermediate the lecture writes down."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlp_core.errors import check_class_index, check_lr, check_x, refuse
from mlp_core.functions import softmax


@dataclass(frozen=True, eq=False)
class SoftmaxStep:
    """Every number of one SGD step, in the lecture's order (theta : (1 + n_features, n_classes)).

    exp_z and denominator are the lecture's e^z and d = [1 ... 1] e^z, kept for display; for huge
    logits they overflow to inf. y_hat and loss never use them: they come from the stable path
    (softmax with the max subtracted, cross-entropy through log-sum-exp), so they stay finite.
    """

    x_aug: np.ndarray  # (1 + n_features,)  [1, x]
    z: np.ndarray  # (n_classes,)  theta^T x_aug
    exp_z: np.ndarray  # (n_classes,)  e^z
    denominator: float  # sum of e^z
    y_hat: np.ndarray  # (n_classes,)  softmax(z)
    y_onehot: np.ndarray  # (n_classes,)
    loss: float  # -y^T log y_hat
    grad: np.ndarray  # (1 + n_features, n_classes)  outer(x_aug, y_hat - y_onehot)
    theta_next: np.ndarray  # (1 + n_features, n_classes)  theta - lr * grad


def _check_theta(theta) -> np.ndarray:
    theta = np.asarray(theta, dtype=float)
    if theta.ndim != 2 or theta.shape[0] < 2 or theta.shape[1] < 2:
        raise ValueError(
            "theta must have shape (1 + n_features, n_classes) with n_features >= 1 and "
            f"n_classes >= 2, got {theta.shape}."
        )
    if not np.all(np.isfinite(theta)):
        raise refuse("finite_theta")
    return theta



def sgd_step(theta, x, y, lr) -> SoftmaxStep:
    """One SGD step on one sample; theta : (1 + n_features, n_classes), x : (n_features,)."""
    theta = _check_theta(theta)
    x = check_x(x, theta, "theta")
    y = check_class_index(y, theta.shape[1])
    lr = check_lr(lr)
    x_aug = np.concatenate(([1.0], x))  # x = [1, hours]: the 1 multiplies the biases in row 0
    return _step(theta, x_aug, y, lr)


def _step(theta: np.ndarray, x_aug: np.ndarray, y: int, lr: float) -> SoftmaxStep:
    """sgd_step on inputs already checked: train_steps takes hundreds of these per page view.

    The same arithmetic as functions.softmax, one_hot and cross_entropy (one shifted exponential
    serves both), to the last bit; tests/test_softmax_regression.py holds it to them.
    """
    z = theta.T @ x_aug
    with np.errstate(over="ignore"):  # display only; may be inf for huge logits (see SoftmaxStep)
        exp_z = np.exp(z)
        denominator = float(exp_z.sum())
    y_hat, y_onehot, loss, grad, theta_next = _descend(theta, x_aug, z, y, lr)
    return SoftmaxStep(x_aug, z, exp_z, denominator, y_hat, y_onehot, loss, grad, theta_next)


def _descend(theta: np.ndarray, x_aug: np.ndarray, z: np.ndarray, y: int, lr: float):
    """y_hat, the one-hot y, the loss, its gradient and the next theta for logits z = theta^T x."""
    shifted = z - z.max()
    e = np.exp(shifted)
    total = e.sum()
    y_hat = e / total
    y_onehot = np.zeros(len(z))
    y_onehot[y] = 1.0
    loss = float(-(shifted[y] - np.log(total)))  # -log softmax(z)[y], through log-sum-exp
    grad = x_aug[:, None] * (y_hat - y_onehot)  # x (y_hat - y)^T, np.outer's own arithmetic
    theta_next = theta - lr * grad
    return y_hat, y_onehot, loss, grad, theta_next


def _check_X(X, theta: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    n_features = theta.shape[0] - 1
    if X.ndim == 1 and n_features == 1:
        X = X[:, None]  # a plain list of hours
    if X.ndim != 2 or X.shape[1] != n_features or len(X) == 0:
        raise ValueError(
            f"X must have shape (n, {n_features}) with n >= 1 to match theta of shape "
            f"{theta.shape}, got {X.shape}."
        )
    return X


def predict_proba(theta, X) -> np.ndarray:
    """Class probabilities softmax([1, x] theta) per row; X : (n, n_features) -> (n, n_classes)."""
    theta = _check_theta(theta)
    X = _check_X(X, theta)
    X_aug = np.hstack([np.ones((len(X), 1)), X])
    return softmax(X_aug @ theta, axis=1)


def _checked_run(theta, X, y, lr, n_epochs):
    """train_steps' inputs checked: theta, the rows [1, x] of X, their labels, lr, n_epochs."""
    theta = _check_theta(theta)
    X = _check_X(X, theta)
    y = np.asarray(y)
    if y.shape != (len(X),):
        raise ValueError(f"y must have shape ({len(X)},) to match X, got {y.shape}.")
    lr = check_lr(lr)
    if isinstance(n_epochs, bool) or int(n_epochs) != n_epochs or n_epochs < 1:
        raise ValueError(f"n_epochs must be a positive integer, got {n_epochs}.")
    labels = [check_class_index(y_i, theta.shape[1]) for y_i in y.tolist()]
    if not np.all(np.isfinite(X)):
        raise refuse("finite_x", x=X[~np.isfinite(X).all(axis=1)][0].tolist())
    X_aug = np.hstack([np.ones((len(X), 1)), X])  # each row [1, x], as sgd_step makes it
    return theta, X_aug, labels, lr, int(n_epochs)


def train_steps(theta, X, y, lr, n_epochs) -> list[SoftmaxStep]:
    """SGD one sample at a time, in order, for n_epochs passes; every step, first to last.

    X : (n, n_features), y : (n,) class indices. steps[-1].theta_next is the trained theta.
    """
    theta, X_aug, labels, lr, n_epochs = _checked_run(theta, X, y, lr, n_epochs)
    steps = []
    for _ in range(n_epochs):
        for x_aug, y_i in zip(X_aug, labels, strict=True):
            if steps and not np.isfinite(theta).all():  # as sgd_step refuses it
                raise refuse("finite_theta")
            step = _step(theta, x_aug, y_i, lr)
            steps.append(step)
            theta = step.theta_next
    return steps


def sgd_path(theta, X, y, lr, n_epochs) -> tuple[np.ndarray, np.ndarray]:
    """train_steps' losses and thetas alone, for a fraction of its time (nothing else is kept).

    Returns losses : (n_steps,) and thetas : (n_steps + 1, *theta.shape), theta at the start then
    after each step: the very numbers of train_steps (tests/test_softmax_regression.py).
    """
    theta, X_aug, labels, lr, n_epochs = _checked_run(theta, X, y, lr, n_epochs)
    losses, thetas = [], [theta]
    for _ in range(n_epochs):
        for x_aug, y_i in zip(X_aug, labels, strict=True):
            if losses and not np.isfinite(theta).all():
                raise refuse("finite_theta")
            *_, loss, _, theta = _descend(theta, x_aug, theta.T @ x_aug, y_i, lr)
            losses.append(loss)
            thetas.append(theta)
    return np.array(losses), np.array(thetas)


def logits_from_hours(w, b, hours: float) -> np.ndarray:
    """z_i = w_i * hours + b_i for every class: theta^T [1, hours] with theta's rows b and w.

    w, b : (n_classes,) -> z : (n_classes,); the softmax lesson sets each class's w and b alone.
    """
    return np.asarray(w, dtype=float) * hours + np.asarray(b, dtype=float)
