"""httpx transports that give every GET the SDK's two habits: the conditional-request cache
(cache.py), and bounded retries of answers that ask to be retried, honouring `Retry-After`.
`SdkTransport` is the blocking one, `AsyncSdkTransport` the asyncio one; both leave every
decision to `Exchange` and `Attempts`, and do only the sending, reading and waiting."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from partnership_client.cache import BODY_HEADERS, ConditionalCache, Stored
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


class Attempts:
    """The tries of one request: after each failure or answer, the retry to make, if any."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self.retried = 0

    def after_failure(self) -> Retry | None:
        """After a connection that failed before any answer."""
        return self._next(None, None)

    def after(self, response: httpx.Response) -> Retry | None:
        """After an answer: None when it is the caller's (not retried, or no tries left)."""
        if response.status_code not in RETRIED:
            return None
        return self._next(response.status_code, retry_after(response.headers))

    def _next(self, status: int | None, asked: float | None) -> Retry | None:
        wait = self.policy.wait(self.retried, asked)
        if wait is None:
            return None
        self.retried += 1
        return Retry(self.retried, status, wait)


class Exchange:
    """One request's dealings with the cache: what it asks, and what its caller gets."""

    def __init__(self, cache: ConditionalCache, request: httpx.Request) -> None:
        self.cache = cache
        self.request = request
        self.url = str(request.url)
        self.cached = request.method == "GET"
        # A caller's own If-None-Match is theirs: the 304 goes back to them.
        asks = self.cached and "if-none-match" not in request.headers
        self.stored: Stored | None = cache.lookup(self.url) if asks else None

    def reused(self) -> httpx.Response | None:
        """The stored answer when it needs no asking (sent as immutable, still fresh); else
        None, and the request asks If-None-Match when there is one to ask about."""
        if self.stored is None:
            return None
        if self.stored.fresh_for_ever():
            self.cache.fresh += 1
            return self.stored.answer(self.request, "fresh")
        self.request.headers["If-None-Match"] = self.stored.etag
        return None

    def reads(self, response: httpx.Response) -> bool:
        """Whether the answer's body is read before `settled`: to keep it, or to replace it."""
        return self._revalidated(response) or self._kept(response) or not_json_error(response)

    def settled(self, response: httpx.Response) -> httpx.Response:
        """What the caller gets for `response` (read when `reads` said so)."""
        if self.stored is not None and self._revalidated(response):
            renewed = self.cache.confirmed(self.url, self.stored, response)
            return renewed.answer(self.request, "revalidated")
        if self._kept(response):
            stored = self.cache.store(self.url, response, response.content)
            if stored is not None:
                return stored.answer(self.request, None)
        return as_problem(response, self.request)

    def _revalidated(self, response: httpx.Response) -> bool:
        return response.status_code == 304 and self.stored is not None

    def _kept(self, response: httpx.Response) -> bool:
        return (
            self.cached
            and response.status_code == 200
            and "etag" in response.headers
            and _json(response)
        )


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
        exchange = Exchange(self.cache, request)
        reused = exchange.reused()
        if reused is not None:
            return reused
        response = self._send(request) if exchange.cached else self.wrapped.handle_request(request)
        if exchange.reads(response):
            response.read()
            response.close()
        return exchange.settled(response)

    def _send(self, request: httpx.Request) -> httpx.Response:
        attempts = Attempts(self.policy)
        while True:
            try:
                response = self.wrapped.handle_request(request)
            except httpx.TransportError:
                retry = attempts.after_failure()
                if retry is None:
                    raise
            else:
                retry = attempts.after(response)
                if retry is None:
                    return response
                response.read()
                response.close()
            if self.on_retry is not None:
                self.on_retry(retry)
            self.sleep(retry.wait)

    def close(self) -> None:
        self.wrapped.close()


class AsyncSdkTransport(httpx.AsyncBaseTransport):
    """SdkTransport's habits for httpx.AsyncClient: the same cache, the same retries."""

    def __init__(
        self,
        wrapped: httpx.AsyncBaseTransport,
        cache: ConditionalCache,
        policy: RetryPolicy,
        on_retry: Callable[[Retry], None] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.wrapped = wrapped
        self.cache = cache
        self.policy = policy
        self.on_retry = on_retry
        self.sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        exchange = Exchange(self.cache, request)
        reused = exchange.reused()
        if reused is not None:
            return reused
        if exchange.cached:
            response = await self._send(request)
        else:
            response = await self.wrapped.handle_async_request(request)
        if exchange.reads(response):
            await response.aread()
            await response.aclose()
        return exchange.settled(response)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        attempts = Attempts(self.policy)
        while True:
            try:
                response = await self.wrapped.handle_async_request(request)
            except httpx.TransportError:
                retry = attempts.after_failure()
                if retry is None:
                    raise
            else:
                retry = attempts.after(response)
                if retry is None:
                    return response
                await response.aread()
                await response.aclose()
            if self.on_retry is not None:
                self.on_retry(retry)
            await self.sleep(retry.wait)

    async def aclose(self) -> None:
        await self.wrapped.aclose()


def not_json_error(response: httpx.Response) -> bool:
    return response.status_code >= 400 and not _json(response)


def as_problem(response: httpx.Response, request: httpx.Request) -> httpx.Response:
    """An error answer that is not JSON (a proxy's HTML page, say) as the problem+json its
    status stands for, so that the generated parsers read it and it becomes a typed error.
    The answer replaced has been read and closed by then."""
    if not not_json_error(response):
        return response
    shown = response.headers.get("content-type", "no content type")
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
