"""Render each resource once into bytes in the shape of its API schema, prefixed by its ETag."""

import hashlib
import sys
from array import array
from collections.abc import Mapping
from functools import partial
from typing import Any

import orjson
from marshmallow import Schema

from schemas import api
from service.dataset.memo import BuildMemo
from service.dataset.shapes import Shape, shape_of
from service.progress import Progress

ITEM_SCHEMAS: dict[str, Schema] = {
    "organizations": api.Organization(),
    "partnerships": api.Partnership(),
    "events": api.Event(),
    "statements": api.Statement(),
    "products": api.Product(),
    "sources": api.Source(),
}
# Lists show a lighter representation where the full one is heavy (a source's whole text).
LIST_SCHEMAS: dict[str, Schema] = {"sources": api.SourceSummary()}

# Bump when the stored layout (item keys, index encoding) changes: it is hashed into every
# version, so new code publishes new versions rather than reading old ones wrongly.
DATASET_FORMAT = 4
ETAG_LENGTH = 32  # hex characters of the body's SHA-256 kept as its strong ETag
DIGEST = ETAG_LENGTH // 2  # bytes of an ETag, as the contents map holds it

_ITEM_SHAPES = {rtype: shape_of(schema) for rtype, schema in ITEM_SCHEMAS.items()}
_LIST_SHAPES = {rtype: shape_of(schema) for rtype, schema in LIST_SCHEMAS.items()}


def item_key(rtype: str, rid: str) -> str:
    return f"{rtype}/{rid}"


def list_item_key(rtype: str, rid: str) -> str:
    return f"{rtype}.list/{rid}" if rtype in LIST_SCHEMAS else item_key(rtype, rid)


def tagged(body: bytes) -> bytes:
    """Prefix a body with its ETag so both travel, and are cached, as one value."""
    return hashlib.sha256(body).hexdigest()[:ETAG_LENGTH].encode() + body


def split_tagged(value: bytes) -> tuple[str, bytes]:
    return value[:ETAG_LENGTH].decode(), value[ETAG_LENGTH:]


def stamped(value: bytes, updated_in: str) -> tuple[str, bytes]:
    """A resource as served: its stored body with `updated_in` added, and an ETag naming both
    (the same content can be served with another `updated_in` after a different history)."""
    body = value[ETAG_LENGTH:]
    # Stored bodies are JSON objects rendered by orjson: the last byte is their closing brace.
    return served_etag(value[:ETAG_LENGTH].decode(), updated_in), b"".join(
        (body[:-1], b',"updated_in":"', updated_in.encode(), b'"}')
    )


def served_etag(content_etag: str, updated_in: str) -> str:
    return f"{content_etag}-{updated_in}"


def render_resources(
    resources: Mapping[str, Mapping[str, dict[str, Any]]],
    progress: Progress | None = None,
    memo: BuildMemo | None = None,
) -> dict[str, bytes]:
    """Each resource's item (and list representation), ETag-prefixed. With `memo`, a record it
    knows is not rendered: its items are its ETags alone (their bodies are stored already),
    and every record's renderings are noted in it for the next version."""
    items: dict[str, bytes] = {}
    total = sum(len(resources[rtype]) for rtype in _ITEM_SHAPES)
    done = 0
    if progress:
        progress(0, total)
    for rtype, shape in _ITEM_SHAPES.items():
        listed = _LIST_SHAPES.get(rtype)
        render = partial(_render, shape, listed)
        for rid, record in resources[rtype].items():
            done += 1
            if progress and done % 1000 == 0:
                progress(done, total)
            values = render(record) if memo is None else memo.rendered(rtype, record, render)
            items[item_key(rtype, rid)] = values[0]
            if listed is not None:
                items[list_item_key(rtype, rid)] = values[1]
    if progress:
        progress(total, total)
    return items


def _render(shape: Shape, listed: Shape | None, record: dict[str, Any]) -> tuple[bytes, ...]:
    item = tagged(orjson.dumps(shape(record)))
    return (item,) if listed is None else (item, tagged(orjson.dumps(listed(record))))


def is_rendered(value: bytes) -> bool:
    """Whether an item holds its body, not its ETag alone (named by a BuildMemo)."""
    return len(value) > ETAG_LENGTH


def contents_in_order(items: Mapping[str, bytes], indexes: Mapping[str, Any]) -> bytes:
    """The ETags of the items of every resource, as bytes: each type's items in the order of
    its index, then the list representations (the dataset's description goes last)."""
    hexed = b"".join(
        items[key(rtype, rid)][:ETAG_LENGTH]
        for key, types in ((item_key, ITEM_SCHEMAS), (list_item_key, LIST_SCHEMAS))
        for rtype in types
        for rid in indexes[rtype].ids
    )
    return bytes.fromhex(hexed.decode())  # one conversion of the whole, not one per item


def content_version(indexes: Mapping[str, Any], contents: bytes) -> str:
    """The dataset version: a hash of every resource's id and rendered item (`contents`, as
    contents_in_order makes it), so equal content means equal version."""
    digest = hashlib.sha256(f"format {DATASET_FORMAT}\0".encode())
    for rtype in ITEM_SCHEMAS:
        ids = indexes[rtype].ids
        starts = array("I", ids.starts)
        if sys.byteorder == "big":  # the same version on every machine
            starts.byteswap()
        digest.update(f"{rtype}\0{len(ids)}\0".encode())
        digest.update(ids.text.encode())
        digest.update(starts.tobytes())
    # Each item's ETag stands for its body (a hash of it): hashing every body again would be
    # seconds at 100,000 partnerships.
    digest.update(contents)
    return digest.hexdigest()[:16]
