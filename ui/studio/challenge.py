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
from urllib.parse import urlencode

import streamlit as st

from mlp_core.network import layer_param_counts
from ui import challenge as ch
from ui import links, qr
from ui.format import fmt, plain
from ui.i18n import t
from ui.studio import settings
from ui.studio.run import StudioRun
from ui.studio.settings import Setting

ACTIVE = "challenge.active"  # the Challenge this session opened, or None
PARAMS = "challenge.params"  # its params as the link gave them, kept in the URL
SHAPE = settings.BY_NAME["hidden"]
LOCKABLE: tuple[Setting, ...] = tuple(
    s for s in settings.SETTINGS
    if s.label and s not in settings.WIDTHS and (s.url or s is settings.LAYERS))
CARRIERS = {s.name: SHAPE.url if s is settings.LAYERS else s.url for s in LOCKABLE}


def _carrier(name: str) -> Setting:
    return SHAPE if name == settings.LAYERS.name else settings.BY_NAME[name]


def _fixed(challenge: ch.Challenge) -> list[tuple[str, Setting, object]]:
    """Each fixed setting: its name in the challenge, the setting carrying it, its value."""
    found = []
    for name, text in challenge.fixed.items():
        s = _carrier(name)
        try:
            value = s.default if text == "" else s.codec().parse(text)
        except links.BadValue:  # signed, yet unusable here now (an upload this session lacks)
            value = s.default
        found.append((name, s, value))
    return found


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
    return ch.Progress(ch.metric_value(shown.history, challenge.goal.metric),
                       sum(c.params for c in counts), off_settings(challenge, run), shown.epoch)


# ------------------------------------------------------------------------------ the session
def active() -> ch.Challenge | None:
    return st.session_state.get(ACTIVE)


def _name_of(s: Setting) -> str:
    return settings.LAYERS.name if s in settings.WIDTHS else s.name


def locked(s: Setting) -> bool:
    challenge = active()
    return challenge is not None and _name_of(s) in challenge.locked


def hidden(s: Setting) -> bool:
    challenge = active()
    return challenge is not None and _name_of(s) in challenge.hidden


def _drop_from_url() -> None:
    for name in ch.NAMES:
        if name in st.query_params:
            del st.query_params[name]


def leave() -> None:
    """The student leaves the challenge: every control is theirs again (a button's callback)."""
    st.session_state[ACTIVE], st.session_state[PARAMS] = None, {}
    _drop_from_url()


def sync() -> None:
    """Open a challenge the link brings, keep the open one in the URL, put its settings back.

    Before share.sync: a refused challenge leaves its settings to be read as a plain link.
    """
    ss, url = st.session_state, st.query_params
    ss.setdefault(links.CLAIMED, set()).update(ch.NAMES)
    kept = ss.setdefault(PARAMS, {})
    if ch.VERSION_PARAM in url and url.get(ch.SIG) != kept.get(ch.SIG):
        try:
            challenge = ch.read(url.to_dict(), CARRIERS)
        except ch.Refused as refused:
            st.warning(t(f"studio.challenge.{refused.code}"), icon=":material/link_off:")
            _drop_from_url()
            challenge = None
        except OSError:  # no secret to check it with: the server's data directory is not writable
            st.error(t("studio.challenge.no_secret"))
            _drop_from_url()
            challenge = None
        ss[ACTIVE] = challenge
        ss[PARAMS] = kept = ({n: url[n] for n in ch.NAMES if n in url}
                             if challenge is not None else {})
    for name, value in kept.items():
        if url.get(name) != value:
            url[name] = value
    if (challenge := active()) is not None:
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
    if challenge is None:
        return
    goal, now = challenge.goal, progress(challenge, run)
    with st.container(border=True, key="studio.challenge_box"):
        st.markdown(f"**{t('studio.challenge.header')}**")
        if challenge.task:
            st.markdown(plain(challenge.task))  # the teacher's words, as text
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
            st.warning(t("studio.challenge.over_budget", params=now.params, budget=goal.budget))
        st.button(t("studio.challenge.leave"), key="studio.challenge_leave", on_click=leave)


# ------------------------------------------------------------------------------ the builder
def _label(name: str) -> str:
    s = settings.BY_NAME[name]
    return t("studio.challenge.network_shape") if s is settings.LAYERS else t(s.label)


def builder() -> None:
    """The teacher's "make a challenge" box in the sidebar: the link, and its QR code.

    Not offered inside a challenge: a student would otherwise unlock their own controls.
    """
    if active() is not None:
        return
    box_ = st.sidebar.popover(t("studio.challenge.make"), icon=":material/flag:",
                              width="stretch", key="studio.challenge_builder",
                              on_change="rerun")
    if not box_.open:
        return
    with box_:
        st.caption(t("studio.challenge.make_help"))
        task = st.text_area(t("studio.challenge.task"), key="studio.challenge.task",
                            max_chars=ch.MAX_TASK)
        metrics = {m: t(f"studio.challenge.metric_{m}") for m in ch.METRICS}
        metric = st.selectbox(t("studio.challenge.metric"), list(metrics),
                              format_func=metrics.__getitem__, key="studio.challenge.metric")
        accuracy = ch.METRICS[metric]
        threshold = st.number_input(t("studio.challenge.threshold"), 0.0,
                                    1.0 if accuracy else 100.0, 0.9 if accuracy else 0.1,
                                    step=0.01, key=f"studio.challenge.threshold.{metric}")
        budget = st.number_input(t("studio.challenge.budget"), 0, ch.MAX_BUDGET, 0, step=10,
                                 help=t("studio.challenge.budget_help"),
                                 key="studio.challenge.budget")
        names = [s.name for s in LOCKABLE]
        lock = st.multiselect(t("studio.challenge.lock"), names, format_func=_label,
                              key="studio.challenge.lock")
        hide = st.multiselect(t("studio.challenge.hide"), names, format_func=_label,
                              key="studio.challenge.hide")
        board = st.text_input(t("studio.challenge.board"), key="studio.challenge.board",
                              help=t("studio.challenge.board_help"))
        challenge = ch.Challenge(task.strip(), ch.Goal(metric, float(threshold),
                                                       int(budget) or None),
                                 tuple(lock), tuple(hide), ch.board_params(board))
        try:
            query = ch.params(challenge, st.query_params.to_dict(), CARRIERS)
        except OSError:
            st.error(t("studio.challenge.no_secret"))
            return
        link = f"{st.context.url or ''}?{urlencode(query)}"
        st.code(link, language=None, wrap_lines=True)
        qr.show(link, key="studio.challenge_qr")
