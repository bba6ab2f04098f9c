"""The server's secret that signs challenge links, and the signature itself (HMAC-SHA256).

Every replica must sign and check with the same secret, or a link made on one would be refused by
the next. MLP_CHALLENGE_SECRET sets it; without it, a random secret is written once to a file in
the app's data directory (MLP_DATA_DIR, default data/local/ beside the app) and read from there,
so replicas that share that directory agree (deploy/README.md says which to use when).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import cache
from pathlib import Path

SECRET_ENV = "MLP_CHALLENGE_SECRET"
DATA_DIR_ENV = "MLP_DATA_DIR"
SECRET_FILE = "challenge.secret"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "local"
SIGNATURE_CHARS = 32  # 128 bits of the HMAC, in hex: short enough for a QR code to stay coarse


def secret_file() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR) / SECRET_FILE


def _file_secret(path: Path) -> bytes:
    """The secret in `path`, written first if no replica has yet (the first writer wins).

    Written whole to a file of its own, then linked into place: a replica starting at the same
    moment finds either no file or the full secret, never half of one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        draft = path.with_name(f"{path.name}.{secrets.token_hex(8)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip().encode()


@cache
def secret() -> bytes:
    """The signing secret: the environment's, else the data directory's file."""
    from_env = os.environ.get(SECRET_ENV, "")
    return from_env.encode() if from_env else _file_secret(secret_file())


def sign(message: str, key: bytes | None = None) -> str:
    """The signature of `message` under `key` (the server's secret by default)."""
    digest = hmac.new(secret() if key is None else key, message.encode(), hashlib.sha256)
    return digest.hexdigest()[:SIGNATURE_CHARS]


def verify(message: str, signature: str, key: bytes | None = None) -> bool:
    return hmac.compare_digest(sign(message, key), signature)
