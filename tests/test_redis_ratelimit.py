"""Rate-limit counters live in Redis when it is configured: replicas count a client together,
exactly, request by request. Runs against a standalone Redis and a three-node Cluster."""

from tests.support.redis_support import Target


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


def test_every_request_is_counted_in_redis_as_it_comes(target: Target) -> None:
    first = target.app(rate_limit="100 per minute").test_client()
    second = target.app(rate_limit="100 per minute").test_client()
    client = {"REMOTE_ADDR": "198.51.100.9"}
    seen = [
        int(replica.get("/v1/products", environ_base=client).headers["RateLimit-Remaining"])
        for replica in (first, second) * 5
    ]
    assert seen == list(range(99, 89, -1))


def test_refused_requests_are_counted_too(target: Target) -> None:
    replica = target.app(rate_limit="5 per minute").test_client()
    client = {"REMOTE_ADDR": "198.51.100.10"}
    answers = [
        replica.get("/v1/nope", environ_base=client),
        replica.get("/v1/products", environ_base=client, headers={"Accept": "text/html"}),
        replica.get("/v1/products?limit=0", environ_base=client),
        replica.post("/v1/products", environ_base=client),
    ]
    assert [a.status_code for a in answers] == [404, 406, 400, 405]
    assert [a.headers["RateLimit-Remaining"] for a in answers] == ["4", "3", "2", "1"]
