"""Learning-rate schedules against torch.optim.lr_scheduler: the lrs, then whole runs."""

from itertools import pairwise

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from mlp_core.datasets import load_iris
from mlp_core.network import build_mlp
from mlp_core.schedules import SCHEDULES, lr_at, lrs_from, step_size
from mlp_core.training import TrainConfig, Trainer

IRIS = load_iris(seed=0)


def torch_scheduler(schedule, optimizer, epochs):
    if schedule == "step":
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size(epochs), gamma=0.5)
    if schedule == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    return torch.optim.lr_scheduler.ConstantLR(optimizer, factor=1.0, total_iters=0)


def torch_optimizer(name, params, lr, l2):
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=l2)
    return torch.optim.SGD(params, lr=lr, momentum=0 if name == "sgd" else 0.9,
                           nesterov=name == "nesterov", weight_decay=l2)


@pytest.mark.parametrize("epochs", [1, 3, 7, 20, 101])
@pytest.mark.parametrize("schedule", SCHEDULES)
def test_each_epochs_lr_is_the_schedulers(schedule, epochs):
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.05)
    scheduler = torch_scheduler(schedule, optimizer, epochs)
    for epoch in range(1, epochs + 1):
        assert lr_at(schedule, 0.05, epoch, epochs) == pytest.approx(
            scheduler.get_last_lr()[0], rel=1e-12, abs=1e-15)
        optimizer.step()
        scheduler.step()


@settings(max_examples=40, deadline=None)
@given(schedule=st.sampled_from(SCHEDULES), lr=st.floats(1e-4, 10.0),
       epochs=st.integers(1, 300))
def test_any_budget_and_lr_follow_the_scheduler_and_never_rise(schedule, lr, epochs):
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    scheduler = torch_scheduler(schedule, optimizer, epochs)
    lrs = [lr_at(schedule, lr, e, epochs) for e in range(1, epochs + 1)]
    for mine in lrs:
        assert mine == pytest.approx(scheduler.get_last_lr()[0], rel=1e-9, abs=1e-15)
        optimizer.step()
        scheduler.step()
    assert lrs[0] == lr and all(0 < b <= a for a, b in pairwise(lrs))


@given(schedule=st.sampled_from(SCHEDULES), lr=st.floats(1e-4, 1.0),
       epochs=st.integers(1, 300), first=st.integers(1, 300), k=st.integers(0, 70))
def test_a_chunks_lrs_are_each_epochs_own(schedule, lr, epochs, first, k):
    expected = [lr_at(schedule, lr, e, epochs) for e in range(first, first + k)]
    assert lrs_from(schedule, lr, first, k, epochs) == expected


def test_the_schedules_shapes():
    """Step halves after every quarter of the budget; cosine falls from lr towards 0."""
    assert [lr_at("step", 0.8, e, 8) for e in range(1, 9)] == [0.8, 0.8, 0.4, 0.4, 0.2, 0.2,
                                                               0.1, 0.1]
    cosine = [lr_at("cosine", 0.1, e, 10) for e in range(1, 11)]
    assert cosine[0] == 0.1 and cosine[5] == pytest.approx(0.05)
    assert all(a > b > 0 for a, b in pairwise(cosine))
    assert {lr_at("constant", 0.3, e, 5) for e in range(1, 6)} == {0.3}
    with pytest.raises(ValueError, match=r"^schedule must be one of \['constant', 'step', "
                                         r"'cosine'\], got 'linear'\.$"):
        lr_at("linear", 0.1, 1, 10)


RUNS = [("step", "sgd", 0.0, 0.0), ("cosine", "nesterov", 1e-3, 0.0),
        ("cosine", "adam", 1e-3, 1e-3), ("step", "momentum", 1e-2, 0.0),
        ("constant", "nesterov", 0.0, 1e-3)]


@pytest.mark.parametrize(("schedule", "optimizer", "l1", "l2"), RUNS)
def test_a_whole_run_matches_torch_optim_and_its_scheduler(schedule, optimizer, l1, l2):
    """The same data, seed and batches with autograd on the penalised loss, torch.optim and the
    scheduler stepped once per epoch: the same weights after every epoch, the same lrs."""
    epochs, batch, lr = 12, 16, 0.05 if optimizer != "adam" else 0.01
    config = TrainConfig(hidden=(8,), optimizer=optimizer, lr=lr, batch_size=batch,
                         epochs=epochs, l1=l1, l2=l2, seed=3, schedule=schedule)
    trainer = Trainer(config, IRIS.X_train, IRIS.y_train)
    X, y = torch.from_numpy(IRIS.X_train), torch.from_numpy(IRIS.y_train)
    model = build_mlp(4, (8,), "relu", 3, seed=3)
    params = list(model.parameters())
    reference = torch_optimizer(optimizer, params, lr, l2)
    scheduler = torch_scheduler(schedule, reference, epochs)
    generator = torch.Generator().manual_seed(3)
    lrs = []
    for _ in range(epochs):
        lrs.append(scheduler.get_last_lr()[0])
        for idx in torch.randperm(len(X), generator=generator).split(batch):
            loss = F.cross_entropy(model(X[idx]), y[idx])
            loss = loss + l1 * sum(p.abs().sum() for p in params)
            reference.zero_grad()
            loss.backward()
            reference.step()
        scheduler.step()
        trainer.run(1)
        for p, q in zip(trainer.model.parameters(), params, strict=True):
            np.testing.assert_allclose(p.detach().numpy(), q.detach().numpy(), rtol=1e-5,
                                       atol=1e-6)
    np.testing.assert_allclose(trainer.history.lr, lrs, rtol=1e-12)


def test_history_keeps_each_epochs_lr_through_pieces_replays_and_reconfigure():
    config = TrainConfig(hidden=(8,), lr=0.1, batch_size=8, epochs=10, schedule="cosine")
    whole = Trainer(config, IRIS.X_train, IRIS.y_train).run(10)
    pieces = Trainer(config, IRIS.X_train, IRIS.y_train).run(3).run(7)
    assert pieces.history == whole.history
    assert whole.history.lr == [lr_at("cosine", 0.1, e, 10) for e in range(1, 11)]
    assert whole.snapshot(4).history.lr == whole.history.lr[:4]
    # A constant run switched to step decay after 4 epochs: epochs 5.. take step's lrs.
    switched = Trainer(TrainConfig(hidden=(8,), lr=0.1, batch_size=8, epochs=10),
                       IRIS.X_train, IRIS.y_train).run(4)
    switched.reconfigure(TrainConfig(hidden=(8,), lr=0.1, batch_size=8, epochs=10,
                                     schedule="step")).run(6)
    assert switched.history.lr == [0.1] * 4 + [lr_at("step", 0.1, e, 10) for e in range(5, 11)]


def test_a_constant_schedule_is_todays_run_exactly():
    """The defaults (constant, no L1) leave the lecture's run as it was: lr every epoch."""
    config = TrainConfig(hidden=(8,), lr=0.01, batch_size=1, epochs=5)
    assert config == TrainConfig(hidden=(8,), lr=0.01, batch_size=1, epochs=5,
                                 schedule="constant", l1=0.0)
    trainer = Trainer(config, IRIS.X_train, IRIS.y_train).run(5)
    assert trainer.history.lr == [0.01] * 5
