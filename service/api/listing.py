"""Reading resources for the views: items by id, lists filtered, searched and paged by cursor."""

import base64
import binascii
import hashlib
from bisect import bisect_right
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import orjson
from flask import Response, request
from webargs.flaskparser import abort
from werkzeug.exceptions import NotFound, ServiceUnavailable

from service.dataset.render import item_key, list_item_key, split_tagged
from service.errors import CursorExpired
from service.http import json_response
from service.state import service_state
from service.store import Snapshot

PAGING = ("limit", "cursor", "q")


def current_snapshot() -> Snapshot:
    try:
        return service_state().store.snapshot()
    except LookupError:
        raise ServiceUnavailable() from None


def item_response(rtype: str, rid: str) -> Response:
    snapshot = current_snapshot()
    # The index answers a miss without touching the store.
    if rid not in snapshot.indexes[rtype].members:
        raise NotFound(f"There is no {rtype.removesuffix('s')} with id {rid!r}.")
    return tagged_response(snapshot, item_key(rtype, rid))


def tagged_response(snapshot: Snapshot, key: str) -> Response:
    (value,) = snapshot.fetch([key])
    if value is None:
        raise ServiceUnavailable()
    etag, body = split_tagged(value)
    return json_response(body, etag)


def list_response(rtype: str, query: Mapping[str, Any]) -> Response:
    snapshot = current_snapshot()
    filters = {
        name: value if isinstance(value, list) else [value]
        for name, value in query.items()
        if name not in PAGING
    }
    ids = snapshot.indexes[rtype].select(filters, query.get("q"))
    limit = query.get("limit") or service_state().config.default_page_size
    start = 0
    if "cursor" in query:
        start = bisect_right(ids, decode_cursor(query["cursor"], snapshot.version))
    page = ids[start : start + limit]
    values = snapshot.fetch([list_item_key(rtype, rid) for rid in page])
    if any(v is None for v in values):
        raise ServiceUnavailable()
    has_next = start + limit < len(ids)
    links = {
        "self": request.full_path.rstrip("?"),
        "next": _page_url(encode_cursor(snapshot.version, page[-1])) if has_next else None,
    }
    meta = {"count": len(ids), "limit": limit, "dataset_version": snapshot.version}
    # The envelope is joined around item bytes rendered at publish time; nothing is re-dumped.
    body = b"".join(
        (
            b'{"data":[',
            b",".join(split_tagged(v)[1] for v in values if v is not None),
            b'],"links":',
            orjson.dumps(links),
            b',"meta":',
            orjson.dumps(meta),
            b"}",
        )
    )
    return json_response(body, _list_etag(snapshot.version))


def _list_etag(version: str) -> str:
    # A list's content is a function of the dataset version and the query, nothing else.
    digest = hashlib.sha256(f"{version}\0{request.full_path}".encode()).hexdigest()
    return f'"{digest[:32]}"'


def _page_url(cursor: str) -> str:
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "cursor"]
    args.append(("cursor", cursor))
    return f"{request.path}?{urlencode(args)}"


def encode_cursor(version: str, after: str) -> str:
    raw = orjson.dumps({"v": version, "a": after})
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(cursor: str, version: str) -> str:
    """The id a page starts after; 400 for a cursor we did not make, 410 for an old version."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = orjson.loads(raw)
        cursor_version, after = data["v"], data["a"]
        if not isinstance(cursor_version, str) or not isinstance(after, str):
            raise TypeError
    except (binascii.Error, ValueError, TypeError, KeyError, orjson.JSONDecodeError):
        abort(400, messages={"query": {"cursor": ["Not a cursor this service issued."]}})
    if cursor_version != version:
        raise CursorExpired()
    return str(after)
