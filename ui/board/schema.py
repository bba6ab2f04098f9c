"""The board's tables and their versions: a schema_version table and migrations applied in order.

A store opens on any earlier version and brings it up to date before it is used; a database
written by a newer version of the app is refused rather than guessed at. The Table objects below
describe the latest version; a later change is a new migration (an ALTER), never an edit of an
old one, so every database passes through the same steps.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    select,
    text,
)

metadata = MetaData()

schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))

boards = Table(
    "boards", metadata,
    Column("id", String(16), primary_key=True),
    Column("student_key", String(64), nullable=False),
    Column("teacher_key", String(64), nullable=False),
    Column("created_at", Float, nullable=False),  # Unix seconds, as every time here
    Column("creator", String(32), nullable=False),  # the creating session, hashed (rate limit)
)

submissions = Table(
    "submissions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("board_id", String(16), ForeignKey("boards.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("settings", Text, nullable=False),  # the studio link's query
    Column("train_loss", Float, nullable=False),
    Column("train_acc", Float, nullable=False),
    Column("test_loss", Float),  # None: the run had no test set
    Column("test_acc", Float),
    Column("epochs", Integer, nullable=False),
    Column("params", Integer, nullable=False),
    Column("picture", LargeBinary),  # PNG bytes of the decision regions
    Column("hidden", Boolean, nullable=False, default=False),
    Column("session", String(32), nullable=False),  # the submitting session, hashed
    Column("created_at", Float, nullable=False),
    Index("submissions_board", "board_id", "created_at"),
    Index("submissions_session", "session", "created_at"),
)


def _v1(conn: Connection) -> None:
    """Boards and their submissions."""
    metadata.create_all(conn, tables=[boards, submissions])


# In order: MIGRATIONS[k] takes a database from version k to k + 1.
MIGRATIONS: list[Callable[[Connection], None]] = [_v1]
LATEST = len(MIGRATIONS)

_LOCK_ID = 0x6D6C70  # any constant: replicas starting together migrate one after the other


class NewerSchema(RuntimeError):
    """The database was written by a newer version of the app than this one."""


def version(conn: Connection) -> int:
    """The database's schema version: 0 for an empty database."""
    schema_version.create(conn, checkfirst=True)
    return conn.execute(select(schema_version.c.version)).scalar() or 0


def migrate(conn: Connection) -> int:
    """Bring the database to LATEST inside the caller's transaction; returns the version found."""
    if conn.dialect.name == "postgresql":
        # DDL is transactional there: the replica that waits here finds the work done.
        conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
    found = version(conn)
    if found > LATEST:
        raise NewerSchema(f"the board database is at schema version {found}, this app knows "
                          f"up to {LATEST}: upgrade the app.")
    for step in MIGRATIONS[found:]:
        step(conn)
    if found == 0:
        conn.execute(schema_version.insert().values(version=LATEST))
    elif found < LATEST:
        conn.execute(schema_version.update().values(version=LATEST))
    return found
