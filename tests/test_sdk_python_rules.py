"""The Python SDK's rules where a live service cannot easily show them: a stand-in server
(httpx.MockTransport) answers as a gateway or a later server might, and no time is slept."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from partnership_client import ProblemError, Retry, Unavailable, VersionChanged
from partnership_client.cache import FROM_CACHE, ConditionalCache
from partnership_client.openapi.api.dataset import get_dataset
from partnership_client.openapi.api.partnerships import list_partnerships
from partnership_client.problems import retry_after
from partnership_client.session import PartnershipClient
from partnership_client.transport import AsyncSdkTransport, RetryPolicy, SdkTransport

Answer = Callable[[httpx.Request], httpx.Response]
JSON = {"content-type": "application/json"}
NDJSON = "application/x-ndjson"


def transport(answer: Answer, **policy: float) -> tuple[SdkTransport, list[float]]:
    slept: list[float] = []
    made = SdkTransport(
        httpx.MockTransport(answer),
        ConditionalCache(8),
        RetryPolicy(**policy),  # type: ignore[arg-type]
        sleep=slept.append,
    )
    return made, slept


def test_retry_after_as_an_http_date() -> None:
    when = datetime.now(UTC) + timedelta(seconds=30)
    waited = retry_after(httpx.Headers({"retry-after": format_datetime(when, usegmt=True)}))
    assert waited is not None and 28 <= waited <= 30
    assert retry_after(httpx.Headers({"retry-after": "soon"})) is None
    assert retry_after(httpx.Headers()) is None


def test_a_503_is_retried_with_backoff_then_given_up() -> None:
    statuses = iter([503, 503, 200])

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(statuses), headers=JSON, content=b"{}")

    made, slept = transport(answer)
    with httpx.Client(transport=made, base_url="http://api") as client:
        assert client.get("/v1/dataset").status_code == 200
    assert slept == [0.5, 1.0]  # no Retry-After: 0.5 s, then twice that

    made, slept = transport(lambda r: httpx.Response(503, headers={"retry-after": "1"}))
    with httpx.Client(transport=made, base_url="http://api") as client:
        assert client.get("/v1/dataset").status_code == 503
    assert slept == [1.0, 1.0, 1.0]  # max_retries of 3, then the answer is the caller's


def test_a_retry_after_past_the_bound_is_not_waited_for() -> None:
    made, slept = transport(lambda r: httpx.Response(429, headers={"retry-after": "120"}))
    with httpx.Client(transport=made, base_url="http://api") as client:
        assert client.get("/v1/dataset").status_code == 429
    assert slept == []


def test_a_failed_connection_is_retried() -> None:
    calls = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, headers=JSON, content=b"{}")

    retries: list[Retry] = []
    made, slept = transport(answer)
    made.on_retry = retries.append
    with httpx.Client(transport=made, base_url="http://api") as client:
        assert client.get("/v1/dataset").status_code == 200
    assert retries == [Retry(1, None, 0.5)] and slept == [0.5]


def test_the_export_is_never_cached_and_an_unvalidated_answer_neither() -> None:
    seen: list[str | None] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("if-none-match"))
        if request.url.path == "/v1/export":
            return httpx.Response(200, headers={"content-type": "application/x-ndjson",
                                                "etag": '"x"'}, content=b"{}\n")  # fmt: skip
        return httpx.Response(200, headers=JSON, content=b"{}")  # no ETag

    made, _ = transport(answer)
    with httpx.Client(transport=made, base_url="http://api") as client:
        for _ in range(2):
            client.get("/v1/export")
            client.get("/v1/dataset")
    assert seen == [None] * 4 and len(made.cache) == 0


def test_an_immutable_answer_lasts_its_max_age_less_its_age() -> None:
    calls = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        age = request.url.params.get("age", "0")
        headers = {**JSON, "etag": '"v"', "age": age,
                   "cache-control": "public, max-age=100, immutable"}  # fmt: skip
        return httpx.Response(200, headers=headers, content=b"{}")

    made, _ = transport(answer)
    with httpx.Client(transport=made, base_url="http://api") as client:
        client.get("/v1/partnerships/a", params={"version": "v"})
        fresh = client.get("/v1/partnerships/a", params={"version": "v"})
        # Held 100 s by a cache on the way: no freshness left.
        client.get("/v1/partnerships/a", params={"version": "v", "age": "100"})
        client.get("/v1/partnerships/a", params={"version": "v", "age": "100"})
    assert fresh.extensions[FROM_CACHE] == "fresh"
    assert len(calls) == 3


def test_an_answer_that_is_not_a_problem_is_still_a_typed_error() -> None:
    api = stand_in_client(
        lambda r: httpx.Response(503, headers={"content-type": "text/html"}, content=b"<h1>")
    )
    with pytest.raises(Unavailable) as refused:
        api.call(list_partnerships)
    assert refused.value.title == "Service Unavailable"
    assert refused.value.detail == "The answer was not problem+json but text/html."
    assert isinstance(refused.value, ProblemError)


def stand_in_client(answer: Answer) -> PartnershipClient:
    return PartnershipClient("http://api", max_retries=0, transport=httpx.MockTransport(answer))


def test_a_page_of_another_version_ends_the_walk() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        version = "b" if cursor else "a"
        page = {"data": [], "links": {"self": "/", "first": "/", "prev": None,
                "next": None if cursor else "/v1/partnerships?cursor=c"},
                "meta": {"count": 0, "limit": 20, "dataset_version": version}}  # fmt: skip
        return httpx.Response(200, json=page)

    api = stand_in_client(answer)
    with pytest.raises(VersionChanged) as changed:
        list(api.pages(list_partnerships))
    assert (changed.value.expected, changed.value.found) == ("a", "b")


def page_of(version: str, following: str | None) -> dict[str, Any]:
    return {"data": [], "links": {"self": "/", "first": "/", "prev": None, "next": following},
            "meta": {"count": 0, "limit": 1, "dataset_version": version}}  # fmt: skip


def test_asyncio_calls_keep_the_cache_the_typed_errors_and_the_walk() -> None:
    """The `_async` calls and the generated `asyncio_detailed` ones go through the same cache
    as the blocking calls, raise the same errors, and walk a list in one version."""
    asked: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        if request.url.path == "/v1/partnerships":
            cursor = request.url.params.get("cursor")
            return httpx.Response(200, json=page_of("a", None if cursor else "/?cursor=c"))
        if request.url.path == "/v1/dataset":
            return httpx.Response(503, headers={"content-type": "text/html"}, content=b"<h1>")
        if request.headers.get("if-none-match") == '"e"':
            return httpx.Response(304, headers={"etag": '"e"'})
        return httpx.Response(200, headers={**JSON, "etag": '"e"'}, content=b'{"id": "x"}')

    stand_in = httpx.MockTransport(answer)
    api = PartnershipClient(
        "http://api", transport=stand_in, async_transport=stand_in, max_retries=0
    )

    async def use() -> tuple[list[str], httpx.Response]:
        async with api:
            pages = [p.meta.dataset_version async for p in api.pages_async(list_partnerships)]
            # Stored by a blocking call, revalidated by an asyncio one: one cache.
            api.client.get_httpx_client().get("/v1/organizations/x")
            again = await api.client.get_async_httpx_client().get("/v1/organizations/x")
            with pytest.raises(Unavailable):
                await api.call_async(get_dataset)
            return pages, again

    pages, again = asyncio.run(use())
    assert pages == ["a", "a"]
    later = [r for r in asked if r.url.params.get("cursor")]
    assert [r.url.params.get("version") for r in later] == ["a"]  # the first page's version
    assert again.extensions[FROM_CACHE] == "revalidated" and again.json() == {"id": "x"}
    assert api.cache.revalidated == 1


def test_asyncio_retries_wait_as_asked_and_the_export_streams() -> None:
    statuses = iter([429, 503, 200])
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/export":
            lines = b'{"type": "dataset", "id": "v"}\n{"type": "sources", "id": "s"}\n'
            return httpx.Response(200, headers={"content-type": NDJSON}, content=lines)
        status = next(statuses)
        return httpx.Response(status, headers={**JSON, "retry-after": "2"}, content=b"{}")

    made = AsyncSdkTransport(
        httpx.MockTransport(answer), ConditionalCache(8), RetryPolicy(), sleep=sleep
    )

    async def use() -> tuple[int, list[dict[str, Any]]]:
        async with httpx.AsyncClient(transport=made, base_url="http://api") as client:
            status = (await client.get("/v1/dataset")).status_code
        api = PartnershipClient("http://api", async_transport=httpx.MockTransport(answer))
        async with api:
            return status, [line async for line in api.export_async()]

    status, lines = asyncio.run(use())
    assert status == 200 and slept == [2.0, 2.0]
    assert [(line["type"], line["id"]) for line in lines] == [("dataset", "v"), ("sources", "s")]
    assert len(made.cache) == 0  # no ETag: nothing kept


def test_asyncio_calls_are_refused_where_they_would_go_astray() -> None:
    """Never through httpx's own transport when the caller gave one for blocking calls, and
    never from a second event loop, whose connections the first loop's pool cannot serve."""
    line = b'{"type": "dataset", "id": "v"}\n'
    stand_in = httpx.MockTransport(
        lambda request: httpx.Response(200, headers={"content-type": NDJSON}, content=line)
    )
    with pytest.raises(TypeError, match="async_transport="):
        asyncio.run(PartnershipClient("http://api", transport=stand_in).call_async(get_dataset))
    api = PartnershipClient("http://api", async_transport=stand_in)
    assert asyncio.run(exported(api)) == [{"type": "dataset", "id": "v"}]
    with pytest.raises(RuntimeError, match="event loop of its first one"):
        asyncio.run(exported(api))


async def exported(api: PartnershipClient) -> list[dict[str, Any]]:
    return [line async for line in api.export_async()]
