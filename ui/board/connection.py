"""The process's one BoardStore, and store calls that end in a message rather than a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from ui.board.store import BoardError, BoardStore, url_from_environment
from ui.i18n import error_text

T = TypeVar("T")
log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def _store(url: str) -> BoardStore:
    # Shared by every session on purpose: a pool of connections to one database, no student's
    # data (what they submit is in the database, read back per request).
    return BoardStore(url)


def store() -> BoardStore:
    """The store named by the environment ($MLP_DATABASE_URL, else SQLite in $MLP_BOARD_DIR)."""
    return _store(url_from_environment())


def attempt(call: Callable[[BoardStore], T]) -> tuple[T | None, str]:
    """call(store), and "" or the message that says, in the session's language, why not.

    A refusal (a BoardError) is said by its code; a database that cannot be reached (a replica
    whose PostgreSQL is restarting) is one message too: the page stays, nothing typed is lost.
    """
    try:
        return call(store()), ""
    except BoardError as error:
        return None, error_text(error, prefix="board.errors.")
    except SQLAlchemyError:
        log.exception("the board's database did not answer")
        return None, error_text(BoardError("unavailable"), prefix="board.errors.")
