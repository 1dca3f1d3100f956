"""Replicas follow new versions within a second, never mix two in a response, and read Redis at
most once per request. Each test runs against a standalone Redis and a three-node Cluster."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import orjson
import pytest
from flask import Flask

from service.dataset import load_dataset
from service.store.contents import ContentMap
from service.store.publish import publish_dataset
from tests.support.redis_support import Target, served_version, store_of, with_alias
from tests.support.seed_files import rewrite_seed


def wait_for_version(apps: list[Flask], version: str, limit: float = 5.0) -> list[float]:
    """Seconds until each app serves `version`, polled every 5 ms."""
    start = time.monotonic()
    seen: dict[int, float] = {}
    while len(seen) < len(apps) and time.monotonic() - start < limit:
        for n, app in enumerate(apps):
            if n not in seen and served_version(app) == version:
                seen[n] = time.monotonic() - start
        time.sleep(0.005)
    assert len(seen) == len(apps), f"not every replica served {version} within {limit} s"
    return [seen[n] for n in range(len(apps))]


def test_two_replicas_serve_a_republish_within_a_second(target: Target, seeds_copy: Path) -> None:
    # A slow poll, so only the published notice can make it within the second.
    replicas = [target.app(poll_interval=5.0), target.app(poll_interval=5.0)]
    for app in replicas:
        served_version(app)  # the first request starts the replica's watcher
    time.sleep(0.3)  # let both subscribe
    dataset = with_alias(seeds_copy, "Republished")
    assert publish_dataset(target.client(), target.keys, dataset)
    latencies = wait_for_version(replicas, dataset.version)
    print(f"publish to serve, per replica: {[round(s * 1000, 1) for s in latencies]} ms")
    assert max(latencies) < 1.0


def test_the_poll_catches_a_missed_notice(target: Target, seeds_copy: Path) -> None:
    app = target.app(poll_interval=0.2)  # the poll under test, well within the 5 s wait
    bundled = served_version(app)
    dataset = with_alias(seeds_copy, "Unannounced")
    client = target.client()
    publish_dataset(client, target.keys, dataset)
    wait_for_version([app], dataset.version)
    # Flip the pointer back with no notice: only the poll can find out.
    client.set(target.keys.current, bundled)
    assert wait_for_version([app], bundled)


@pytest.mark.slow
def test_a_list_never_mixes_two_versions(target: Target, seeds_copy: Path) -> None:
    app = target.app(poll_interval=0.05)  # the fastest poll: versions switch under the reads
    client = app.test_client()
    versions = {}
    for alias in ("Mix A", "Mix B"):
        dataset = with_alias(seeds_copy, alias)
        versions[dataset.version] = (alias, dataset)
    publisher = target.client()
    stop = threading.Event()

    def republish() -> None:
        while not stop.is_set():
            for _, dataset in versions.values():
                publish_dataset(publisher, target.keys, dataset, retain=5)
                time.sleep(0.02)

    thread = threading.Thread(target=republish)
    thread.start()
    seen = set()
    deadline = time.monotonic() + 3
    try:
        while time.monotonic() < deadline:
            page = orjson.loads(client.get("/v1/organizations?limit=3").data)
            version = page["meta"]["dataset_version"]
            honda = next((o for o in page["data"] if o["id"] == "honda"), None)
            if version in versions and honda is not None:
                seen.add(version)
                assert honda["aliases"] == [versions[version][0]], version
    finally:
        stop.set()
        thread.join()
    assert len(seen) == 2, "the load never saw both versions"


def test_reads_cost_one_round_trip_per_node_touched_and_none_when_warm(target: Target) -> None:
    app = target.app()
    client = app.test_client()
    store = store_of(app)
    redis = target.client()
    client.get("/v1/dataset")
    snapshot = store.snapshot()

    def nodes(*urls: str) -> int:
        """The nodes holding the items these item URLs name: 1 on one Redis."""
        if not target.cluster:
            return 1
        places = ContentMap(snapshot.indexes, redis.get(target.keys.contents(snapshot.version)))
        etags = [places.etag(url.removeprefix("/v1/")) for url in urls]
        return len({redis.get_node_from_key(target.keys.item(str(e))).name for e in etags})

    def trips(url: str, status: int = 200) -> int:
        before = store.round_trips
        assert client.get(url).status_code == status
        return store.round_trips - before

    partnership = "/v1/partnerships/honda-nissan-ev-collaboration"
    assert trips(partnership) == 1
    assert trips(partnership) == 0
    organizations = [f"/v1/organizations/{o}" for o in snapshot.indexes["organizations"].ids]
    # Six cold items, one read: MGET per node that holds any of them, all in one round.
    assert trips("/v1/organizations?limit=6") == nodes(*organizations[:6]) <= 3
    assert trips("/v1/organizations?limit=6") == 0
    assert trips("/v1/organizations/honda/partnerships") == 1  # one cold item, one warm
    assert trips("/v1/organizations/toyota", 404) == 0  # the index knows it is missing


def run_cli(target: Target, *args: str) -> subprocess.CompletedProcess[str]:
    # The target's Redis (standalone or Cluster) and a prefix of the test's own.
    env = {
        **os.environ,
        "REDIS_URL": target.url,
        "REDIS_CLUSTER": "true" if target.cluster else "false",
        "REDIS_PREFIX": target.prefix,
    }
    return subprocess.run(
        [sys.executable, "-m", "service", *args],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.system
def test_cli_publishes_once_and_refuses_bad_seeds_leaving_redis_unchanged(
    target: Target, seeds_copy: Path
) -> None:
    app = target.app()
    old = served_version(app)
    rewrite_seed(seeds_copy, lambda d: d["organizations"][0].update(aliases=["Via CLI"]))
    new = load_dataset(seeds_copy).version

    first = run_cli(target, "publish", str(seeds_copy))
    assert first.returncode == 0, first.stderr
    # One file, edited: validated again; Honda and the dataset's description are new items.
    assert first.stdout == (
        f"published dataset version {new} from {seeds_copy}\n"
        "seed files: 1 validated, 0 known; items: 2 written, 16 stored already\n"
    )
    again = run_cli(target, "publish", str(seeds_copy))
    assert again.stdout.startswith(f"already current: dataset version {new}")
    assert wait_for_version([app], new)

    rewrite_seed(seeds_copy, lambda d: d["products"][0].update(status="rumoured"))
    refused = run_cli(target, "publish", str(seeds_copy))
    assert refused.returncode == 1
    assert "products[honda-prologue]: status: Must be one of" in refused.stderr
    assert target.client().get(target.keys.current) == new.encode()
    assert old != new
