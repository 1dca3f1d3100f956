"""Rate-limit counters live in Redis when it is configured: replicas count a client together.
Runs against a standalone Redis and a three-node Cluster."""

import time

from service.ratelimit import SEND_EVERY
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


def test_counts_far_from_the_limit_reach_the_other_replicas_in_batches(target: Target) -> None:
    first = target.app(rate_limit="100 per minute").test_client()
    second = target.app(rate_limit="100 per minute").test_client()
    client = {"REMOTE_ADDR": "198.51.100.9"}
    for _ in range(10):
        assert first.get("/v1/products", environ_base=client).status_code == 200
    time.sleep(SEND_EVERY * 2)
    # The next request on the first replica sends its 9 held counts, then holds its own.
    assert first.get("/v1/products", environ_base=client).headers["RateLimit-Remaining"] == "89"
    # The second replica counts in Redis: 10 sent, its own makes 11.
    remaining = second.get("/v1/products", environ_base=client).headers["RateLimit-Remaining"]
    assert remaining == "89"


def test_from_half_the_limit_each_request_is_counted_in_redis(target: Target) -> None:
    first = target.app(rate_limit="6 per minute").test_client()
    second = target.app(rate_limit="6 per minute").test_client()
    client = {"REMOTE_ADDR": "198.51.100.10"}
    statuses = [
        replica.get("/v1/products", environ_base=client).status_code
        for replica in (first, first, first, second, second, second, first)
    ]
    assert statuses == [200] * 6 + [429]
