"""Every error is an RFC 9457 problem+json response, made in this one module."""

import logging
from http import HTTPStatus
from typing import Any

import orjson
from flask import Flask, Response
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)


class CursorExpired(HTTPException):
    """410: the cursor belongs to a dataset version that is no longer current."""

    code = 410
    description = (
        "The cursor belongs to a dataset version that has been replaced; "
        "start again from the first page."
    )


class VersionNotRetained(HTTPException):
    """410: a change feed asked from a version whose lineage is no longer kept."""

    code = 410

    def __init__(self, version: str, export: str) -> None:
        super().__init__(
            f"Dataset version {version} is not retained, so changes since it cannot be listed. "
            f"Re-sync from {export}, then follow the changes from the export's version."
        )
        # Where to re-sync from, for clients that follow links rather than read prose.
        self.data = {"headers": {"Link": f'<{export}>; rel="alternate"'}}


def problem(
    status: int,
    detail: str | None = None,
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or _title(status),
        "status": status,
    }
    if detail:
        body["detail"] = detail
    body.update(extensions)
    response = Response(orjson.dumps(body), status=status, content_type=PROBLEM_JSON)
    response.headers.update(headers or {})
    # Errors are never cached by shared caches: the condition may clear any moment.
    response.headers["Cache-Control"] = "no-store"
    return response


def handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    if status >= 500:
        return handle_server_error(error)
    headers = {}
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    data = getattr(error, "data", None) or {}
    extensions: dict[str, Any] = {}
    messages = data.get("messages")
    if messages:
        extensions["invalid_params"] = invalid_params(messages)
        detail = (
            "The request has invalid parameters: "
            + ", ".join(sorted({p["name"] for p in extensions["invalid_params"]}))
            + "."
        )
    else:
        detail = error.description or ""
    headers.update(data.get("headers") or {})
    if status == 429:
        detail = f"Rate limit of {error.description} exceeded; retry after Retry-After seconds."
    return problem(status, detail, headers=headers, **extensions)


def handle_server_error(error: HTTPException) -> Response:
    original = getattr(error, "original_exception", None)
    if original is not None:
        log.error("unhandled error", exc_info=original)
    status = error.code or 500
    # A 503 is brief (no dataset yet, or Redis away with the item not held): say when to retry.
    headers = {"Retry-After": "1"} if status == 503 else None
    # Nothing about the failure's internals reaches the client.
    return problem(
        status, _SERVER_DETAIL.get(status, "The server could not answer."), headers=headers
    )


_SERVER_DETAIL = {
    500: "The server met an unexpected condition; the failure has been logged.",
    503: "The service cannot answer right now; try again shortly.",
}


def invalid_params(messages: dict[str, Any]) -> list[dict[str, str]]:
    """webargs' {location: {name: [message, ...]}} as a flat, sorted list."""
    out = []
    for location, by_name in messages.items():
        for name, reasons in by_name.items():
            flat = reasons if isinstance(reasons, list) else [str(reasons)]
            for reason in flat:
                text = reason if isinstance(reason, str) else orjson.dumps(reason).decode()
                out.append({"name": str(name), "in": location, "reason": text})
    return sorted(out, key=lambda p: (p["name"], p["reason"]))


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    # Anything else escaping a view becomes a 500 without internals.
    app.register_error_handler(Exception, lambda e: handle_server_error(_wrap(e)))


def _wrap(error: Exception) -> InternalServerError:
    wrapped = InternalServerError()
    wrapped.original_exception = error
    return wrapped
