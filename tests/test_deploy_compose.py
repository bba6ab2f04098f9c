"""deploy/compose.yaml against the rest of deploy/: the replicas nginx sends students to are the
ones Compose starts, each on the shared PostgreSQL, each with the memory limit and restart the
Dockerfile explains. (Read as text: no YAML parser among the pinned packages.)"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = (ROOT / "deploy" / "compose.yaml").read_text(encoding="utf-8")
NGINX = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")


def services() -> dict[str, str]:
    """Each service's block of text, by name."""
    body = COMPOSE.split("\nservices:\n", 1)[1].split("\nvolumes:\n", 1)[0]
    parts = re.split(r"^  (\w+):\n", body, flags=re.M)[1:]
    return dict(zip(parts[::2], parts[1::2], strict=True))


def test_compose_starts_exactly_the_replicas_of_the_nginx_upstream():
    upstream = re.search(r"upstream mlp_playground \{(.*?)\}", NGINX, re.S).group(1)
    replicas = set(re.findall(r"server (\w+):8501;", upstream))
    apps = {name for name, block in services().items() if "<<: *app" in block}
    assert replicas == apps == {"app1", "app2"}


def test_every_replica_shares_the_postgresql_board_and_is_limited_and_restarted():
    anchor = COMPOSE.split("x-app: &app\n", 1)[1].split("\n\n", 1)[0]
    assert re.search(r"MLP_DATABASE_URL: postgresql://mlp:\$\{MLP_DB_PASSWORD[^}]*\}@db:5432/mlp",
                     anchor)
    assert "mem_limit: 3g" in anchor and "memswap_limit: 3g" in anchor
    assert "restart: unless-stopped" in anchor
    db = services()["db"]
    assert "POSTGRES_PASSWORD: ${MLP_DB_PASSWORD:?" in db and "pg_isready" in db
    assert "boards:/var/lib/postgresql/data" in db  # the boards outlive the container
    # The password and the certificates come from the environment, never from this file.
    assert "MLP_DB_PASSWORD:?" in COMPOSE and "MLP_TLS_DIR:?" in COMPOSE
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in services()["proxy"]
