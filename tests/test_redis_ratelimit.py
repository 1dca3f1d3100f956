"""Rate-limit counters live in Redis when it is configured: replicas count a client together,
exactly, request by request. Runs against a standalone Redis and a three-node Cluster."""

import pytest

from tests.support.redis_support import Target
from tests.test_rate_limit_fields import SEVERAL, check_nearest_refusal_is_described

# Each app sets the RATE_LIMIT its test runs into (the default, 1200 a minute, would take
# that many requests to reach): the limiting is what these tests check.


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


def test_fields_describe_the_limit_nearest_refusal(target: Target) -> None:
    check_nearest_refusal_is_described(target.app(rate_limit=SEVERAL).test_client())


@pytest.mark.parametrize(("rate", "amount", "window"), [("1/second", 1, 1), ("2/minute", 2, 60)])
def test_reset_and_retry_after_stay_within_the_window(
    target: Target, rate: str, amount: int, window: int
) -> None:
    # Redis counts the time left in whole seconds: the reset must still not pass the window.
    client = target.app(rate_limit=rate).test_client()
    answers = [client.get("/v1/products") for _ in range(amount + 1)]
    assert [a.status_code for a in answers] == [200] * amount + [429]
    assert all(1 <= int(a.headers["RateLimit-Reset"]) <= window for a in answers)
    assert 1 <= int(answers[-1].headers["Retry-After"]) <= window
