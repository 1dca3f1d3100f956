"""When each resource last changed: what a version owes to the versions published before it.

A version's content, and so its id, depends on the seeds alone. `updated_in` depends on the
history of publishes as well, so it is kept beside the stored bytes (in the lineage and the
indexes), never inside them: the bytes of a version stay the same whoever published it, and
a replica falling back on the bundled seeds serves exactly what Redis holds.
"""

import hashlib
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, replace

import orjson

from schemas.vocabulary import RESOURCE_TYPES
from service.dataset.build import Dataset
from service.dataset.index import ResourceIndex
from service.dataset.render import ETAG_LENGTH, ITEM_SCHEMAS, item_key, served_etag


@dataclass(frozen=True)
class Lineage:
    version: str
    etags: Mapping[str, str]  # resource key ("partnerships/<id>") -> content ETag
    updated_in: Mapping[str, str]  # resource key -> version in which it last changed

    @property
    def revision(self) -> str:
        """Names what is served: the version, and when each resource in it last changed. Two
        publishes of one version after different histories have different revisions."""
        digest = hashlib.sha256(self.version.encode())
        # One update of it all, not one per resource: the digest of the joined text is the same.
        updated_in = self.updated_in
        digest.update("".join(f"\0{key}\0{updated_in[key]}" for key in sorted(updated_in)).encode())
        return digest.hexdigest()[:16]


def trace(dataset: Dataset, previous: Lineage | None) -> Lineage:
    """The lineage of `dataset` published after `previous`: a resource whose content is
    unchanged keeps its `updated_in`; a new or changed one was updated in this version."""
    if previous is not None and dataset.built_on == previous.version:
        return _traced_on(dataset, previous)
    etags: dict[str, str] = {}
    updated_in: dict[str, str] = {}
    # The contents map holds each type's items first, in the order of its index.
    hexed, at = dataset.contents.hex(), 0
    for rtype in ITEM_SCHEMAS:
        for rid in dataset.indexes[rtype].ids:
            key = item_key(rtype, rid)
            etag = hexed[at : at + ETAG_LENGTH]
            at += ETAG_LENGTH
            etags[key] = etag
            kept = previous is not None and previous.etags.get(key) == etag
            updated_in[key] = previous.updated_in[key] if kept and previous else dataset.version
    return Lineage(dataset.version, etags, updated_in)


def _traced_on(dataset: Dataset, previous: Lineage) -> Lineage:
    """`trace` for a dataset built on `previous`: only the items that build made can differ."""
    etags, updated_in = dict(previous.etags), dict(previous.updated_in)
    for key in dataset.fresh:
        if key.partition("/")[0] not in ITEM_SCHEMAS:
            continue  # a list representation, or the dataset's description
        etag = dataset.items[key][:ETAG_LENGTH].decode()
        if etags.get(key) != etag:
            etags[key], updated_in[key] = etag, dataset.version
    return Lineage(dataset.version, etags, updated_in)


def stamp_indexes(
    indexes: Mapping[str, ResourceIndex], lineage: Lineage
) -> dict[str, ResourceIndex]:
    """The indexes, carrying each resource's `updated_in` for the views to serve: each
    version once, and its number per resource (a few versions name hundreds of thousands)."""
    stamped = {}
    for rtype, index in indexes.items():
        updated_in, prefix = lineage.updated_in, item_key(rtype, "")  # the key without its id
        column = [updated_in[prefix + rid] for rid in index.ids]
        versions = tuple(sorted(set(column)))
        number = {version: n for n, version in enumerate(versions)}
        stamped[rtype] = replace(
            index,
            updated_versions=versions,
            updated_numbers=array("I", [number[v] for v in column]),
        )
    return stamped


def encode_lineage(lineage: Lineage) -> bytes:
    keys = sorted(lineage.etags)
    versions = sorted(set(lineage.updated_in.values()))
    number = {v: n for n, v in enumerate(versions)}
    return orjson.dumps(
        {
            "version": lineage.version,
            "keys": keys,
            "etags": [lineage.etags[k] for k in keys],
            "versions": versions,
            "updated_in": [number[lineage.updated_in[k]] for k in keys],
        }
    )


def decode_lineage(raw: bytes | bytearray) -> Lineage:
    data = orjson.loads(raw)
    keys, versions = data["keys"], data["versions"]
    return Lineage(
        data["version"],
        dict(zip(keys, data["etags"], strict=True)),
        {k: versions[n] for k, n in zip(keys, data["updated_in"], strict=True)},
    )


@dataclass(frozen=True)
class Change:
    rtype: str
    rid: str
    kind: str  # added | changed | removed
    etag: str | None  # the served ETag now; None when removed
    updated_in: str | None


def diff(old: Lineage, new: Lineage) -> list[Change]:
    """What differs from `old` to `new`, by resource type (in path order), then id."""
    changes = []
    for key in old.etags.keys() | new.etags.keys():
        etag = new.etags.get(key)
        before = old.etags.get(key)
        if etag == before:
            continue
        rtype, rid = key.split("/", 1)
        if etag is None:
            changes.append(Change(rtype, rid, "removed", None, None))
        else:
            updated_in = new.updated_in[key]
            kind = "added" if before is None else "changed"
            changes.append(Change(rtype, rid, kind, served_etag(etag, updated_in), updated_in))
    order = {rtype: n for n, rtype in enumerate(RESOURCE_TYPES)}
    return sorted(changes, key=lambda c: (order[c.rtype], c.rid))
