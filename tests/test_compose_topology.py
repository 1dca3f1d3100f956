"""docker-compose.yml's topology run for real without Docker: its Redis command (append-only
file), its publish job on the mounted seeds folder, two API replicas with its environment and
deploy/nginx.conf in front, and Prometheus with deploy/prometheus.yml and the alert rules. An
operator sees each replica answer, log and count its requests, and Prometheus scrape them; an
operator's own publish survives a Redis crash and restart, and no replica reverts it to the
seeds it was started with."""

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
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


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=headers or {}), timeout=5
        ) as response:
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
    temp_dirs: list[Path] = field(default_factory=list)  # each replica's, as each container's


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
        for n in range(2):
            temp = folder / f"replica-{n}-tmp"
            temp.mkdir()
            found.temp_dirs.append(temp)
            # A temp dir of its own, as each container has its /tmp: what the instance leaves
            # there is its own, not another run's on this host.
            found.replicas.append(running.enter_context(gunicorn_process(**env, TMPDIR=str(temp))))
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


# -- what an operator watches ---------------------------------------------------------------------

ITEM = "/v1/partnerships/honda-nissan-ev-collaboration"
# How often the test's Prometheus scrapes and evaluates: every second, so a test waits seconds
# for what the shipped 15 s would take a minute to show.
TEST_INTERVAL = "1s"


def prometheus_config(stack: Stack, home: Path) -> tuple[list[str], str]:
    """deploy/prometheus.yml and the files compose mounts beside it, in `home`, pointed at the
    loopback replicas; the compose command's flags, pointed at `home` and a free port."""
    service = SERVICES["prometheus"]
    mounts = [v.removesuffix(":ro").split(":") for v in service["volumes"] if v.endswith(":ro")]
    files = {Path(target).name: ROOT / source for source, target in mounts}
    config = yaml.safe_load(files.pop("prometheus.yml").read_text(encoding="utf-8"))
    for name, source in files.items():
        shutil.copy(source, home / name)  # rule_files name them as the container sees them
    config["global"].update(scrape_interval=TEST_INTERVAL, evaluation_interval=TEST_INTERVAL)
    (job,) = config["scrape_configs"]
    # `api` resolves to the replicas only on the compose network: here the same two replicas
    # are named by their loopback addresses.
    del job["dns_sd_configs"]
    job["static_configs"] = [{"targets": [r.base.removeprefix("http://") for r in stack.replicas]}]
    (home / "prometheus.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    flags = dict(flag.split("=", 1) for flag in service["command"])
    flags["--config.file"] = str(home / "prometheus.yml")
    flags["--storage.tsdb.path"] = str(home / "data")
    flags["--web.listen-address"] = address = f"127.0.0.1:{free_port()}"
    return [f"{flag}={value}" for flag, value in flags.items()], f"http://{address}"


@pytest.fixture
def prometheus(stack: Stack) -> Iterator[str]:
    """The compose file's Prometheus, run by the prometheus binary; its base URL."""
    home = stack.folder / "prometheus"
    home.mkdir()
    flags, base = prometheus_config(stack, home)
    binary = shutil.which("prometheus") or "/usr/bin/prometheus"
    with (home / "prometheus.log").open("wb") as log:
        process = subprocess.Popen([binary, *flags], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while get_or_none(f"{base}/-/ready") != 200:
            assert process.poll() is None, (home / "prometheus.log").read_text()
            assert time.monotonic() < deadline, "Prometheus was not ready within 30 s"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def get_or_none(url: str) -> int | None:
    try:
        return get(url)[0]
    except (urllib.error.URLError, OSError):
        return None


def query(prometheus: str, promql: str) -> list[dict[str, Any]]:
    status, _, body = get(f"{prometheus}/api/v1/query?{urllib.parse.urlencode({'query': promql})}")
    assert status == 200, body
    result: list[dict[str, Any]] = orjson.loads(body)["data"]["result"]
    return result


def by_instance(result: list[dict[str, Any]]) -> dict[str, float]:
    return {r["metric"]["instance"]: float(r["value"][1]) for r in result}


def eventually(check: Any, what: str, limit: float = 20) -> Any:
    """`check()` once it is truthy, within `limit` seconds."""
    deadline = time.monotonic() + limit
    while not (found := check()):
        assert time.monotonic() < deadline, f"{what}: not within {limit} s"
        time.sleep(0.2)
    return found


def counted(replica: Server) -> dict[str, float]:
    """partnership_http_request_total of a replica, by status: every worker's, summed."""
    status, _, body = get(f"{replica.base}/metrics")
    assert status == 200
    counts: dict[str, float] = {}
    for line in body.decode().splitlines():
        if line.startswith("partnership_http_request_total{"):
            labels, number = line.rsplit(" ", 1)
            answered = labels.split('status="', 1)[1].split('"', 1)[0]
            counts[answered] = counts.get(answered, 0) + float(number)
    return counts


def logged(replica: Server, request_id: str) -> list[dict[str, Any]]:
    lines = replica.log.read_text(encoding="utf-8").splitlines()
    records = [orjson.loads(line) for line in lines if line.startswith("{")]
    return [r for r in records if r.get("request_id") == request_id]


def test_each_replica_answers_logs_and_counts_and_prometheus_scrapes_them(
    stack: Stack, prometheus: str
) -> None:
    version = load_dataset(stack.seeds).version
    addresses = {r.base.removeprefix("http://") for r in stack.replicas}
    sent: dict[str, Counter[str]] = {}
    for n, replica in enumerate(stack.replicas):
        address = replica.base.removeprefix("http://")
        status, _, body = get(f"{replica.base}/livez")
        assert (status, orjson.loads(body)) == (200, {"status": "ok"})
        assert readyz(replica)["status"] == "ready"
        assert readyz(replica)["dataset_version"] == version
        status, headers, body = get(f"{replica.base}{ITEM}")
        assert (status, headers["X-Dataset-Version"]) == (200, version)
        assert orjson.loads(body)["id"] == ITEM.rsplit("/", 1)[1]
        request_id = f"topology-{n}-{uuid.uuid4().hex}"
        status, headers, _ = get(
            f"{replica.base}/v1/organizations/honda", {"X-Request-ID": request_id}
        )
        assert (status, headers["X-Request-ID"]) == (200, request_id)
        assert get(f"{replica.base}/v1/partnerships/no-such-partnership")[0] == 404
        sent[address] = Counter({"200": 2, "404": 1})
        (line,) = eventually(lambda r=replica, i=request_id: logged(r, i), "the access log line")
        assert line["logger"] == "service.access"
        assert (line["method"], line["path"], line["status"]) == (
            "GET",
            "/v1/organizations/honda",
            200,
        )
        assert line["dataset_version"] == version
        # Counted once each, by whichever worker answered: the probes and /metrics not at all.
        eventually(lambda r=replica, a=address: counted(r) == sent[a], f"{address}'s counts")

    def targets_up() -> bool:
        body = get(f"{prometheus}/api/v1/targets")[2]
        active = orjson.loads(body)["data"]["activeTargets"]
        return {(t["labels"]["job"], t["labels"]["instance"], t["health"]) for t in active} == {
            ("api", address, "up") for address in addresses
        }

    eventually(targets_up, "both replicas scraped and up")
    # Prometheus reads what each replica counted.
    totals = "sum by (instance) (partnership_http_request_total)"
    expected = {a: float(sum(c.values())) for a, c in sent.items()}
    eventually(lambda: by_instance(query(prometheus, totals)) == expected, "the scraped counts")
    for replica in stack.replicas:  # more traffic, after a scrape: a rate to see
        for _ in range(5):
            assert get(f"{replica.base}{ITEM}")[0] == 200
    rate = "sum(rate(partnership_http_request_total[1m]))"
    eventually(lambda: [r for r in query(prometheus, rate) if float(r["value"][1]) > 0], rate)
    hit_ratio = eventually(
        lambda: query(prometheus, "partnership:cache_hit_ratio:rate5m"), "the recorded hit ratio"
    )
    assert {"l1", "redis"} <= {r["metric"]["layer"] for r in hit_ratio}

    def rules_evaluated() -> list[dict[str, Any]] | None:
        groups = orjson.loads(get(f"{prometheus}/api/v1/rules")[2])["data"]["groups"]
        rules = [rule for group in groups for rule in group["rules"]]
        return rules if all(rule["health"] == "ok" for rule in rules) else None

    rules = eventually(rules_evaluated, "every rule evaluated without error")
    shipped = yaml.safe_load((ROOT / "deploy" / "alerts.yml").read_text(encoding="utf-8"))
    names = {r.get("alert") or r["record"] for g in shipped["groups"] for r in g["rules"]}
    assert {rule["name"] for rule in rules} == names

    # A clean stop: nothing of the instance is left in its temp dir; Prometheus sees it down.
    for replica, temp in zip(stack.replicas, stack.temp_dirs, strict=True):
        made = sorted(p.name.rsplit("-", 1)[0] for p in temp.iterdir() if p.is_dir())
        assert made == ["partnership-api", "partnership-instance", "partnership-metrics"]
        replica.process.terminate()
        assert replica.process.wait(timeout=60) == 0
        left = [p.name for p in temp.iterdir() if p.name.startswith("partnership-")]
        assert left == [], f"left in the temp dir after a clean stop: {left}"
    down = 'up{job="api"} == 0'
    eventually(lambda: set(by_instance(query(prometheus, down))) == addresses, "both down")
