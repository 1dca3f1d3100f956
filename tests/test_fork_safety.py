"""Each gunicorn worker counts rate limits over connections of its own: two workers against one
Redis never read each other's replies, so a new client is never charged for another's requests.
Clients are told apart by their source address: each binds its socket to its own 127.0.0.x."""

import http.client
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import delete_prefix
from tests.support.live_server import Server, gunicorn_process

pytestmark = pytest.mark.system

LIMIT = 200
NEW_CLIENTS = 120


@pytest.fixture
def two_workers_on_redis(shared_redis_url: str) -> Iterator[Server]:
    prefix = f"pytest-fork-{uuid.uuid4().hex[:8]}"
    env = {
        "WEB_CONCURRENCY": "2",
        "REDIS_URL": shared_redis_url,
        # A prefix of its own: the shared Redis may hold other runs' keys (and counts).
        "REDIS_PREFIX": prefix,
        # Low enough that the heavy client runs past it within the test.
        "RATE_LIMIT": f"{LIMIT} per minute",
    }
    try:
        with gunicorn_process(**env) as server:
            yield server
    finally:
        delete_prefix(shared_redis_url, prefix)


def get_from(server: Server, source: str) -> tuple[int, dict[str, str]]:
    """GET /v1/dataset over a connection made from `source` (an address on the loopback)."""
    host, port = server.base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0))
    try:
        connection.request("GET", "/v1/dataset")
        response = connection.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


def test_new_clients_get_their_full_quota_while_another_is_past_half_of_its_own(
    two_workers_on_redis: Server,
) -> None:
    server = two_workers_on_redis
    heavy = "127.0.0.2"
    with ThreadPoolExecutor(max_workers=8) as pool:
        # The heavy client runs past half its limit, spread over both workers.
        first = list(pool.map(lambda _: get_from(server, heavy), range(LIMIT // 2 + 20)))
        assert [status for status, _ in first] == [200] * len(first)
        # Then it goes on while new clients arrive, each from an address of its own.
        newcomers = [f"127.0.{1 + n // 250}.{3 + n % 250}" for n in range(NEW_CLIENTS)]
        heavy_rest = pool.map(lambda _: get_from(server, heavy), range(LIMIT))
        fresh = list(pool.map(lambda source: get_from(server, source), newcomers))
        later = list(heavy_rest)
    for status, headers in fresh:
        assert status == 200
        assert headers["ratelimit-limit"] == str(LIMIT)
        assert headers["ratelimit-remaining"] == str(LIMIT - 1)
    statuses = [status for status, _ in later]
    # Exactly its limit answered: the rest of its requests are refused with 429.
    assert statuses.count(200) == LIMIT - len(first)
    assert statuses.count(429) == len(later) - (LIMIT - len(first))
    refused = next(headers for status, headers in later if status == 429)
    assert refused["ratelimit-remaining"] == "0"
    assert int(refused["retry-after"]) >= 1
