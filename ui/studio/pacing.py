"""How fast a studio run goes on screen, and how one server shares itself among a class.

Every number that sets the pace of a run lives here: Train's head start (trained before the page
redraws), the live ticks that train a slice and redraw the curves, the regions' slower refresh,
and the server-wide redraw budget that spaces every session's ticks out when a class trains at
once. Pure functions of what the caller measured; ui/studio/run.py and live.py apply them.
"""

from __future__ import annotations

# ------------------------------------------------------------------------------- Train's head start
# Train's own rerun redraws the run view, which takes a browser longer than this: training
# meanwhile costs no time a student sees, and a run this short (the lecture's Iris run) shows
# finished in that one redraw instead of through a few partial frames. Counted in this thread's
# CPU time, so that on a server busy with a class the short run still ends here, and each student
# costs one page redraw, not several. The wall-time bound is loose on purpose: with 20 students
# pressing Train at once the head start takes seconds of wall time, and cutting it short turns
# one redraw into a live run plus a second full redraw, which slows everyone.
HEAD_START_SECONDS = 0.3
HEAD_START_WALL_SECONDS = 20.0
# A run that, at its pace so far, ends within this much CPU in all finishes in the head start.
# The lecture's run takes 0.22-0.29 s alone, but a crowded machine makes every epoch dearer (its
# caches are shared by 20 browsers), and a head start that stops a few epochs short costs the
# server and the browser a live run and a second redraw.
FINISH_WITHIN_SECONDS = 1.0
# From this many sessions training or pressing Train at once, the head start is trained in a
# worker process (ui/studio/pool.py), off the threads that draw every student's page; a student
# alone trains in their own thread, as ever (no pickling, no worker to wait for).
POOL_FROM = 2

# ------------------------------------------------------------------------------------ live ticks
TICK_SECONDS = 0.12  # curves redraw ~8 times a second
TRAIN_SECONDS = 0.07  # of each tick spent training: more than half, the rest is drawing
MAX_TRAIN_SECONDS = 0.8  # a slow browser or a busy server gets longer slices
MAX_TICK_WALL_SECONDS = 3.0  # however busy the server, a student sees a redraw this often
REGION_SECONDS = 0.5
MAX_REGION_SECONDS = 4.0  # with a whole class training, the regions redraw less often

# ------------------------------------------------------------------------ the server's budget
REDRAW_BUDGET = 12.0  # live redraws per second the whole server aims for
REGION_BUDGET = 5.0  # region redraws per second for the whole server (each costs ~10 ms)


def fair_period(live_sessions: int, budget: float = REDRAW_BUDGET) -> float:
    """Seconds between one session's redraws so that all of them together stay within budget."""
    return max(live_sessions, 1) / budget


def train_slice(waited: float, live_sessions: int = 1) -> float:
    """How long a tick trains: at least as long as the browser took since the last tick.

    `waited`: seconds since the last tick ended (0 for the first). The next tick comes
    TICK_SECONDS after the browser has drawn the last one, and drawing the page on a shared
    machine can take far longer than training. Matching that time keeps training at about half
    the wall time however slow the drawing. With a class training at once, each session also
    trains long enough for the server's redraws to stay within its budget. The tick spends it as
    this thread's CPU time, so a crowded server stretches it in wall time.
    """
    fair = fair_period(live_sessions) - TICK_SECONDS
    return min(max(TRAIN_SECONDS, waited, fair), MAX_TRAIN_SECONDS)


def region_period(live_sessions: int) -> float:
    """Seconds between region redraws while training: twice a second, less with a crowd."""
    crowd = fair_period(live_sessions, REGION_BUDGET)
    return min(max(REGION_SECONDS, crowd), MAX_REGION_SECONDS)


# ------------------------------------------------------------------------------------ playback
# The server trains at full speed and keeps each epoch (mlp_core/snapshots.py); a pace only sets
# how the epochs already trained are shown: a frame every FRAME_SECONDS[pace], each moving the
# shown epoch on by enough that the whole budget plays in about PLAY_SECONDS[pace] (one epoch a
# frame at the most). "instant" shows the latest epoch at once, as the studio did before paces.
PACES = ("slow", "normal", "fast", "instant")
DEFAULT_PACE = "normal"
FRAME_SECONDS = {"slow": 0.6, "normal": 0.3, "fast": 0.25}
# The lecture's 20 epochs: one a frame, 12 s slow, 6 s normal; fast shows every 2nd epoch in 2.5 s.
PLAY_SECONDS = {"slow": 24.0, "normal": 7.0, "fast": 2.5}
MIN_FRAMES = 4  # fewer (a crowded server) and the run is shown at once; normal: up to 10 sessions
# A run trained to its end before its playback is played by the browser, every frame sent at once;
# the one rerun that settles the page on the finished run comes this long after its last frame
# (a busy browser starts the last chart's frames a little after the server sent them).
SETTLE_SECONDS = 0.6


def plays(pace: str) -> bool:
    """Whether this pace plays a run back (every pace but instant)."""
    return pace in FRAME_SECONDS


def frame_period(pace: str, live_sessions: int = 1) -> float:
    """Seconds between two frames of a playback, longer when a class shares the server.

    Each frame redraws the regions (and the curves and results), so the frames of every session
    together keep within the server's region budget: a class of 20 sees a run in 2 frames.
    """
    return max(FRAME_SECONDS[pace], fair_period(live_sessions, REGION_BUDGET))


def plays_back(pace: str, crowd: int = 1) -> bool:
    """Whether a Train at this pace is played back, with `crowd` sessions training or starting.

    A playback costs the server a frame's script runs and each browser a redraw per frame, and
    ends in a full rerun; with a class pressing Train at once, a playback of a few frames shows
    little and costs what the class is short of. So a crowd sees the run as instant does.
    """
    return plays(pace) and round(PLAY_SECONDS[pace] / frame_period(pace, crowd)) >= MIN_FRAMES


def frame_epochs(pace: str, budget: int, period: float) -> int:
    """How many epochs one frame moves on, so that `budget` epochs play in the pace's time.

    Counted in frames, not in wall time: a slow browser or a busy server shows every frame,
    later, rather than skip epochs; a crowded server's longer period shows fewer, bigger steps.
    """
    frames = max(1, round(PLAY_SECONDS[pace] / period))
    return max(1, -(-budget // frames))
