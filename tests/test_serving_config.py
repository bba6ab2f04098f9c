"""Serving a class: the Streamlit config, no raw HTML from pages, and the deploy files agree."""

import ast
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy"))

import run_replicas  # noqa: E402 (lives in deploy/, which is not a package)

# A class behind one school NAT address, and the requests (static files aside, which nginx does
# not count) one browser makes when it opens the studio with an empty cache: 10 measured with
# Streamlit 1.67, checked by tests/browser/test_proxy.py.
CLASS = 40
REQUESTS_PER_OPEN = 15

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
NGINX = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
DOCKERFILE = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
DEPLOY_README = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")


def unsafe_html_calls(path: Path) -> list[int]:
    """Line numbers of calls passing unsafe_allow_html anything but a literal False."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree) if isinstance(node, ast.Call)
        for kw in node.keywords
        if kw.arg == "unsafe_allow_html"
        and not (isinstance(kw.value, ast.Constant) and kw.value.value is False)
    ]


def test_errors_reach_no_user_as_tracebacks():
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_the_toolbar_offers_viewers_nothing_to_change():
    assert CONFIG["client"]["toolbarMode"] == "viewer"


def test_xsrf_protection_is_on():
    assert CONFIG["server"]["enableXsrfProtection"] is True


def test_no_full_garbage_collection_after_every_script_run_but_the_app_reaps_ended_sessions():
    # Streamlit's default: ~0.16 s of the shared process per run with torch loaded (see config).
    # A closed session's memory comes back through ui/session_reaper.py instead
    # (tests/browser/test_memory.py), which app.py starts on every run.
    assert CONFIG["runner"]["postScriptGC"] is False
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert re.search(r"^session_reaper\.watch\(\)", app, re.M)


def test_uploads_are_capped():
    cap = CONFIG["server"]["maxUploadSize"]
    assert isinstance(cap, int)
    assert 1 <= cap <= 200  # megabytes; Streamlit's own default is 200


def test_no_page_or_ui_module_renders_raw_html():
    files = sorted((ROOT / "app_pages").glob("*.py")) + sorted((ROOT / "ui").rglob("*.py"))
    assert files, "no pages or ui modules found"
    offenders = {str(f.relative_to(ROOT)): unsafe_html_calls(f) for f in files}
    assert {name: lines for name, lines in offenders.items() if lines} == {}
    texts = {str(f.relative_to(ROOT)): f.read_text(encoding="utf-8") for f in files}
    grep = [name for name, text in texts.items()
            if re.search(r"unsafe_allow_html\s*=\s*True", text)]
    assert grep == []


def test_the_checker_sees_raw_html(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import streamlit as st\n"
        "st.markdown('<b>x</b>', unsafe_allow_html=True)\n"
        "st.markdown('ok', unsafe_allow_html=False)\n"
        "flag = True\n"
        "st.write('x', unsafe_allow_html=flag)\n"
    )
    assert unsafe_html_calls(bad) == [2, 5]


def test_nginx_lets_through_every_upload_the_app_accepts():
    body = re.search(r"client_max_body_size (\d+)m;", NGINX)
    assert body is not None
    assert int(body.group(1)) >= CONFIG["server"]["maxUploadSize"]


def test_nginx_keeps_a_student_on_one_replica_by_cookie_not_by_address():
    upstream = re.search(r"upstream mlp_playground \{(.*?)\}", NGINX, re.S).group(1)
    assert re.search(r"^\s*hash \$mlp_route consistent;", upstream, re.M)
    assert "ip_hash" not in upstream  # a classroom shares one NAT address
    assert "map $cookie_mlp_route $mlp_route" in NGINX
    assert 'Set-Cookie "mlp_route=$mlp_route;' in NGINX


def test_nginx_proxies_the_websocket_with_upgrade_headers_and_long_timeouts():
    stream = re.search(r"location /_stcore/stream \{(.*?)\}", NGINX, re.S).group(1)
    assert "proxy_http_version 1.1;" in stream
    assert "proxy_set_header Upgrade $http_upgrade;" in stream
    assert "proxy_set_header Connection $connection_upgrade;" in stream
    timeout = re.search(r"proxy_read_timeout (\d+)s;", stream)
    assert timeout is not None and int(timeout.group(1)) >= 3600
    assert re.search(r"location = /_stcore/health \{[^}]*proxy_pass http://mlp_playground;", NGINX)


def test_the_rendered_config_points_at_the_loopback_replicas(tmp_path):
    text = run_replicas.render_config([8601, 8602, 8603], 9000, tmp_path)
    upstream = re.search(r"upstream mlp_playground \{(.*?)\}", text, re.S).group(1)
    assert re.findall(r"server ([\d.:]+);", upstream) == [
        "127.0.0.1:8601", "127.0.0.1:8602", "127.0.0.1:8603"]
    # Plain HTTP on loopback: one listener, no redirect, no certificate.
    assert re.findall(r"listen ([^;]+);", text) == ["127.0.0.1:9000"]
    directives = re.sub(r"#[^\n]*", "", text)
    assert "return 301" not in directives and "ssl" not in directives
    assert f"pid {tmp_path / 'nginx.pid'};" in text
    # Everything else is the file as written: every location, header and limit.
    assert text.count("location ") == NGINX.count("location ")
    for directive in ("add_header", "limit_req", "limit_conn", "server_tokens off;"):
        assert text.count(directive) == NGINX.count(directive), directive


def test_students_reach_the_app_over_https_only_and_the_route_cookie_is_secure_there():
    redirect = re.search(r"server \{\n\s*listen 80;\n(.*?)\n    \}", NGINX, re.S).group(1)
    assert redirect.strip() == "return 301 https://$host$request_uri;"
    assert NGINX.count("listen 443 ssl;") == 1
    assert re.search(r"ssl_certificate\s+\S+;", NGINX)
    assert re.search(r"ssl_certificate_key\s+\S+;", NGINX)
    assert re.search(r"map \$scheme \$mlp_route_secure \{\s*https\s+\"; Secure\";", NGINX)
    assert re.search(r'Set-Cookie "mlp_route=[^"]*\$mlp_route_secure"', NGINX)


def test_nginx_names_no_version_and_lets_no_other_site_frame_the_app():
    assert re.search(r"^\s*server_tokens off;", NGINX, re.M)
    assert 'add_header X-Frame-Options "SAMEORIGIN" always;' in NGINX
    assert "add_header Content-Security-Policy \"frame-ancestors 'self'\" always;" in NGINX


def limit(pattern: str, text: str = NGINX) -> int:
    found = re.search(pattern, text)
    assert found is not None, pattern
    return int(found.group(1))


def test_limits_per_client_let_a_class_behind_one_address_work():
    # The figures of deploy/README.md: a class of CLASS students opening the app in the same
    # second, two tabs each, each browser up to 6 connections while it loads.
    rate = limit(r"limit_req_zone \$per_client_key zone=per_client:\d+m rate=(\d+)r/s;")
    assert re.search(r"map \$uri \$per_client_key \{\s*~\^/static/ \"\";[^}]*"
                     r"default\s+\$binary_remote_addr;", NGINX)
    burst = limit(r"limit_req zone=per_client burst=(\d+) nodelay;")
    connections = limit(r"limit_conn per_client_conn (\d+);")
    stream = re.search(r"location /_stcore/stream \{(.*?)\}", NGINX, re.S).group(1)
    sessions = limit(r"limit_conn per_client_conn (\d+);", stream)
    assert burst >= CLASS * REQUESTS_PER_OPEN
    assert rate >= 10  # uploads, downloads and reloads of a working class
    assert connections >= CLASS * (2 + 6)
    assert CLASS * 2 <= sessions <= connections
    # Limits, not a formality: one address cannot open sessions for a whole school.
    assert sessions <= 200 and burst <= 10 * CLASS * REQUESTS_PER_OPEN


def test_the_renderer_refuses_an_empty_upstream(tmp_path):
    with pytest.raises(ValueError, match=r"replica_ports must not be empty, got \[\]\."):
        run_replicas.render_config([], 9000, tmp_path)


def test_the_image_is_slim_cpu_only_non_root_and_health_checked():
    assert DOCKERFILE.startswith("#") and "FROM python:3.11-slim\n" in DOCKERFILE
    assert "https://download.pytorch.org/whl/cpu" in DOCKERFILE
    user = re.findall(r"^USER (\S+)$", DOCKERFILE, re.M)
    assert user and user[-1] not in {"root", "0"}
    assert re.search(r"^HEALTHCHECK .*\n(?:.*\\\n)*.*/_stcore/health", DOCKERFILE, re.M)
    cmd = re.search(r'^CMD \[(.*?)\]$', DOCKERFILE, re.M | re.S).group(1)
    assert '"streamlit", "run", "app.py"' in cmd
    assert '"--server.address=0.0.0.0"' in cmd and '"--server.port=8501"' in cmd


def test_every_documented_replica_runs_with_a_memory_limit_and_restarts():
    commands = re.findall(r"docker run (?:[^\n]*\\\n)*[^\n]*", DOCKERFILE + DEPLOY_README)
    runs = [cmd for cmd in commands if cmd.split()[-1] == "mlp-playground"]
    assert len(runs) >= 3, runs  # the Dockerfile's and the README's app1 and app2
    for cmd in runs:
        memory = re.search(r"--memory=(\d+)g", cmd)
        assert memory is not None and f"--memory-swap={memory.group(1)}g" in cmd, cmd
        assert "--restart=unless-stopped" in cmd and "--rm" not in cmd, cmd
    # What happens at the limit is said where the limit is set.
    assert "exits with 137" in DOCKERFILE and "exit 137" in DEPLOY_README


def test_every_way_of_starting_a_server_sets_the_allocators_environment(monkeypatch, tmp_path):
    # glibc reads MALLOC_ARENA_MAX when the process starts: `make run`, the Docker image and the
    # servers deploy/run_replicas.py starts (replicas, the load tools, the memory test) set it.
    assert run_replicas.SERVER_ENV == {"MALLOC_ARENA_MAX": "2"}
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run_recipe = re.search(r"^run: .*\n\t(.*)$", makefile, re.M).group(1)
    assert run_recipe.startswith("MALLOC_ARENA_MAX=2 $(PY) -m streamlit run app.py")
    assert re.search(r"^ENV MALLOC_ARENA_MAX=2 ", DOCKERFILE, re.M)
    started = {}
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.setattr(run_replicas.subprocess, "Popen",
                        lambda args, **kw: started.update(kw["env"]))
    run_replicas.start_streamlit(1, tmp_path / "log")
    assert started["MALLOC_ARENA_MAX"] == "2"
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")  # an operator's own choice wins
    run_replicas.start_streamlit(1, tmp_path / "log")
    assert started["MALLOC_ARENA_MAX"] == "4"
