"""Rate-limit counters live in Redis when it is configured: replicas count a client together.
Runs against a standalone Redis and a three-node Cluster."""

import pytest
import redis

from tests.redis_support import Target


def test_replicas_share_one_counter_per_client(target: Target) -> None:
    first = target.app(rate_limit="3 per minute").test_client()
    second = target.app(rate_limit="3 per minute").test_client()
    client = {"REMOTE_ADDR": "198.51.100.7"}
    statuses = [
        replica.get("/v1/products", environ_base=client).status_code
        for replica in (first, second, first, second)
    ]
    assert statuses == [200, 200, 200, 429]
    remaining = second.get("/v1/products", environ_base={"REMOTE_ADDR": "198.51.100.8"})
    assert remaining.headers["RateLimit-Remaining"] == "2"
    keys = target.keys_matching(f"{target.prefix}:ratelimit*")
    assert keys, "the counters are in Redis, under the service's prefix"


def test_redis_lost_between_the_count_and_the_headers_costs_the_headers_not_the_answer(
    target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race the soak found: the hit is counted, then Redis goes before the window is read.
    app = target.app(rate_limit="100 per minute")
    (limiter,) = app.extensions["limiter"]

    def gone(*_: object) -> int:
        raise redis.ConnectionError("Connection closed by server.")

    monkeypatch.setattr(limiter.storage, "get", gone)
    response = app.test_client().get("/v1/products")
    assert response.status_code == 200
    assert "RateLimit-Remaining" not in response.headers
