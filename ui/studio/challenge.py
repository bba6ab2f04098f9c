"""Challenges in the studio: the teacher's builder, the fixed settings, the student's goal box.

Any studio setting with a widget and a place in the link can be fixed: locked (drawn, disabled)
or hidden (not drawn). "layers" stands for the whole network shape (the layer count and every
width), carried by the link's `hidden` value. A fixed setting is put back to the link's value on
every run before the widgets are drawn (controls.draw disables or skips its widget), so neither a
preset nor a crafted request moves it; and the goal box still checks the run's own settings
against the fixed ones before it says "goal reached".
"""

from __future__ import annotations

import math

import streamlit as st

from mlp_core.network import layer_param_counts
from ui import challenge as ch
from ui import challenge_page as page
from ui.format import fmt
from ui.i18n import t
from ui.studio import settings
from ui.studio.run import StudioRun
from ui.studio.settings import Setting

SLOT = "challenge"  # challenge.active, challenge.params in the session (ui/challenge_page.py)
SHAPE = settings.BY_NAME["hidden"]
LOCKABLE: tuple[Setting, ...] = tuple(
    s for s in settings.SETTINGS
    if s.label and s not in settings.WIDTHS and (s.url or s is settings.LAYERS))
CARRIERS = {s.name: SHAPE.url if s is settings.LAYERS else s.url for s in LOCKABLE}


def _carrier(name: str) -> Setting:
    return SHAPE if name == settings.LAYERS.name else settings.BY_NAME[name]


def _fixed(challenge: ch.Challenge) -> list[tuple[str, Setting, object]]:
    """Each fixed setting: its name in the challenge, the setting carrying it, its value."""
    return [(name, _carrier(name), page.fixed_value(_carrier(name), text))
            for name, text in challenge.fixed.items()]


def fixed_values(challenge: ch.Challenge) -> dict[str, object]:
    """Each fixed setting's value as the link carries it ({carrier name: value})."""
    return {s.name: value for _, s, value in _fixed(challenge)}


def off_settings(challenge: ch.Challenge, run: StudioRun) -> tuple[str, ...]:
    """The fixed settings the run was not trained with (its data spec and TrainConfig)."""
    source = {settings.SOURCE.key: run.spec.source}
    off = []
    for name, s, value in _fixed(challenge):
        if s is SHAPE:
            same = run.config.hidden == tuple(value)
        elif not s.applies(source):
            continue
        else:
            same = all(getattr(part, field) == s.to_field(value) for part, field in
                       ((run.spec, s.spec), (run.config, s.config)) if field)
        if not same:
            off.append(name)
    return tuple(off)


def progress(challenge: ch.Challenge, run: StudioRun) -> ch.Progress:
    """The run on screen against the challenge's goal."""
    shown, ds = run.snapshot(), run.dataset
    counts = layer_param_counts(ds.n_features, run.config.hidden, ds.n_classes)
    # The scores of the weights held: an early stop's best epoch, if it restored them.
    held = shown.history.upto(shown.model_epoch)
    return ch.Progress(ch.metric_value(held, challenge.goal.metric),
                       sum(c.params for c in counts), off_settings(challenge, run), shown.epoch)


# ------------------------------------------------------------------------------ the session
def active() -> ch.Challenge | None:
    return page.active(SLOT)


def _name_of(s: Setting) -> str:
    return settings.LAYERS.name if s in settings.WIDTHS else s.name


def locked(s: Setting) -> bool:
    challenge = active()
    return challenge is not None and _name_of(s) in challenge.locked


def hidden(s: Setting) -> bool:
    challenge = active()
    return challenge is not None and _name_of(s) in challenge.hidden


def sync() -> None:
    """Open a challenge the link brings and put its fixed settings back (before share.sync)."""
    if (challenge := page.open_link(SLOT, CARRIERS)) is not None:
        settings.store(fixed_values(challenge))


# ---------------------------------------------------------------------------- what is shown
def goal_text(goal: ch.Goal) -> str:
    text = t(f"studio.challenge.goal_{goal.metric}", threshold=_metric_text(goal.metric,
                                                                           goal.threshold))
    if goal.budget is not None:
        text += " " + t("studio.challenge.goal_budget", budget=goal.budget)
    return text


def _metric_text(metric: str, value: float) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:.1%}" if metric.endswith("acc") else fmt(value)


def _share(goal: ch.Goal, value: float) -> float:
    """How far along the progress bar is: 1 at the goal."""
    if math.isnan(value):
        return 0.0
    if ch.METRICS[goal.metric]:
        share = value / goal.threshold if goal.threshold > 0 else 1.0
    else:
        share = goal.threshold / value if value > 0 else 1.0
    return min(max(share, 0.0), 1.0)


def box(run: StudioRun) -> None:
    """The student's view of the challenge: task, goal, progress, and "goal reached"."""
    challenge = active()
    where = page.task_box(SLOT, [_label(n) for n in challenge.locked] if challenge else [])
    if where is None:
        return
    goal = challenge.goal
    with where:
        if goal is not None:
            now = progress(challenge, run)
            st.markdown(goal_text(goal))
            st.progress(_share(goal, now.value), text=t(
                "studio.challenge.progress", value=_metric_text(goal.metric, now.value),
                params=now.params, epoch=now.epoch))
            if now.reached(goal):
                st.success(t("studio.challenge.reached"), icon=":material/emoji_events:")
            elif now.off_settings:
                st.warning(t("studio.challenge.off_settings",
                             names=", ".join(_label(name) for name in now.off_settings)))
            elif not now.within_budget(goal):
                st.warning(t("studio.challenge.over_budget", params=now.params,
                             budget=goal.budget))
        page.leave_button(SLOT, st)


# ------------------------------------------------------------------------------ the builder
def _label(name: str) -> str:
    s = settings.BY_NAME[name]
    return t("studio.challenge.network_shape") if s is settings.LAYERS else t(s.label)


def _goal_fields() -> ch.Goal:
    metrics = {m: t(f"studio.challenge.metric_{m}") for m in ch.METRICS}
    metric = st.selectbox(t("studio.challenge.metric"), list(metrics),
                          format_func=metrics.__getitem__, key=f"{SLOT}.metric")
    accuracy = ch.METRICS[metric]
    threshold = st.number_input(t("studio.challenge.threshold"), 0.0, 1.0 if accuracy else 100.0,
                                0.9 if accuracy else 0.1, step=0.01,
                                key=f"{SLOT}.threshold.{metric}")
    budget = st.number_input(t("studio.challenge.budget"), 0, ch.MAX_BUDGET, 0, step=10,
                             help=t("studio.challenge.budget_help"), key=f"{SLOT}.budget")
    return ch.Goal(metric, float(threshold), int(budget) or None)


def builder() -> None:
    """The teacher's "make a challenge" box in the sidebar, with the studio's goal fields."""
    page.builder(SLOT, CARRIERS, _label, _goal_fields)
