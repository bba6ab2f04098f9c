"""A challenge: a task, a goal, and the settings a teacher fixed, carried in a signed link.

The link is the page's own link (its settings as the teacher left them) plus the challenge's
params: `ch` (the format's version), `task`, `goal` ("test_acc:0.9"; a lesson's challenge has
none), `budget` (most parameters, optional), `lock` and `hide` (setting names, comma-separated),
a class board's student params if given, and `sig`, an HMAC of all of these and of the fixed
settings' values in the link (ui/challenge_secret.py). A student can still change what is not
fixed, so the URL moves on while the signature stays true. A link whose signature does not match
(edited by hand) or whose version is not this one (stale) is opened as a plain link: read() says
why.

Whether a run meets the goal is decided here from the run itself (its history, its size, the
settings it was trained with), never from anything in the URL.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from ui.challenge_secret import sign, verify

VERSION = "1"
VERSION_PARAM, TASK, GOAL, BUDGET, LOCK, HIDE, SIG = (
    "ch", "task", "goal", "budget", "lock", "hide", "sig")
BOARD_PARAMS = ("board", "bkey")  # the class board's student params (never the teacher's tkey)
NAMES = (VERSION_PARAM, TASK, GOAL, BUDGET, LOCK, HIDE, *BOARD_PARAMS, SIG)
MAX_TASK = 300
MAX_BUDGET = 1_000_000
BOARD_VALUE_LENGTH = 100
# metric -> whether higher is better; the goal is met at the threshold or beyond it.
METRICS = {"test_acc": True, "train_acc": True, "test_loss": False, "train_loss": False}


@dataclass(frozen=True)
class Goal:
    metric: str  # a key of METRICS
    threshold: float
    budget: int | None = None  # the most parameters a network may have; None: any size

    def met_by(self, value: float) -> bool:
        if math.isnan(value):
            return False
        return value >= self.threshold if METRICS[self.metric] else value <= self.threshold


@dataclass(frozen=True)
class Challenge:
    """What the teacher set. `locked` are drawn but cannot change, `hidden` are not drawn; both
    keep the values the link carries (`fixed`: setting name -> URL text, "" for the default)."""

    task: str
    goal: Goal | None  # None: a task without a measured goal (a lesson's)
    locked: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    board: Mapping[str, str] = field(default_factory=dict)
    fixed: Mapping[str, str] = field(default_factory=dict)

    @property
    def fixes(self) -> tuple[str, ...]:
        return (*self.locked, *(n for n in self.hidden if n not in self.locked))


def _goal_text(goal: Goal) -> str:
    return f"{goal.metric}:{goal.threshold!r}"


def _message(values: Mapping[str, str]) -> str:
    # One line per name, in a fixed order; a value's own line breaks cannot fake another line.
    return "\n".join(f"{name}={values[name]!r}" for name in sorted(values))


def _signed_values(query: Mapping[str, str], fixes: Sequence[str],
                   carriers: Mapping[str, str]) -> dict[str, str]:
    """The challenge's own params and the URL text of each fixed setting ("" at its default)."""
    values = {name: query.get(name, "") for name in NAMES if name != SIG}
    for name in fixes:
        values[f"setting.{name}"] = query.get(carriers[name], "")
    return values


def params(challenge: Challenge, query: Mapping[str, str],
           carriers: Mapping[str, str]) -> dict[str, str]:
    """The link's query: the page's `query` (its settings now) with the challenge's params, signed.

    `carriers` maps each setting a challenge may fix to the URL name that carries its value.
    """
    out = {name: value for name, value in query.items() if name not in NAMES}
    out[VERSION_PARAM] = VERSION
    out[TASK] = challenge.task[:MAX_TASK]
    if challenge.goal is not None:
        out[GOAL] = _goal_text(challenge.goal)
        if challenge.goal.budget is not None:
            out[BUDGET] = str(challenge.goal.budget)
    if challenge.locked:
        out[LOCK] = ",".join(challenge.locked)
    if challenge.hidden:
        out[HIDE] = ",".join(challenge.hidden)
    out.update({name: value for name, value in challenge.board.items() if value})
    out[SIG] = sign(_message(_signed_values(out, challenge.fixes, carriers)))
    return out


class Refused(ValueError):
    """A challenge link that cannot be used: `code` is "stale" or "tampered"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _names(text: str, carriers: Mapping[str, str]) -> tuple[str, ...]:
    names = tuple(n for n in text.split(",") if n)
    if any(n not in carriers for n in names):
        raise Refused("tampered")
    return names


def read(query: Mapping[str, str], carriers: Mapping[str, str]) -> Challenge | None:
    """The challenge a link carries; None if it carries none. Raises Refused."""
    if VERSION_PARAM not in query:
        return None
    if query[VERSION_PARAM] != VERSION:
        raise Refused("stale")
    locked = _names(query.get(LOCK, ""), carriers)
    hidden = _names(query.get(HIDE, ""), carriers)
    values = _signed_values(query, (*locked, *hidden), carriers)
    if not verify(_message(values), query.get(SIG, "")):
        raise Refused("tampered")
    # Signed by this server, so well formed; still read with care, as a refusal and not a crash.
    goal = _goal(query) if query.get(GOAL) else None
    return Challenge(query.get(TASK, "")[:MAX_TASK], goal, locked, hidden,
                     {name: query[name] for name in BOARD_PARAMS if query.get(name)},
                     {name: query.get(carriers[name], "") for name in (*locked, *hidden)})


def _goal(query: Mapping[str, str]) -> Goal:
    try:
        metric, threshold = query[GOAL].split(":")
        budget = int(query[BUDGET]) if query.get(BUDGET) else None
        goal = Goal(metric, float(threshold), budget)
    except ValueError:
        raise Refused("tampered") from None
    if metric not in METRICS:
        raise Refused("tampered")
    return goal


def board_params(link: str) -> dict[str, str]:
    """The class board's student params in a board link a teacher pasted (any other is left)."""
    query = parse_qs(urlsplit(link.strip()).query)
    return {name: query[name][0][:BOARD_VALUE_LENGTH] for name in BOARD_PARAMS if name in query}


@dataclass(frozen=True)
class Progress:
    """A run measured against a goal, at the epoch on screen."""

    value: float  # the goal's metric (nan before the first epoch or without a test part)
    params: int
    off_settings: tuple[str, ...]  # fixed settings the run was not trained with
    epoch: int

    def within_budget(self, goal: Goal) -> bool:
        return goal.budget is None or self.params <= goal.budget

    def reached(self, goal: Goal) -> bool:
        return (self.epoch > 0 and goal.met_by(self.value) and self.within_budget(goal)
                and not self.off_settings)


def metric_value(history, metric: str) -> float:
    """The metric at the history's last epoch; nan if it has none."""
    values = getattr(history, metric)
    return float(values[-1]) if len(values) else math.nan
