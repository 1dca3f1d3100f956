"""Redis failing is not the API failing: replicas serve what they hold, report `degraded`, log
once, and recover by themselves. Each test owns its Redis (standalone, or a three-node
Cluster) so it can stop, restart or pause it."""

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
from flask import Flask

from service.config import BUNDLED_SEEDS
from service.dataset import load_dataset
from tests.conftest import get_all, new_prefix
from tests.support.redis_servers import RedisCluster, RedisServer
from tests.support.redis_support import Target, served_version, store_of, with_alias


@dataclass
class Deployment:
    target: Target
    redis: RedisServer | RedisCluster


# Each deployment is a Redis of the test's own, to stop, pause and empty.
@pytest.fixture(
    params=[
        pytest.param("standalone", marks=pytest.mark.system),
        pytest.param("cluster", marks=pytest.mark.system),
    ]
)
def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Deployment]:
    redis: RedisServer | RedisCluster
    if request.param == "standalone":
        redis = RedisServer(tmp_path / "redis").start()
    else:
        redis = RedisCluster(tmp_path / "cluster").start()
    target = Target(redis.url, request.param == "cluster", new_prefix())
    yield Deployment(target, redis)
    target.close()
    redis.stop()


def ready(app: Flask) -> dict[str, str | None]:
    body: dict[str, str | None] = orjson.loads(app.test_client().get("/readyz").data)
    return body


def wait_until_ready(app: Flask, limit: float = 20.0) -> float:
    start = time.monotonic()
    while ready(app)["status"] != "ready":
        assert time.monotonic() - start < limit, f"not ready after {limit} s: {ready(app)}"
        time.sleep(0.05)
    return time.monotonic() - start


def warm(app: Flask) -> list[str]:
    """Read every item once, so the replica holds them all; return their URLs."""
    client = app.test_client()
    urls = []
    for rtype in ("organizations", "partnerships", "events", "statements", "products", "sources"):
        for item in get_all(client, f"/v1/{rtype}"):
            urls.append(f"/v1/{rtype}/{item['id']}")
            assert client.get(urls[-1]).status_code == 200
    return urls


def test_redis_stopped_under_traffic_serves_what_the_replica_holds_then_recovers(
    deployment: Deployment, caplog: pytest.LogCaptureFixture
) -> None:
    app = deployment.target.app()
    version = served_version(app)
    urls = [*warm(app), "/v1/partnerships?organization=honda", "/v1/dataset"]
    caplog.set_level(logging.WARNING)
    deployment.redis.stop()

    client = app.test_client()
    statuses = [client.get(url).status_code for _ in range(5) for url in urls]
    assert set(statuses) == {200}, "no request may fail for data the replica holds"
    time.sleep(0.5)  # the watcher notices too
    assert ready(app)["status"] == "degraded"
    assert str(ready(app)["reason"]).startswith("redis unavailable: ")
    assert client.get("/readyz").status_code == 200  # degraded still takes traffic
    outages = [r for r in caplog.records if "redis unavailable" in r.getMessage()]
    assert len(outages) == 1, "an outage is logged once, not once per request"
    metrics = client.get("/metrics").data.decode()
    assert 'partnership_store_errors_total{store="redis"}' in metrics

    deployment.redis.restart()  # empty: it kept nothing on disk
    recovered = wait_until_ready(app)
    print(f"recovered {recovered:.2f} s after Redis came back")
    assert served_version(app) == version  # republished from the bundled seeds
    client_redis = deployment.target.client()
    assert client_redis.get(deployment.target.keys.current) == version.encode()


def test_an_item_not_held_while_redis_is_down_is_503_with_retry_after(
    deployment: Deployment, seeds_copy: Path
) -> None:
    app = deployment.target.app()
    dataset = with_alias(seeds_copy, "Not bundled")
    store_of(app).publish(dataset)
    client = app.test_client()
    assert served_version(app) == dataset.version
    assert client.get("/v1/organizations/honda").status_code == 200
    deployment.redis.stop()

    response = client.get("/v1/organizations/nissan")
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"
    assert response.headers["Retry-After"] == "1"
    assert orjson.loads(client.get("/v1/organizations/honda").data)["aliases"] == ["Not bundled"]


def test_items_never_read_are_served_from_the_bundled_seeds_of_the_same_version(
    deployment: Deployment,
) -> None:
    app = deployment.target.app()
    client = app.test_client()
    assert client.get("/v1/dataset").status_code == 200
    deployment.redis.stop()
    # Never read before the outage, yet answered: Redis held the bundled seeds' version.
    assert client.get("/v1/partnerships/nissan-renault-alliance").status_code == 200
    assert client.get("/v1/sources?limit=1").status_code == 200


def test_a_replica_started_while_redis_is_down_serves_the_bundled_seeds(
    deployment: Deployment,
) -> None:
    deployment.redis.stop()
    app = deployment.target.app()
    bundled = load_dataset(BUNDLED_SEEDS).version
    assert served_version(app) == bundled
    assert app.test_client().get("/v1/partnerships/nissan-renault-alliance").status_code == 200
    assert ready(app)["status"] == "degraded"

    deployment.redis.restart()
    wait_until_ready(app)
    assert deployment.target.client().get(deployment.target.keys.current) == bundled.encode()


def test_a_paused_redis_slower_than_the_client_timeout_is_an_outage_not_a_hang(
    deployment: Deployment, seeds_copy: Path
) -> None:
    app = deployment.target.app(redis_timeout=0.2)  # a short client timeout: 503s come soon
    store_of(app).publish(with_alias(seeds_copy, "Paused"))
    client = app.test_client()
    assert client.get("/v1/organizations/honda").status_code == 200
    deployment.redis.pause()
    try:
        started = time.monotonic()
        assert client.get("/v1/organizations/nissan").status_code == 503
        assert time.monotonic() - started < 5  # bounded by the client timeout, not hung
        assert client.get("/v1/organizations/honda").status_code == 200
        assert ready(app)["status"] == "degraded"
    finally:
        deployment.redis.resume()
    wait_until_ready(app)
    assert client.get("/v1/organizations/nissan").status_code == 200


@pytest.mark.system
def test_redis_credentials_never_appear_in_readyz_errors_or_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A Redis of its own with a password to look for, which the test stops.
    redis = RedisServer(tmp_path / "redis", password="s3cret-pw").start()
    target = Target(redis.url, False, new_prefix())
    caplog.set_level(logging.DEBUG)
    try:
        app = target.app()
        assert app.test_client().get("/v1/dataset").status_code == 200
        assert "s3cret-pw" not in repr(app.extensions["partnership_api"].config)
        redis.stop()
        client = app.test_client()
        client.get("/v1/organizations/honda")
        time.sleep(0.5)
        bodies = [client.get(u).data for u in ("/readyz", "/v1/nope", "/v1/organizations/x")]
        assert ready(app)["status"] == "degraded"
        assert all(b"s3cret-pw" not in body for body in bodies)
        assert "s3cret-pw" not in caplog.text
    finally:
        target.close()
        redis.stop()
