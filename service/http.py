"""HTTP semantics around precomputed bodies: content type, ETag, conditional requests, caching."""

import datetime as dt
from functools import lru_cache

from flask import Response, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import NotAcceptable
from werkzeug.http import http_date, parse_accept_header, quote_etag

from service.errors import PROBLEM_JSON
from service.state import service_state

JSON = "application/json"
YAML = "application/yaml"
NDJSON = "application/x-ndjson"
IMMUTABLE = "public, max-age=31536000, immutable"
# What a versioned path can send, by how the path ends; JSON for any other.
OFFERED = {".yaml": YAML, "/export": NDJSON}


def json_response(body: bytes, etag: str, modified: dt.datetime | None = None) -> Response:
    """A 200 with `body`, or a 304 when the client already holds this representation: the
    ETag is compared first, so a 304 makes no response around a body it does not send. The
    fields are given to the new response whole, not set one by one on it."""
    fields = validators(etag, modified)
    if client_has(etag):
        return Response(status=304, headers=fields)
    return Response(body, status=200, headers=fields, content_type=JSON)


def validated(response: Response, etag: str, modified: dt.datetime | None = None) -> Response:
    """`response` with its validators and caching headers, or a 304 in its place when the
    client already holds this representation.

    Validation is by ETag only. If-Modified-Since is not evaluated (RFC 9110 lets a server
    ignore it): a version made current again keeps its first load time, so a date could answer
    304 to a client holding a different body. The content hash cannot. That is why this is not
    werkzeug's `make_conditional`, which weighs both."""
    if client_has(etag):
        response.close()  # a streamed body is never started
        response = Response(status=304)
    response.headers.update(validators(etag, modified))
    return response


def validators(etag: str, modified: dt.datetime | None = None) -> list[tuple[str, str]]:
    """An answer's ETag, Last-Modified and Cache-Control."""
    fields = [("ETag", quote_etag(etag))]
    if modified is not None:
        fields.append(("Last-Modified", http_date_of(modified)))
    fields.append(("Cache-Control", cache_control()))
    return fields


def cache_control() -> str:
    """An answer from a version the request names never changes (once the version is pruned a
    request gets a 410, a new answer, not a new body). Only reads that take `version` get this
    far with one: anywhere else it is refused as an unknown parameter."""
    return IMMUTABLE if "version" in request.args else service_state().cache_control


@lru_cache(maxsize=8)
def http_date_of(modified: dt.datetime) -> str:
    """A dataset version's load time as an HTTP date: written once per version, not on every
    response."""
    return http_date(modified)


def client_has(etag: str) -> bool:
    """Whether If-None-Match names `etag` (or is `*`), compared weakly as RFC 9110 13.1.2 says."""
    return request.if_none_match.contains_weak(etag)


def refuse_unacceptable() -> None:
    """406 before any work when the client accepts none of what a versioned path can send."""
    path = request.path
    if not path.startswith(service_state().api_prefixes):
        return
    offered = next((t for end, t in OFFERED.items() if path.endswith(end)), JSON)
    if not accepts(request.headers.get("Accept", ""), offered):
        raise NotAcceptable(f"This resource is available as {offered} only.")


@lru_cache(maxsize=256)
def accepts(accept: str, offered: str) -> bool:
    """Whether an Accept field takes `offered` or a problem (no field takes anything). Clients
    send a handful of distinct fields, so each is parsed once, not on every request."""
    mimetypes = parse_accept_header(accept, MIMEAccept)
    return not mimetypes or mimetypes.best_match((offered, PROBLEM_JSON)) is not None
