"""An httpx transport that gives every GET the SDK's two habits: the conditional-request cache
(cache.py), and bounded retries of answers that ask to be retried, honouring `Retry-After`."""

import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from partnership_client.cache import BODY_HEADERS, ConditionalCache
from partnership_client.problems import retry_after

# Statuses that say "try again later": rate limited, and a gateway or service unavailable.
RETRIED = frozenset({429, 502, 503, 504})
JSON_TYPES = ("application/json", "application/problem+json")


@dataclass(frozen=True)
class Retry:
    """One retry about to wait: the attempt it will be (1 for the first retry), why, and how
    long it waits."""

    attempt: int
    status: int | None  # None when the request failed before any answer
    wait: float


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    # A Retry-After longer than this is not waited for: the answer becomes the caller's error.
    max_wait: float = 30.0
    # Without Retry-After: backoff * 2**attempt seconds.
    backoff: float = 0.5

    def wait(self, attempt: int, asked: float | None) -> float | None:
        """Seconds to wait before retry `attempt` (from 0), or None: do not retry."""
        if attempt >= self.max_retries:
            return None
        wait = asked if asked is not None else self.backoff * 2**attempt
        return wait if wait <= self.max_wait else None


class SdkTransport(httpx.BaseTransport):
    def __init__(
        self,
        wrapped: httpx.BaseTransport,
        cache: ConditionalCache,
        policy: RetryPolicy,
        on_retry: Callable[[Retry], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.wrapped = wrapped
        self.cache = cache
        self.policy = policy
        self.on_retry = on_retry
        self.sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "GET":
            return as_problem(self.wrapped.handle_request(request), request)
        url = str(request.url)
        # A caller's own If-None-Match is theirs: the 304 goes back to them.
        stored = None if "if-none-match" in request.headers else self.cache.lookup(url)
        if stored is not None:
            if stored.fresh_for_ever():
                self.cache.fresh += 1
                return stored.answer(request, "fresh")
            request.headers["If-None-Match"] = stored.etag
        response = self._send(request)
        if response.status_code == 304 and stored is not None:
            response.close()
            return self.cache.confirmed(url, stored, response).answer(request, "revalidated")
        if response.status_code == 200 and "etag" in response.headers and _json(response):
            stored = self.cache.store(url, response, response.read())
            response.close()
            if stored is not None:
                return stored.answer(request, None)
        return as_problem(response, request)

    def _send(self, request: httpx.Request) -> httpx.Response:
        attempt = 0
        while True:
            try:
                response = self.wrapped.handle_request(request)
            except httpx.TransportError:
                wait = self.policy.wait(attempt, None)
                if wait is None:
                    raise
                self._wait(Retry(attempt + 1, None, wait))
                attempt += 1
                continue
            if response.status_code not in RETRIED:
                return response
            wait = self.policy.wait(attempt, retry_after(response.headers))
            if wait is None:
                return response
            response.read()
            response.close()
            self._wait(Retry(attempt + 1, response.status_code, wait))
            attempt += 1

    def _wait(self, retry: Retry) -> None:
        if self.on_retry is not None:
            self.on_retry(retry)
        self.sleep(retry.wait)

    def close(self) -> None:
        self.wrapped.close()


def as_problem(response: httpx.Response, request: httpx.Request) -> httpx.Response:
    """An error answer that is not JSON (a proxy's HTML page, say) as the problem+json its
    status stands for, so that the generated parsers read it and it becomes a typed error."""
    if response.status_code < 400 or _json(response):
        return response
    shown = response.headers.get("content-type", "no content type")
    response.read()
    response.close()
    headers = {k: v for k, v in response.headers.items() if k.lower() not in BODY_HEADERS}
    headers["content-type"] = "application/problem+json"
    problem = {
        "type": "about:blank",
        "title": response.reason_phrase,
        "status": response.status_code,
        "detail": f"The answer was not problem+json but {shown}.",
    }
    return httpx.Response(
        response.status_code,
        headers=headers,
        json=problem,
        request=request,
        extensions=response.extensions,
    )


def _json(response: httpx.Response) -> bool:
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind in JSON_TYPES
