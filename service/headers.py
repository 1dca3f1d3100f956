"""Headers every response carries (request ids, security headers, CORS) and the URL's bounds."""

import re
import uuid
from urllib.parse import unquote_to_bytes, urlsplit

from flask import Flask, Response, g, request
from flask_cors import CORS
from werkzeug.exceptions import BadRequest, RequestURITooLarge

from service.config import Config

REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
EXPOSED = [
    "ETag",
    "Last-Modified",
    "Link",
    "X-Request-ID",
    "X-Dataset-Version",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Retry-After",
    "Deprecation",
    "Sunset",
]
API_CSP = "default-src 'none'; frame-ancestors 'none'"
REDIRECT_CACHE_CONTROL = "public, max-age=3600"
# What the service as a whole allows: the answer to `OPTIONS *`.
SERVER_METHODS = "GET, HEAD, OPTIONS"
# Swagger UI runs its inline start-up script and styles; everything else comes from here.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'"
)
SECURITY = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
)
API_SECURITY = (*SECURITY, ("Content-Security-Policy", API_CSP))
DOCS_SECURITY = (*SECURITY, ("Content-Security-Policy", DOCS_CSP))


def tag_request() -> None:
    """Registered first, so every answer (a 406 or a 429 too) echoes the request's id.

    A well-formed id from the gateway is kept so logs join up; anything else is replaced, so no
    header injection or log forging rides in on it."""
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def bound_url(max_url: int) -> None:
    """400 for a URL that is not UTF-8 or holds a bad escape; 414 past `max_url` characters."""
    try:
        full_path = request.full_path
        raw_query = request.environ.get("QUERY_STRING", "")
        if "%" in raw_query:  # werkzeug would keep a bad escape as literal text
            if BAD_ESCAPE.search(raw_query):
                raise BadRequest("The URL holds a '%' that does not start an escape (%XX).")
            unquote_to_bytes(raw_query.replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("The URL is not valid UTF-8, before or after percent-decoding.") from None
    if len(full_path) > max_url:
        raise RequestURITooLarge(f"The URL is longer than {max_url} characters.")


def secure(response: Response) -> Response:
    headers = response.headers
    headers["X-Request-ID"] = g.get("request_id") or uuid.uuid4().hex
    if "dataset_version" in g:
        # Which version answered: lets a client (or a soak test) check a page's items.
        headers["X-Dataset-Version"] = g.dataset_version
    # Added, not set: no view writes these, so there is no earlier value to look for.
    headers.extend(DOCS_SECURITY if request.path.startswith("/docs") else API_SECURITY)
    return response


def answer_server_options() -> Response | None:
    """`OPTIONS *` asks what the server as a whole allows (RFC 9110 9.3.7): not a path, so no
    route answers it. gunicorn keeps the request target as sent in RAW_URI."""
    if request.method == "OPTIONS" and request.environ.get("RAW_URI") == "*":
        response = Response(status=200)
        response.headers["Allow"] = SERVER_METHODS
        return response
    return None


def plain_options(response: Response) -> Response:
    """An OPTIONS answer is its Allow header and no body: without the HTML content type Flask
    gives every empty response, and with its methods in the order a 405 lists them."""
    if request.method == "OPTIONS" and response.status_code == 200 and "Allow" in response.headers:
        if response.is_sequence and not response.get_data():
            del response.headers["Content-Type"]
        response.headers["Allow"] = ", ".join(sorted(response.allow))
    return response


def relative_redirect(response: Response) -> Response:
    """Redirects the app makes (`/docs` to `/docs/`, `//` merged) point within this service:
    their Location is sent as a path, never built from the client's Host header (RFC 9110
    allows a relative reference), and shared caches may keep them for an hour."""
    if 300 <= response.status_code < 400 and response.location:
        target = urlsplit(response.location)
        # One leading slash: `//host/...` would be read as another host.
        path = "/" + target.path.lstrip("/")
        response.location = target._replace(scheme="", netloc="", path=path).geturl()
        response.headers["Cache-Control"] = REDIRECT_CACHE_CONTROL
    return response


def init_app(app: Flask, config: Config) -> None:
    """The headers every answer carries; call it before anything that may refuse a request."""
    app.before_request(tag_request)
    app.before_request(answer_server_options)
    app.after_request(secure)
    app.after_request(plain_options)
    app.after_request(relative_redirect)
    if config.cors_allowed:

        @app.after_request
        def vary_by_origin(response: Response) -> Response:
            # Every answer, allowed origin or not: a shared cache must not hand one origin's
            # answer to another.
            response.vary.add("Origin")
            return response

        CORS(
            app,
            origins=config.cors_allowed,
            methods=["GET", "HEAD", "OPTIONS"],
            expose_headers=EXPOSED,
            allow_headers=["If-None-Match", "If-Modified-Since", "X-Request-ID", "Accept"],
            max_age=600,
        )


def init_bounds(app: Flask, config: Config) -> None:
    """URL bounds: after the rate limiter, so a refused URL is counted like any request."""
    max_url = config.max_url_length
    app.before_request(lambda: bound_url(max_url))
