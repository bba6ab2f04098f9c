"""nginx in front of a replica, as deploy/nginx.conf has it (rendered for loopback).

The metrics stay on the replica's own address, the app cannot be framed by another site, nginx
names no version, and a browser opening the app stays within the per-client figures the limits
are sized from (tests/test_serving_config.py).
"""

import re
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import open_page, run_replicas
from tests.test_serving_config import REQUESTS_PER_OPEN


@pytest.fixture(scope="module")
def proxy():
    with run_replicas.cluster(1) as cluster:
        yield cluster


def get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_metrics_are_served_on_loopback_only(proxy):
    status, _, body = get(f"{proxy.replica_urls[0]}/_stcore/metrics")
    assert status == 200 and "active_sessions" in body
    for path in ("/_stcore/metrics", "/_stcore/metrics/", "//_stcore/metrics",
                 "/%5Fstcore/metrics"):
        status, _, body = get(f"{proxy.url}{path}")
        assert status == 404, path
        assert "active_sessions" not in body


def test_the_proxy_names_no_version_and_forbids_framing(proxy):
    status, headers, _ = get(f"{proxy.url}/")
    assert status == 200
    assert headers["Server"] == "nginx"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["Content-Security-Policy"] == "frame-ancestors 'self'"
    # Plain HTTP on loopback: the route cookie cannot be Secure there (it is over HTTPS).
    assert re.fullmatch(r"mlp_route=\w+; Path=/; HttpOnly; SameSite=Lax", headers["Set-Cookie"])
    status, _, body = get(f"{proxy.url}/no-such-page-%00")
    assert not re.search(r"nginx/\d", body)


def test_opening_the_app_stays_within_the_requests_the_limits_allow_for(proxy, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        open_page(page, proxy.url, "studio", timeout=90_000)
        counted = [url for url in requests if not url.startswith(f"{proxy.url}/static/")]
        assert len(counted) <= REQUESTS_PER_OPEN, counted
        assert not re.search(r'" 429 ', (proxy.workdir / "access.log").read_text())
    finally:
        context.close()
