"""Plain SGD's fused step (gradients.sgd_step) against the general path it stands in for:
the hand-written gradients, then optimizers.SGD's update; and a Trainer's run either way."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from mlp_core import training
from mlp_core.datasets import load_diabetes, load_iris
from mlp_core.functions import ACTIVATIONS, TRAIN_LOSSES
from mlp_core.gradients import loss_gradients, sgd_step
from mlp_core.network import build_mlp
from mlp_core.optimizers import OPTIMIZERS, SGD
from mlp_core.training import TrainConfig, Trainer


def assert_close(a, b, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=rtol, atol=atol)


def batch(loss, n, n_out, gen):
    """Inputs and a target of the loss's kind: one-hot rows, or values."""
    x = torch.randn(n, 3, generator=gen)
    if TRAIN_LOSSES[loss].task == "classification":
        target = torch.nn.functional.one_hot(torch.randint(0, n_out, (n,), generator=gen),
                                             n_out).float()
    else:
        target = torch.randn(n, 1, generator=gen)
    return x, target


@given(activation=st.sampled_from(list(ACTIVATIONS)), loss=st.sampled_from(list(TRAIN_LOSSES)),
       hidden=st.lists(st.integers(1, 6), max_size=3), n=st.integers(1, 12),
       lr=st.floats(1e-3, 1.0), in_place=st.booleans(), seed=st.integers(0, 2**16))
def test_the_fused_step_is_the_gradient_then_the_sgd_update(activation, loss, hidden, n, lr,
                                                            in_place, seed):
    gen = torch.Generator().manual_seed(seed)
    n_out = 3 if TRAIN_LOSSES[loss].task == "classification" else 1
    torch.manual_seed(seed)
    params = [p.detach() for p in build_mlp(3, hidden, activation, n_out).parameters()]
    x, target = batch(loss, n, n_out, gen)
    z_ref, grads = loss_gradients(params, x, target, activation, loss)
    expected = SGD(lr).step(params, grads)
    given_params = [p.clone() for p in params]
    before = [p.clone() for p in given_params]
    z, new = sgd_step(given_params, x, target, activation, loss, lr, in_place)
    assert torch.equal(z, z_ref)
    for p, e in zip(new, expected, strict=True):
        assert p.shape == e.shape
        assert_close(p, e)
    if in_place:  # the given tensors themselves, updated
        assert all(p is q for p, q in zip(new, given_params, strict=True))
    else:  # new tensors; the given ones as they were
        assert all(torch.equal(p, q) for p, q in zip(given_params, before, strict=True))


def test_only_plain_sgd_is_fused():
    assert SGD(0.1).plain
    assert not SGD(0.1, l2=0.01).plain and not SGD(0.1, l1=0.01).plain
    assert not any(OPTIMIZERS[name](0.1).plain for name in ("momentum", "nesterov", "adam"))


IRIS, DIABETES = load_iris(seed=0), load_diabetes(seed=0)
RUNS = [  # the lecture's run, full batch, minibatches; classification and regression
    (IRIS, TrainConfig(hidden=(8,), lr=0.01, batch_size=1, epochs=20)),
    (IRIS, TrainConfig(hidden=(8,), lr=0.1, epochs=300)),
    (IRIS, TrainConfig(hidden=(6, 5), activation="tanh", lr=0.05, batch_size=16, epochs=40,
                       seed=3)),
    (DIABETES, TrainConfig(hidden=(8,), activation="gelu", lr=0.05, batch_size=32, epochs=20,
                           loss="huber")),
    (DIABETES, TrainConfig(hidden=(8,), lr=0.01, epochs=100, loss="mse")),
    (DIABETES, TrainConfig(hidden=(), lr=0.05, batch_size=64, epochs=30, loss="mae")),
]


@pytest.mark.parametrize(("data", "config"), RUNS)
def test_a_plain_sgd_run_is_the_run_the_general_path_trains(data, config, monkeypatch):
    fused_steps = []

    def counted(*args):
        fused_steps.append(1)
        return sgd_step(*args)

    def run():
        fused_steps.clear()
        return Trainer(config, data.X_train, data.y_train, data.X_test,
                       data.y_test).run(config.epochs)

    monkeypatch.setattr(training, "sgd_step", counted)
    fused = run()
    assert fused_steps  # plain SGD takes the fused step
    monkeypatch.setattr(SGD, "plain", property(lambda self: False))
    general = run()
    assert not fused_steps
    assert fused.epoch == general.epoch == config.epochs
    h, g = fused.history, general.history
    for name in ("train_loss", "test_loss"):
        assert_close(getattr(h, name), getattr(g, name), rtol=1e-4)
    for name in ("train_acc", "test_acc"):  # accuracies are counts; R^2 a ratio of sums
        assert_close(getattr(h, name), getattr(g, name), rtol=1e-4, atol=1e-4)
    for p, q in zip(fused.model.parameters(), general.model.parameters(), strict=True):
        assert_close(p.detach(), q.detach(), rtol=1e-4, atol=1e-5)


@given(activation=st.sampled_from(list(ACTIVATIONS)), loss=st.sampled_from(list(TRAIN_LOSSES)),
       hidden=st.lists(st.integers(1, 6), max_size=3), n=st.integers(1, 12),
       seed=st.integers(0, 2**16))
def test_a_batch_given_a_column_a_sample_too_takes_the_same_step(activation, loss, hidden, n,
                                                                 seed):
    """x^T and target^T kept contiguous by the caller (a Trainer's full batch) give the step and
    the gradients that x and target alone give."""
    gen = torch.Generator().manual_seed(seed)
    n_out = 3 if TRAIN_LOSSES[loss].task == "classification" else 1
    torch.manual_seed(seed)
    params = [p.detach() for p in build_mlp(3, hidden, activation, n_out).parameters()]
    x, target = batch(loss, n, n_out, gen)
    columns = (x.t().contiguous(), target.t().contiguous())
    for (z, new), (z_c, new_c) in [
        (sgd_step(params, x, target, activation, loss, 0.1),
         sgd_step(params, x, target, activation, loss, 0.1, False, *columns)),
        (loss_gradients(params, x, target, activation, loss),
         loss_gradients(params, x, target, activation, loss, *columns)),
    ]:
        assert_close(z_c, z)
        for p, q in zip(new_c, new, strict=True):
            assert p.shape == q.shape
            assert_close(p, q)
