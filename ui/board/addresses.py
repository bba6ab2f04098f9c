"""The board's names in links (board, bkey, tkey) and the two links a teacher hands out."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import streamlit as st

from ui import links
from ui.i18n import t

BOARD, STUDENT_KEY, TEACHER_KEY = "board", "bkey", "tkey"
BOARD_PATH, STUDIO_PATH = "board", "studio"  # the pages' url_path in app.py
KEY_LENGTH = 64  # longer than any key the store makes: a longer value is not one
TOKEN = re.compile(rf"[A-Za-z0-9_-]{{1,{KEY_LENGTH}}}")  # what token_urlsafe writes


def token(name: str, key: str) -> links.Param:
    """A board id or key in a link: URL-safe letters only, so a tampered value is named in the
    link's notice (escaped) rather than carried on."""

    def parse(value: str) -> str:
        if not TOKEN.fullmatch(value):
            raise links.BadValue(t("board.not_token", n=KEY_LENGTH))
        return value

    return links.Param(name, key, parse)


def page_url(path: str, query: dict[str, str]) -> str:
    """An address of this app's page `path` with `query`: absolute when the browser told us
    where the app is (st.context.url, which ends in the current page's path), else relative."""
    here = st.context.url or ""
    root = re.sub(r"/[^/]*$", "", here) if here.count("/") > 2 else here
    address = f"{root}/{path}" if root else path
    return f"{address}?{urlencode(query)}" if query else address


def student_link(board_id: str, student_key: str) -> str:
    """The studio, with the board its runs are submitted to."""
    return page_url(STUDIO_PATH, {BOARD: board_id, STUDENT_KEY: student_key})


def teacher_link(board_id: str, teacher_key: str) -> str:
    """The board page, with the key that hides, clears and deletes."""
    return page_url(BOARD_PATH, {BOARD: board_id, TEACHER_KEY: teacher_key})


def board_link(board_id: str) -> str:
    """The board page for anyone: the runs, no key."""
    return page_url(BOARD_PATH, {BOARD: board_id})


def run_link(settings_query: str) -> str:
    """A submitted run, opened in the studio as its link."""
    return page_url(STUDIO_PATH, {}) + (f"?{settings_query}" if settings_query else "")
