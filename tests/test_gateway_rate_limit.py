"""The gateway's own per-client limit (deploy/nginx.conf's `limit_req`, the API's default
RATE_LIMIT): a client past it gets a problem+json 429 with Retry-After from nginx, other clients
are still served, and the API's own 429 passes through as the API made it."""

import http.client
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from service.config import Config
from tests.test_gateway import Gateway, assert_problem, fetch, log_line, serve_gateway

pytestmark = pytest.mark.system

ITEM = "/v1/partnerships/honda-nissan-ev-collaboration"
# The API behind counts 3 a minute in each of its two workers: its own 429 comes within 7.
API_LIMIT = "3 per minute"
API_ALLOWS_AT_MOST = 2 * 3
# The gateway's limit is the API's default: 1200 at once, then 20 a second.
GATEWAY_BURST = 1200


@pytest.fixture(scope="module")
def running() -> Iterator[Gateway]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    # Not pytest's private tmp folder: nginx's workers drop root and must reach the cache.
    folder = Path(tempfile.mkdtemp(prefix="gateway-limit-"))
    folder.chmod(0o755)
    try:
        yield from serve_gateway(nginx, folder, rate_limit=API_LIMIT)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def burst(base: str, client: str, count: int) -> list[tuple[int, dict[str, str], bytes]]:
    """`count` reads of one item on one connection from the loopback address `client` (every
    127.x address is this host's: each stands for another client of the gateway)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(client, 0))
    answers = []
    try:
        for _ in range(count):
            connection.request("GET", ITEM)
            with connection.getresponse() as response:
                answers.append((response.status, dict(response.headers), response.read()))
    finally:
        connection.close()
    return answers


def test_a_client_past_the_gateways_limit_gets_a_429_problem_with_retry_after(
    running: Gateway,
) -> None:
    assert Config().rate_limit == "1200 per minute", "the gateway's rate is the API's default"
    # Sent within a fraction of a second: the bucket refills 20 a second meanwhile.
    answers = burst(running.base, "127.0.0.2", GATEWAY_BURST + 100)
    statuses = [status for status, _, _ in answers]
    first_refused = statuses.index(429)
    assert GATEWAY_BURST <= first_refused <= GATEWAY_BURST + 20
    assert set(statuses[:first_refused]) == {200}
    refused = answers[first_refused]
    assert_problem(refused, 429, "Too Many Requests")
    assert refused[1]["Retry-After"] == "1"
    assert "RateLimit-Remaining" not in refused[1]
    assert "1200 per 1 minute" in orjson.loads(refused[2])["detail"]
    logged = log_line(running.log, refused[1]["X-Request-ID"])
    assert (logged["status"], logged["remote_addr"]) == (429, "127.0.0.2")
    # Counted per client: another address is served at the same moment.
    assert [status for status, _, _ in burst(running.base, "127.0.0.3", 3)] == [200] * 3


def test_the_gateways_own_host_is_not_limited(running: Gateway) -> None:
    answers = burst(running.base, "127.0.0.1", GATEWAY_BURST + 100)
    assert {status for status, _, _ in answers} == {200}


def test_the_apis_own_429_passes_through_with_its_fields(running: Gateway) -> None:
    # Errors are never cached: each of these reaches the API, which counts them.
    answers = [
        fetch(f"{running.base}/v1/events/no-such-event-{n}") for n in range(API_ALLOWS_AT_MOST + 1)
    ]
    statuses = [status for status, _, _ in answers]
    assert statuses[0] == 404 and 429 in statuses
    _, headers, body = answers[statuses.index(429)]
    assert headers["Content-Type"] == "application/problem+json"
    assert headers["RateLimit-Limit"] == "3"
    assert 1 <= int(headers["Retry-After"]) <= 60
    assert "3 per 1 minute" in orjson.loads(body)["detail"]
