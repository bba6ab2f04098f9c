"""Challenges on the lesson pages: a task, with any of the page's linked settings fixed.

A lesson has no run to measure, so its challenge is a task and fixed settings, without a goal
("with w = 4 fixed, find the b that puts the boundary at 2 hours"). Every setting of the page's
schema that travels in the link can be fixed, named by its name in the link. A fixed setting is
put back to the link's value on every run before the widgets are drawn, so the server never
computes with another; its widgets (found by their keys, which start with the setting's) are then
shown disabled (locked) or not at all (hidden).
"""

from __future__ import annotations

import re

import streamlit as st

from ui import challenge_page as page
from ui.i18n import t
from ui.settings import Schema, Setting

PAGES = ("sigmoid", "softmax", "softmax_regression", "anatomy", "forward_backward",
         "activations")
# Every session key a lesson's challenge uses, for ui/state.py.
DEFAULTS: dict = {key: value for p in PAGES
                  for key, value in ((f"challenge.{p}.active", None),
                                     (f"challenge.{p}.params", {}))}


def _slot(name: str) -> str:
    return f"challenge.{name}"


def fixable(schema: Schema) -> dict[str, Setting]:
    """The settings a challenge can fix, by their name in the link."""
    return {s.url: s for s in schema.settings if s.url}


def _label(schema: Schema, name: str) -> str:
    s = fixable(schema)[name]
    return t(s.label) if s.label else name


def _put_back(schema: Schema, fixed: dict[str, str]) -> None:
    ss, settings = st.session_state, fixable(schema)
    for name, text in fixed.items():
        s = settings[name]
        value = page.fixed_value(s, text)
        if ss.get(s.key) != value:  # a matrix's grid is rebuilt only when it changes
            (s.codec().store or ss.__setitem__)(s.key, value)


def _class_name(key: str) -> str:
    # Streamlit gives a keyed element the class st-key-<key>, every other character a "-".
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key)


def _style(schema: Schema, locked, hidden) -> str:
    """CSS for the widgets of fixed settings: their own key, or keys made from it (a slider's
    ".slider" and ".box", a matrix's ".editor.<n>")."""
    settings = fixable(schema)

    def selectors(names) -> str:
        return ", ".join(f'.{c}, [class*="{c}-"]' for c in
                         (_class_name(settings[n].key) for n in names))

    rules = []
    if locked:
        rules.append(f"{selectors(locked)} {{ pointer-events: none; opacity: 0.55; }}")
    if hidden:
        rules.append(f"{selectors(hidden)} {{ display: none; }}")
    return "<style>" + "\n".join(rules) + "</style>"


def keep_fixed(name: str, schema: Schema) -> None:
    """The open challenge's fixed settings put back, on a fragment's own rerun (apply() does it on
    a run of the whole page): a locked widget still takes keys, and the server must not compute
    with what they set."""
    challenge = page.active(_slot(name))
    if challenge is not None:
        _put_back(schema, dict(challenge.fixed))


def apply(name: str, schema: Schema) -> None:
    """A lesson page's challenge, after state.init and before the page's link sync: opens one a
    link brings, puts the fixed settings back, shows the task; the teacher's builder otherwise."""
    slot, carriers = _slot(name), {url: url for url in fixable(schema)}
    challenge = page.open_link(slot, carriers)
    if challenge is None:
        page.builder(slot, carriers, lambda n: _label(schema, n))
        return
    _put_back(schema, dict(challenge.fixed))
    fixed = (*challenge.locked, *(n for n in challenge.hidden if n not in challenge.locked))
    if fixed:
        st.html(_style(schema, [n for n in challenge.locked if n not in challenge.hidden],
                       challenge.hidden))
    box = page.task_box(slot, [_label(schema, n) for n in challenge.locked])
    page.leave_button(slot, box)
