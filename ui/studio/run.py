"""The studio's run: one object holds a session's Trainer, its data and how it is going.

A StudioRun is what ui/studio/session.py keeps in st.session_state (one key) and what the page,
the live view, the results and the downloads read. It knows nothing of Streamlit: the buttons'
callbacks and the live ticks (session.py, live.py) call train / pause / step / reset / tick, and
the pace of each comes from ui/studio/pacing.py. (ui/studio/runs.py is the pinned runs and the
downloads.)

What the page shows is one epoch of the run (ui/studio/replay.py): the latest, or while a run plays
back at its pace (pacing.PACES) or once the student picks one on the replay slider, an earlier one.
The server trains at full speed as without a pace; playing back only moves `shown` on.

Two threads may touch one run: a live tick trains in its own script run while a click on Pause,
Step or Reset starts another at once. `running` is the flag the tick looks at between epochs, and
`lock` keeps the two from touching the Trainer at the same time.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace

from mlp_core.datasets import Dataset, DataSpec
from mlp_core.training import Snapshot, TrainConfig, Trainer
from ui.studio import pacing, pool, slices, turns

PLAY_CLOCK = time.monotonic  # the browser's playback, timed on the server's side


@dataclass(eq=False)
class StudioRun:
    """A Trainer on a Dataset, the spec it was loaded from, and its running state."""

    trainer: Trainer
    dataset: Dataset
    spec: DataSpec
    key: Hashable = None  # what the run was built from: a new key starts a new run
    running: bool = False  # live: the ticks train it
    last_tick: float | None = None  # when the last live tick ended (perf_counter), while running
    # What the page says once above the run: "" or the studio.session.<notice> it names.
    notice: str = ""
    changed: bool = False  # settings changed mid-run: the exported script reproduces one setting
    shown: int | None = None  # the epoch on screen; None: the latest
    playing: bool = False  # live: the ticks move `shown` on at the pace
    pace: str = "instant"  # of the last Train
    # A playback of a run already trained is drawn once and played by the browser: its epochs,
    # one a frame (empty: the ticks play it, or nothing plays), and when the page had drawn it
    # (PLAY_CLOCK; None: not yet).
    frames: tuple[int, ...] = ()
    frames_from: float | None = None
    loaded: str = ""  # the weights file this run started from (load_weights); "" the seed's
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def start(cls, spec: DataSpec, config: TrainConfig, ds: Dataset,
              key: Hashable = None) -> StudioRun:
        """A fresh run from the config's initial weights."""
        X_test, y_test = (ds.X_test, ds.y_test) if ds.n_test else (None, None)
        trainer = Trainer(config, ds.X_train, ds.y_train, X_test, y_test, n_classes=ds.n_classes)
        return cls(trainer, ds, spec, key)

    @property
    def config(self) -> TrainConfig:
        return self.trainer.config

    @property
    def live(self) -> bool:
        """Training or playing back: the live view's timers tick."""
        return self.running or self.playing

    @property
    def shown_epoch(self) -> int:
        return self.trainer.epoch if self.shown is None else min(self.shown, self.trainer.epoch)

    def snapshot(self) -> Snapshot:
        """The epoch on screen: its model, its history, its number."""
        return self.trainer.snapshot(self.shown_epoch)

    def show(self, epoch: int) -> None:
        """Show `epoch` (the replay slider); the latest one follows training again."""
        self.shown = None if epoch >= self.trainer.epoch else max(int(epoch), 0)

    def can_train(self) -> bool:
        """Train has something to do: epochs left, or a paused playback to resume."""
        return not self.live and (self.trainer.stopped is None or self.shown is not None)

    def reconfigure(self, config: TrainConfig) -> None:
        """Carry on from the current weights under new settings (lr, optimizer, L2, batch,
        budget, early stopping)."""
        # The budget and early stopping decide only where the run ends: the script with the new
        # ones is the same run (Trainer.reconfigure), unless a patience lowered past the epochs
        # already trained stops it later than that patience from the start would have.
        same_run = config == replace(self.config, epochs=config.epochs,
                                     patience=config.patience, restore_best=config.restore_best)
        # Before any epoch (or a first one that diverged) nothing has been trained under the old
        # settings: the run is then the new settings' from the start, as the script's is.
        trained = self.trainer.epoch > 0 or self.trainer.stopped is not None
        with self.lock:  # a tick interrupted by this change may be mid-epoch
            self.trainer.reconfigure(config)
        stop = self.trainer.stopped
        late = (stop is not None and stop.kind == "early"
                and stop.epoch > stop.best + config.patience)
        if trained and not same_run:
            self.notice = "continues"
        if trained and (late or not same_run):
            self.changed = True

    # ------------------------------------------------------------------------------- the buttons
    def train(self, pace: str = "instant", crowd: int = 1) -> None:
        """Train's head start; the run goes on live (running) unless it ended in it.

        At a pace that plays back, the page then plays the epochs from the one on screen, unless
        `crowd` (sessions training or pressing Train on this server, this one included) makes
        the playback too short to be worth its cost (pacing.plays_back).
        """
        start = self.shown_epoch
        if self.trainer.stopped is None:
            self.head_start(crowd)
            self.running = self.trainer.stopped is None
            self.last_tick = None  # the time since the last run is no drawing time
        self.pace = pace
        self.playing = pacing.plays_back(pace, crowd) and (self.running
                                                            or start < self.trainer.epoch)
        self.shown = start if self.playing else None
        # Trained to its end already: the whole playback is known, and the browser plays it. A
        # regression's views (its surface, predicted vs true) have no frames yet: the ticks play it.
        browser = self.playing and not self.running and not self.dataset.regression
        self.frames = self.playback() if browser else ()
        self.frames_from = None

    def head_start(self, crowd: int = 1) -> None:
        """Train's head start: in a worker process when a crowd trains (ui/studio/pool.py), in
        this thread for a student alone or when there is no pool."""
        limits = (pacing.HEAD_START_SECONDS, pacing.HEAD_START_WALL_SECONDS,
                  pacing.FINISH_WITHIN_SECONDS)
        if crowd >= pacing.POOL_FROM:
            with self.lock:  # a Step or Reset clicked meanwhile waits, as for a thread's
                trained = pool.train_for(self.trainer, *limits)
                if trained is not None:
                    self.trainer = trained
                    return
        self.advance(limits[0], while_running=False, clock=time.thread_time, max_wall=limits[1],
                     finish_within=limits[2])

    def playback(self) -> tuple[int, ...]:
        """The epochs the ticks would show one a frame (play), from the one on screen to the
        latest, each a kept snapshot's (a long run keeps every few epochs)."""
        step = pacing.frame_epochs(self.pace, self.config.epochs, pacing.frame_period(self.pace))
        wanted = [*range(self.shown_epoch, self.trainer.epoch, step), self.trainer.epoch]
        return tuple(dict.fromkeys(self.trainer.snapshot(e).epoch for e in wanted))

    @property
    def in_browser(self) -> bool:
        """Playing back in the browser: the page draws every frame once, no tick moves it."""
        return self.playing and bool(self.frames)

    def play_seconds(self) -> float:
        """How long the browser's playback lasts: a frame's time for each epoch it shows."""
        return len(self.frames) * pacing.frame_period(self.pace)

    def drawn(self) -> None:
        """The page has drawn the playback's charts (the first time counts): its clock starts."""
        if self.frames_from is None:
            self.frames_from = PLAY_CLOCK()

    def play_left(self) -> float:
        """Seconds until the browser's playback is over (all of it, before it is drawn)."""
        if self.frames_from is None:
            return self.play_seconds()
        return max(self.frames_from + self.play_seconds() - PLAY_CLOCK(), 0.0)

    def played_to(self) -> int:
        """The epoch the browser's playback has reached by now."""
        played = self.play_seconds() - self.play_left()
        at = int(played / pacing.frame_period(self.pace))
        return self.frames[min(at, len(self.frames) - 1)]

    def settle(self) -> None:
        """Once the browser's playback is over, the latest epoch is shown (done)."""
        if self.in_browser and not self.play_left():
            self.shown = None

    def stop(self) -> bool:
        """No more ticks; returns whether it was live (the browser has the live timers)."""
        was_live = self.live
        self.running = self.playing = False
        self.frames = ()
        return was_live

    def pause(self) -> bool:
        """Stop training and the playback. A playback paused past the end of training holds
        its epoch (the replay slider takes over); paused while training, the latest is shown."""
        if self.running:
            self.shown = None
        elif self.in_browser:
            self.show(self.played_to())
        was_running = self.stop()
        with self.lock:  # an interrupted tick ends its epoch: the page then shows where it is
            pass
        return was_running

    def step(self) -> bool:
        """One epoch; returns whether it was running."""
        was_running = self.stop()
        if self.trainer.stopped is None:
            with self.lock:  # an interrupted tick finishes its epoch first
                self.trainer.run(1)
        self.shown = None
        return was_running

    def reset(self) -> bool:
        """The same initial weights and batch order as the first time, for the same seed."""
        was_running = self.stop()
        with self.lock:
            self.trainer.reset()
        self.changed, self.notice, self.shown = False, "", None
        return was_running

    def load_weights(self, params, file_name: str) -> bool:
        """Start again from uploaded weights (mlp_core.weights_io.read_weights's tensors): they
        are epoch 0 now, and Reset comes back to them. Returns whether it was running."""
        was_running = self.stop()
        with self.lock:  # an interrupted tick finishes its epoch first
            self.trainer.start_from(params)
        self.loaded, self.changed, self.notice, self.shown = file_name, False, "loaded", None
        return was_running

    # ------------------------------------------------------------------------------- the ticks
    def tick(self, live_sessions: int = 1) -> None:
        """One live tick: train this tick's slice (pacing.train_slice) in this thread's CPU time.

        On a server busy with a class a tick takes longer, so every student's redraws thin out
        together; Pause still stops it at the next epoch (advance looks between epochs).
        """
        waited = time.perf_counter() - self.last_tick if self.last_tick is not None else 0.0
        self.advance(pacing.train_slice(waited, live_sessions), clock=time.thread_time,
                     max_wall=pacing.MAX_TICK_WALL_SECONDS)
        self.last_tick = time.perf_counter()

    def play(self, live_sessions: int = 1) -> None:
        """One frame of the playback: the shown epoch moves on, never past the trained one."""
        period = pacing.frame_period(self.pace, live_sessions)
        step = pacing.frame_epochs(self.pace, self.config.epochs, period)
        self.shown = min(self.shown_epoch + step, self.trainer.epoch)
        if self.shown >= self.trainer.epoch and (self.trainer.stopped is not None
                                                 or not self.running):
            self.shown = None  # the latest, for good: done

    @property
    def done(self) -> bool:
        """Shown to its end and not training on (its end reached, or not running): the live
        view stops."""
        return self.shown is None and (self.trainer.stopped is not None or not self.running)

    def advance(self, seconds: float, while_running: bool = True,
                clock: Callable[[], float] = time.perf_counter, max_wall: float = math.inf,
                finish_within: float = 0.0) -> int:
        """Train in this session's turn (ui/studio/turns.py): see _advance."""
        with turns.TRAINING.turn():  # its clocks start once the turn has come
            return self._advance(seconds, while_running, clock, max_wall, finish_within)

    def _advance(self, seconds: float, while_running: bool = True,
                 clock: Callable[[], float] = time.perf_counter, max_wall: float = math.inf,
                 finish_within: float = 0.0) -> int:
        """Train whole epochs (train_for) until `seconds` have passed or training stops; return
        how many ran.

        Between epochs it looks at `running`: a click on Pause, Step or Reset starts a new script
        run at once, while the interrupted tick may still be in this loop in its own thread, and
        it must stop there rather than train on unseen.
        """
        before = self.trainer.epoch
        with self.lock:
            slices.train_for(self.trainer, seconds, clock, max_wall, finish_within,
                      lambda: self.running or not while_running)
        return self.trainer.epoch - before

