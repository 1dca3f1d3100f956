"""The whole current dataset in one download, streamed, for clients that keep a copy."""

import logging
import zlib
from collections.abc import Iterator
from itertools import chain
from typing import Any

from flask import Response, request
from werkzeug.exceptions import ServiceUnavailable

from schemas import api
from schemas.query import ReadQuery
from schemas.vocabulary import RESOURCE_TYPES
from service.api.operations import Blueprint, json_operation
from service.api.pinning import read_snapshot
from service.dataset.build import DATASET_KEY
from service.dataset.render import ETAG_LENGTH, item_key, stamped
from service.http import NDJSON, client_has, validated
from service.store import Snapshot
from service.store.base import StoreUnavailable
from service.streaming import watched

blp = Blueprint("export", __name__, url_prefix="/export", description=__doc__)
log = logging.getLogger(__name__)

BATCH = 128  # resources per store read: one round trip each, so memory stays flat
FLUSH = 64 * 1024  # bytes gathered before a write: fewer, larger chunks on the wire


class IncompleteExport(RuntimeError):
    """The version went away mid-stream; the response is cut short, never silently partial."""


@blp.route("")
@json_operation(blp, ReadQuery, api.ExportLine, (), content_type=NDJSON)
def get_export(**query: Any) -> Response:
    """Download the current dataset as NDJSON.

    A `dataset` line, then one line per resource (organizations, partnerships, events,
    statements, products, sources, each by id), gzip when the client accepts it.
    `X-Dataset-Version` names the version: follow `/v1/changes?since=` from it to stay in sync.
    A download cut short ends without the body's last chunk, so it is never taken for whole."""
    snapshot = read_snapshot(query)
    (info,) = snapshot.fetch([DATASET_KEY])
    if info is None:
        raise ServiceUnavailable()
    gzip = request.accept_encodings["gzip"] > 0
    # Two representations, two strong validators.
    etag = f"export-{snapshot.revision}{'-gzip' if gzip else ''}"
    if client_has(etag):
        return validated(Response(), etag, snapshot.loaded_at)  # its 304, nothing read
    lines = _lines(snapshot, info)
    try:
        # The first chunk is read before the answer starts: a version that is already gone
        # (Redis emptied, say) is still a 503 problem, not a broken 200.
        first = next(lines)
    except (IncompleteExport, StoreUnavailable) as error:
        log.warning("export refused: %s", error)
        raise ServiceUnavailable() from None
    chunks = chain([first], lines)
    body = watched(_gzipped(chunks) if gzip else chunks, "export")
    response = validated(Response(body, status=200, content_type=NDJSON), etag, snapshot.loaded_at)
    response.headers["Vary"] = "Accept-Encoding"
    if gzip and response.status_code == 200:
        response.headers["Content-Encoding"] = "gzip"
    return response


def _lines(snapshot: Snapshot, info: bytes) -> Iterator[bytes]:
    buffer = bytearray(_line("dataset", snapshot.version, info[:ETAG_LENGTH].decode(), info))
    for rtype in RESOURCE_TYPES:
        index = snapshot.indexes[rtype]
        ids = index.ids
        for first in range(0, len(ids), BATCH):
            chunk = ids[first : first + BATCH]
            values = snapshot.scan([item_key(rtype, rid) for rid in chunk])
            # In index order, so each resource's position is known: no lookup by id.
            for position, rid, value in zip(
                range(first, first + len(chunk)), chunk, values, strict=True
            ):
                if value is None:
                    raise IncompleteExport(f"{rtype}/{rid} is gone from {snapshot.version}")
                updated_in = index.updated_at(position) or snapshot.version
                etag, body = stamped(value, updated_in)
                buffer += _line(rtype, rid, etag, body, tagged=False)
                # Within a batch too: a batch of large resources is many times FLUSH.
                if len(buffer) >= FLUSH:
                    yield bytes(buffer)
                    buffer.clear()
    yield bytes(buffer)


def _line(rtype: str, rid: str, etag: str, body: bytes, *, tagged: bool = True) -> bytes:
    # Types, slugs and ETags need no escaping; the body is JSON already.
    data = body[ETAG_LENGTH:] if tagged else body
    return b'{"type":"%s","id":"%s","etag":"%s","data":%s}\n' % (
        rtype.encode(),
        rid.encode(),
        etag.encode(),
        data,
    )


def _gzipped(chunks: Iterator[bytes]) -> Iterator[bytes]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # wbits 31: a gzip wrapper
    for chunk in chunks:
        if out := compressor.compress(chunk):
            yield out
    yield compressor.flush()
