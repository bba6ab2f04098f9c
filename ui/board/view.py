"""The board page's parts: open or create a board, the live table, the teacher's panel.

Made for projecting: the main area shows the class's runs and, to the teacher while the board is
empty, the link students open. Whatever only the teacher may see or do (their own link, hiding,
clearing, deleting, the names of hidden runs) sits in the sidebar, which a projector can leave
closed. The teacher key is read from the teacher's link once and then left out of the address
bar (app.py drops every name a page does not claim), so a projected address bar does not show it.
"""

from __future__ import annotations

import base64
import time

import pandas as pd
import streamlit as st

from ui import links, state
from ui.board import addresses, connection, limits
from ui.board.store import Board, Entry
from ui.i18n import t
from ui.studio.session import session_id

BOARD, TEACHER, ORDER = "board.id", "board.teacher", "board.order"
SELECTED, SURE, DONE = "board.selected", "board.sure", "board.done"
PARAMS = [addresses.token(addresses.BOARD, BOARD)]
ORDERS = ("best", "newest")


def sync() -> None:
    """The board named in the link; its teacher key, if the link has one, kept in the session."""
    ss = st.session_state
    links.sync(PARAMS, state.BOARD)
    if (key := st.query_params.get(addresses.TEACHER_KEY)) is not None:
        ss[TEACHER] = (ss[BOARD], key[:addresses.KEY_LENGTH])


def opened() -> Board | None:
    """The board on show, or None (no board in the link, or one that does not exist: said)."""
    board_id = st.session_state[BOARD]
    if not board_id:
        return None
    board, problem = connection.attempt(lambda store: store.board(board_id))
    if problem:
        st.error(problem)
        st.stop()
    if board is None:
        st.error(t("board.errors.unknown_board"), icon=":material/link_off:")
    return board


def is_teacher(board: Board) -> bool:
    """Whether this session holds the board's teacher key; a wrong one is said, once per run."""
    owner = st.session_state[TEACHER]
    if owner is None or owner[0] != board.id:
        return False
    _, problem = connection.attempt(lambda store: store.check(board.id, owner[1], teacher=True))
    if problem:
        st.warning(t("board.not_teacher"), icon=":material/lock:")
    return not problem


# --------------------------------------------------------------------------- a new board
def _create() -> None:
    board, problem = connection.attempt(lambda store: store.create_board(session_id()))
    ss = st.session_state
    if board is None:
        ss[DONE] = problem
        return
    ss[BOARD], ss[TEACHER], ss[DONE] = board.id, (board.id, board.teacher_key), ""


def create_block() -> None:
    st.markdown(t("board.intro"))
    st.button(t("board.create"), key="board.create", on_click=_create, type="primary",
              icon=":material/add:")
    said()


def said() -> None:
    """The outcome of the last button (a callback cannot draw): said once, where it happened."""
    if message := st.session_state[DONE]:
        st.error(message)
        st.session_state[DONE] = ""


def student_link_block(board: Board, empty: bool) -> None:
    """The link students open: open while the board is empty, folded once runs arrive."""
    with st.expander(t("board.student_link"), expanded=empty, icon=":material/group:"):
        st.caption(t("board.student_link_help"))
        st.code(addresses.student_link(board.id, board.student_key), language=None,
                wrap_lines=True)


# ------------------------------------------------------------------------- the live table
def ago(seconds: float) -> str:
    if seconds < 60:
        return t("board.ago_seconds", n=max(0, int(seconds)))
    if seconds < 3600:
        return t("board.ago_minutes", n=int(seconds // 60))
    return t("board.ago_hours", n=int(seconds // 3600))


def percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def table(entries: list[Entry], now: float) -> pd.DataFrame:
    """One row a run, in the order given. Names go in as text: a dataframe never reads Markdown
    or HTML in its cells."""
    return pd.DataFrame({
        "rank": range(1, len(entries) + 1),
        "name": [e.name for e in entries],
        "test_acc": [percent(e.test_acc) for e in entries],
        "train_acc": [percent(e.train_acc) for e in entries],
        "test_loss": [e.test_loss for e in entries],
        "params": [e.params for e in entries],
        "epochs": [e.epochs for e in entries],
        "regions": ["data:image/png;base64," + base64.b64encode(e.picture).decode("ascii")
                    if e.picture else None for e in entries],
        "when": [ago(now - e.created_at) for e in entries],
        "open": [addresses.run_link(e.settings) for e in entries],
    })


def columns() -> dict:
    # Narrow numbers: the whole row fits a projected page, the name keeps the room it needs.
    c, small = st.column_config, "small"
    return {
        "rank": c.NumberColumn("#", width=small),
        "name": c.TextColumn(t("board.col_name"), width="medium"),
        "test_acc": c.NumberColumn(t("board.col_test_acc"), format="%.1f%%", width=small),
        "train_acc": c.NumberColumn(t("board.col_train_acc"), format="%.1f%%", width=small),
        "test_loss": c.NumberColumn(t("board.col_test_loss"), format="%.4f", width=small),
        "params": c.NumberColumn(t("board.col_params"), width=small),
        "epochs": c.NumberColumn(t("board.col_epochs"), width=small),
        "regions": c.ImageColumn(t("board.col_regions"), width=small),
        "when": c.TextColumn(t("board.col_when"), width=small),
        "open": c.LinkColumn(t("board.col_open"), display_text=t("board.open"), width=small),
    }


def live_block(board: Board) -> None:
    """The runs shown to the class (never the hidden ones, even to the teacher who projects),
    read again every limits.REFRESH_SECONDS."""
    labels = {order: t(f"board.order_{order}") for order in ORDERS}
    order = st.radio(t("board.order"), ORDERS, key=ORDER, horizontal=True,
                     format_func=labels.__getitem__)

    @st.fragment(run_every=limits.REFRESH_SECONDS)
    def runs() -> None:
        entries, problem = connection.attempt(
            lambda store: store.entries(board.id, newest=order == "newest"))
        if problem:
            st.error(problem)
            return
        if not entries:
            st.info(t("board.empty"), icon=":material/hourglass_empty:")
            return
        st.caption(t("board.shown", n=len(entries)))
        st.dataframe(table(entries, time.time()), column_config=columns(), hide_index=True,
                     row_height=72, key="board.table")

    runs()


# ------------------------------------------------------------------- the teacher's panel
def _hide(board: Board, key: str, hidden: bool) -> None:
    ids = list(st.session_state[SELECTED])
    _, problem = connection.attempt(lambda store: store.set_hidden(board.id, key, ids, hidden))
    st.session_state[DONE] = problem
    st.session_state[SELECTED] = []


def _clear(board: Board, key: str) -> None:
    _, problem = connection.attempt(lambda store: store.clear(board.id, key))
    st.session_state[DONE], st.session_state[SURE] = problem, False


def _delete(board: Board, key: str) -> None:
    _, problem = connection.attempt(lambda store: store.delete(board.id, key))
    ss = st.session_state
    ss[DONE], ss[SURE] = problem, False
    if not problem:
        ss[BOARD], ss[TEACHER] = "", None


def teacher_block(board: Board) -> None:
    """In the sidebar: the teacher's own link, hide or show runs, clear the board, delete it."""
    key = st.session_state[TEACHER][1]
    st.header(t("board.teacher"))
    said()
    with st.expander(t("board.teacher_link"), icon=":material/key:"):
        st.caption(t("board.teacher_link_help"))
        st.code(addresses.teacher_link(board.id, key), language=None, wrap_lines=True)
    entries, problem = connection.attempt(
        lambda store: store.entries(board.id, newest=True, hidden=True,
                                    limit=limits.MAX_SUBMISSIONS_PER_BOARD))
    entries = entries or []
    # Labels looked up now (Streamlit may format options outside the run); names as text: a
    # multiselect shows its options as they are.
    labels = {e.id: f"#{e.id} {e.name}" + (t("board.hidden_mark") if e.hidden else "")
              for e in entries}
    st.session_state[SELECTED] = [i for i in st.session_state[SELECTED] if i in labels]
    st.multiselect(t("board.choose"), list(labels), key=SELECTED,
                   format_func=labels.__getitem__, help=t("board.choose_help"))
    left, right = st.columns(2)
    nothing = not st.session_state[SELECTED]
    left.button(t("board.hide"), key="board.hide", on_click=_hide, args=(board, key, True),
                disabled=nothing, icon=":material/visibility_off:")
    right.button(t("board.show"), key="board.show", on_click=_hide, args=(board, key, False),
                 disabled=nothing, icon=":material/visibility:")
    st.button(t("board.reload"), key="board.reload", icon=":material/refresh:")
    st.divider()
    st.checkbox(t("board.sure"), key=SURE)
    sure = st.session_state[SURE]
    st.button(t("board.clear"), key="board.clear", on_click=_clear, args=(board, key),
              disabled=not sure, icon=":material/delete_sweep:")
    st.button(t("board.delete"), key="board.delete", on_click=_delete, args=(board, key),
              disabled=not sure, icon=":material/delete_forever:")
    if problem:
        st.error(problem)


def count(board: Board) -> int:
    """Every run on the board, hidden ones too (0 when the store cannot say)."""
    n, _ = connection.attempt(lambda store: store.count(board.id))
    return n or 0
