"""A challenge on a page, the Streamlit side: opened from the link, kept in the URL, left; the
builder's fields every page shares; the link with its QR code.

Each page keeps its challenge under its own `slot` in the session ("challenge" for the studio,
"challenge.<page>" for a lesson): <slot>.active (the Challenge, or None) and <slot>.params (its
params as the link gave them, written back to the URL on every run).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from urllib.parse import urlencode

import streamlit as st

from ui import challenge as ch
from ui import links, qr
from ui.format import plain
from ui.i18n import t


def active(slot: str) -> ch.Challenge | None:
    return st.session_state.get(f"{slot}.active")


def _drop_from_url() -> None:
    for name in ch.NAMES:
        if name in st.query_params:
            del st.query_params[name]


def leave(slot: str) -> None:
    """The student leaves the challenge: every control is theirs again (a button's callback)."""
    st.session_state[f"{slot}.active"], st.session_state[f"{slot}.params"] = None, {}
    _drop_from_url()


def open_link(slot: str, carriers: Mapping[str, str]) -> ch.Challenge | None:
    """Open a challenge the link brings, keep the open one in the URL; returns it.

    Before the page's own link sync: a refused challenge leaves its settings to be read as a plain
    link, and the page says why.
    """
    ss, url = st.session_state, st.query_params
    ss.setdefault(links.CLAIMED, set()).update(ch.NAMES)
    kept = ss.setdefault(f"{slot}.params", {})
    if ch.VERSION_PARAM in url and url.get(ch.SIG) != kept.get(ch.SIG):
        try:
            challenge = ch.read(url.to_dict(), carriers)
        except ch.Refused as refused:
            st.warning(t(f"challenge.{refused.code}"), icon=":material/link_off:")
            challenge = None
        except OSError:  # no secret to check it with: the server's data directory is not writable
            st.error(t("challenge.no_secret"))
            challenge = None
        if challenge is None:
            _drop_from_url()
        ss[f"{slot}.active"] = challenge
        ss[f"{slot}.params"] = kept = ({n: url[n] for n in ch.NAMES if n in url}
                                       if challenge is not None else {})
    for name, value in kept.items():
        if url.get(name) != value:
            url[name] = value
    return active(slot)


def fixed_value(s, text: str):
    """A fixed setting's value from its link text ("" for its default). Signed, so readable;
    still unusable here now and then (an upload this session lacks): then its default."""
    try:
        return s.default if text == "" else s.codec().parse(text)
    except links.BadValue:
        return s.default


def task_box(slot: str, fixed_labels: Sequence[str]):
    """The challenge's frame on the page: its task and what the teacher fixed; returns the
    container, for the page to add its goal and progress, or None outside a challenge."""
    challenge = active(slot)
    if challenge is None:
        return None
    box = st.container(border=True, key=f"{slot}.box")
    with box:
        st.markdown(f"**{t('challenge.header')}**")
        if challenge.task:
            st.markdown(plain(challenge.task))  # the teacher's words, as text
        if fixed_labels:
            st.caption(t("challenge.fixed", names=", ".join(fixed_labels)))
    return box


def leave_button(slot: str, where) -> None:
    where.button(t("challenge.leave"), key=f"{slot}.leave", on_click=leave, args=(slot,))


def builder(slot: str, carriers: Mapping[str, str], label: Callable[[str], str],
            goal_fields: Callable[[], ch.Goal | None] = lambda: None) -> None:
    """The teacher's "make a challenge" box in the sidebar: task, what to lock and hide, the
    board's student link, the page's own goal fields; then the link and its QR code.

    Not offered inside a challenge: a student would otherwise unlock their own controls.
    """
    if active(slot) is not None:
        return
    box = st.sidebar.popover(t("challenge.make"), icon=":material/flag:", width="stretch",
                             key=f"{slot}.builder", on_change="rerun")
    if not box.open:
        return
    with box:
        st.caption(t("challenge.make_help"))
        task = st.text_area(t("challenge.task"), key=f"{slot}.task", max_chars=ch.MAX_TASK)
        goal = goal_fields()
        names = list(carriers)
        lock = st.multiselect(t("challenge.lock"), names, format_func=label, key=f"{slot}.lock")
        hide = st.multiselect(t("challenge.hide"), names, format_func=label, key=f"{slot}.hide")
        board = st.text_input(t("challenge.board"), key=f"{slot}.board",
                              help=t("challenge.board_help"))
        challenge = ch.Challenge(task.strip(), goal, tuple(lock), tuple(hide),
                                 ch.board_params(board))
        try:
            query = ch.params(challenge, st.query_params.to_dict(), carriers)
        except OSError:
            st.error(t("challenge.no_secret"))
            return
        link = f"{st.context.url or ''}?{urlencode(query)}"
        st.code(link, language=None, wrap_lines=True)
        qr.show(link, key=f"{slot}.qr")
