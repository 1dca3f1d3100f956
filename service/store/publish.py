"""Publishing a dataset into Redis: write the new version beside the old, then flip the pointer."""

import logging
from collections.abc import Iterator
from contextlib import suppress
from itertools import islice
from typing import Any

import orjson
from redis.exceptions import LockError

from service.dataset import Dataset
from service.progress import Progress
from service.store.codec import encode_indexes
from service.store.keys import Keys

log = logging.getLogger(__name__)
BATCH = 2000  # hash fields per HSET: big enough to amortise round trips, small enough to stream
PIPELINE = 8  # HSETs sent before reading their replies: Redis works while the next are packed


class PublishError(RuntimeError):
    """The publish could not complete; the current version is untouched."""


def publish_dataset(
    client: Any,
    keys: Keys,
    dataset: Dataset,
    *,
    retain: int = 3,
    lock_ttl: float = 10.0,
    progress: Progress | None = None,
) -> bool:
    """Make `dataset` current; False when it already is. Two publishers never interleave."""
    lock = client.lock(keys.lock, timeout=lock_ttl, blocking_timeout=lock_ttl * 3)
    if not lock.acquire():
        raise PublishError("another publish held the lock for too long")
    try:
        if _text(client.get(keys.current)) == dataset.version:
            return False
        if not is_complete(client, keys, dataset.version):
            _write_version(client, keys, dataset, lock, lock_ttl, progress)
        # A publisher that stalled past its lock may have written over this version since:
        # flip only while holding the lock, and only to a version that is whole.
        if not lock.owned():
            raise PublishError("the publish lock expired before the flip; nothing was changed")
        if not is_complete(client, keys, dataset.version):
            raise PublishError("the version was changed while being written; nothing was changed")
        # The one atomic step: readers follow this pointer, so they see the old or the new.
        client.set(keys.current, dataset.version)
        seconds, micros = client.time()  # the server's clock: publishers' clocks may disagree
        client.zadd(keys.history, {dataset.version: seconds + micros / 1e6})
        client.publish(keys.channel, dataset.version)
        _prune(client, keys, retain)
        log.info("published dataset version %s", dataset.version)
        return True
    finally:
        # LockError: it expired, and another publisher may already hold it.
        with suppress(LockError):
            lock.release()


def _write_version(
    client: Any, keys: Keys, dataset: Dataset, lock: Any, lock_ttl: float, progress: Progress | None
) -> None:
    items_key, index_key, manifest_key = keys.version_keys(dataset.version)
    # Leftovers of a publish that died halfway are never trusted: write the version afresh,
    # its manifest (the mark of a whole version) gone first.
    client.delete(manifest_key, items_key, index_key)
    total = len(dataset.items)
    done = 0
    for batches in _chunks(_chunks(dataset.items.items(), BATCH), PIPELINE):
        with client.pipeline(transaction=False) as pipe:
            for chunk in batches:
                pipe.hset(items_key, mapping=dict(chunk))
            pipe.execute()
        done += sum(len(chunk) for chunk in batches)
        lock.extend(lock_ttl, replace_ttl=True)
        if progress:
            progress(done, total)
    client.set(index_key, encode_indexes(dataset.indexes))
    if not lock.owned():
        raise PublishError("the publish lock expired while writing; nothing was changed")
    manifest = {
        "version": dataset.version,
        "loaded_at": dataset.loaded_at.isoformat(),
        "counts": dataset.counts,
        "items": total,
    }
    client.set(manifest_key, orjson.dumps(manifest))


def is_complete(client: Any, keys: Keys, version: str) -> bool:
    """A version is whole when its manifest exists and its hash holds every item it lists."""
    raw = client.get(keys.manifest(version))
    if raw is None:
        return False
    expected = orjson.loads(raw)["items"]
    return bool(client.hlen(keys.items(version)) == expected and client.exists(keys.index(version)))


def _prune(client: Any, keys: Keys, retain: int) -> None:
    """Keep the newest `retain` versions, so a replica mid-request still finds its own."""
    newest_first = [v.decode() for v in client.zrevrange(keys.history, 0, -1)]
    current = _text(client.get(keys.current))
    for version in newest_first[max(retain, 1) :]:
        if version == current:
            continue
        client.unlink(*keys.version_keys(version))
        client.zrem(keys.history, version)


def _chunks(pairs: Any, size: int) -> Iterator[list[Any]]:
    iterator = iter(pairs)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _text(value: bytes | str | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value
