"""Publishing into Redis: items stored by content and shared, one atomic flip, no-op
republish, locks, pruning, killed publishers. Each test runs against a standalone Redis and a
three-node Cluster."""

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import orjson
import pytest
from redis.crc import key_slot

from bench.synthetic import write_synthetic_seeds
from service.config import BUNDLED_SEEDS
from service.dataset import Dataset, load_dataset
from service.dataset.render import ETAG_LENGTH
from service.store.publish import FLIP, PublishError, is_complete, publish_dataset
from service.store.redis_store import IncompleteVersion
from tests.support.redis_support import Target, served_version, store_of, with_alias

# A replica process over the target's Redis, under its prefix, told to publish its seeds when
# it finds Redis empty (as under `make run`): the race the first test runs.
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


def etags(dataset: Dataset) -> set[str]:
    """The contents a dataset holds: its items' ETags."""
    return {value[:ETAG_LENGTH].decode() for value in dataset.items.values()}


def stored_items(target: Target) -> set[str]:
    """The ETags of the items stored under the target's prefix, on every node."""
    found = target.keys_matching(f"{target.prefix}:item:*")
    return {key.decode().rsplit(":", 1)[1] for key in found}


def test_items_are_stored_by_content_and_shared_by_versions(
    target: Target, seeds_copy: Path
) -> None:
    bundled = store_of(target.app()).fallback()  # what the replica published as it started
    dataset = with_alias(seeds_copy, "Honda Motor")
    client = target.client()
    report = publish_dataset(client, target.keys, dataset)
    assert report.changed and client.get(target.keys.current) == dataset.version.encode()
    # Honda's organization and the dataset's description are new; every other item is shared.
    assert report.written == len(etags(dataset) - etags(bundled)) == 2
    assert report.contents == len(etags(dataset))
    assert stored_items(target) == etags(dataset) | etags(bundled)
    for value in dataset.items.values():
        etag, body = value[:ETAG_LENGTH].decode(), value[ETAG_LENGTH:]
        assert client.get(target.keys.item(etag)) == body  # named by its content
    version_keys = target.keys.version_keys(dataset.version)
    assert len({key_slot(k.encode()) for k in version_keys}) == 1
    control = (target.keys.current, target.keys.history, target.keys.lock, target.keys.drafts)
    assert len({key_slot(k.encode()) for k in control}) == 1
    assert client.smembers(target.keys.drafts) == set()


def test_republishing_the_same_content_is_a_no_op(target: Target) -> None:
    app = target.app()
    client = target.client()
    before = client.zrange(target.keys.history, 0, -1, withscores=True)
    bundled = load_dataset(BUNDLED_SEEDS)
    assert publish_dataset(client, target.keys, bundled).changed is False
    assert store_of(app).publish(bundled) is False
    assert client.zrange(target.keys.history, 0, -1, withscores=True) == before


def test_old_versions_beyond_the_retained_few_are_deleted_with_what_only_they_use(
    target: Target, seeds_copy: Path
) -> None:
    client = target.client()
    datasets = [store_of(target.app()).fallback()]
    for n in range(4):
        datasets.append(with_alias(seeds_copy, f"Alias {n}"))
        publish_dataset(client, target.keys, datasets[-1], retain=3)
    versions = [d.version for d in datasets]
    kept = [v.decode() for v in client.zrevrange(target.keys.history, 0, -1)]
    assert kept == versions[::-1][:3]
    for gone in versions[:2]:
        assert not any(client.exists(k) for k in target.keys.version_keys(gone))
    for version in kept:
        assert is_complete(client, target.keys, version)
    # The items of the two versions gone are gone, but for those the kept ones share.
    assert stored_items(target) == set().union(*(etags(d) for d in datasets[2:]))
    assert etags(datasets[0]) & stored_items(target)  # shared items stayed


def test_concurrent_publishers_leave_a_consistent_store(target: Target, seeds_copy: Path) -> None:
    app = target.app()
    datasets = [with_alias(seeds_copy, f"Concurrent {n}") for n in range(4)]
    errors: list[BaseException] = []

    clients = [target.client() for _ in datasets]

    def publish(n: int) -> None:
        try:
            # Every version kept, so each can be checked whole afterwards.
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
    # Every published version is whole: its own keys, and every item it holds.
    for dataset in datasets:
        assert is_complete(client, target.keys, dataset.version)
    assert stored_items(target) >= set().union(*(etags(d) for d in datasets))
    assert client.smembers(target.keys.drafts) == set()
    store_of(app).refresh()
    assert served_version(app) == current


@pytest.mark.slow
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
            # A one-second lock: it gives up after 3 s of waiting rather than 30.
            publish_dataset(client, target.keys, with_alias(seeds_copy, "Late"), lock_ttl=1)
    finally:
        held.release()
    assert client.get(target.keys.current) == before


# A publisher over the target's Redis and prefix, killed mid-publish; its lock of one second
# (lock_ttl=1) lapses soon after it dies.
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


def kill_a_publisher(target: Target, seeds: Path) -> None:
    """Publish `seeds` in a process killed once it has written eight items."""
    result = subprocess.run(
        [sys.executable, "-c", KILLED_PUBLISHER, target.url, "1" if target.cluster else "0",
         target.prefix, str(seeds)],
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == -9, result.stderr


@pytest.mark.system
def test_a_publisher_killed_mid_publish_changes_nothing_visible_and_its_work_is_reused(
    target: Target, tmp_path: Path
) -> None:
    app = target.app()
    old = served_version(app)
    seeds = write_synthetic_seeds(tmp_path, partnerships=12, organizations=5, per_source=6)
    new = load_dataset(seeds)
    kill_a_publisher(target, seeds)
    client = target.client()
    assert len(stored_items(target) - etags(store_of(app).fallback())) == 8  # some written...
    assert not client.exists(target.keys.manifest(new.version))  # ...never completed...
    assert client.get(target.keys.current) == old.encode()  # ...and never made current
    assert client.smembers(target.keys.drafts) == {new.version.encode()}
    store_of(app).refresh()
    assert served_version(app) == old
    # The next publish waits out the dead publisher's lock and writes only what it had not
    # (its own lock of a second: a wait gives up in 3 s rather than 30).
    report = publish_dataset(client, target.keys, new, lock_ttl=1)
    assert report.changed and report.written == len(etags(new)) - 8
    assert client.smembers(target.keys.drafts) == set()
    store_of(app).refresh()
    assert served_version(app) == new.version
    answer = app.test_client().get("/v1/partnerships/synthetic-partnership-0000011")
    assert answer.status_code == 200


@pytest.mark.system
def test_what_a_killed_publisher_wrote_is_freed_when_another_version_is_published(
    target: Target, tmp_path: Path, seeds_copy: Path
) -> None:
    bundled = store_of(target.app()).fallback()
    seeds = write_synthetic_seeds(tmp_path, partnerships=12, organizations=5, per_source=6)
    abandoned = load_dataset(seeds).version
    kill_a_publisher(target, seeds)
    client = target.client()
    dataset = with_alias(seeds_copy, "After the dead one")
    # A lock of a second: should the dead one's still be held, the wait gives up in 3 s.
    report = publish_dataset(client, target.keys, dataset, lock_ttl=1)
    assert report.pruned == (abandoned,) and report.freed == 8
    assert stored_items(target) == etags(bundled) | etags(dataset)
    assert not any(client.exists(k) for k in target.keys.version_keys(abandoned))
    assert client.smembers(target.keys.drafts) == set()


def test_a_stale_manifest_over_partial_contents_is_rewritten_not_made_current(
    target: Target, seeds_copy: Path
) -> None:
    # What a publisher that stalled past its lock could leave: a manifest over missing parts.
    target.app()
    client = target.client()
    dataset = with_alias(seeds_copy, "Stale manifest")
    client.set(target.keys.contents(dataset.version), b"\0" * 16)
    client.set(target.keys.index(dataset.version), b"{}")
    client.set(target.keys.manifest(dataset.version), orjson.dumps({"items": len(dataset.items)}))
    assert not is_complete(client, target.keys, dataset.version)
    assert publish_dataset(client, target.keys, dataset).changed
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


def test_the_flip_moves_pointer_and_history_together_and_only_for_the_lock_holder(
    target: Target, seeds_copy: Path
) -> None:
    app = target.app()
    client = target.client()
    old = served_version(app)
    dataset = with_alias(seeds_copy, "Flipped")
    history = client.zrange(target.keys.history, 0, -1)
    flip = client.register_script(FLIP)
    keys = target.keys
    control = [keys.lock, keys.current, keys.history, keys.drafts, keys.published]
    client.sadd(target.keys.drafts, dataset.version)
    # A publisher whose lock lapsed and was taken over: its flip changes nothing.
    assert client.set(target.keys.lock, "another publisher's token")
    assert flip(keys=control, args=["a lapsed token", dataset.version, 1.0]) == 0
    assert client.get(target.keys.current) == old.encode()
    assert client.zrange(target.keys.history, 0, -1) == history
    # The holder's flip: the pointer, the history and the drafts in one step.
    assert flip(keys=control, args=["another publisher's token", dataset.version, 2.0]) == 1
    assert client.get(target.keys.current) == dataset.version.encode()
    assert set(client.zrange(target.keys.history, 0, -1)) == {*history, dataset.version.encode()}
    assert client.zscore(target.keys.history, dataset.version) == 2.0
    assert client.smembers(target.keys.drafts) == set()
    client.delete(target.keys.lock)


def test_items_redis_lost_are_written_again_by_the_next_publish(
    target: Target, seeds_copy: Path
) -> None:
    bundled = store_of(target.app()).fallback()
    client = target.client()
    dataset = with_alias(seeds_copy, "After a loss")
    # What a node restarted without its data loses: items of the current version, here
    # three that the next version holds too.
    lost = sorted(etags(bundled) & etags(dataset))[:3]
    for etag in lost:
        client.delete(target.keys.item(etag))
    report = publish_dataset(client, target.keys, dataset)
    assert report.written == len(etags(dataset) - etags(bundled)) + 3
    assert stored_items(target) >= etags(dataset)
