"""Run N MLP Playground replicas on loopback behind Debian's nginx, rendered from deploy/nginx.conf.

    python deploy/run_replicas.py --replicas 2 --port 8080     # then open http://127.0.0.1:8080

Every process stays in the foreground of this script; Ctrl-C stops them all. nginx runs with its
own prefix, pid, logs and temp paths in a temporary directory, so it touches nothing of a system
nginx. The load test (tests/load/) imports `cluster` from here.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@dataclass(frozen=True)
class Cluster:
    """The proxy's url and the replicas' urls, for a client to talk to."""

    url: str
    replica_urls: tuple[str, ...]
    workdir: Path
    replica_pids: tuple[int, ...] = ()  # for a load test's CPU and memory figures


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render_config(replica_ports: list[int], listen_port: int, workdir: Path) -> str:
    """deploy/nginx.conf with loopback replicas and listener, every path under workdir."""
    if not replica_ports:
        raise ValueError(f"replica_ports must not be empty, got {replica_ports}.")
    text = NGINX_CONF.read_text(encoding="utf-8")
    servers = "".join(f"        server 127.0.0.1:{p};\n" for p in replica_ports)
    text, n_upstreams = re.subn(
        r"(upstream mlp_playground \{\n\s*hash [^\n]+\n)(?:\s*server [^\n]+\n)+",
        lambda m: m.group(1) + servers, text)
    # Loopback speaks plain HTTP: no redirect to HTTPS, no certificate, the app's server on PORT.
    text, n_redirects = re.subn(
        r"\n[^\n]*\n    server \{\n        listen 80;\n        return 301 [^\n]+\n    \}\n", "\n",
        text)
    text, n_listens = re.subn(r"listen 443 ssl;", f"listen 127.0.0.1:{listen_port};", text)
    text = re.sub(r"\n\s*ssl_[^\n]+", "", text)
    text = text.replace("/var/log/nginx/access.log", str(workdir / "access.log"))
    if n_upstreams != 1 or n_listens != 1 or n_redirects != 1:
        raise ValueError("deploy/nginx.conf must have one `upstream mlp_playground`, one "
                         "`listen 443 ssl;` and one port-80 server that only redirects.")
    paths = (
        f"pid {workdir / 'nginx.pid'};\n"
        f"error_log {workdir / 'error.log'} warn;\n"
    )
    temp = "".join(
        f"    {name}_temp_path {workdir / name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    text = paths + text.replace(
        "http {\n", f"http {{\n{temp}", 1)
    return text


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    """Poll url/_stcore/health until it answers "ok"; fail if the process dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode} before {url} was up")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} was not healthy after {timeout} s")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# The environment a server starts with (glibc reads it when the process starts; the app can only
# cap the arenas later, once a few threads have theirs: ui/session_reaper.limit_arenas). glibc
# gives each thread that allocates an arena of its own, up to 8 per core, and Streamlit runs
# every script run in a thread of its own, so a class's sessions end up spread over many arenas
# whose freed pages stay the process's: two arenas hold a class in about half the memory and keep
# less of it once the class has left (deploy/README.md has the figures). The Makefile's `run`
# and deploy/Dockerfile set the same; tests/test_serving_config.py checks.
SERVER_ENV = {"MALLOC_ARENA_MAX": "2"}


def start_streamlit(port: int, log_path: Path, extra_args: tuple[str, ...] = (),
                    env: dict[str, str] | None = None) -> subprocess.Popen:
    """One `streamlit run app.py` on 127.0.0.1:port, its output in log_path.

    extra_args are further `--section.option=value` flags (a test's short session TTL, say);
    env, variables to set for it beyond this process's own. SERVER_ENV's variables are set
    unless this process's environment (or env) sets them otherwise.
    """
    log = open(log_path, "w")  # noqa: SIM115 (the process owns it until it ends)
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
         f"--server.port={port}", "--server.address=127.0.0.1",
         "--browser.gatherUsageStats=false", "--server.fileWatcherType=none", *extra_args],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**SERVER_ENV, **os.environ, **(env or {})},
    )


def workers_each(n: int) -> dict[str, str]:
    """Training workers for each of n replicas on this machine (ui/studio/pool.py): its cores
    shared among them, unless MLP_TRAINING_WORKERS says otherwise."""
    if os.environ.get("MLP_TRAINING_WORKERS", "").strip():
        return {}
    return {"MLP_TRAINING_WORKERS": str(max(1, (os.cpu_count() or 1) // n))}


@contextlib.contextmanager
def _replica_procs(n: int, workdir: Path) -> Iterator[list[tuple[str, subprocess.Popen]]]:
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}.")
    started: list[tuple[str, subprocess.Popen]] = []
    try:
        for i in range(n):
            port = free_port()
            started.append((f"http://127.0.0.1:{port}",
                            start_streamlit(port, workdir / f"streamlit-{i}-{port}.log",
                                            env=workers_each(n))))
        for url, proc in started:
            wait_healthy(url, proc)
        yield started
    finally:
        for _, proc in started:
            _stop(proc)


@contextlib.contextmanager
def replicas(n: int, workdir: Path) -> Iterator[tuple[str, ...]]:
    """Start n streamlit processes on free loopback ports; yield their urls; stop them on exit."""
    with _replica_procs(n, workdir) as started:
        yield tuple(url for url, _ in started)


@contextlib.contextmanager
def cluster(n: int = 2, port: int | None = None, workdir: Path | None = None) -> Iterator[Cluster]:
    """n replicas and nginx in front of them on 127.0.0.1:port (a free port if None)."""
    if not Path(NGINX).exists():
        raise RuntimeError(f"No nginx at {NGINX}: install Debian's (apt-get install -y nginx).")
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mlp-nginx-")))
        workdir.mkdir(parents=True, exist_ok=True)
        started = stack.enter_context(_replica_procs(n, workdir))
        urls = [url for url, _ in started]
        listen = port or free_port()
        conf = workdir / "nginx.conf"
        conf.write_text(render_config([int(u.rsplit(":", 1)[1]) for u in urls], listen, workdir))
        # nginx's workers drop to "nobody" when started as root; let them use the temp paths.
        os.chmod(workdir, 0o755)
        args = [NGINX, "-p", str(workdir), "-e", str(workdir / "error.log"), "-c", str(conf),
                "-g", "daemon off;"]
        subprocess.run([*args[:-2], "-t", "-q"], check=True)
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        stack.callback(_stop, proc)
        url = f"http://127.0.0.1:{listen}"
        wait_healthy(url, proc, timeout=30)
        yield Cluster(url=url, replica_urls=tuple(urls), workdir=workdir,
                      replica_pids=tuple(proc.pid for _, proc in started))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", "-n", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="nginx listens on 127.0.0.1:PORT")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="nginx prefix, config and logs (default: a temporary directory)")
    args = parser.parse_args(argv)
    with cluster(args.replicas, args.port, args.workdir) as c:
        print(f"nginx on {c.url} -> {', '.join(c.replica_urls)}; logs in {c.workdir}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()
