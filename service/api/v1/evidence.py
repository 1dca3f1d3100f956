"""Evidence: every quote behind a resource, with what a client needs to check it."""

from collections.abc import Iterator
from typing import Any

import orjson
from flask import Response
from werkzeug.exceptions import ServiceUnavailable

from schemas.envelope import EvidenceList
from schemas.query import EvidenceQuery
from service.api.listing import cached_page, make_page, no_such, page_bounds
from service.api.operations import Blueprint, list_operation
from service.api.pinning import read_snapshot
from service.dataset.render import ETAG_LENGTH, item_key, list_item_key
from service.pages import Page
from service.store import Snapshot

blp = Blueprint("evidence", __name__, url_prefix="/evidence", description=__doc__)


@blp.route("")
@list_operation(blp, EvidenceQuery, EvidenceList, errors=(404,))
def list_evidence(**query: Any) -> Response:
    """List every piece of evidence in a resource, with its JSON Pointer in the resource.

    To verify a quote: `GET /v1/sources/{source}`; check that the SHA-256 of the UTF-8 `text`
    equals `source_sha256`; then check `text[start:end] == quote`, counting offsets in Unicode
    code points (Python's `str` indexing; in JavaScript, iterate `Array.from(text)`)."""
    rtype, rid = query["resource"].split("/", 1)
    snapshot = read_snapshot(query)
    if rid not in snapshot.indexes[rtype].members:
        raise no_such(rtype, rid)
    return cached_page(snapshot, lambda: _evidence_page(snapshot, rtype, rid, query))


def _evidence_page(snapshot: Snapshot, rtype: str, rid: str, query: dict[str, Any]) -> Page:
    (value,) = snapshot.fetch([item_key(rtype, rid)])
    if value is None:
        raise ServiceUnavailable()
    found = list(_evidence(orjson.loads(value[ETAG_LENGTH:])))
    sources = sorted({e["source"] for _, e in found})
    summaries = snapshot.fetch([list_item_key("sources", sid) for sid in sources])
    if any(s is None for s in summaries):
        raise ServiceUnavailable()
    sha256 = {
        sid: orjson.loads(s[ETAG_LENGTH:])["sha256"]
        for sid, s in zip(sources, summaries, strict=True)
        if s is not None
    }
    start, limit = page_bounds(query, snapshot)
    bodies = [
        orjson.dumps({**e, "path": path, "source_sha256": sha256[e["source"]]})
        for path, e in found[start : start + limit]
    ]
    resource = f"{rtype}/{rid}"
    return make_page(
        snapshot, bodies, start, limit, len(found), head={"resource": resource}, resource=resource
    )


def _evidence(value: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(JSON Pointer, evidence) for every evidence item under `value`, in document order."""
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}/{_escape(key)}"
            if key == "evidence":
                yield from ((f"{child}/{n}", e) for n, e in enumerate(item))
            else:
                yield from _evidence(item, child)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _evidence(item, f"{path}/{n}")


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")  # RFC 6901
