"""Reading resources for the views: items by id, lists filtered, searched and paged by cursor."""

import hashlib
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

import orjson
from flask import Response, g, request
from werkzeug.exceptions import NotFound, ServiceUnavailable

from service.api.cursors import Binding, binding, decode_cursor, encode_cursor, refuse_cursor
from service.api.pinning import read_snapshot
from service.dataset.render import item_key, list_item_key, split_tagged, stamped
from service.errors import CursorExpired, shortened
from service.http import json_response
from service.pages import Page
from service.state import service_state
from service.store import Snapshot

NOT_FILTERS = ("limit", "cursor", "q", "sort", "fieldset", "version")


def item_response(rtype: str, rid: str, snapshot: Snapshot) -> Response:
    """An item as its version serves it: stamped on its first read in the version, then one
    lookup, so a 304 (or a repeated read) makes no body and no ETag."""
    item = snapshot.stamped.get(rtype, rid)
    service_state().metrics.looked_up("item", int(item is not None), int(item is None))
    if item is None:
        item = snapshot.stamped.keep(rtype, rid, _stamp_item(rtype, rid, snapshot))
    etag, body = item
    return json_response(body, etag, snapshot.loaded_at)


def _stamp_item(rtype: str, rid: str, snapshot: Snapshot) -> tuple[str, bytes]:
    # One bisection: whether the id is a member (a miss never touches the store), and where
    # its `updated_in` is.
    place = snapshot.indexes[rtype].place(rid)
    if place is None:
        raise no_such(rtype, rid)
    (value,) = snapshot.fetch([item_key(rtype, rid)])
    if value is None:
        raise ServiceUnavailable()  # raised, never kept: the next read asks the store again
    return stamped(value, snapshot.updated_at(rtype, place))


def no_such(rtype: str, rid: str) -> NotFound:
    """The 404 for an id no resource has, naming it (cut short: a path may be kilobytes long)."""
    return NotFound(f"There is no {rtype.removesuffix('s')} with id '{shortened(rid)}'.")


def tagged_response(snapshot: Snapshot, key: str) -> Response:
    (value,) = snapshot.fetch([key])
    if value is None:
        raise ServiceUnavailable()
    etag, body = split_tagged(value)
    return json_response(body, etag, snapshot.loaded_at)


def list_response(
    rtype: str, query: Mapping[str, Any], snapshot: Snapshot | None = None
) -> Response:
    snapshot = snapshot or read_snapshot(query)
    # The default order, said here rather than left to the index: a cursor is bound to the
    # order it pages, and no `sort` pages the same list as `sort=id`.
    query = {"sort": "id", **query}
    return cached_page(snapshot, lambda: _list_page(rtype, query, snapshot))


def cached_page(snapshot: Snapshot, make: Callable[[], Page]) -> Response:
    """A list page, made once per revision served and URL: a page is a function of the two
    (the URL is what the query was parsed from), so a repeated read is one lookup."""
    page = service_state().pages.get_or_make(snapshot.revision, request.full_path, make)
    response = json_response(page.body, page.etag, snapshot.loaded_at)
    if page.link_header:
        response.headers["Link"] = page.link_header
    return response


def _list_page(rtype: str, query: Mapping[str, Any], snapshot: Snapshot) -> Page:
    filters = {
        name: value if isinstance(value, list) else [value]
        for name, value in query.items()
        if name not in NOT_FILTERS
    }
    ids = snapshot.indexes[rtype].select(filters, query.get("q"), query["sort"])
    start, limit = page_bounds(query, snapshot)
    page = ids[start : start + limit]
    values = snapshot.fetch([list_item_key(rtype, rid) for rid in page])
    if any(v is None for v in values):
        raise ServiceUnavailable()
    bodies = [
        stamped(value, snapshot.updated_in(rtype, rid))[1]
        for rid, value in zip(page, values, strict=True)
        if value is not None
    ]
    if "fieldset" in query:
        bodies = [_sparse(body, query["fieldset"]) for body in bodies]
    return make_page(snapshot, bodies, start, limit, len(ids))


def page_bounds(query: Mapping[str, Any], snapshot: Snapshot) -> tuple[int, int]:
    """Where the page asked for starts, and its size. `query` is every parameter the list was
    asked with, as parsed: a cursor must have been made for it (400), in the version served
    (410: read_snapshot serves a cursor's version while it is retained), and the page's own
    links are bound to it."""
    limit = query.get("limit") or service_state().config.default_page_size
    bound = binding(request.path, {**query, "limit": limit})
    # make_page's links carry it: one binding per request, the one a cursor is checked against.
    g.list_binding = bound
    if "cursor" not in query:
        return 0, limit
    # The binding first: a cursor of another list is the client's mistake in any version, and
    # a 410 would send it to start over without saying so.
    version, start = decode_cursor(query["cursor"], bound)
    if version != snapshot.version:
        raise CursorExpired()
    return start, limit


def make_page(
    snapshot: Snapshot,
    bodies: list[bytes],
    start: int,
    limit: int,
    count: int,
    head: Mapping[str, Any] | None = None,
    **meta: Any,
) -> Page:
    """The list envelope around one page of item bodies, with its links and validator; `head`
    holds fields that come before `data`. Called after page_bounds, whose binding the links
    carry."""
    if start > 0 and start >= count:
        # No link points there (`next` stops at the last page), so a client did not follow one.
        refuse_cursor("The cursor points past the end of the list.")
    links = _links(snapshot.version, start, limit, count, g.list_binding)
    page_meta = {"count": count, "limit": limit, "dataset_version": snapshot.version, **meta}
    # The envelope is joined around item bytes rendered at publish time; nothing is re-dumped.
    body = b"".join(
        (
            b"{" + orjson.dumps(head)[1:-1] + b"," if head else b"{",
            b'"data":[',
            b",".join(bodies),
            b'],"links":',
            orjson.dumps(links),
            b',"meta":',
            orjson.dumps(page_meta),
            b"}",
        )
    )
    link_header = ", ".join(
        f'<{url}>; rel="{rel}"' for rel, url in links.items() if rel != "self" and url
    )
    return Page(body, list_etag(snapshot.revision), link_header)


def _links(
    version: str, start: int, limit: int, count: int, bound: Binding
) -> dict[str, str | None]:
    def page(offset: int) -> str:
        return _page_url(encode_cursor(version, offset, bound))

    return {
        "self": request.full_path.rstrip("?"),
        "first": _page_url(None),
        "prev": page(max(start - limit, 0)) if start > 0 else None,
        "next": page(start + limit) if start + limit < count else None,
    }


def _sparse(body: bytes, wanted: list[str]) -> bytes:
    # Sparse fieldsets are the one list read that reshapes items: orjson, not the schemas.
    item = orjson.loads(body)
    names = ["id", *(name for name in wanted if name != "id")]
    return orjson.dumps({name: item[name] for name in dict.fromkeys(names)})


def list_etag(revision: str) -> str:
    # A list's content is a function of the revision served and the query, nothing else.
    return hashlib.sha256(f"{revision}\0{request.full_path}".encode()).hexdigest()[:32]


def _page_url(cursor: str | None) -> str:
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "cursor"]
    if cursor is not None:
        args.append(("cursor", cursor))
    return f"{request.path}?{urlencode(args)}" if args else request.path
