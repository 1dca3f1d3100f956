"""Shared fixtures: the app under test, its client, and seed folders to break on purpose."""

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.config import BUNDLED_SEEDS, Config
from tests.support.redis_servers import SHARED_URL, RedisCluster, RedisServer, answers
from tests.support.redis_support import Target

# A test that uses Redis is a system test: with none running, the tests start a redis-server,
# and `make check` starts nothing (its app tests use the embedded store). Told by the fixtures it
# asks for, or, for a fixture that asks for Redis at run time, by its parameter, named after the
# deployment (`app[redis]`, `target[standalone]`, `target[cluster]`, and the like in test files).
REDIS_FIXTURES = ("shared_redis_url", "redis_cluster")
REDIS_PARAMETERS = ("redis", "standalone", "cluster")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if not isinstance(item, pytest.Function):
            continue
        parameters = item.callspec.params.values() if hasattr(item, "callspec") else ()
        if set(REDIS_FIXTURES) & set(item.fixturenames) or any(
            isinstance(value, str) and value in REDIS_PARAMETERS for value in parameters
        ):
            item.add_marker(pytest.mark.system)


@pytest.fixture(scope="session")
def shared_redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """REDIS_URL when set, else the Redis on 127.0.0.1:6379, else one started for this run.

    Tests never flush a database: each uses keys under its own prefix and deletes them.
    """
    configured = os.environ.get("REDIS_URL")
    if configured:
        if not answers(configured):
            raise RuntimeError("REDIS_URL is set but no Redis answers there")
        yield configured
    elif answers(SHARED_URL):
        yield SHARED_URL
    else:
        server = RedisServer(tmp_path_factory.mktemp("redis")).start()
        yield server.url
        server.stop()


@pytest.fixture(scope="session")
def redis_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisCluster]:
    """A three-node Redis Cluster on loopback ports, for this run only."""
    cluster = RedisCluster(tmp_path_factory.mktemp("cluster")).start()
    yield cluster
    cluster.stop()


SUITE_RATE_LIMIT = "1000000 per minute"


def new_prefix() -> str:
    return f"pytest-{uuid.uuid4().hex[:10]}"


def delete_prefix(url: str, prefix: str, cluster: bool = False) -> None:
    """Delete the keys a test made; never anything else (no FLUSHDB on a shared server)."""
    if cluster:
        # Node by node: redis-py's cluster-wide scan_iter leaves a socket open.
        with redis.RedisCluster.from_url(url) as client:
            nodes = [(n.host, n.port) for n in client.get_primaries()]
        for host, port in nodes:
            delete_prefix(f"redis://{host}:{port}/0", prefix)
        return
    with redis.Redis.from_url(url) as client:
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)


@pytest.fixture(scope="session", params=["embedded", "redis"])
def app(request: pytest.FixtureRequest) -> Iterator[Flask]:
    """The service over the bundled seeds, once per store: every API test runs against both."""
    # A limit the suite's own traffic stays under (the rate-limit tests set their own); testing
    # mode, so an error that escapes the error handlers fails the test; on Redis, a prefix of
    # its own (the shared Redis may hold other runs' keys), published into as `make run` does.
    if request.param == "embedded":
        config = Config(testing=True, rate_limit=SUITE_RATE_LIMIT)
    else:
        url = request.getfixturevalue("shared_redis_url")
        config = Config(
            testing=True,
            redis_url=url,
            redis_prefix=new_prefix(),
            rate_limit=SUITE_RATE_LIMIT,
            publish_seeds_if_empty=True,
        )
    application = create_app(config)
    yield application
    application.extensions["partnership_api"].store.close()
    if config.redis_url:
        delete_prefix(config.redis_url, config.redis_prefix)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the bundled seeds folder."""
    target = tmp_path / "seeds"
    shutil.copytree(BUNDLED_SEEDS, target)
    yield target


def get_json(client: FlaskClient, url: str, status: int = 200, **kwargs: Any) -> Any:
    """GET `url`, assert the status, and return the parsed body."""
    response = client.get(url, **kwargs)
    assert response.status_code == status, response.data
    return orjson.loads(response.data)


def get_all(client: FlaskClient, url: str) -> list[dict[str, Any]]:
    """Follow `links.next` to the end of a list and return every item."""
    items: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        page = get_json(client, next_url)
        items.extend(page["data"])
        next_url = page["links"]["next"]
    return items


@pytest.fixture(params=["standalone", pytest.param("cluster", marks=pytest.mark.system)])
def target(request: pytest.FixtureRequest) -> Iterator[Target]:
    """A Redis deployment (the shared server, or the test cluster) and a key prefix of its own."""
    if request.param == "standalone":
        url, cluster = request.getfixturevalue("shared_redis_url"), False
    else:
        url, cluster = request.getfixturevalue("redis_cluster").url, True
    found = Target(url, cluster, new_prefix())
    yield found
    found.close()
    delete_prefix(found.url, found.prefix, cluster=cluster)
