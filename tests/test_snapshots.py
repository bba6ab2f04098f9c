"""Snapshots: epoch k of a run, kept while it trained, is the run to k epochs from the same seed."""

import numpy as np
import pytest
import torch

from mlp_core.datasets import load_iris
from mlp_core.functions import softmax_rows
from mlp_core.snapshots import TENSOR_OVERHEAD_BYTES, Snapshots, stacked_proba
from mlp_core.training import CHUNK, TrainConfig, Trainer

IRIS = load_iris(seed=0)
LECTURE = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                      epochs=20)


def trainer(config=LECTURE) -> Trainer:
    return Trainer(config, IRIS.X_train, IRIS.y_train, IRIS.X_test, IRIS.y_test)


@pytest.mark.parametrize("config", [
    LECTURE,
    TrainConfig(hidden=(16, 4), activation="tanh", optimizer="adam", lr=0.02, batch_size=16,
                epochs=20, seed=3),
])
def test_the_snapshot_of_epoch_k_predicts_as_a_run_to_k_epochs_from_the_same_seed(config):
    run = trainer(config).run(config.epochs)
    assert run.snapshots.epochs() == list(range(config.epochs + 1))  # a short run keeps them all
    for k in (0, 1, 7, 19, 20):
        shot, fresh = run.snapshot(k), trainer(config).run(k) if k else trainer(config)
        assert shot.epoch == k
        np.testing.assert_array_equal(shot.predict_proba(IRIS.X_test),
                                      fresh.predict_proba(IRIS.X_test))
        np.testing.assert_array_equal(shot.predict(IRIS.X_all), fresh.predict(IRIS.X_all))
        assert shot.history.train_loss == fresh.history.train_loss
        assert shot.history.test_acc == fresh.history.test_acc
        for p, q in zip(shot.model.parameters(), fresh.model.parameters(), strict=True):
            assert torch.equal(p, q)


def test_a_snapshot_is_a_copy_that_training_on_leaves_alone():
    run = trainer().run(5)
    shot = run.snapshot(5)  # the current epoch: the trainer's own model, which training changes
    earlier = run.snapshot(3)
    before = earlier.predict_proba(IRIS.X_test)
    run.run(10)
    np.testing.assert_array_equal(run.snapshot(3).predict_proba(IRIS.X_test), before)
    np.testing.assert_array_equal(earlier.predict_proba(IRIS.X_test), before)
    assert shot.model is run.model and earlier.model is not run.model
    assert len(earlier.history) == 3 and len(run.history) == 15


def test_reset_forgets_the_snapshots_and_a_run_after_it_keeps_the_same_ones():
    run = trainer().run(4)
    first = run.snapshot(2).predict_proba(IRIS.X_test)
    run.reset()
    assert run.snapshots.epochs() == [0]
    run.run(4)
    np.testing.assert_array_equal(run.snapshot(2).predict_proba(IRIS.X_test), first)


def test_a_snapshot_past_the_trained_epochs_is_the_latest():
    run = trainer().run(3)
    assert run.snapshot(10).epoch == 3 and run.snapshot(None).epoch == 3
    assert run.snapshot(-1).epoch == 0


def _lecture_epoch_bytes() -> int:
    # 4 tensors (w1 8x4, b1 8, w2 3x8, b2 3): 67 float32 numbers plus each tensor's overhead
    return 67 * 4 + 4 * TENSOR_OVERHEAD_BYTES


def test_a_long_run_is_thinned_to_every_few_epochs_within_the_memory_cap():
    cap = 40 * _lecture_epoch_bytes()
    config = TrainConfig(hidden=(8,), lr=0.01, batch_size=None, epochs=3 * CHUNK)
    run = Trainer(config, IRIS.X_train, IRIS.y_train)
    run.snapshots = Snapshots(max_bytes=cap)
    run.snapshots.add(0, [p.detach().clone() for p in run.model.parameters()])
    run.run(config.epochs)
    kept, every = run.snapshots.epochs(), run.snapshots.every
    assert run.snapshots.nbytes <= cap
    assert run.snapshots.nbytes == len(kept) * _lecture_epoch_bytes()
    # 192 epochs in 40 snapshots: every 8th epoch (every 4th would need 49), epoch 0 included
    assert every == 8 and kept == list(range(0, config.epochs + 1, 8))
    # Between two kept epochs the latest kept one before is shown, with its own history.
    shot = run.snapshot(13)
    assert shot.epoch == 8 and len(shot.history) == 8
    fresh = Trainer(config, IRIS.X_train, IRIS.y_train).run(8)
    np.testing.assert_array_equal(shot.predict_proba(IRIS.X_train),
                                  fresh.predict_proba(IRIS.X_train))


def test_the_default_cap_keeps_every_epoch_of_the_lecture_run_and_bounds_a_long_one():
    store = Snapshots()
    params = [p.detach().clone() for p in trainer().model.parameters()]
    for epoch in range(2001):
        store.add(epoch, params)
    assert store.nbytes <= store.max_bytes
    assert store.every > 1 and store.epochs()[:2] == [0, store.every]
    # the lecture's 20 epochs are far inside the cap: all kept
    assert 21 * _lecture_epoch_bytes() < store.max_bytes


@pytest.mark.parametrize("max_bytes", [10**9, 40 * (16 + TENSOR_OVERHEAD_BYTES), 1])
@pytest.mark.parametrize("chunks", [[64, 64, 64], [1, 5, 30, 2], [20]])
def test_a_chunk_added_at_once_keeps_what_adding_its_epochs_one_by_one_keeps(max_bytes, chunks):
    at_once, one_by_one = Snapshots(max_bytes), Snapshots(max_bytes)
    params = [torch.zeros(4)]  # 16 bytes of numbers
    for shots in (at_once, one_by_one):
        shots.add(0, params)
    first = 1
    for k in chunks:
        weights = [[torch.full((4,), float(e))] for e in range(first, first + k)]
        at_once.add_epochs(first, weights)
        for e, w in enumerate(weights, start=first):
            one_by_one.add(e, w)
        first += k
    assert at_once.epochs() == one_by_one.epochs()
    assert (at_once.every, at_once.nbytes) == (one_by_one.every, one_by_one.nbytes)
    for e in at_once.epochs():
        assert at_once.at(e)[1] is one_by_one.at(e)[1]  # the same weights, not copies
    at_once.add_epochs(first, [])  # an empty chunk keeps nothing more
    assert at_once.epochs() == one_by_one.epochs()


def test_one_snapshot_larger_than_the_cap_keeps_epoch_zero_only():
    store = Snapshots(max_bytes=10)
    w = [torch.zeros(100)]
    for epoch in range(5):
        store.add(epoch, w)
    assert store.epochs() == [0]
    assert store.at(3) == (0, w)


def test_a_snapshot_predicts_from_its_weights_and_copies_the_model_only_when_asked():
    """A playback predicts with a snapshot a frame: from the weights kept, no model copied."""
    run = trainer().run(5)
    shot = run.snapshot(3)
    proba, classes = shot.predict_proba(IRIS.X_test), shot.predict(IRIS.X_test)
    assert "model" not in vars(shot)  # predicting made no copy of the network
    with torch.inference_mode():
        logits = shot.model(torch.from_numpy(IRIS.X_test))
        expected = softmax_rows(logits).numpy()  # torch's softmax, rows laid out for speed
        np.testing.assert_allclose(proba, torch.softmax(logits, dim=1).numpy(), rtol=1e-6,
                                   atol=1e-7)  # to the last bit of float32
    np.testing.assert_array_equal(proba, expected)
    np.testing.assert_array_equal(classes, expected.argmax(axis=1))
    assert shot.model is not run.model and run.snapshot().model is run.model


@pytest.mark.parametrize("config", [
    LECTURE,
    TrainConfig(hidden=(16, 4), activation="tanh", optimizer="adam", lr=0.02, batch_size=16,
                epochs=12, seed=3),
    TrainConfig(hidden=(), activation="relu", optimizer="sgd", lr=0.1, batch_size=8, epochs=5),
])
def test_stacked_proba_is_each_snapshots_own_predict_proba(config):
    run = trainer(config).run(config.epochs)
    shots = [run.snapshot(k) for k in range(config.epochs + 1)]  # the last: the Trainer's model
    assert shots[-1].params is None and shots[0].params is not None
    for X in (IRIS.X_all, IRIS.X_test[:7]):
        stacked = stacked_proba([shot.weights for shot in shots], X, config.activation)
        assert stacked.shape == (len(shots), len(X), 3)
        for k, shot in enumerate(shots):
            np.testing.assert_allclose(stacked[k], shot.predict_proba(X), rtol=1e-6, atol=1e-7)
            np.testing.assert_array_equal(stacked[k].argmax(axis=1), shot.predict(X))
    assert not np.array_equal(stacked[0], stacked[-1])  # the epochs differ


def test_a_pickled_run_keeps_every_epochs_weights_and_carries_them_as_numpy():
    # A head start trained in a worker comes back pickled: its kept weights travel as numpy
    # arrays (cheap to unpickle) and come back as the same tensors, every epoch predicting as
    # before, and training on as the run would have.
    import pickle

    run = trainer().run(LECTURE.epochs)
    state = run.snapshots.__getstate__()
    assert all(isinstance(a, np.ndarray) for params in state["_weights"].values() for a in params)
    back = pickle.loads(pickle.dumps(run))
    assert back.snapshots.epochs() == run.snapshots.epochs()
    assert back.snapshots.nbytes == run.snapshots.nbytes
    for k in range(LECTURE.epochs + 1):
        ours, theirs = run.snapshot(k), back.snapshot(k)
        assert all(isinstance(p, torch.Tensor) and torch.equal(p, q)
                   for p, q in zip(theirs.weights, ours.weights, strict=True))
        np.testing.assert_array_equal(theirs.predict_proba(IRIS.X_all),
                                      ours.predict_proba(IRIS.X_all))
    assert back.run(3).history.train_loss == run.run(3).history.train_loss
