"""Errors as types: every problem+json answer (RFC 9457) becomes a ProblemError, of the class
its status names, holding what the service said."""

import json
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import Any

import httpx


class ProblemError(Exception):
    """An answer the service refused or failed: its status, and its problem+json body."""

    def __init__(self, status: int, problem: dict[str, Any], headers: httpx.Headers) -> None:
        self.status = status
        self.problem = problem
        self.headers = headers
        self.type: str = str(problem.get("type", "about:blank"))
        self.title: str = str(problem.get("title", ""))
        self.detail: str | None = problem.get("detail")
        self.invalid_params: list[dict[str, Any]] = list(problem.get("invalid_params", []))
        super().__init__(f"{status} {self.title}: {self.detail or ''}".rstrip(": "))


class BadRequest(ProblemError):
    """400: a parameter the service refuses; `invalid_params` names each."""


class NotFound(ProblemError):
    """404: no such resource, or a `version` never published."""


class Gone(ProblemError):
    """410: a dataset version no longer retained (a `version`, a cursor or a `since`):
    download the export, or start again from the current version."""


class RateLimited(ProblemError):
    """429, after the retries allowed: `retry_after` is how long the service asked to wait."""

    @property
    def retry_after(self) -> float | None:
        return retry_after(self.headers)


class Unavailable(ProblemError):
    """503, after the retries allowed: the service cannot read its store for now."""


class VersionChanged(Exception):
    """A page of a list came from another dataset version than the first page: the items
    gathered so far would mix versions."""

    def __init__(self, expected: str, found: str) -> None:
        self.expected = expected
        self.found = found
        super().__init__(f"a page of dataset version {found} in a list begun in {expected}")


STATUSES = frozenset(HTTPStatus)
BY_STATUS: dict[int, type[ProblemError]] = {
    400: BadRequest,
    404: NotFound,
    410: Gone,
    429: RateLimited,
    503: Unavailable,
}


def problem_error(status: int, headers: httpx.Headers, body: bytes) -> ProblemError:
    """The error an answer of status 4xx or 5xx stands for. A body that is not problem+json
    (a proxy's own page, say) still gives the status, with the status's phrase as title."""
    try:
        problem = json.loads(body)
    except ValueError:
        problem = None
    if not isinstance(problem, dict):
        phrase = HTTPStatus(status).phrase if status in STATUSES else ""
        problem = {"title": phrase, "status": status}
    kind = BY_STATUS.get(status, ProblemError)
    return kind(status, problem, headers)


def retry_after(headers: httpx.Headers) -> float | None:
    """Seconds the answer asks a client to wait: `Retry-After` as delta-seconds or as an
    HTTP-date (RFC 9110 §10.2.3); None when absent or unreadable."""
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
