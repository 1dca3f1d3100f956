"""A worker that replaces another (after a crash, a kill or a routine restart) learns the current
version before it answers, and never takes its instance back to an older one: while Redis is
away, it answers 503 rather than the bundled seeds its siblings have moved past."""

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from service.store.connect import redis_client
from service.store.keys import Keys
from service.store.publish import publish_dataset
from tests.conftest import new_prefix
from tests.support.live_server import Server, get, gunicorn_process, wait_until_answering
from tests.support.redis_servers import RedisServer
from tests.support.redis_support import Target, with_alias

pytestmark = pytest.mark.system


def workers(server: Server, count: int = 2) -> list[int]:
    """The master's worker processes, once `count` of them run."""
    master = server.process.pid
    deadline = time.monotonic() + 30
    while True:
        found = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if len(found) >= count:
            return [int(pid) for pid in found]
        assert time.monotonic() < deadline, "gunicorn did not start its workers"
        time.sleep(0.05)


@pytest.fixture
def published(tmp_path: Path, seeds_copy: Path) -> Iterator[tuple[RedisServer, str, str]]:
    """A Redis of the test's own, holding a version other than the bundled seeds'."""
    redis = RedisServer(tmp_path / "redis").start()  # its own: the first test stops it
    target = Target(redis.url, False, new_prefix())
    dataset = with_alias(seeds_copy, "Honda of the test")
    client = redis_client(target.config())
    publish_dataset(client, Keys(target.prefix), dataset)
    client.close()
    yield redis, target.prefix, dataset.version
    redis.stop()


def test_a_replacement_worker_never_serves_an_older_version(
    published: tuple[RedisServer, str, str],
) -> None:
    redis, prefix, version = published
    # One worker: every answer after the kill is its replacement's. The fixture's Redis and
    # the prefix it published under.
    env = {"WEB_CONCURRENCY": "1", "REDIS_URL": redis.url, "REDIS_PREFIX": prefix}
    with gunicorn_process(**env) as server:
        (first,) = workers(server, 1)
        status, headers, _ = get(server, "/v1/dataset")
        assert (status, headers["X-Dataset-Version"]) == (200, version)
        # Redis goes away, then the worker: its replacement cannot learn the current version.
        redis.stop()
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while workers(server, 1) == [first]:
            assert time.monotonic() < deadline, "the killed worker was not replaced"
            time.sleep(0.05)
        wait_until_answering(server.base, server.process, limit=30)
        for _ in range(5):
            status, headers, body = get(server, "/v1/dataset")
            # Never the bundled seeds' older version: 503, until Redis answers again.
            assert status == 503, body
            assert orjson.loads(body)["status"] == 503
            assert headers["Retry-After"] == "1"
        status, _, body = get(server, "/readyz")
        assert status == 503
        ready = orjson.loads(body)
        assert ready["status"] == "not-ready"
        assert ready["dataset_version"] is None
        assert f"version {version} was served here and only Redis holds it" in ready["reason"]


def test_an_idle_worker_follows_publishes_before_its_first_request(
    published: tuple[RedisServer, str, str], seeds_copy: Path
) -> None:
    redis, prefix, version = published
    # The fixture's Redis and the prefix it published under.
    env = {"WEB_CONCURRENCY": "2", "REDIS_URL": redis.url, "REDIS_PREFIX": prefix}
    with gunicorn_process(**env) as server:
        workers(server, 2)
        time.sleep(1)  # both workers up, neither asked for anything yet but the probe
        newer = with_alias(seeds_copy, "Honda, published later")
        client = redis_client(Target(redis.url, False, prefix).config())
        publish_dataset(client, Keys(prefix), newer)
        client.close()
        time.sleep(1)  # a notice reaches every worker within milliseconds
        seen = {get(server, "/v1/dataset")[1]["X-Dataset-Version"] for _ in range(20)}
        assert seen == {newer.version}, f"{version} is older"
