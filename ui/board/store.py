"""The class board's store: boards, their two keys, and the runs students submit to them.

One small interface over SQLAlchemy Core: SQLite (a file in $MLP_BOARD_DIR, by default data/boards/)
for one server, PostgreSQL ($MLP_DATABASE_URL) for replicas that share one board. No Streamlit
here: the board page and the studio's submit form call it, the tests and the load benchmark too.

Roles without accounts: a board has a student key (in the link students open) and a teacher key
(in the teacher's own link). Either key submits; only the teacher key hides, clears or deletes.
A refusal is a BoardError with a code (board.errors.<code> in the catalogues) and its values.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, func, select

from ui.board import limits, schema
from ui.board.schema import boards, submissions
from ui.format import one_line

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = ROOT / "data" / "boards"
DB_FILE = "boards.sqlite3"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BOARD_ID = re.compile(r"[A-Za-z0-9_-]{1,16}")

ERRORS = ("unknown_board", "wrong_key", "board_full", "too_often", "too_many_boards", "no_name",
          "bad_scores", "bad_settings", "bad_picture")


class BoardError(ValueError):
    """A refusal: `code` (one of ERRORS) and the `values` its sentence needs."""

    def __init__(self, code: str, **values):
        super().__init__(f"{code} {values}" if values else code)
        self.code, self.values = code, values


@dataclass(frozen=True)
class Board:
    id: str
    student_key: str
    teacher_key: str
    created_at: float


@dataclass(frozen=True)
class Run:
    """What a student submits: a display name and the server's own figures of a finished run."""

    name: str
    settings: str  # the studio link's query, e.g. "data=circles&hidden=6-6"
    train_loss: float
    train_acc: float
    test_loss: float | None
    test_acc: float | None
    epochs: int
    params: int
    picture: bytes | None = None  # a PNG of the decision regions


@dataclass(frozen=True)
class Entry(Run):
    """A submission as the board shows it: the run, its number on the board, hidden or not, and
    when it came."""

    id: int = 0
    hidden: bool = False
    created_at: float = 0.0

    @property
    def accuracy(self) -> float:
        """What the board ranks by: test accuracy, or train accuracy for a run without a test
        set."""
        return self.train_acc if self.test_acc is None else self.test_acc


def session_tag(session_id: str) -> str:
    """A session as the store keeps it: a hash, so the database holds no live session id."""
    return hashlib.sha256(session_id.encode()).hexdigest()[:32]


def clean_name(name: str) -> str:
    """The display name as stored: one line, no control or bidi characters, trimmed, at most
    limits.NAME_LENGTH characters. Shown as text only wherever it appears."""
    cleaned = one_line(name, limits.NAME_LENGTH)
    if not cleaned:
        raise BoardError("no_name")
    return cleaned


def _check_run(run: Run) -> Run:
    numbers = [run.train_loss, run.train_acc, run.test_loss, run.test_acc]
    if not all(v is None or (isinstance(v, int | float) and math.isfinite(v)) for v in numbers):
        raise BoardError("bad_scores")
    accuracies = [v for v in (run.train_acc, run.test_acc) if v is not None]
    losses = [v for v in (run.train_loss, run.test_loss) if v is not None]
    if (not all(0 <= v <= 1 for v in accuracies) or min(losses) < 0
            or (run.test_loss is None) != (run.test_acc is None)
            or run.epochs < 1 or run.params < 1):
        raise BoardError("bad_scores")
    if (len(run.settings) > limits.MAX_SETTINGS_LENGTH
            or not run.settings.isprintable() or " " in run.settings):
        raise BoardError("bad_settings")
    if run.picture is not None and (len(run.picture) > limits.MAX_PICTURE_BYTES
                                    or not run.picture.startswith(PNG_SIGNATURE)):
        raise BoardError("bad_picture", max=limits.MAX_PICTURE_BYTES)
    return run


def engine_for(url: str) -> Engine:
    """An engine for a SQLAlchemy URL; plain postgresql:// URLs go through psycopg 3."""
    url = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url)
    if not url.startswith("sqlite"):
        # pre_ping: a replica keeps working across a restart of the database server.
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    # The sqlite3 driver opens its transactions late and as readers; every transaction here
    # begins IMMEDIATE instead, so two sessions that submit at once wait for each other (up to
    # the timeout) rather than one failing with "database is locked" halfway. WAL lets the
    # boards' refreshes read meanwhile.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def url_from_environment() -> str:
    """$MLP_DATABASE_URL, else a SQLite file in $MLP_BOARD_DIR (default data/boards/)."""
    if url := os.environ.get("MLP_DATABASE_URL"):
        return url
    folder = Path(os.environ.get("MLP_BOARD_DIR") or DEFAULT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / DB_FILE}"


class BoardStore:
    """Boards and submissions in one database; safe to share between threads and processes."""

    def __init__(self, url: str, clock: Callable[[], float] = time.time):
        self.engine = engine_for(url)
        self.clock = clock
        with self.engine.begin() as conn:
            schema.migrate(conn)

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------------------- boards
    def create_board(self, session: str) -> Board:
        """A new board with fresh keys; refused past limits.SESSION_BOARDS a minute per session."""
        now, tag = self.clock(), session_tag(session)
        with self.engine.begin() as conn:
            recent = conn.execute(select(func.count()).select_from(boards).where(
                boards.c.creator == tag,
                boards.c.created_at > now - limits.SESSION_WINDOW_SECONDS)).scalar_one()
            if recent >= limits.SESSION_BOARDS:
                raise BoardError("too_many_boards", n=limits.SESSION_BOARDS)
            board = Board(secrets.token_urlsafe(8), secrets.token_urlsafe(16),
                          secrets.token_urlsafe(24), now)
            conn.execute(boards.insert().values(
                id=board.id, student_key=board.student_key, teacher_key=board.teacher_key,
                created_at=now, creator=tag))
        return board

    def board(self, board_id: str) -> Board | None:
        """The board, or None when there is none by that id."""
        with self.engine.connect() as conn:
            return _board(conn, board_id)

    def check(self, board_id: str, key: str, teacher: bool = False) -> Board:
        """The board if `key` opens it (the teacher key only, with teacher=True)."""
        with self.engine.connect() as conn:
            return _opened(conn, board_id, key, teacher)

    # -------------------------------------------------------------------------- submissions
    def submit(self, board_id: str, key: str, run: Run, session: str) -> int:
        """Add a run to the board; returns its id. Refused: unknown board, wrong key, a bad name
        or bad figures, the board full, or this session past its rate."""
        run = _check_run(Run(**{**run.__dict__, "name": clean_name(run.name)}))
        now, tag = self.clock(), session_tag(session)
        with self.engine.begin() as conn:
            _opened(conn, board_id, key, lock=True)
            count = conn.execute(select(func.count()).select_from(submissions).where(
                submissions.c.board_id == board_id)).scalar_one()
            if count >= limits.MAX_SUBMISSIONS_PER_BOARD:
                raise BoardError("board_full", n=limits.MAX_SUBMISSIONS_PER_BOARD)
            window = conn.execute(select(submissions.c.created_at).where(
                submissions.c.session == tag,
                submissions.c.created_at > now - limits.SESSION_WINDOW_SECONDS,
            ).order_by(submissions.c.created_at)).scalars().all()
            if len(window) >= limits.SESSION_SUBMISSIONS:
                wait = window[-limits.SESSION_SUBMISSIONS] + limits.SESSION_WINDOW_SECONDS - now
                raise BoardError("too_often", n=limits.SESSION_SUBMISSIONS,
                                 seconds=max(1, math.ceil(wait)))
            return conn.execute(submissions.insert().values(
                board_id=board_id, hidden=False, session=tag, created_at=now,
                **run.__dict__)).inserted_primary_key[0]

    def entries(self, board_id: str, newest: bool = False, hidden: bool = False,
                limit: int = limits.SHOWN_ROWS) -> list[Entry]:
        """The board's runs, best first (accuracy, then loss, then who got there first) or
        newest first; hidden ones only with hidden=True (the teacher's view)."""
        c = submissions.c
        query = select(c.id, c.name, c.settings, c.train_loss, c.train_acc, c.test_loss,
                       c.test_acc, c.epochs, c.params, c.picture, c.hidden, c.created_at
                       ).where(c.board_id == board_id)
        if not hidden:
            query = query.where(c.hidden.is_(False))
        if newest:
            query = query.order_by(c.created_at.desc(), c.id.desc())
        else:
            query = query.order_by(func.coalesce(c.test_acc, c.train_acc).desc(),
                                   func.coalesce(c.test_loss, c.train_loss).asc(),
                                   c.created_at.asc(), c.id.asc())
        with self.engine.connect() as conn:
            return [Entry(**row._mapping) for row in conn.execute(query.limit(limit))]

    def count(self, board_id: str) -> int:
        """Every submission on the board, hidden ones included (what the cap counts)."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(submissions).where(
                submissions.c.board_id == board_id)).scalar_one()

    # ------------------------------------------------------------------ the teacher key only
    def set_hidden(self, board_id: str, teacher_key: str, ids: Iterable[int],
                   hidden: bool = True) -> int:
        """Hide (or show again) submissions of this board; returns how many changed."""
        with self.engine.begin() as conn:
            _opened(conn, board_id, teacher_key, teacher=True, lock=True)
            return conn.execute(submissions.update().where(
                submissions.c.board_id == board_id, submissions.c.id.in_(list(ids)),
            ).values(hidden=hidden)).rowcount

    def clear(self, board_id: str, teacher_key: str) -> int:
        """Remove every submission; the board and its keys stay. Returns how many went."""
        with self.engine.begin() as conn:
            _opened(conn, board_id, teacher_key, teacher=True, lock=True)
            return conn.execute(submissions.delete().where(
                submissions.c.board_id == board_id)).rowcount

    def delete(self, board_id: str, teacher_key: str) -> None:
        """The board and its submissions, gone: its links open on "no such board"."""
        with self.engine.begin() as conn:
            _opened(conn, board_id, teacher_key, teacher=True, lock=True)
            conn.execute(submissions.delete().where(submissions.c.board_id == board_id))
            conn.execute(boards.delete().where(boards.c.id == board_id))


def _board(conn, board_id: str, lock: bool = False) -> Board | None:
    if not BOARD_ID.fullmatch(board_id or ""):
        return None
    query = select(boards.c.id, boards.c.student_key, boards.c.teacher_key,
                   boards.c.created_at).where(boards.c.id == board_id)
    # lock: the board's row is held until the transaction commits, so on PostgreSQL two
    # submissions at once cannot both pass the cap (SQLite's IMMEDIATE already serialises).
    row = conn.execute(query.with_for_update() if lock else query).first()
    return Board(*row) if row else None


def _opened(conn, board_id: str, key: str, teacher: bool = False, lock: bool = False) -> Board:
    board = _board(conn, board_id, lock)
    if board is None:
        raise BoardError("unknown_board")
    keys = [board.teacher_key] if teacher else [board.teacher_key, board.student_key]
    # compare_digest: no timing tells how much of a guessed key was right.
    if not any(secrets.compare_digest((key or "").encode(), k.encode()) for k in keys):
        raise BoardError("wrong_key")
    return board
