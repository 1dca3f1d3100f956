"""Headers every response carries: request ids, JSON-API security headers, CORS, URL bounds."""

import re
import uuid
from urllib.parse import unquote_to_bytes

from flask import Flask, Response, g, request
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
# Swagger UI runs its inline start-up script and styles; everything else comes from here.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'"
)


def request_id(given: str) -> str:
    # A well-formed id from the gateway is kept so logs join up; anything else is replaced, so
    # no header injection or log forging rides in on it.
    return given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def init_app(app: Flask, config: Config) -> None:
    max_url = config.max_url_length
    cors = bool(config.cors_allowed)

    @app.before_request
    def tag_and_bound_request() -> None:
        g.request_id = request_id(request.headers.get("X-Request-ID", ""))
        try:
            full_path = request.full_path
            raw_query = request.environ.get("QUERY_STRING", "")
            if "%" in raw_query:  # werkzeug would keep a bad escape as literal text
                if BAD_ESCAPE.search(raw_query):
                    raise BadRequest("The URL holds a '%' that does not start an escape (%XX).")
                unquote_to_bytes(raw_query.replace("+", " ")).decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest(
                "The URL is not valid UTF-8, before or after percent-decoding."
            ) from None
        if len(full_path) > max_url:
            raise RequestURITooLarge(f"The URL is longer than {max_url} characters.")

    @app.after_request
    def secure(response: Response) -> Response:
        headers = response.headers
        headers["X-Request-ID"] = g.get("request_id") or uuid.uuid4().hex
        if "dataset_version" in g:
            # Which version answered: lets a client (or a soak test) check a page's items.
            headers["X-Dataset-Version"] = g.dataset_version
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers["X-Frame-Options"] = "DENY"
        headers["Content-Security-Policy"] = (
            DOCS_CSP if request.path.startswith("/docs") else API_CSP
        )
        if cors:
            # Every answer, allowed origin or not: a shared cache must not hand one origin's
            # answer to another.
            response.vary.add("Origin")
        return response

    if config.cors_allowed:
        # Imported only when asked for: most deployments allow no origin, and start-up is
        # quicker without it.
        from flask_cors import CORS

        CORS(
            app,
            origins=config.cors_allowed,
            methods=["GET", "HEAD", "OPTIONS"],
            expose_headers=EXPOSED,
            allow_headers=["If-None-Match", "If-Modified-Since", "X-Request-ID", "Accept"],
            max_age=600,
        )
