"""Publishing a dataset into Redis: write the new version beside the old, then flip the pointer."""

import logging
from collections.abc import Iterator
from contextlib import suppress
from itertools import chain, islice
from typing import Any

import orjson
from redis.exceptions import LockError

from service.dataset import Dataset
from service.dataset.lineage import Lineage, decode_lineage, encode_lineage, stamp_indexes, trace
from service.progress import Progress
from service.store.base import files_json
from service.store.codec import encode_indexes, read_index
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
        current = _text(client.get(keys.current))
        if current == dataset.version:
            return False
        # `updated_in` carries over from the version being replaced, whatever was before it.
        lineage = trace(dataset, read_lineage(client, keys, current) if current else None)
        if not is_complete(client, keys, dataset.version):
            _write_items(client, keys, dataset, lock, lock_ttl, progress)
        # A version published before holds its items already; what it owes to history is
        # written afresh, since the version it now follows may differ.
        _write_lineage(client, keys, dataset, lineage)
        # A publisher that stalled past its lock may have written over this version since:
        # flip only while holding the lock, and only to a version that is whole.
        if not lock.owned():
            raise PublishError("the publish lock expired before the flip; nothing was changed")
        if not is_complete(client, keys, dataset.version):
            raise PublishError("the version was changed while being written; nothing was changed")
        seconds, micros = client.time()  # the server's clock: publishers' clocks may disagree
        # The history is settled (listed, and pruned) before the flip, so a replica that loads
        # the new version reads the history that goes with it.
        client.zadd(keys.history, {dataset.version: seconds + micros / 1e6})
        _prune(client, keys, retain)
        # The one atomic step: readers follow this pointer, so they see the old or the new.
        client.set(keys.current, dataset.version)
        client.publish(keys.channel, dataset.version)
        log.info("published dataset version %s", dataset.version)
        return True
    finally:
        # LockError: it expired, and another publisher may already hold it.
        with suppress(LockError):
            lock.release()


def _write_items(
    client: Any, keys: Keys, dataset: Dataset, lock: Any, lock_ttl: float, progress: Progress | None
) -> None:
    items_key = keys.items(dataset.version)
    # Leftovers of a publish that died halfway are never trusted: write the version afresh,
    # its manifest (the mark of a whole version) gone first.
    client.delete(*reversed(keys.version_keys(dataset.version)))
    total = len(dataset.items)
    done = 0
    for batches in _chunks(_chunks(dataset.items.items(), BATCH), PIPELINE):
        with client.pipeline(transaction=False) as pipe:
            for chunk in batches:
                # HSET key field value ...: what hset(mapping=) sends, without a dict made first.
                pipe.execute_command("HSET", items_key, *chain.from_iterable(chunk))
            pipe.execute()
        done += sum(len(chunk) for chunk in batches)
        lock.extend(lock_ttl, replace_ttl=True)
        if progress:
            progress(done, total)
    if not lock.owned():
        raise PublishError("the publish lock expired while writing; nothing was changed")


def _write_lineage(client: Any, keys: Keys, dataset: Dataset, lineage: Lineage) -> None:
    """The indexes (with `updated_in`), the lineage, then the manifest that marks it whole."""
    client.set(keys.index(dataset.version), encode_indexes(stamp_indexes(dataset.indexes, lineage)))
    client.set(keys.lineage(dataset.version), encode_lineage(lineage))
    manifest = {
        "version": dataset.version,
        "loaded_at": dataset.loaded_at.isoformat(),
        "counts": dataset.counts,
        "files": files_json(dataset.files),
        "items": len(dataset.items),
        "revision": lineage.revision,
    }
    client.set(keys.manifest(dataset.version), orjson.dumps(manifest))


def read_lineage(client: Any, keys: Keys, version: str) -> Lineage | None:
    """A retained version's lineage; None when it is gone or was written by older code."""
    raw = read_index(client, keys.lineage(version))  # in pieces: it is as large as the index
    if raw is None:
        return None
    try:
        return decode_lineage(raw)
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None


def is_complete(client: Any, keys: Keys, version: str) -> bool:
    """A version is whole when its manifest exists and its hash holds every item it lists."""
    raw = client.get(keys.manifest(version))
    if raw is None:
        return False
    expected = orjson.loads(raw)["items"]
    return bool(
        client.hlen(keys.items(version)) == expected
        and client.exists(keys.index(version), keys.lineage(version)) == 2
    )


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
