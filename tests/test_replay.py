"""Replayed answers: a read answered again without Flask is the answer Flask gives, byte for byte
and header for header, save what is made per request; it is rate-limited, counted, logged and
validated like any other; and it never outlives the version it was made from."""

import gzip
import itertools
import logging
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson
import pytest
from flask import Flask, Response, request
from flask.testing import FlaskClient
from prometheus_client import CollectorRegistry
from werkzeug.test import TestResponse

from service import create_app
from service.config import BUNDLED_SEEDS, Config
from service.dataset import load_dataset
from service.headers import REQUEST_ID
from service.metrics import RequestMetrics, StoreMetrics
from service.ratelimit import RateLimiter
from service.replay import Replayer
from tests.conftest import SUITE_RATE_LIMIT, delete_prefix, new_prefix
from tests.redis_support import Target
from tests.seed_files import change_three_partnerships

ITEM = "/v1/partnerships/honda-nissan-ev-collaboration"
# Made per request, so they differ between any two answers; present on both all the same.
PER_REQUEST = {"x-request-id", "ratelimit-remaining", "ratelimit-reset"}
# Each case gets an Accept header of its own: a read with an Accept header not let through
# before goes to Flask, so the first read of each case is certainly made by Flask.
ACCEPTS = (f"application/json, text/x-case-{n};q=0.1" for n in itertools.count())


@pytest.fixture(params=["embedded", "redis"])
def replaying(request: pytest.FixtureRequest) -> Iterator[Flask]:
    """An app of the test's own (it remembers few Accept headers), on each store."""
    if request.param == "embedded":
        application = create_app(Config(testing=True, rate_limit=SUITE_RATE_LIMIT))
        yield application
        application.extensions["partnership_api"].store.close()
        return
    url = request.getfixturevalue("shared_redis_url")
    target = Target(url, False, new_prefix())
    yield target.app(rate_limit=SUITE_RATE_LIMIT)
    target.close()
    delete_prefix(url, target.prefix)


def replays(client: FlaskClient) -> float:
    text = client.get("/metrics").data.decode()
    name = 'partnership_cache_lookups_total{layer="answer",result="hit"} '
    found = [line for line in text.splitlines() if line.startswith(name)]
    return float(found[0].rsplit(" ", 1)[1]) if found else 0.0


def fields(response: TestResponse) -> list[tuple[str, str]]:
    return sorted((k.lower(), v) for k, v in response.headers if k.lower() not in PER_REQUEST)


def assert_same_answer(made: TestResponse, replayed: TestResponse) -> None:
    assert replayed.status == made.status
    assert replayed.data == made.data
    assert fields(replayed) == fields(made)
    for name in PER_REQUEST:
        assert (name in replayed.headers) == (name in made.headers), name


def requests(etag: str) -> list[tuple[str, str, dict[str, str]]]:
    """(method, URL, headers): item, list, sub-list, 404, dataset, evidence, change feed, with the
    conditional, HEAD and request-id variants clients send."""
    return [
        ("GET", ITEM, {}),
        ("HEAD", ITEM, {}),
        ("GET", ITEM, {"If-None-Match": etag}),
        ("HEAD", ITEM, {"If-None-Match": etag}),
        ("GET", ITEM, {"If-None-Match": f'"stale", W/{etag}'}),
        ("GET", ITEM, {"If-None-Match": "*"}),
        ("GET", ITEM, {"If-None-Match": '"stale"'}),
        ("GET", ITEM, {"X-Request-ID": "gateway-trace-1"}),
        ("GET", ITEM, {"X-Request-ID": "not a valid id!"}),
        ("GET", "/v1/partnerships?organization=honda&limit=1", {}),
        ("GET", "/v1/partnerships?fields=id,title&limit=2&sort=-title", {}),
        ("GET", "/v1/organizations/honda/partnerships?limit=1", {}),
        ("GET", "/v1/organizations/no-such-organization", {}),
        ("GET", "/v1/organizations/no-such-organization/partnerships", {}),
        ("GET", "/v1/dataset", {}),
        ("GET", "/v1/dataset/versions", {}),
        ("GET", f"/v1/evidence?resource=partnerships{ITEM.rsplit('/partnerships', 1)[1]}", {}),
    ]


def test_a_replayed_answer_is_the_answer_flask_makes(replaying: Flask) -> None:
    client = replaying.test_client()
    etag = client.get(ITEM).headers["ETag"]
    version = orjson.loads(client.get("/v1/dataset").data)["version"]
    cases = [*requests(etag), ("GET", f"/v1/changes?since={version}", {})]
    for method, url, headers in cases:
        accept = {"Accept": next(ACCEPTS)}
        made = client.open(url, method=method, headers={**headers, **accept})
        # A plain GET, kept (a HEAD or a 304 has no body to keep), then answered again.
        kept = client.get(url, headers=accept)
        assert kept.status_code in (200, 404) and kept.data
        before = replays(client)
        replayed = client.open(url, method=method, headers={**headers, **accept})
        assert replays(client) == before + 1, (method, url, headers)
        assert_same_answer(made, replayed)
        given = headers.get("X-Request-ID", "")
        if REQUEST_ID.fullmatch(given):
            assert replayed.headers["X-Request-ID"] == given
        else:
            assert REQUEST_ID.fullmatch(replayed.headers["X-Request-ID"])
            assert replayed.headers["X-Request-ID"] != made.headers["X-Request-ID"]


def test_statuses_of_replayed_reads(client: FlaskClient) -> None:
    fresh = client.get(ITEM)
    etag = fresh.headers["ETag"]
    assert client.get(ITEM, headers={"If-None-Match": etag}).status_code == 304
    head = client.head(ITEM)
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == str(len(fresh.data))
    missing = client.get("/v1/partnerships/no-such-partnership")
    assert missing.status_code == 404
    assert missing.content_type == "application/problem+json"
    assert missing.headers["Cache-Control"] == "no-store"
    assert "ETag" not in missing.headers
    # A 404 has no validator: a client's If-None-Match cannot turn it into a 304.
    again = client.get("/v1/partnerships/no-such-partnership", headers={"If-None-Match": "*"})
    assert again.status_code == 404


@pytest.fixture
def make_app() -> Iterator[Callable[..., Flask]]:
    """Apps of the test's own, with the settings it gives."""
    made: list[Flask] = []

    def make(**settings: Any) -> Flask:
        made.append(create_app(Config(testing=True, **settings)))
        return made[-1]

    yield make
    for application in made:
        application.extensions["partnership_api"].store.close()


def test_replayed_reads_count_against_the_rate_limit_once_each(
    make_app: Callable[..., Flask],
) -> None:
    # The hourly limit is listed first: counted twice, the fifth read would breach it too,
    # and the headers would speak of it.
    client = make_app(rate_limit="5 per hour;4 per minute").test_client()
    answers = [client.get(ITEM) for _ in range(5)]
    assert replays(client) == 3
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert [a.headers["RateLimit-Remaining"] for a in answers] == ["3", "2", "1", "0", "0"]
    assert [a.headers["RateLimit-Limit"] for a in answers] == ["4"] * 5
    refused = answers[-1]
    assert refused.content_type == "application/problem+json"
    assert int(refused.headers["Retry-After"]) >= 1
    assert orjson.loads(refused.data)["status"] == 429


def test_a_head_or_a_304_is_never_what_a_get_gets(make_app: Callable[..., Flask]) -> None:
    plain = make_app(rate_limit=SUITE_RATE_LIMIT, answer_cache_mb=0).test_client().get(ITEM)
    client = make_app(rate_limit=SUITE_RATE_LIMIT).test_client()
    assert client.head(ITEM).data == b""
    etag = plain.headers["ETag"]
    assert client.get(ITEM, headers={"If-None-Match": etag}).status_code == 304
    for _ in range(2):  # the 304 was replayed from a plain GET made for it: so are these
        again = client.get(ITEM)
        assert (again.status_code, again.data) == (200, plain.data)
    assert replays(client) == 3


def test_an_accept_header_is_remembered_only_when_short(make_app: Callable[..., Flask]) -> None:
    client = make_app(rate_limit=SUITE_RATE_LIMIT).test_client()
    client.get(ITEM)
    long_accept = {"Accept": "application/json, " + "text/x-long;q=0.1, " * 40}
    answers = [client.get(ITEM, headers=long_accept) for _ in range(3)]
    assert all(a.status_code == 200 and a.data == answers[0].data for a in answers)
    assert replays(client) == 0  # each went to Flask
    assert client.get(ITEM).status_code == 200
    assert replays(client) == 1


def test_a_new_version_is_never_answered_from_the_old(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    app = make_app(rate_limit=SUITE_RATE_LIMIT)
    client = app.test_client()
    before = [client.get(ITEM) for _ in range(2)]
    seeds_b = tmp_path / "seeds-b"
    shutil.copytree(BUNDLED_SEEDS, seeds_b)
    change_three_partnerships(seeds_b)
    b = load_dataset(seeds_b)
    assert app.extensions["partnership_api"].store.publish(b)
    after = client.get(ITEM)
    assert after.headers["X-Dataset-Version"] == b.version != before[0].headers["X-Dataset-Version"]
    assert after.data != before[0].data
    assert orjson.loads(after.data)["updated_in"] == b.version
    # The client's copy of the old version is no longer current.
    etag = before[0].headers["ETag"]
    assert client.get(ITEM, headers={"If-None-Match": etag}).status_code == 200
    gone = client.get("/v1/partnerships/nissan-renault-alliance")
    assert gone.status_code == 404


def test_reads_that_depend_on_more_than_the_key_go_through_flask(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(rate_limit=SUITE_RATE_LIMIT, cors_origins="https://app.example")
    client = app.test_client()
    for _ in range(2):
        client.get(ITEM)
        client.get("/v1/export")
    # Another Accept: refused by Flask, whatever JSON answer is kept.
    refused = client.get(ITEM, headers={"Accept": "text/html"})
    assert refused.status_code == 406
    # The export is never kept: its encoding follows Accept-Encoding on every read.
    plain = client.get("/v1/export")
    zipped = client.get("/v1/export", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    # Flask-CORS answers each origin.
    allowed = client.get(ITEM, headers={"Origin": "https://app.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.example"
    other = client.get(ITEM, headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    assert "Origin" in client.get(ITEM).headers["Vary"]


def test_replay_can_be_turned_off(make_app: Callable[..., Flask]) -> None:
    app = make_app(rate_limit=SUITE_RATE_LIMIT, answer_cache_mb=0)
    client = app.test_client()
    answers = [client.get(ITEM) for _ in range(3)]
    assert all(a.status_code == 200 and a.data == answers[0].data for a in answers)
    assert replays(client) == 0


def test_replayed_reads_are_logged_and_measured(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    client.get(ITEM)
    before = client.get("/metrics").data.decode()
    caplog.set_level(logging.INFO, logger="service.access")
    caplog.clear()
    etag = client.get(ITEM, headers={"X-Request-ID": "replayed-1"}).headers["ETag"]
    client.get(ITEM, headers={"X-Request-ID": "replayed-2", "If-None-Match": etag})
    lines: list[Any] = [r for r in caplog.records if r.name == "service.access"]
    assert [(r.request_id, r.status, r.method, r.path) for r in lines] == [
        ("replayed-1", 200, "GET", ITEM),
        ("replayed-2", 304, "GET", ITEM),
    ]
    assert all(r.dataset_version and r.duration_ms >= 0 for r in lines)
    after = client.get("/metrics").data.decode()
    for status in ("200", "304"):
        name = (
            "partnership_http_request_duration_seconds_count"
            f'{{endpoint="partnerships.get_partnership",method="GET",status="{status}"}}'
        )
        assert count(after, name) == count(before, name) + 1


def count(text: str, name: str) -> float:
    found = [line for line in text.splitlines() if line.startswith(name + " ")]
    return float(found[0].rsplit(" ", 1)[1]) if found else 0.0


def test_an_answer_made_from_a_replaced_snapshot_is_not_kept(tmp_path: Path) -> None:
    """A publish lands while Flask makes an answer from the version before: that answer is
    sent, but never replayed for the new version."""
    seeds_b = tmp_path / "seeds-b"
    shutil.copytree(BUNDLED_SEEDS, seeds_b)
    change_three_partnerships(seeds_b)
    app = create_app(Config(testing=True, rate_limit=SUITE_RATE_LIMIT))
    store = app.extensions["partnership_api"].store
    published: list[bool] = []

    @app.after_request
    def publish_meanwhile(response: Response) -> Response:
        if request.path == ITEM and not published:
            published.append(store.publish(load_dataset(seeds_b)))
            # Another request, served meanwhile (by another thread), moves the replayer to B.
            with ThreadPoolExecutor(1) as other:
                assert (
                    other.submit(app.test_client().get, "/v1/dataset").result().status_code == 200
                )
        return response

    client = app.test_client()
    client.get("/v1/dataset")  # the replayer starts from A
    first = client.get(ITEM)  # made from A; B is published before it is sent
    assert published == [True]
    second = client.get(ITEM)
    assert second.headers["X-Dataset-Version"] != first.headers["X-Dataset-Version"]
    assert orjson.loads(second.data)["updated_in"] == second.headers["X-Dataset-Version"]
    store.close()


def test_api_paths_may_not_be_exempt_from_limits_or_metrics(app: Flask) -> None:
    replayer = app.wsgi_app
    assert isinstance(replayer, Replayer)
    with pytest.raises(ValueError, match="overlap paths exempt"):
        Replayer(
            replayer.app,
            app.extensions["partnership_api"].store,
            ("/livez/",),
            RateLimiter([], None),
            RequestMetrics(CollectorRegistry()),
            StoreMetrics(),
            cors=False,
            max_bytes=1024,
        )


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_clients_that_only_revalidate_are_replayed_too(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture, method: str
) -> None:
    """A gateway revalidating, or a worker just restarted: no plain GET ever comes. After the
    first such read, the answer is made once by a request of the service's own (not logged,
    counted or rate-limited), and replayed from then on."""
    etag = make_app(answer_cache_mb=0).test_client().get(ITEM).headers["ETag"]
    client = make_app(rate_limit="100 per minute").test_client()
    caplog.set_level(logging.INFO, logger="service.access")
    caplog.clear()
    conditional = {"If-None-Match": etag} if method == "GET" else {}
    answers = [client.open(ITEM, method=method, headers=conditional) for _ in range(4)]
    assert replays(client) == 3
    expected = 304 if method == "GET" else 200
    assert [a.status_code for a in answers] == [expected] * 4
    assert all(a.data == b"" for a in answers)
    assert [a.headers["RateLimit-Remaining"] for a in answers] == ["99", "98", "97", "96"]
    logged: list[Any] = [r for r in caplog.records if r.name == "service.access"]
    assert [(r.method, r.path, r.status) for r in logged if r.path != "/metrics"] == [
        (method, ITEM, expected)
    ] * 4
    plain = client.get(ITEM)
    assert plain.status_code == 200 and plain.headers["ETag"] == etag
    assert replays(client) == 4


def flask_calls(app: Flask, endpoint: str) -> list[str]:
    """The reads Flask's view makes from now on, by path."""
    calls: list[str] = []
    view = app.view_functions[endpoint]

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(request.path)
        return view(*args, **kwargs)

    app.view_functions[endpoint] = counted
    return calls


@pytest.mark.parametrize("path", ["/livez", "/readyz"])
def test_a_replayed_probe_is_the_answer_flask_makes(replaying: Flask, path: str) -> None:
    client = replaying.test_client()
    calls = flask_calls(replaying, f"health.{path[1:]}")
    made = client.get(path)
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    replayed = [
        client.get(path),
        client.get(path, headers={"X-Request-ID": "probe-1"}),
        client.head(path),
    ]
    assert calls == [path], "made once by Flask, then replayed"
    for answer in replayed:
        assert answer.status == made.status
        assert fields(answer) == fields(made)
        assert REQUEST_ID.fullmatch(answer.headers["X-Request-ID"])
        assert "RateLimit-Limit" not in answer.headers  # probes are never limited
    assert [a.data for a in replayed] == [made.data, made.data, b""]
    assert replayed[1].headers["X-Request-ID"] == "probe-1"
    assert replayed[0].headers["X-Request-ID"] != made.headers["X-Request-ID"]


def test_readiness_follows_the_store_at_once(
    shared_redis_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A kept readiness answer speaks for the state and version it was made for, never after."""
    target = Target(shared_redis_url, False, new_prefix())
    app = target.app(rate_limit=SUITE_RATE_LIMIT)
    store = app.extensions["partnership_api"].store
    client = app.test_client()
    calls = flask_calls(app, "health.readyz")
    try:
        ready = [orjson.loads(client.get("/readyz").data) for _ in range(2)]
        assert ready[0] == ready[1] and ready[0]["status"] == "ready" and len(calls) == 1

        store.mark_unavailable(ConnectionError("connection refused"))
        degraded = [client.get("/readyz") for _ in range(2)]
        assert [orjson.loads(a.data)["status"] for a in degraded] == ["degraded"] * 2
        assert degraded[0].data == degraded[1].data and len(calls) == 2

        store.mark_available()
        seeds_b = tmp_path / "seeds-b"
        shutil.copytree(BUNDLED_SEEDS, seeds_b)
        change_three_partnerships(seeds_b)
        b = load_dataset(seeds_b)
        assert store.publish(b)
        caplog.set_level(logging.INFO, logger="service.access")
        caplog.clear()
        now = [orjson.loads(client.get("/readyz").data) for _ in range(2)]
        assert [n["dataset_version"] for n in now] == [b.version] * 2
        assert [n["status"] for n in now] == ["ready"] * 2 and len(calls) == 3
        # Logged like Flask's own answers, and not counted in the request metrics.
        lines: list[Any] = [r for r in caplog.records if r.name == "service.access"]
        logged = [(r.path, r.status, r.dataset_version) for r in lines]
        assert logged == [("/readyz", 200, None)] * 2
        assert 'endpoint="health.readyz"' not in client.get("/metrics").data.decode()
    finally:
        target.close()
        delete_prefix(shared_redis_url, target.prefix)
