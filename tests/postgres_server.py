"""A real PostgreSQL server for the tests: Debian's postgresql 15, initdb + pg_ctl on a temporary
directory and a free loopback port, stopped and removed afterwards.

initdb refuses to run as root, and CI runs as root: there the server runs as the `postgres` user
that Debian's package creates. Where the binaries are missing the tests that need the server are
skipped, except with CI=true, where that is a failure (.ci/run installs the package).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _newest_bin() -> Path:
    """$PG_BIN, else the newest /usr/lib/postgresql/<version>/bin (15 on Debian 12)."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                   else 0)
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


BIN = _newest_bin()


def available() -> bool:
    return (BIN / "initdb").exists() and (BIN / "pg_ctl").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    """A running server; yields its SQLAlchemy URL (database postgres, user postgres, trust)."""
    top = Path(tempfile.mkdtemp(prefix="mlp-pg-"))
    data, port = top / "data", _free_port()
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(top, account.pw_uid, account.pw_gid)
    try:
        subprocess.run(_as_server_user([str(BIN / "initdb"), "-D", str(data), "-U", "postgres",
                                        "--auth=trust", "--encoding=UTF8", "--no-sync"]),
                       check=True, capture_output=True)
        options = (f"-p {port} -k {top} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c full_page_writes=off -c synchronous_commit=off")
        subprocess.run(_as_server_user([str(BIN / "pg_ctl"), "-D", str(data), "-o", options,
                                        "-l", str(top / "server.log"), "-w", "-t", "60",
                                        "start"]), check=True, capture_output=True)
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(_as_server_user([str(BIN / "pg_ctl"), "-D", str(data), "-m", "fast",
                                            "-w", "stop"]), capture_output=True)
    finally:
        shutil.rmtree(top, ignore_errors=True)
