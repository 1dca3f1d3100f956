"""RATE_LIMIT_STORAGE with Redis configured: `redis` counts every request there, all replicas
together, at three commands a request; `local` counts in each process and sends Redis none,
while the dataset is still read from Redis. Each test owns its Redis, to count its commands."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.conftest import new_prefix
from tests.support.redis_servers import RedisServer
from tests.support.redis_support import Target

pytestmark = pytest.mark.system

ITEM = "/v1/partnerships/honda-nissan-ev-collaboration"
# What limits sends Redis for a fixed window: the count (a script), then the window's count and
# its time left when the RateLimit fields are read.
COUNTING_COMMANDS = ("evalsha", "ttl")


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Target]:
    server = RedisServer(tmp_path / "redis").start()  # its own: its command counts are the test's
    found = Target(server.url, False, new_prefix())
    try:
        yield found
    finally:
        found.close()
        server.stop()


def commands(url: str) -> dict[str, int]:
    with redis.Redis.from_url(url) as client:
        stats = client.info("commandstats")
    return {name: stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in COUNTING_COMMANDS}


def test_redis_counting_sends_each_request_to_redis(target: Target) -> None:
    client = target.app(rate_limit_storage="redis").test_client()
    client.get(ITEM)  # the item is in the process from here on
    before = commands(target.url)
    answers = [client.get(ITEM) for _ in range(10)]
    assert {a.status_code for a in answers} == {200}
    after = commands(target.url)
    assert {name: after[name] - before[name] for name in after} == {"evalsha": 10, "ttl": 10}
    assert target.keys_matching(f"{target.prefix}:ratelimit*")


def test_local_counting_sends_redis_nothing_and_counts_per_replica(target: Target) -> None:
    first = target.app(rate_limit_storage="local", rate_limit="2 per minute").test_client()
    second = target.app(rate_limit_storage="local", rate_limit="2 per minute").test_client()
    peer = {"REMOTE_ADDR": "198.51.100.30"}
    first.get("/v1/products", environ_base={"REMOTE_ADDR": "198.51.100.31"})
    before = commands(target.url)
    answers = [first.get("/v1/products", environ_base=peer) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert [a.headers["RateLimit-Remaining"] for a in answers] == ["1", "0", "0"]
    assert 1 <= int(answers[-1].headers["Retry-After"]) <= 60
    # The other replica has counted nothing of this client: up to the limit again.
    assert second.get("/v1/products", environ_base=peer).headers["RateLimit-Remaining"] == "1"
    assert commands(target.url) == before
    assert not target.keys_matching(f"{target.prefix}:ratelimit*")
    # The dataset still comes from Redis, and the replica reports itself as it is: ready.
    ready = first.get("/readyz").get_json()
    assert ready["status"] == "ready"
    assert "partnership_store_degraded 0.0" in first.get("/metrics").get_data(as_text=True)
