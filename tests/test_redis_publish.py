"""Publishing into Redis: versioned keys, one atomic flip, no-op republish, locks, killed
publishers. Each test runs against a standalone Redis and a three-node Cluster."""

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import orjson
import pytest
from redis.crc import key_slot

from service.config import BUNDLED_SEEDS
from service.dataset import load_dataset
from service.store.publish import PublishError, is_complete, publish_dataset
from service.store.redis_store import IncompleteVersion
from tests.support.redis_support import Target, served_version, store_of, with_alias

REPLICA = textwrap.dedent(
    """
    import sys
    from service import create_app
    from service.config import Config
    app = create_app(Config(redis_url=sys.argv[1], redis_cluster=sys.argv[2] == "1",
                            redis_prefix=sys.argv[3], publish_seeds_if_empty=True))
    print(app.test_client().get("/v1/dataset").get_json()["version"])
    """
)


@pytest.mark.system
def test_first_replicas_publish_the_bundled_seeds_once(target: Target) -> None:
    # Three replica processes start at once against an empty Redis.
    replicas = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                REPLICA,
                target.url,
                "1" if target.cluster else "0",
                target.prefix,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [replica.communicate(timeout=60) for replica in replicas]
    assert [r.returncode for r in replicas] == [0, 0, 0], [err for _, err in outputs]
    bundled = load_dataset(BUNDLED_SEEDS).version
    # Logs are JSON lines on stdout too; the version is the last line.
    assert {out.strip().splitlines()[-1] for out, _ in outputs} == {bundled}
    client = target.client()
    assert client.get(target.keys.current) == bundled.encode()
    # They raced; the lock let one publish and the others find it done.
    assert client.zcard(target.keys.history) == 1


def test_a_version_is_one_hash_slot_with_every_item(target: Target, seeds_copy: Path) -> None:
    target.app()
    dataset = with_alias(seeds_copy, "Honda Motor")
    client = target.client()
    assert publish_dataset(client, target.keys, dataset)
    assert client.get(target.keys.current) == dataset.version.encode()
    items, *_ = keys = target.keys.version_keys(dataset.version)
    assert len({key_slot(k.encode()) for k in keys}) == 1
    assert client.hlen(items) == len(dataset.items)
    stored = client.hgetall(items)
    assert {k.decode(): v for k, v in stored.items()} == dict(dataset.items)


def test_republishing_the_same_content_is_a_no_op(target: Target) -> None:
    app = target.app()
    client = target.client()
    before = client.zrange(target.keys.history, 0, -1, withscores=True)
    bundled = load_dataset(BUNDLED_SEEDS)
    assert publish_dataset(client, target.keys, bundled) is False
    assert store_of(app).publish(bundled) is False
    assert client.zrange(target.keys.history, 0, -1, withscores=True) == before


def test_old_versions_beyond_the_retained_few_are_deleted(target: Target, seeds_copy: Path) -> None:
    target.app()
    client = target.client()
    versions = [load_dataset(BUNDLED_SEEDS).version]
    for n in range(4):
        dataset = with_alias(seeds_copy, f"Alias {n}")
        publish_dataset(client, target.keys, dataset, retain=3)
        versions.append(dataset.version)
    kept = [v.decode() for v in client.zrevrange(target.keys.history, 0, -1)]
    assert kept == versions[::-1][:3]
    for gone in versions[:2]:
        assert not any(client.exists(k) for k in target.keys.version_keys(gone))
    for version in kept:
        assert client.exists(target.keys.manifest(version))


def test_concurrent_publishers_leave_a_consistent_store(target: Target, seeds_copy: Path) -> None:
    app = target.app()
    datasets = [with_alias(seeds_copy, f"Concurrent {n}") for n in range(4)]
    errors: list[BaseException] = []

    clients = [target.client() for _ in datasets]

    def publish(n: int) -> None:
        try:
            publish_dataset(clients[n], target.keys, datasets[n], retain=10)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=publish, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    client = target.client()
    current = client.get(target.keys.current).decode()
    assert current in {d.version for d in datasets}
    # Every published version is whole: all items, its index, lineage and manifest.
    for dataset in datasets:
        items, *others = target.keys.version_keys(dataset.version)
        assert client.hlen(items) == len(dataset.items)
        assert client.exists(*others) == len(others)
    store_of(app).refresh()
    assert served_version(app) == current


def test_publish_waits_for_the_lock_and_gives_up_without_changing_anything(
    target: Target, seeds_copy: Path
) -> None:
    target.app()
    client = target.client()
    before = client.get(target.keys.current)
    held = client.lock(target.keys.lock, timeout=30)
    assert held.acquire()
    try:
        with pytest.raises(PublishError, match="held the lock"):
            publish_dataset(client, target.keys, with_alias(seeds_copy, "Late"), lock_ttl=1)
    finally:
        held.release()
    assert client.get(target.keys.current) == before


KILLED_PUBLISHER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from service.config import Config
    from service.dataset import load_dataset
    from service.store import publish
    from service.store.connect import redis_client
    from service.store.keys import Keys

    publish.BATCH = 4  # small batches, so the kill lands between two of them
    publish.PIPELINE = 1

    def die_after_two_batches(done, total):
        if done >= 8:
            os.kill(os.getpid(), signal.SIGKILL)

    config = Config(redis_url=sys.argv[1], redis_cluster=sys.argv[2] == "1",
                    redis_prefix=sys.argv[3])
    publish.publish_dataset(redis_client(config), Keys(config.redis_prefix),
                            load_dataset(Path(sys.argv[4])), lock_ttl=1,
                            progress=die_after_two_batches)
    """
)


@pytest.mark.system
def test_a_publisher_killed_mid_publish_changes_nothing_visible(
    target: Target, seeds_copy: Path
) -> None:
    app = target.app()
    old = served_version(app)
    new = with_alias(seeds_copy, "Killed")
    result = subprocess.run(
        [sys.executable, "-c", KILLED_PUBLISHER, target.url, "1" if target.cluster else "0",
         target.prefix, str(seeds_copy)],
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == -9, result.stderr
    client = target.client()
    items, manifest = target.keys.items(new.version), target.keys.manifest(new.version)
    assert client.hlen(items) == 8  # half written...
    assert not client.exists(manifest)  # ...never completed...
    assert client.get(target.keys.current) == old.encode()  # ...and never made current
    store_of(app).refresh()
    assert served_version(app) == old
    # The next publish waits out the dead publisher's lock, rewrites the version and succeeds.
    assert publish_dataset(client, target.keys, new, lock_ttl=1)
    assert client.hlen(items) == len(new.items)
    store_of(app).refresh()
    assert served_version(app) == new.version


def test_a_stale_manifest_over_partial_items_is_rewritten_not_made_current(
    target: Target, seeds_copy: Path
) -> None:
    # What a publisher that stalled past its lock could leave: a manifest over missing items.
    target.app()
    client = target.client()
    dataset = with_alias(seeds_copy, "Stale manifest")
    items, index, _, manifest = target.keys.version_keys(dataset.version)
    client.hset(items, mapping=dict(list(dataset.items.items())[:3]))
    client.set(index, b"{}")
    client.set(manifest, orjson.dumps({"items": len(dataset.items)}))
    assert not is_complete(client, target.keys, dataset.version)
    assert publish_dataset(client, target.keys, dataset)
    assert client.hlen(items) == len(dataset.items)
    assert is_complete(client, target.keys, dataset.version)


def test_an_index_in_another_format_is_degraded_not_misread(
    target: Target, seeds_copy: Path
) -> None:
    # A replica of new code starting beside a version published by other code.
    target.app()
    dataset = with_alias(seeds_copy, "Other format")
    client = target.client()
    publish_dataset(client, target.keys, dataset)
    client.set(target.keys.index(dataset.version), b'{"organizations": {"ids": []}}')
    app = target.app()
    body = app.test_client().get("/readyz").get_json()
    assert body["status"] == "degraded"
    assert body["reason"].startswith(f"dataset unusable: version {dataset.version}: index format")
    assert served_version(app) == load_dataset(BUNDLED_SEEDS).version  # what it can serve
    with pytest.raises(IncompleteVersion, match="index format None, this code reads"):
        store_of(app).refresh()
