"""PartnershipClient: the generated client with the SDK's habits (cache, retries), and the
calls every official SDK has: one that returns the resource or raises its problem, one that
walks every item of a list in one dataset version, and the export as a stream; each blocking,
and for asyncio under the same name with `_async` (one cache serves both)."""

import asyncio
import inspect
import json
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

import httpx

from partnership_client._version import __version__
from partnership_client.cache import ConditionalCache
from partnership_client.openapi import Client
from partnership_client.problems import VersionChanged, problem_error
from partnership_client.transport import AsyncSdkTransport, Retry, RetryPolicy, SdkTransport

EXPORT = "/v1/export"


class Operation(Protocol):
    """A generated operation module, such as `openapi.api.partnerships.get_partnership`."""

    # Any, not Awaitable[Any]: a protocol's attribute is matched exactly, and each module's
    # coroutine function returns its own Response type.
    sync_detailed: Callable[..., Any]
    asyncio_detailed: Callable[..., Any]


class Walk:
    """The pages of one list, in the dataset version of its first: what each call takes."""

    def __init__(self, operation: Operation, kwargs: dict[str, Any]) -> None:
        # Lists that take no `version` (the versions, the changes) walk by cursor alone.
        self.pins = "version" in inspect.signature(operation.sync_detailed).parameters
        self.kwargs = kwargs
        self.version: str | None = None

    def step(self, page: Any) -> bool:
        """Whether a page follows `page`, which must be of the walk's version (VersionChanged
        if not); the next call's arguments are then in `kwargs`. Every page model has
        `meta.dataset_version` and `links.next_` (`next`)."""
        found = page.meta.dataset_version
        if self.version is None:
            self.version = found
        elif found != self.version:
            raise VersionChanged(self.version, found)
        following = page.links.next_
        if not following:
            return False
        cursor = parse_qs(urlsplit(following).query)["cursor"][0]
        self.kwargs = {**self.kwargs, "cursor": cursor}
        if self.pins:
            self.kwargs["version"] = self.version
        return True


class PartnershipClient:
    """One connection pool per kind of call (blocking, asyncio), one cache and one retry
    policy for every call.

    `client` is the generated `Client`: any generated operation called with
    `client=api.client`, `sync_detailed` or `asyncio_detailed`, gets the cache and the
    retries too.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 10.0,
        max_retries: int = 3,
        max_retry_wait: float = 30.0,
        cache_size: int = 256,
        headers: Mapping[str, str] | None = None,
        on_retry: Callable[[Retry], None] | None = None,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        """`transport` sends the blocking calls' requests and `async_transport` the asyncio
        calls' (httpx's own by default): a proxy's, or a stand-in server's in tests. Give both
        to replace what sends every request: an asyncio call refuses to go out through
        httpx's own when only `transport` was given."""
        self.cache = ConditionalCache(cache_size)
        policy = RetryPolicy(max_retries=max_retries, max_wait=max_retry_wait)
        sent = {"User-Agent": f"partnership-api-client-python/{__version__}", **(headers or {})}
        settings: dict[str, Any] = {
            "base_url": base_url,
            "headers": sent,
            "timeout": httpx.Timeout(timeout),
        }
        blocking = SdkTransport(transport or httpx.HTTPTransport(), self.cache, policy, on_retry)
        awaited = AsyncSdkTransport(
            async_transport or httpx.AsyncHTTPTransport(), self.cache, policy, on_retry
        )
        self._async_refused = transport is not None and async_transport is None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.client = Client(base_url=base_url)
        self.client.set_httpx_client(httpx.Client(transport=blocking, **settings))
        self.client.set_async_httpx_client(httpx.AsyncClient(transport=awaited, **settings))

    def _async_http(self) -> httpx.AsyncClient:
        """The asyncio calls' client. Its connections belong to the event loop of the first
        call, and cannot serve another (one `asyncio.run` after another): a call from another
        loop is refused with a clear error, not left to fail on a closed loop's socket."""
        if self._async_refused:
            raise TypeError("asyncio calls need async_transport= when transport= is given")
        loop = asyncio.get_running_loop()
        if self._loop is not None and self._loop is not loop:
            raise RuntimeError(
                "this client's asyncio calls belong to the event loop of its first one: make "
                "a client in each loop (`async with PartnershipClient(...)`)"
            )
        self._loop = loop
        return self.client.get_async_httpx_client()

    def __enter__(self) -> "PartnershipClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> "PartnershipClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def close(self) -> None:
        """Close the blocking calls' connections (`aclose` closes both kinds)."""
        self.client.get_httpx_client().close()

    async def aclose(self) -> None:
        await self.client.get_async_httpx_client().aclose()
        self.close()

    def call(self, operation: Operation, *args: Any, **kwargs: Any) -> Any:
        """The operation's parsed answer (a model of openapi.models); a problem+json answer
        raises its ProblemError (NotFound, BadRequest, Gone, RateLimited...)."""
        return self.response(operation, *args, **kwargs).parsed

    async def call_async(self, operation: Operation, *args: Any, **kwargs: Any) -> Any:
        return (await self.response_async(operation, *args, **kwargs)).parsed

    def response(self, operation: Operation, *args: Any, **kwargs: Any) -> Any:
        """The operation's whole answer (status, headers, content, parsed), or its
        ProblemError: for a caller that wants the headers or the bytes as sent."""
        return raised(operation.sync_detailed(*args, client=self.client, **kwargs))

    async def response_async(self, operation: Operation, *args: Any, **kwargs: Any) -> Any:
        self._async_http()
        return raised(await operation.asyncio_detailed(*args, client=self.client, **kwargs))

    def pages(self, operation: Operation, *args: Any, **kwargs: Any) -> Iterator[Any]:
        """Every page of a list, following `links.next`, all from the dataset version of the
        first page: it is named on every later page (where the list takes `version`), and a
        page of another version raises VersionChanged."""
        walk = Walk(operation, kwargs)
        while True:
            page = self.call(operation, *args, **walk.kwargs)
            more = walk.step(page)
            yield page
            if not more:
                return

    async def pages_async(
        self, operation: Operation, *args: Any, **kwargs: Any
    ) -> AsyncIterator[Any]:
        walk = Walk(operation, kwargs)
        while True:
            page = await self.call_async(operation, *args, **walk.kwargs)
            more = walk.step(page)
            yield page
            if not more:
                return

    def iterate(self, operation: Operation, *args: Any, **kwargs: Any) -> Iterator[Any]:
        """Every item of a list, page after page, from one dataset version (see `pages`)."""
        for page in self.pages(operation, *args, **kwargs):
            yield from page.data

    async def iterate_async(
        self, operation: Operation, *args: Any, **kwargs: Any
    ) -> AsyncIterator[Any]:
        async for page in self.pages_async(operation, *args, **kwargs):
            for item in page.data:
                yield item

    def export(self, version: str | None = None) -> Iterator[dict[str, Any]]:
        """The export, line by line as it streams: first the dataset, then each resource as
        `{type, id, data}`."""
        http = self.client.get_httpx_client()
        with http.stream("GET", EXPORT, params=_pinned(version)) as response:
            if response.status_code >= 400:
                raise problem_error(response.status_code, response.headers, response.read())
            for line in response.iter_lines():
                if line:
                    yield json.loads(line)

    async def export_async(self, version: str | None = None) -> AsyncIterator[dict[str, Any]]:
        """Break out early inside `contextlib.aclosing(api.export_async())` to close the
        stream at once rather than when the generator is collected."""
        async with self._async_http().stream("GET", EXPORT, params=_pinned(version)) as response:
            if response.status_code >= 400:
                body = await response.aread()
                raise problem_error(response.status_code, response.headers, body)
            async for line in response.aiter_lines():
                if line:
                    yield json.loads(line)


def raised(response: Any) -> Any:
    """A generated call's answer, or the ProblemError of an error answer."""
    if response.status_code >= 400:
        raise problem_error(response.status_code, response.headers, response.content)
    return response


def _pinned(version: str | None) -> dict[str, str]:
    return {} if version is None else {"version": version}
