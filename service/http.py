"""HTTP semantics around precomputed bodies: content type, ETag, conditional requests, caching."""

import datetime as dt
from functools import lru_cache

from flask import Response, request
from werkzeug.exceptions import NotAcceptable
from werkzeug.http import http_date

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
    ETag is compared first, so a 304 makes no response around a body it does not send."""
    if client_has(etag):
        return with_validators(Response(status=304), etag, modified)
    return with_validators(Response(body, status=200, content_type=JSON), etag, modified)


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
    return with_validators(response, etag, modified)


def with_validators(response: Response, etag: str, modified: dt.datetime | None = None) -> Response:
    """`response` with its ETag, Last-Modified and Cache-Control."""
    response.set_etag(etag)
    if modified is not None:
        response.headers["Last-Modified"] = http_date_of(modified)
    response.headers["Cache-Control"] = cache_control()
    return response


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
    if not request.path.startswith(service_state().api_prefixes):
        return
    accept = request.accept_mimetypes
    if not accept:
        return
    offered = next((t for end, t in OFFERED.items() if request.path.endswith(end)), JSON)
    if accept.best_match((offered, PROBLEM_JSON)) is None:
        raise NotAcceptable(f"This resource is available as {offered} only.")
