"""PartnershipClient: the generated client with the SDK's habits (cache, retries), and the
calls every official SDK has: one that returns the resource or raises its problem, one that
walks every item of a list in one dataset version, and the export as a stream."""

import inspect
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

import httpx

from partnership_client._version import __version__
from partnership_client.cache import ConditionalCache
from partnership_client.openapi import Client
from partnership_client.problems import VersionChanged, problem_error
from partnership_client.transport import Retry, RetryPolicy, SdkTransport


class Operation(Protocol):
    """A generated operation module, such as `openapi.api.partnerships.get_partnership`."""

    sync_detailed: Callable[..., Any]


class PartnershipClient:
    """One connection pool, cache and retry policy for every call.

    `client` is the generated `Client`: any generated operation called with
    `client=api.client` gets the cache and the retries too.
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
    ) -> None:
        """`transport` is what sends each request (httpx's own by default): a proxy's, or a
        stand-in server's in tests."""
        self.cache = ConditionalCache(cache_size)
        sending = SdkTransport(
            transport or httpx.HTTPTransport(),
            self.cache,
            RetryPolicy(max_retries=max_retries, max_wait=max_retry_wait),
            on_retry,
        )
        sent = {"User-Agent": f"partnership-api-client-python/{__version__}", **(headers or {})}
        self.client = Client(base_url=base_url)
        self.client.set_httpx_client(
            httpx.Client(
                base_url=base_url,
                headers=sent,
                timeout=httpx.Timeout(timeout),
                transport=sending,
            )
        )

    def __enter__(self) -> "PartnershipClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.get_httpx_client().close()

    def call(self, operation: Operation, *args: Any, **kwargs: Any) -> Any:
        """The operation's parsed answer (a model of openapi.models); a problem+json answer
        raises its ProblemError (NotFound, BadRequest, Gone, RateLimited...)."""
        return self.response(operation, *args, **kwargs).parsed

    def response(self, operation: Operation, *args: Any, **kwargs: Any) -> Any:
        """The operation's whole answer (status, headers, content, parsed), or its
        ProblemError: for a caller that wants the headers or the bytes as sent."""
        response = operation.sync_detailed(*args, client=self.client, **kwargs)
        if response.status_code >= 400:
            raise problem_error(response.status_code, response.headers, response.content)
        return response

    def pages(self, operation: Operation, *args: Any, **kwargs: Any) -> Iterator[Any]:
        """Every page of a list, following `links.next`, all from the dataset version of the
        first page: it is named on every later page (where the list takes `version`), and a
        page of another version raises VersionChanged."""
        pins = "version" in inspect.signature(operation.sync_detailed).parameters
        version: str | None = None
        while True:
            # Every page model has `meta.dataset_version` and `links.next_` (`next`).
            page = self.call(operation, *args, **kwargs)
            found = page.meta.dataset_version
            if version is None:
                version = found
            elif found != version:
                raise VersionChanged(version, found)
            yield page
            following = page.links.next_
            if not following:
                return
            kwargs = {**kwargs, "cursor": parse_qs(urlsplit(following).query)["cursor"][0]}
            if pins:
                kwargs["version"] = version

    def iterate(self, operation: Operation, *args: Any, **kwargs: Any) -> Iterator[Any]:
        """Every item of a list, page after page, from one dataset version (see `pages`)."""
        for page in self.pages(operation, *args, **kwargs):
            yield from page.data

    def export(self, version: str | None = None) -> Iterator[dict[str, Any]]:
        """The export, line by line as it streams: first the dataset, then each resource as
        `{type, id, data}`."""
        params = {} if version is None else {"version": version}
        http = self.client.get_httpx_client()
        with http.stream("GET", "/v1/export", params=params) as response:
            if response.status_code >= 400:
                raise problem_error(response.status_code, response.headers, response.read())
            for line in response.iter_lines():
                if line:
                    yield json.loads(line)
