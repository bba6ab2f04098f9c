"""The softmax-regression page's SGD run (ui/lessons/softmax_regression.py sgd_path) is
mlp_core's train_steps, whether computed or answered from the cache."""

import numpy as np
import pytest

import ui.lessons.softmax_regression as lesson
from mlp_core.datasets import hours_pass
from mlp_core.softmax_regression import train_steps


@pytest.fixture
def counted(monkeypatch):
    """train_steps as sgd_path calls it, counting its calls; the cache starts empty."""
    calls = []

    def counting(*args):
        calls.append(args)
        return train_steps(*args)

    monkeypatch.setattr(lesson, "train_steps", counting)
    lesson.sgd_path.clear()
    yield calls
    lesson.sgd_path.clear()


@pytest.mark.parametrize(("theta", "lr", "epochs"), [
    (lesson.LECTURE_THETA, 0.1, 20),  # the page's defaults
    ([[0.1, -0.5], [1.2, 0.4]], 0.73, 7),
    ([[2.0, -3.0], [-1.0, 0.5]], 1.9, 50),
])
def test_a_cached_run_is_the_computed_run_is_train_steps(counted, theta, lr, epochs):
    data = hours_pass()
    steps = train_steps(theta, data.X_train, data.y_train, lr, epochs)
    computed = lesson.sgd_path(np.array(theta), lr, epochs)
    cached = lesson.sgd_path(np.array(theta), lr, epochs)
    assert len(counted) == 1  # the second answer came from the cache
    for losses, thetas in (computed, cached):
        np.testing.assert_array_equal(losses, [s.loss for s in steps])
        np.testing.assert_array_equal(thetas, [theta] + [s.theta_next for s in steps])
    assert thetas.shape == (len(data.y_train) * epochs + 1, 2, 2)


def test_a_caller_cannot_change_what_the_cache_holds(counted):
    losses, thetas = lesson.sgd_path(np.array(lesson.LECTURE_THETA), 0.1, 3)
    losses[:] = 99.0
    thetas[-1] = 99.0
    again_losses, again_thetas = lesson.sgd_path(np.array(lesson.LECTURE_THETA), 0.1, 3)
    assert len(counted) == 1
    assert not np.any(again_losses == 99.0) and not np.any(again_thetas == 99.0)


def test_another_input_is_another_run(counted):
    first = lesson.sgd_path(np.array(lesson.LECTURE_THETA), 0.1, 3)
    other = lesson.sgd_path(np.array(lesson.LECTURE_THETA), 0.2, 3)
    assert len(counted) == 2 and not np.array_equal(first[1], other[1])
