"""Every error is an RFC 9457 problem+json response, made in this one module."""

import logging
from http import HTTPStatus
from typing import Any

import orjson
from flask import Flask, Response
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed

from schemas.envelope import ECHO_MAX, INVALID_PARAMS_MAX, PROBLEM_MAX_BYTES

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)

# An error body stays small whatever the request held (the bounds are the Problem schema's),
# so a long or hostile URL cannot make a long answer (or log line downstream): what it echoes
# of the request is cut short, a few parameters are listed and the rest counted, and the whole
# body fits in PROBLEM_MAX_BYTES. A detail or a reason past these lengths is cut too, whatever
# its source.
MAX_DETAIL = 800
MAX_REASON = 600


class CursorExpired(HTTPException):
    """410: the cursor belongs to a dataset version that is no longer retained."""

    code = 410
    description = (
        "The cursor belongs to a dataset version that is no longer retained; "
        "start again from the first page."
    )


class GoneToExport(HTTPException):
    """410 for a version no longer retained, with a `Link` to the export: where to start again,
    for clients that follow links rather than read prose."""

    code = 410

    def __init__(self, detail: str, export: str) -> None:
        super().__init__(detail)
        self.data = {"headers": {"Link": f'<{export}>; rel="alternate"'}}


class VersionGone(GoneToExport):
    """410: a request named a version that was published here but is no longer retained."""

    def __init__(self, version: str, current: str, export: str) -> None:
        super().__init__(
            f"Dataset version {version} is no longer retained. The current version is "
            f"{current}: read it without `version`, or download it whole from {export}.",
            export,
        )


class VersionNotRetained(GoneToExport):
    """410: a change feed asked from or to a version whose lineage is no longer kept."""

    def __init__(self, version: str, parameter: str, export: str) -> None:
        super().__init__(
            f"Dataset version {version} ({parameter}) is not retained, so the changes cannot be "
            f"listed. Re-sync from {export}, then follow the changes from the export's version.",
            export,
        )


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
        body["detail"] = shortened(detail, MAX_DETAIL)
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
    headers.update(data.get("headers") or {})
    messages = data.get("messages")
    if messages:
        return invalid_params_problem(status, invalid_params(messages), headers)
    detail = error.description or ""
    if status == 429:
        detail = f"Rate limit of {error.description} exceeded; retry after Retry-After seconds."
    return problem(status, detail, headers=headers)


def invalid_params_problem(
    status: int, params: list[dict[str, str]], headers: dict[str, str]
) -> Response:
    """The problem naming each invalid parameter: as many as fit in the bound, the rest
    counted in the detail."""
    listed = params[:INVALID_PARAMS_MAX]
    response = _naming(status, params, listed, headers)
    while len(response.get_data()) > PROBLEM_MAX_BYTES and len(listed) > 1:
        listed = listed[:-1]
        response = _naming(status, params, listed, headers)
    if len(response.get_data()) > PROBLEM_MAX_BYTES:
        # One entry past the bound only by JSON's escapes (control characters echoed in its
        # values): its reason is cut to a length that fits whatever it holds.
        listed = [{**listed[0], "reason": shortened(listed[0]["reason"], ECHO_MAX)}]
        response = _naming(status, params, listed, headers)
    return response


def _naming(
    status: int, params: list[dict[str, str]], listed: list[dict[str, str]], headers: dict[str, str]
) -> Response:
    names = ", ".join(p["name"] for p in listed)
    more = len(params) - len(listed)
    detail = f"The request has invalid parameters: {names}" + (
        f" and {more:,} more." if more else "."
    )
    return problem(status, detail, headers=headers, invalid_params=listed)


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
    """webargs' {location: {name: messages}} as one entry per parameter, sorted by name: its
    messages joined into one reason, whatever their nesting (a list's items are keyed by
    index), each said once."""
    out = []
    for location, by_name in messages.items():
        for name, reasons in by_name.items():
            reason = " ".join(message_texts(reasons))
            out.append(
                {
                    "name": shortened(str(name)),
                    "in": str(location),
                    "reason": shortened(reason, MAX_REASON),
                }
            )
    return sorted(out, key=lambda p: (p["name"], p["in"]))


def message_texts(reasons: Any) -> list[str]:
    """The messages in marshmallow's errors for one parameter, each once, however nested (a
    list's items are keyed by index)."""
    if isinstance(reasons, str):
        return [reasons]
    if isinstance(reasons, dict):
        reasons = list(reasons.values())
    if isinstance(reasons, list | tuple):
        return list(dict.fromkeys(text for reason in reasons for text in message_texts(reason)))
    return [str(reasons)]


def shortened(text: str, limit: int = ECHO_MAX) -> str:
    """`text` as an answer may echo it: whole, or its first `limit` characters and "…"."""
    return text if len(text) <= limit else text[:limit] + "…"


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
