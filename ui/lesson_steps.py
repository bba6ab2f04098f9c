"""Walk a worked example one step at a time: Back / Next buttons and a "show all steps" switch.

A page keeps two keys in its state dict, f"{prefix}.step" (how many steps are shown, from 1) and
f"{prefix}.show_all"; the buttons change the count in on_click callbacks, before the page is drawn.
"""

from dataclasses import dataclass

import streamlit as st

from ui.i18n import t


@dataclass(frozen=True)
class LessonStep:
    """One step of a worked example: a title, formulas filled with numbers, an optional note."""

    title: str
    latex: list[str]
    note: str | None = None  # markdown under the formulas (never built from typed text)


def step_defaults(prefix: str) -> dict:
    """The two state keys a walk needs, at their start: the first step shown, not all."""
    return {f"{prefix}.step": 1, f"{prefix}.show_all": False}


def _move(prefix: str, by: int, n_steps: int) -> None:
    key = f"{prefix}.step"
    st.session_state[key] = min(max(st.session_state[key] + by, 1), n_steps)


def step_controls(prefix: str, n_steps: int) -> int:
    """Back / Next / show all; returns how many steps to show (1..n_steps)."""
    show_all = st.session_state[f"{prefix}.show_all"]
    shown = st.session_state[f"{prefix}.step"]
    back, forward, everything, where = st.columns([1, 1.3, 1.5, 2], vertical_alignment="center")
    back.button(t("common.steps.back"), key=f"{prefix}.back", disabled=show_all or shown <= 1,
                on_click=_move, args=(prefix, -1, n_steps), width="stretch")
    forward.button(t("common.steps.next"), key=f"{prefix}.next",
                   disabled=show_all or shown >= n_steps, on_click=_move,
                   args=(prefix, 1, n_steps), width="stretch", type="primary")
    everything.toggle(t("common.steps.show_all"), key=f"{prefix}.show_all")
    shown = n_steps if st.session_state[f"{prefix}.show_all"] else shown
    where.caption(t("common.steps.showing", shown=shown, n=n_steps) if shown < n_steps else
                  t("common.steps.all_shown", n=n_steps))
    return shown


def show_steps(steps: list[LessonStep], shown: int) -> None:
    """Draw the first `shown` steps: a numbered heading, each formula, then the note."""
    for number, step in enumerate(steps[:shown], start=1):
        st.markdown(f"##### {number}) {step.title}")
        for formula in step.latex:
            st.latex(formula)
        if step.note:
            st.info(step.note)
