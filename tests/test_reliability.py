"""Soak and faults under load: gunicorn with gunicorn.conf.py over a redis-server of its own, a
mixed read load throughout, a republish every 20 seconds, then one fault at a time. Writes
reliability/report.json and .md (SOAK_SECONDS sets the soak; `make reliability` runs it long).

The tests run in file order, sharing one server, load and report."""

import os
import shutil
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import cycle
from pathlib import Path

import orjson
import pytest
import redis

from service.dataset import Dataset, load_dataset
from tests.conftest import new_prefix
from tests.support.live_server import ROOT, gunicorn_process
from tests.support.read_load import ReadLoad, Tally
from tests.support.redis_servers import RedisServer
from tests.support.reliability_report import Scenario, write_report
from tests.support.reliability_rig import Rig, item_keys, marked_seeds

pytestmark = [pytest.mark.system, pytest.mark.slow]

SOAK_SECONDS = int(os.environ.get("SOAK_SECONDS", "120"))
REPUBLISH_EVERY = 20.0
REPORT = Path(os.environ.get("RELIABILITY_REPORT", ROOT / "reliability" / "report"))
MARKERS = {"amber": "Amberline", "blue": "Bluefield"}
LOAD_THREADS = 4
WORKERS = 2
NO_RECYCLING = 10_000_000  # GUNICORN_MAX_REQUESTS: more than any run sends


@dataclass
class Run:
    rig: Rig
    load: ReadLoad
    amber: Dataset  # also SEEDS_DIR: what a replica republishes, and serves with Redis away
    blue: Dataset
    folders: dict[str, Path]
    scenarios: list[Scenario] = field(default_factory=list)

    def settle_on_amber(self) -> None:
        """Start each fault from the bundled version, every worker serving it."""
        self.load.phase("between scenarios")
        self.rig.publish(self.folders["amber"])
        self.rig.wait_until(self.amber.version)
        time.sleep(2)  # both workers have read it under the load

    def finish(
        self, name: str, what: str, tally: Tally, expected: Dataset, **figures: object
    ) -> Scenario:
        time.sleep(3)  # the scenario's tally includes some traffic after the recovery
        self.load.phase("between scenarios")
        differences = self.rig.differences(expected)
        scenario = Scenario.of(
            name, what, tally, expected_version=expected.version,
            served_exactly_expected=not differences, **figures,
        )  # fmt: skip
        scenario.examples += differences[:5]
        self.scenarios.append(scenario)
        print(scenario)
        return scenario


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    root = tmp_path_factory.mktemp("reliability")
    folders = {name: marked_seeds(root / name, marker, 200) for name, marker in MARKERS.items()}
    # Big enough to kill midway: more items than one pipelined round of writes (PIPELINE x BATCH).
    folders["cobalt"] = marked_seeds(root / "cobalt", "Cobalt", 6000)
    amber, blue = load_dataset(folders["amber"]), load_dataset(folders["blue"])
    ids: dict[str, list[str]] = {}
    for key in item_keys(amber):
        rtype, rid = key.split("/", 1)
        ids.setdefault(rtype, []).append(rid)
    redis = RedisServer(root / "redis").start()
    prefix = new_prefix()
    environment = {
        # The run's own Redis (the faults stop, pause and empty it), under a prefix of its own.
        "REDIS_URL": redis.url,
        "REDIS_PREFIX": prefix,
        # Amber, marked in every item, so an answer of the seeds is told from blue's.
        "SEEDS_DIR": str(folders["amber"]),
        # Out of reach of the load, which comes from one address: this measures faults.
        "RATE_LIMIT": "1000000 per minute",
        "WEB_CONCURRENCY": str(WORKERS),
        # No recycling during the run: a recycled worker starts afresh and would hide a leak.
        "GUNICORN_MAX_REQUESTS": str(NO_RECYCLING),
    }
    try:
        with gunicorn_process(**environment) as server:
            markers = {amber.version: MARKERS["amber"], blue.version: MARKERS["blue"]}
            load = ReadLoad(server.base, ids, markers)
            found = Run(Rig(server, redis, prefix), load, amber, blue, folders)
            load.start(LOAD_THREADS)
            try:
                yield found
            finally:
                load.stop()
                shutil.copy(server.log, root / "gunicorn.log")  # kept for a failure's traceback
                settings = {"soak_seconds": SOAK_SECONDS, "republish_every_s": REPUBLISH_EVERY,
                            "gunicorn_workers": WORKERS, "load_threads": LOAD_THREADS,
                            "worker_recycling": "off",
                            "items_per_version": len(amber.items)}  # fmt: skip
                write_report(REPORT, settings, found.scenarios)
    finally:
        redis.stop()


def test_soak_with_a_republish_every_20_seconds(run: Run) -> None:
    tally = run.load.phase("soak")
    samples: list[tuple[float, float]] = []
    order = cycle([run.folders["blue"], run.folders["amber"]])
    last = {"blue": run.blue, "amber": run.amber}
    workers = set(run.rig.all_workers(WORKERS))
    start = time.monotonic()
    next_publish, publishes, published = start + REPUBLISH_EVERY, 0, run.amber
    while (now := time.monotonic()) - start < SOAK_SECONDS:
        samples.append((now - start, run.rig.workers_rss_mb()))
        if now >= next_publish:
            folder = next(order)
            run.rig.publish(folder)
            published, publishes = last[folder.name], publishes + 1
            next_publish += REPUBLISH_EVERY
        time.sleep(1)
    window = min(60.0, SOAK_SECONDS / 2)
    first = [mb for t, mb in samples if t < window]
    final = [mb for t, mb in samples if t >= SOAK_SECONDS - window]
    first_mb, last_mb = sum(first) / len(first), sum(final) / len(final)
    run.rig.wait_until(published.version)
    scenario = run.finish(
        "soak", f"{SOAK_SECONDS} s of mixed reads; a republish every {REPUBLISH_EVERY:.0f} s, "
        "alternating two datasets whose every item carries its own marker",
        tally, published, publishes=publishes, memory_first_minute_mb=first_mb,
        memory_last_minute_mb=last_mb, memory_growth_pct=100 * (last_mb - first_mb) / first_mb,
    )  # fmt: skip
    assert set(run.rig.workers()) == workers, "the memory figures are of the same workers"
    assert publishes >= SOAK_SECONDS // REPUBLISH_EVERY - 1
    assert (scenario.server_errors, scenario.connection_errors) == (0, 0), scenario.examples
    assert scenario.failures == {}, scenario.examples
    assert scenario.mixed_versions == 0, scenario.examples
    assert scenario.memory_growth_pct is not None and scenario.memory_growth_pct < 10
    assert scenario.served_exactly_expected


def stop_for_10_seconds(rig: Rig) -> None:
    rig.save_redis()
    rig.redis.stop()
    time.sleep(10)
    rig.redis.start()  # with what it saved: the same version


def restart_empty(rig: Rig) -> None:
    rig.redis.stop()
    (rig.redis.folder / "dump.rdb").unlink(missing_ok=True)
    rig.redis.start()  # a replica republishes its seeds


def pause_past_the_client_timeout(rig: Rig) -> None:
    rig.redis.pause()  # SIGSTOP: connections open, nothing answered
    time.sleep(5)  # ten times REDIS_TIMEOUT
    rig.redis.resume()


REDIS_FAULTS = [
    ("redis stopped 10 s", "Redis saved, stopped for 10 s, started again with its data",
     stop_for_10_seconds),
    ("redis restarted empty", "Redis stopped and started with nothing; a replica republishes "
     "its seeds (the last publish was the same version)", restart_empty),
    ("redis slow", "Redis paused (SIGSTOP) for 5 s, ten times the 0.5 s client timeout",
     pause_past_the_client_timeout),
]  # fmt: skip


@pytest.mark.parametrize(("name", "what", "fault"), REDIS_FAULTS, ids=[f[0] for f in REDIS_FAULTS])
def test_a_redis_fault_under_load(
    run: Run, name: str, what: str, fault: Callable[[Rig], None]
) -> None:
    run.settle_on_amber()
    tally = run.load.phase(name)
    fault(run.rig)
    recovery = run.rig.wait_until(run.amber.version)
    scenario = run.finish(name, what, tally, run.amber, recovery_seconds=recovery)
    assert_no_failure(scenario)


def test_a_worker_killed_with_sigkill(run: Run) -> None:
    run.settle_on_amber()
    tally = run.load.phase("worker-killed")
    killed = run.rig.all_workers(WORKERS)[0]
    started = time.monotonic()
    os.kill(killed, signal.SIGKILL)
    while killed in run.rig.all_workers(WORKERS):
        assert time.monotonic() - started < 60, "gunicorn did not replace the worker"
        time.sleep(0.05)
    run.rig.wait_until(run.amber.version)
    scenario = run.finish(
        "worker SIGKILL", "one of two gunicorn workers killed with SIGKILL; the master "
        "starts another", tally, run.amber, recovery_seconds=time.monotonic() - started,
    )  # fmt: skip
    assert scenario.server_errors == 0, scenario.examples
    # Only a request the dead worker held can be lost: one per load thread at most.
    assert scenario.connection_errors <= LOAD_THREADS, scenario.examples
    assert scenario.mixed_versions == 0 and scenario.served_exactly_expected


def test_the_export_while_redis_loses_its_data(run: Run) -> None:
    """Redis emptied (FLUSHALL) while replicas serve from it: an export asked for then is a
    503 problem with Retry-After, or, once a replica has republished its seeds, a whole 200;
    never gunicorn's HTML 500, and the access log records what the client got."""
    run.settle_on_amber()
    tally = run.load.phase("export-data-lost")
    with redis.Redis.from_url(run.rig.redis.url) as client:
        client.flushall()
    started = time.monotonic()
    statuses: Counter[str] = Counter()
    deadline = started + 5
    while time.monotonic() < deadline:
        status, headers, body = run.rig.get("/v1/export")
        kind = headers.get("Content-Type", "")
        statuses[f"{status} {kind}"] += 1
        if status == 503:
            assert kind == "application/problem+json" and headers["Retry-After"], body[:200]
        else:
            assert (status, kind) == (200, "application/x-ndjson"), body[:200]
            lines = body.splitlines()
            assert orjson.loads(lines[0])["type"] == "dataset" and len(lines) > 100
    run.rig.wait_until(run.amber.version)
    scenario = run.finish(
        "export, Redis emptied", "FLUSHALL of the Redis the replicas serve from, then /v1/export "
        "asked for again and again for 5 s while a replica republishes its seeds",
        tally, run.amber, recovery_seconds=time.monotonic() - started, figures={
            "exports 503 problem": sum(n for k, n in statuses.items() if k.startswith("503")),
            "exports 200 whole": sum(n for k, n in statuses.items() if k.startswith("200")),
            "exports logged as they were answered": logged_exports_match(run, statuses),
        },
    )  # fmt: skip
    assert set(statuses) <= {"503 application/problem+json", "200 application/x-ndjson"}
    assert scenario.figures["exports logged as they were answered"] == sum(statuses.values())
    assert scenario.mixed_versions == 0 and scenario.served_exactly_expected


def logged_exports_match(run: Run, statuses: Counter[str]) -> int:
    """How many export lines of the access log record a status the client got."""
    got = Counter(int(key.split()[0]) for key in statuses.elements())
    logged: Counter[int] = Counter()
    for line in run.rig.server.log.read_text(encoding="utf-8").splitlines():
        record = orjson.loads(line) if line.startswith("{") else {}
        if record.get("path") == "/v1/export" and record.get("message") == "request":
            logged[record["status"]] += 1
    return sum((got & logged).values())


def test_a_worker_replaced_while_redis_is_away(run: Run) -> None:
    """The replicas serve a version published after their seeds; Redis stops and a worker is
    killed. Its replacement cannot learn the current version: it answers 503 (not ready)
    rather than the older version of its seeds, until Redis is back."""
    run.settle_on_amber()
    run.rig.publish(run.folders["blue"])
    run.rig.wait_until(run.blue.version)
    time.sleep(2)  # both workers hold blue
    tally = run.load.phase("worker-replaced-redis-away")
    run.rig.save_redis()
    run.rig.redis.stop()
    killed = run.rig.all_workers(WORKERS)[0]
    os.kill(killed, signal.SIGKILL)
    started = time.monotonic()
    while killed in run.rig.all_workers(WORKERS):
        assert time.monotonic() - started < 60, "gunicorn did not replace the worker"
        time.sleep(0.05)
    versions: Counter[str] = Counter()
    while time.monotonic() - started < 8:
        status, headers, _ = run.rig.get("/v1/dataset")
        versions[headers.get("X-Dataset-Version") or str(status)] += 1
    run.rig.redis.start()  # with the data it saved: blue is still current
    recovery = run.rig.wait_until(run.blue.version)
    scenario = run.finish(
        "worker replaced, Redis away", "blue published over the replicas' seeds (amber); Redis "
        "stopped; one of two workers killed; /v1/dataset asked for 8 s; Redis started again",
        tally, run.blue, recovery_seconds=recovery, publishes=1, figures={
            "answers of blue": versions[run.blue.version],
            "answers of the older seeds": versions[run.amber.version],
            "503 (not ready)": versions["503"],
        },
    )  # fmt: skip
    assert set(versions) <= {run.blue.version, "503"}, versions
    assert scenario.mixed_versions == 0 and scenario.served_exactly_expected


def test_a_publisher_killed_mid_publish(run: Run) -> None:
    run.settle_on_amber()
    tally = run.load.phase("publisher-killed")
    last_report = run.rig.kill_publisher_mid_publish(run.folders["cobalt"])
    started = time.monotonic()
    untouched = run.rig.current_version() == run.amber.version
    run.rig.publish(run.folders["blue"])  # the next publish waits out the dead one's lock
    run.rig.wait_until(run.blue.version)
    scenario = run.finish(
        "publisher SIGKILL", f"`python -m service publish` of a 6,000-partnership dataset "
        f"killed after '{last_report}'; recovery: from the kill until the next publish is served",
        tally, run.blue, recovery_seconds=time.monotonic() - started, publishes=1,
    )  # fmt: skip
    assert untouched, "a killed publish changed the current version"
    assert_no_failure(scenario)


def assert_no_failure(scenario: Scenario) -> None:
    assert scenario.failures == {}, scenario.examples
    assert scenario.mixed_versions == 0, scenario.examples
    assert scenario.served_exactly_expected
