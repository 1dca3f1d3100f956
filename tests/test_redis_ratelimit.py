"""Rate-limit counters live in Redis when it is configured: replicas count a client together.
Runs against a standalone Redis and a three-node Cluster."""

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
