"""The softmax-regression page's SGD run (ui/lessons/softmax_regression.py cached_path) is
mlp_core's train_steps, whether computed or answered from the cache."""

import numpy as np
import pytest

import ui.lessons.softmax_regression as lesson
from mlp_core.datasets import hours_pass
from mlp_core.softmax_regression import sgd_path, train_steps


@pytest.fixture
def counted(monkeypatch):
    """mlp_core's sgd_path as the page's cached_path calls it, counting its calls; the cache
    starts empty."""
    calls = []

    def counting(*args):
        calls.append(args)
        return sgd_path(*args)

    monkeypatch.setattr(lesson, "sgd_path", counting)
    lesson.cached_path.clear()
    yield calls
    lesson.cached_path.clear()


@pytest.mark.parametrize(("theta", "lr", "epochs"), [
    (lesson.LECTURE_THETA, 0.1, 20),  # the page's defaults
    ([[0.1, -0.5], [1.2, 0.4]], 0.73, 7),
    ([[2.0, -3.0], [-1.0, 0.5]], 1.9, 50),
])
def test_a_cached_run_is_the_computed_run_is_train_steps(counted, theta, lr, epochs):
    data = hours_pass()
    steps = train_steps(theta, data.X_train, data.y_train, lr, epochs)
    computed = lesson.cached_path(np.array(theta), lr, epochs)
    cached = lesson.cached_path(np.array(theta), lr, epochs)
    assert len(counted) == 1  # the second answer came from the cache
    for losses, thetas in (computed, cached):
        np.testing.assert_array_equal(losses, [s.loss for s in steps])
        np.testing.assert_array_equal(thetas, [theta] + [s.theta_next for s in steps])
    assert thetas.shape == (len(data.y_train) * epochs + 1, 2, 2)


def test_a_caller_cannot_change_what_the_cache_holds(counted):
    losses, thetas = lesson.cached_path(np.array(lesson.LECTURE_THETA), 0.1, 3)
    losses[:] = 99.0
    thetas[-1] = 99.0
    again_losses, again_thetas = lesson.cached_path(np.array(lesson.LECTURE_THETA), 0.1, 3)
    assert len(counted) == 1
    assert not np.any(again_losses == 99.0) and not np.any(again_thetas == 99.0)


def test_another_input_is_another_run(counted):
    first = lesson.cached_path(np.array(lesson.LECTURE_THETA), 0.1, 3)
    other = lesson.cached_path(np.array(lesson.LECTURE_THETA), 0.2, 3)
    assert len(counted) == 2 and not np.array_equal(first[1], other[1])
