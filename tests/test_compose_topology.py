"""docker-compose.yml's topology run for real without Docker: its Redis command (append-only
file), its publish job on the mounted seeds folder, two API replicas with its environment and
deploy/nginx.conf in front. An operator then publishes a folder of their own: a Redis crash and
restart keeps that version current, and no replica reverts it to the seeds it was started with."""

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pytest
import redis
import yaml

from bench.servers import gateway_conf
from service.config import BUNDLED_SEEDS, Config
from service.dataset import load_dataset
from service.store.keys import Keys
from tests.support.live_server import ROOT, Server, gunicorn_process, wait_until_answering
from tests.support.redis_servers import RedisServer, free_port
from tests.support.seed_files import rewrite_seed

COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
OPERATORS_ALIAS = "Published by the operator"
pytestmark = pytest.mark.system


def compose_env(service: str, redis_url: str, seeds: Path) -> dict[str, str]:
    """A service's environment from the compose file, pointed at loopback and the seeds."""
    env: dict[str, str] = dict(SERVICES[service]["environment"])
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    env["REDIS_URL"] = redis_url
    if "SEEDS_DIR" in env:
        env["SEEDS_DIR"] = str(seeds)  # mounted at /seeds in the compose file
    return env


def start_redis(folder: Path, port: int | None = None) -> RedisServer:
    """The compose file's redis-server command, on a loopback port, writing in `folder`."""
    command = SERVICES["redis"]["command"]
    assert command[0] == "redis-server"
    server = RedisServer(folder, extra=tuple(command[1:]))
    if port is not None:
        server.port = port
    return server.start()


def kill(server: RedisServer) -> None:
    """As a crash does: no chance to write anything more."""
    assert server.process is not None
    server.process.kill()
    server.process.wait(timeout=10)
    server.process = None


def publish_job(redis_url: str, seeds: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable if c == "python" else c for c in SERVICES["publish"]["command"]]
    assert command[-1] == "/seeds"
    return subprocess.run(
        [*command[:-1], str(seeds)],
        cwd=ROOT, env={**os.environ, **compose_env("publish", redis_url, seeds)},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def health(replica: Server) -> int:
    """The compose file's health check of an api replica, run as the container runs it."""
    command = SERVICES["api"]["healthcheck"]["test"]
    assert command[:2] == ["CMD", "python"]
    port = replica.base.rsplit(":", 1)[1]
    return subprocess.run(
        [sys.executable, *command[2:]],
        cwd=ROOT, env={**os.environ, "PORT": port}, capture_output=True, timeout=30, check=False,
    ).returncode  # fmt: skip


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def readyz(replica: Server) -> dict[str, Any]:
    body: dict[str, Any] = orjson.loads(get(f"{replica.base}/readyz")[2])
    return body


def wait_for(replicas: list[Server], status: str, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while any(readyz(r)["status"] != status for r in replicas):
        assert time.monotonic() < deadline, [readyz(r) for r in replicas]
        time.sleep(0.1)


@dataclass
class Watch:
    """Reads every replica and the gateway in a loop, keeping each version answered."""

    urls: list[str]
    versions: set[str] = field(default_factory=set)
    statuses: set[int] = field(default_factory=set)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.stop.is_set():
            for url in self.urls:
                try:
                    status, headers, _ = get(url)
                except (urllib.error.URLError, OSError):
                    status, headers = 0, {}  # no answer at all: fails the test below
                self.statuses.add(status)
                if "X-Dataset-Version" in headers:
                    self.versions.add(headers["X-Dataset-Version"])
            time.sleep(0.02)


@dataclass
class Stack:
    folder: Path
    seeds: Path
    redis: RedisServer
    replicas: list[Server] = field(default_factory=list)
    gateway: str = ""


def start_gateway(folder: Path, replicas: list[Server], stack: ExitStack) -> str:
    port = free_port()
    first, second = (r.base.removeprefix("http://") for r in replicas)
    conf = gateway_conf(f"http://{first}", port, folder)
    conf = conf.replace(f"server {first};", f"server {first};\n        server {second};")
    (folder / "nginx.conf").write_text(conf, encoding="utf-8")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    with (folder / "nginx.log").open("wb") as log:
        process = subprocess.Popen(
            [nginx, "-c", str(folder / "nginx.conf"), "-p", str(folder), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
    stack.callback(process.wait, timeout=10)
    stack.callback(process.terminate)
    base = f"http://127.0.0.1:{port}"
    wait_until_answering(base, process, limit=10)
    return base


@pytest.fixture
def stack() -> Iterator[Stack]:
    """Up in the compose file's order: Redis healthy, the publish job done, the replicas
    healthy, then the gateway."""
    # Not pytest's private tmp folder: nginx's workers drop root and must reach the cache.
    folder = Path(tempfile.mkdtemp(prefix="compose-"))
    folder.chmod(0o755)
    seeds = folder / "seeds"  # the compose file's default: ./seeds, as bundled
    shutil.copytree(BUNDLED_SEEDS, seeds)
    with ExitStack() as running:
        running.callback(shutil.rmtree, folder, ignore_errors=True)
        found = Stack(folder, seeds, start_redis(folder / "redis"))
        running.callback(lambda: found.redis.stop())  # the one running then
        published = publish_job(found.redis.url, seeds)
        assert published.returncode == 0, published.stderr
        # The compose file's own settings, its two workers per replica included.
        env = compose_env("api", found.redis.url, seeds)
        found.replicas = [running.enter_context(gunicorn_process(**env)) for _ in range(2)]
        wait_for(found.replicas, "ready")
        assert [health(r) for r in found.replicas] == [0, 0]
        found.gateway = start_gateway(folder, found.replicas, running)
        yield found


def published(stack: Stack) -> tuple[bytes | None, list[tuple[bytes, float]]]:
    """The current pointer and the history with publish times: a republish would change them."""
    keys = Keys(Config.from_env(compose_env("api", stack.redis.url, stack.seeds)).redis_prefix)
    with redis.Redis.from_url(stack.redis.url) as client:
        return client.get(keys.current), client.zrange(keys.history, 0, -1, withscores=True)


def test_a_redis_restart_keeps_the_operators_version_and_nothing_reverts_it(
    stack: Stack,
) -> None:
    mine = stack.folder / "my-seeds"  # SEEDS_DIR=... docker compose run --rm publish
    shutil.copytree(BUNDLED_SEEDS, mine)
    rewrite_seed(mine, lambda d: d["organizations"][0].update(aliases=[OPERATORS_ALIAS]))
    operators, bundled = load_dataset(mine).version, load_dataset(stack.seeds).version
    assert operators != bundled
    job = publish_job(stack.redis.url, mine)
    assert job.returncode == 0, job.stderr
    deadline = time.monotonic() + 30
    while any(readyz(r)["dataset_version"] != operators for r in stack.replicas):
        assert time.monotonic() < deadline, [readyz(r) for r in stack.replicas]
        time.sleep(0.1)
    status, headers, body = get(f"{stack.gateway}/v1/organizations/honda")
    assert (status, headers["X-Dataset-Version"]) == (200, operators)
    assert orjson.loads(body)["aliases"] == [OPERATORS_ALIAS]
    before = published(stack)
    assert before[0] == operators.encode()
    urls = [f"{r.base}/v1/dataset" for r in stack.replicas]
    urls += [f"{r.base}/v1/organizations/nissan" for r in stack.replicas]
    watch = Watch([*urls, f"{stack.gateway}/v1/organizations/honda"])
    reader = threading.Thread(target=watch.run)
    reader.start()
    try:
        time.sleep(0.3)
        kill(stack.redis)  # a crash: whatever the append-only file holds is all there is
        wait_for(stack.replicas, "degraded")
        stack.redis.start()  # same folder, same port
        wait_for(stack.replicas, "ready")
        time.sleep(0.5)  # a few more reads after the recovery
    finally:
        watch.stop.set()
        reader.join()
    assert watch.versions == {operators}, "every answer, across the restart, was the operator's"
    # 503 only for an item a worker did not hold while Redis was down (its seeds are another
    # version, so they cannot stand in).
    assert 200 in watch.statuses and watch.statuses <= {200, 503}
    # Redis kept both versions, and no replica published since: the same publish times.
    assert published(stack) == before
    assert [readyz(r)["dataset_version"] for r in stack.replicas] == [operators, operators]
    assert [health(r) for r in stack.replicas] == [0, 0]


def test_a_redis_that_lost_its_data_waits_for_the_publish_job(stack: Stack) -> None:
    operators = load_dataset(stack.seeds).version
    port = stack.redis.port
    kill(stack.redis)
    stack.redis = start_redis(stack.folder / "redis-new", port)  # same address, nothing in it
    wait_for(stack.replicas, "not-ready")
    # Compose sees them unhealthy (each worker of a replica notices on its own).
    deadline = time.monotonic() + 30
    while [health(r) for r in stack.replicas] != [1, 1]:
        assert time.monotonic() < deadline, [readyz(r) for r in stack.replicas]
        time.sleep(0.1)
    assert readyz(stack.replicas[0])["reason"].startswith("nothing published: redis holds no")
    with redis.Redis.from_url(stack.redis.url) as client:
        assert client.dbsize() == 0, "no replica may publish its own seeds"

    published = publish_job(stack.redis.url, stack.seeds)  # the operator runs the job again
    assert published.returncode == 0, published.stderr
    wait_for(stack.replicas, "ready")
    assert [readyz(r)["dataset_version"] for r in stack.replicas] == [operators, operators]


def test_the_gateway_answers_problem_json_when_no_replica_does(stack: Stack) -> None:
    for replica in stack.replicas:
        replica.process.terminate()
        replica.process.wait(timeout=30)
    status, headers, body = get(f"{stack.gateway}/v1/partnerships/never-cached")
    assert (status, headers["Content-Type"]) == (502, "application/problem+json")
    assert headers["Retry-After"] == "1"
    assert orjson.loads(body) == {
        "type": "about:blank",
        "title": "Bad Gateway",
        "status": 502,
        "detail": "No API replica answered; try again shortly.",
    }
