"""Training in worker processes (ui/studio/pool.py): a crowd's head start trains elsewhere, with
the same numbers as in the session's own thread, and falls back to the thread when it cannot."""

import os
from dataclasses import replace

import pytest

from mlp_core.datasets import DataSpec, load_iris
from mlp_core.training import TrainConfig
from ui.studio import pacing, pool
from ui.studio.run import StudioRun

LECTURE = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                      epochs=20, seed=0)
LIMITS = (pacing.HEAD_START_SECONDS, pacing.HEAD_START_WALL_SECONDS,
          pacing.FINISH_WITHIN_SECONDS)


def lecture_run(config: TrainConfig = LECTURE) -> StudioRun:
    return StudioRun.start(DataSpec("iris"), config, load_iris())


@pytest.fixture(scope="module")
def workers():
    """The real pool (two spawned workers, whatever MLP_TRAINING_WORKERS says here), stopped
    after this module's tests."""
    before, pool.WORKERS = pool.WORKERS, 2
    yield pool
    pool.shutdown()
    pool.WORKERS = before


def test_the_workers_setting_reads_a_count_and_refuses_anything_else():
    assert pool.workers_from(None, cores=2) == 2
    assert pool.workers_from(" ", cores=4) == 4
    assert pool.workers_from("0", cores=2) == 0  # off: every head start in its thread
    assert pool.workers_from("3", cores=2) == 3
    for bad in ("-1", "two", "1.5"):
        with pytest.raises(ValueError, match=pool.WORKERS_VARIABLE):
            pool.workers_from(bad)


def test_the_workers_run_at_a_lower_priority_than_the_server(workers):
    """A crowd's training gives way to the script threads (a lesson change, a click's answer)."""
    here = os.nice(0)
    niceness = pool._pool().submit(os.nice, 0).result()  # os.nice(0) reads the niceness
    assert niceness == min(here + pool.WORKER_NICENESS, 19) > here


def test_a_worker_trains_the_lecture_run_to_the_same_numbers_as_a_thread(workers):
    here = lecture_run().trainer
    sent = lecture_run().trainer
    trained = workers.train_for(sent, *LIMITS)
    here.run(20)
    assert sent.epoch == 0  # the session's trainer is not touched: a copy came back
    assert trained.epoch == 20 and trained.stopped.kind == "budget"
    # The lecture's run: 0.9778 test accuracy, and every epoch's numbers bit for bit.
    assert round(trained.history.test_acc[-1], 4) == 0.9778
    assert trained.history == here.history
    for epoch in (0, 7, 20):
        ours, theirs = here.snapshot(epoch).model, trained.snapshot(epoch).model
        for a, b in zip(ours.parameters(), theirs.parameters(), strict=True):
            assert a.equal(b)


def test_a_worker_stops_a_long_run_after_its_head_start_and_it_trains_on_from_there(workers):
    long = replace(LECTURE, epochs=100_000)
    trained = workers.train_for(lecture_run(long).trainer, 0.05, 20.0, 0.0)
    assert 1 <= trained.epoch < 100_000 and trained.stopped is None
    here = lecture_run(long).trainer
    trained.run(3)
    here.run(trained.epoch)
    assert trained.history == here.history  # the batch order carried over with it


def test_a_crowds_train_goes_to_the_pool_and_a_student_alone_trains_in_the_thread(monkeypatch):
    sent = []

    def train_for(trainer, *limits):
        sent.append(limits)
        trainer = lecture_run().trainer  # what a worker sends back: another object
        trainer.run(20)
        return trainer

    monkeypatch.setattr(pool, "train_for", train_for)
    alone = lecture_run()
    alone.train("instant", crowd=1)
    assert sent == [] and alone.trainer.epoch == 20
    crowd = lecture_run()
    before = crowd.trainer
    crowd.train("instant", crowd=pacing.POOL_FROM)
    assert sent == [LIMITS]
    assert crowd.trainer is not before and crowd.trainer.epoch == 20
    assert not crowd.running and crowd.done  # trained to its end: no live tick to come
    assert crowd.trainer.history == alone.trainer.history


def test_without_a_pool_a_crowds_train_trains_in_the_thread(monkeypatch):
    monkeypatch.setattr(pool, "train_for", lambda trainer, *limits: None)  # off, or it failed
    run = lecture_run()
    run.train("instant", crowd=50)
    assert run.trainer.epoch == 20 and run.done


def test_a_run_that_cannot_be_pickled_trains_in_the_thread(workers):
    run = lecture_run()
    run.trainer.unpicklable = lambda: None  # as a future Trainer field might be
    assert workers.train_for(run.trainer, *LIMITS) is None
    run.train("instant", crowd=50)
    assert run.trainer.epoch == 20 and run.done


def test_a_worker_trains_the_new_settings_as_a_thread_does(workers):
    # Everything a run may carry now goes there and back: a schedule, L1, Nesterov, an early stop
    # with its best weights restored, hand-made features in the data.
    spec = DataSpec("moons", n_samples=40, noise=0.3, test_size=0.5, features=("x1sq", "x1x2"))
    config = TrainConfig(hidden=(64, 64), optimizer="nesterov", lr=0.05, epochs=400,
                         schedule="cosine", l1=1e-4, patience=20, restore_best=True)
    here = StudioRun.start(spec, config, spec.load()).trainer
    trained = workers.train_for(StudioRun.start(spec, config, spec.load()).trainer, *LIMITS)
    here.run(400)
    assert trained.stopped == here.stopped and trained.stopped.kind == "early"
    assert trained.history == here.history
    for a, b in zip(here.model.parameters(), trained.model.parameters(), strict=True):
        assert a.equal(b)  # the best epoch's weights, restored on both sides
