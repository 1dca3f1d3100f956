"""Publishing a dataset into Redis: write the items Redis lacks beside the current version, then
flip the pointer. Items are stored by content, so a version that differs by one article writes
that article's items and its own index, and shares every other item with the versions before."""

import logging
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

import orjson
from redis.exceptions import LockError

from service.dataset import Dataset
from service.dataset.delta import Previous
from service.dataset.inputs import SeedInput, build_fingerprint
from service.dataset.lineage import Lineage, encode_lineage, stamp_indexes, trace
from service.dataset.memo import BuildMemo
from service.dataset.render import DIGEST, ETAG_LENGTH, is_rendered
from service.progress import Progress
from service.store.base import files_json
from service.store.batches import BATCH, chunks, existing, write_values
from service.store.codec import (
    IndexFormatError,
    decode_indexes,
    encode_indexes,
    packed,
    read_index,
    unpacked,
)
from service.store.contents import digests_of, expected_length
from service.store.keys import REDIS_ERRORS, Keys
from service.store.prune import prune, read_lineage
from service.store.seedforms import SeedForms

log = logging.getLogger(__name__)
PIPELINE = 8  # batches written between renewals of the lock

# The flip: only while the publisher still holds the lock (a publisher that stalled past it
# may find another has pruned what it wrote), the pointer and the history move together, and
# the version joins the names of every version ever published (16 bytes each, kept for good).
FLIP = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SREM', KEYS[4], ARGV[2])
redis.call('SADD', KEYS[5], ARGV[2])
return 1
"""


class PublishError(RuntimeError):
    """The publish could not complete; the current version is untouched."""


class Unrendered(PublishError):
    """Items named by a BuildMemo are not stored (a node restarted without its data): their
    bodies must be rendered, by a load without a memo."""


@dataclass(frozen=True)
class PublishReport:
    """What a publish did, for the command line and the benchmark."""

    version: str
    changed: bool  # False: the version was current already, and nothing was written
    contents: int = 0  # distinct items the version holds
    written: int = 0  # of them, stored now; the others were stored already
    forms_written: int = 0  # validated seed forms stored now
    pruned: tuple[str, ...] = ()  # versions deleted to keep the retained few
    freed: int = 0  # items deleted with them (used by no retained version)


def publish_dataset(
    client: Any,
    keys: Keys,
    dataset: Dataset,
    *,
    retain: int = 3,
    lock_ttl: float = 10.0,
    progress: Progress | None = None,
    forms: SeedForms | None = None,
    memo: BuildMemo | None = None,
) -> PublishReport:
    """Make `dataset` current. Two publishers never interleave; a publish of the current
    version writes nothing. `forms`: the seed forms its load validated, stored with it;
    `memo`: what its load learnt (service.dataset.memo), stored with it. Raises
    Unrendered when an item the memo named by ETag is not stored (a node lost it): the
    dataset must be loaded again without a memo."""
    if _text(client.get(keys.current)) == dataset.version:
        return PublishReport(dataset.version, changed=False)
    token = uuid.uuid4().hex
    lock = client.lock(keys.lock, timeout=lock_ttl, blocking_timeout=lock_ttl * 3)
    if not lock.acquire(token=token):
        raise PublishError("another publish held the lock for too long")
    try:
        current = _text(client.get(keys.current))
        if current == dataset.version:
            return PublishReport(dataset.version, changed=False)
        run = _Run(client, keys, dataset, lock, lock_ttl, token, progress)
        return run.publish(current, retain, forms, memo)
    finally:
        # LockError: it expired, and another publisher may already hold it.
        with suppress(LockError):
            lock.release()


@dataclass
class _Run:
    """One publish, under its lock."""

    client: Any
    keys: Keys
    dataset: Dataset
    lock: Any
    lock_ttl: float
    token: str
    progress: Progress | None

    def publish(
        self, current: str | None, retain: int, forms: SeedForms | None, memo: BuildMemo | None
    ) -> PublishReport:
        client, keys, version = self.client, self.keys, self.dataset.version
        with ThreadPoolExecutor(1) as packer:
            # Compressing the memo, and the version's index and lineage, lets other threads
            # run: done beside the reads, the existence check and the writes, which wait on
            # Redis.
            packed_memo = packer.submit(memo.encode) if memo is not None else None
            # `updated_in` carries over from the version being replaced, whatever was before.
            previous = read_lineage(client, keys, current) if current else None
            lineage = trace(self.dataset, previous)
            packed_version = packer.submit(_version_values, self.dataset, lineage)
            self.renew()
            contents = self.dataset.contents
            digests = digests_of(contents)
            # Noted as a draft before anything of it is written: if this publisher dies, the
            # next one finds what it wrote, reuses it, and frees what it does not need.
            client.sadd(keys.drafts, version)
            client.set(keys.contents(version), contents)
            # Every item is asked for, not only those the current version lacks: one that a
            # node lost (restarted without its data) is written again, so the version flipped
            # to is whole. Items stored already, by any version or a publish that died, stay.
            # Those of resources that changed last: the others are stored already, so nearly
            # every batch asked is all there or all missing, answered by one command.
            changed = {
                bytes.fromhex(e)
                for k, e in lineage.etags.items()
                if lineage.updated_in[k] == version
            }
            etags = [d.hex() for d in digests if d not in changed] + [d.hex() for d in changed]
            names = [keys.item(etag) for etag in etags]
            stored = existing(client, names, self.renew)
            wanted = [etag for etag, name in zip(etags, names, strict=True) if name not in stored]
            self._write_items(wanted)
            self.renew()
            forms_written = _write_seeds(client, keys, self.dataset, forms)
            # Versions beyond the retained few go now, while the compression ends: neither
            # this one nor the current one is among them, whatever becomes of this publish.
            pruned, freed = prune(client, keys, version, digests, forms, retain)
            self.renew()
            if packed_memo is not None:
                client.set(keys.memo(version), packed_memo.result())
            _write_version(client, keys, self.dataset, packed_version.result())
        self.renew()
        # A publisher that stalled past its lock may have changed this version since: flip
        # only to a version that is whole, and (in the script) only while holding the lock.
        if not is_complete(client, keys, version):
            raise PublishError("the version was changed while being written; nothing was changed")
        seconds, micros = client.time()  # the server's clock: publishers' clocks may disagree
        flipped = client.register_script(FLIP)(
            keys=[keys.lock, keys.current, keys.history, keys.drafts, keys.published],
            args=[self.token, version, seconds + micros / 1e6],
        )
        if not flipped:
            raise PublishError("the publish lock expired before the flip; nothing was changed")
        client.publish(keys.channel, version)
        if current is not None:
            # Only the current version's memo is read: the one before it would cost every
            # retained version a memo's worth of memory for nothing.
            with suppress(*REDIS_ERRORS):
                client.unlink(keys.memo(current))
        log.info("published dataset version %s (%d items written)", version, len(wanted))
        return PublishReport(version, True, len(digests), len(wanted), forms_written, pruned, freed)

    def renew(self) -> None:
        """The lock renewed for another `lock_ttl`, between every step that may take a while
        (a large dataset's steps take seconds each on a busy machine); PublishError once it
        has lapsed, so a stalled publisher stops before writing beside the one that took it."""
        try:
            self.lock.extend(self.lock_ttl, replace_ttl=True)
        except LockError:
            raise PublishError(
                "the publish lock expired; nothing was changed (a busy machine may need a "
                "longer PUBLISH_LOCK_TTL)"
            ) from None

    def _write_items(self, wanted: Sequence[str]) -> None:
        """Store the bodies of the `wanted` contents, each under its ETag."""
        chosen = set(wanted)
        bodies = {}
        for value in self.dataset.items.values():
            etag = value[:ETAG_LENGTH].decode()
            if etag in chosen and is_rendered(value):
                # The body alone: the key names its ETag; readers put the two back together.
                bodies[self.keys.item(etag)] = memoryview(value)[ETAG_LENGTH:]
        if len(bodies) < len(chosen):
            raise Unrendered(f"{len(chosen) - len(bodies)} item(s) to store were not rendered")
        total, done = len(bodies), 0
        if self.progress:
            self.progress(0, total)
        for rounds in chunks(chunks(bodies.items(), BATCH), PIPELINE):
            # Renewed before each round, not after: a publisher that stalled past its lock
            # stops here rather than write beside the one that took it.
            self.renew()
            for batch in rounds:
                write_values(self.client, batch)
                # Each batch counted as it lands, not each round: the report follows the
                # writes closely (a round of eight batches can be most of a small publish).
                done += len(batch)
                if self.progress:
                    self.progress(done, total)
        if not self.lock.owned():
            raise PublishError("the publish lock expired while writing; nothing was changed")


def _write_seeds(client: Any, keys: Keys, dataset: Dataset, forms: SeedForms | None) -> int:
    """The seed forms validated for this publish; which forms the version was built from; and
    what it was read from, by which code, so a publish of the same bytes stops early."""
    fresh: list[tuple[str, bytes]] = []
    if forms is not None:
        fresh = [(keys.seed_form(forms.fingerprint, d), f) for d, f in forms.fresh.items()]
    for batch in chunks(fresh, 64):  # forms are some tens of kB each
        write_values(client, batch)
    record = {
        "fingerprint": forms.fingerprint if forms else None,
        # Every seed file it was built from, also those a build on the previous version did
        # not read: their forms stay while this version is retained.
        "digests": sorted({seed[1] for seed in dataset.inputs}) if forms else [],
        "build": build_fingerprint(),
        "inputs": dataset.inputs,
    }
    client.set(keys.seeds(dataset.version), orjson.dumps(record))
    return len(fresh)


def current_version(client: Any, keys: Keys) -> str | None:
    """The version readers are served now, or None when nothing is published."""
    return _text(client.get(keys.current))


def recorded_inputs(client: Any, keys: Keys, version: str) -> tuple[SeedInput, ...] | None:
    """What `version` was built from, when this very code built it."""
    raw = client.get(keys.seeds(version))
    try:
        record = orjson.loads(raw) if raw else {}
    except orjson.JSONDecodeError:
        return None
    if not isinstance(record, dict) or record.get("build") != build_fingerprint():
        return None
    # Written by this very code (its fingerprint says so): four strings per seed file.
    return tuple(tuple(entry) for entry in record.get("inputs") or ())


@dataclass(frozen=True)
class _VersionValues:
    """A version's indexes (with `updated_in`) and lineage, as Redis keeps them."""

    index: bytes
    lineage: bytes
    revision: str


def _version_values(dataset: Dataset, lineage: Lineage) -> _VersionValues:
    indexes = encode_indexes(stamp_indexes(dataset.indexes, lineage))
    return _VersionValues(packed(indexes), packed(encode_lineage(lineage)), lineage.revision)


def _write_version(client: Any, keys: Keys, dataset: Dataset, values: _VersionValues) -> None:
    """The indexes and the lineage, then the manifest that marks the version whole."""
    client.set(keys.index(dataset.version), values.index)
    client.set(keys.lineage(dataset.version), values.lineage)
    manifest = {
        "version": dataset.version,
        "loaded_at": dataset.loaded_at.isoformat(),
        "counts": dataset.counts,
        "files": files_json(dataset.files),
        "items": len(dataset.contents) // DIGEST,  # every item, also those built before
        "revision": values.revision,
    }
    client.set(keys.manifest(dataset.version), orjson.dumps(manifest))


def is_complete(client: Any, keys: Keys, version: str) -> bool:
    """A version is whole when its manifest exists over its index, lineage and contents, and
    its contents name every item it lists."""
    raw = client.get(keys.manifest(version))
    if raw is None:
        return False
    expected = orjson.loads(raw)["items"]
    # One key at a time: on a Cluster a multi-key EXISTS is split by slot anyway.
    there = all(client.exists(k) for k in (keys.index(version), keys.lineage(version)))
    return bool(there and client.strlen(keys.contents(version)) == expected * DIGEST)


def current_memo(client: Any, keys: Keys, version: str | None = None) -> BuildMemo:
    """The renderings of `version`'s records (by default the current version's; empty when
    there is none, or when it was built by other code)."""
    version = version or current_version(client, keys)
    return BuildMemo.decode(
        bytes(read_index(client, keys.memo(version)) or b"") if version else None
    )


def previous_build(
    client: Any, keys: Keys, version: str, inputs: tuple[SeedInput, ...] | None = None
) -> Previous | None:
    """`version` as a build on it needs it (service.dataset.delta), every part read by that
    version's own keys and checked against the others: its indexes, its contents map, the
    inputs it records and the graph its memo keeps name the same resources and files. None
    when a part is missing (it was pruned as it was read, its build left no graph, or other
    code built it) or does not belong with the rest."""
    memo = current_memo(client, keys, version)
    # `inputs`: the version's recorded inputs, when the caller has read them already.
    inputs = inputs if inputs is not None else recorded_inputs(client, keys, version)
    stored = read_index(client, keys.index(version))
    contents = client.get(keys.contents(version))
    if memo.graph is None or inputs is None or stored is None or contents is None:
        return None
    try:
        indexes = decode_indexes(unpacked(stored))
    except IndexFormatError:
        return None
    if len(contents) != expected_length(indexes):
        return None
    # The graph's files are the very seed files the version was built from, and its columns
    # hold a row for each resource of the indexes, in their order.
    graph = memo.graph
    if {seed[0]: seed[1] for seed in inputs} != {
        name: entry["read"][0][1] for name, entry in graph.files.items()
    }:
        return None
    if any(
        len(column) != len(indexes[rtype].ids)
        for rtype, columns in graph.columns.items()
        for column in columns.values()
    ):
        return None
    return Previous(version, indexes, bytes(contents), inputs, memo)


def _text(value: bytes | str | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value
