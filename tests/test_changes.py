"""Keeping clients in sync: dataset history, the change feed between versions, `updated_in`,
the export, and evidence a client can check. Publish A, then B with one partnership changed,
one added and one removed, on every store."""

import gzip
import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from service import create_app
from service.config import BUNDLED_SEEDS, Config
from service.dataset import Dataset, load_dataset
from tests.conftest import SUITE_RATE_LIMIT, delete_prefix, get_all, get_json, new_prefix
from tests.support.redis_support import Target, with_alias
from tests.support.seed_files import SEED_FILE, change_three_partnerships

THREE = {
    ("partnerships", "honda-nissan-ev-collaboration"): "changed",
    ("partnerships", "nissan-renault-alliance"): "removed",
    ("partnerships", "renault-nissan-alliance"): "added",
}


@pytest.fixture(
    params=["embedded", "standalone", pytest.param("cluster", marks=pytest.mark.system)]
)
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def seeds_b(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds-b"
    shutil.copytree(BUNDLED_SEEDS, folder)
    change_three_partnerships(folder)
    return folder


@pytest.fixture
def app_at_a(request: pytest.FixtureRequest, store_kind: str) -> Iterator[Flask]:
    """A service that has published the bundled seeds (A), and nothing else, on `store_kind`."""
    if store_kind == "embedded":
        # Testing mode (an error past the handlers fails the test); a limit out of reach.
        config = Config(testing=True, rate_limit=SUITE_RATE_LIMIT, retained_versions=3)
        application = create_app(config)
        yield application
        application.extensions["partnership_api"].store.close()
        return
    if store_kind == "standalone":
        url, cluster = request.getfixturevalue("shared_redis_url"), False
    else:
        url, cluster = request.getfixturevalue("redis_cluster").url, True
    target = Target(url, cluster, new_prefix())
    application = target.app(rate_limit=SUITE_RATE_LIMIT, retained_versions=3)  # limit as above
    yield application
    target.close()
    delete_prefix(url, target.prefix, cluster=cluster)


def publish(app: Flask, dataset: Dataset) -> None:
    assert app.extensions["partnership_api"].store.publish(dataset)


def export(client: FlaskClient) -> dict[tuple[str, str], dict[str, Any]]:
    """The export as {(type, id): line}, after checking its first line names the version."""
    response = client.get("/v1/export")
    assert response.status_code == 200
    lines = [orjson.loads(line) for line in response.data.splitlines()]
    assert lines[0]["type"] == "dataset"
    assert lines[0]["id"] == response.headers["X-Dataset-Version"]
    return {(line["type"], line["id"]): line for line in lines[1:]}


def without_updated_in(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "updated_in"}


def test_the_feed_from_a_lists_exactly_what_changed_in_b(app_at_a: Flask, seeds_b: Path) -> None:
    client = app_at_a.test_client()
    a = get_json(client, "/v1/dataset")["version"]
    before = export(client)
    b = load_dataset(seeds_b)
    publish(app_at_a, b)
    after = export(client)

    partnerships = get_all(client, f"/v1/changes?since={a}&type=partnerships")
    assert {(c["type"], c["id"]): c["change"] for c in partnerships} == THREE
    # Everything else that differs is what those three changed in their partners' records,
    # found here independently, by comparing the two exports.
    differing = {
        key
        for key in before.keys() | after.keys()
        if key not in before
        or key not in after
        or without_updated_in(before[key]["data"]) != without_updated_in(after[key]["data"])
    }
    feed = get_all(client, f"/v1/changes?since={a}&limit=2")
    assert {(c["type"], c["id"]) for c in feed} == differing
    assert differing - THREE.keys() == {("organizations", "nissan"), ("organizations", "renault")}
    for change in feed:
        if change["change"] == "removed":
            assert change["etag"] is change["updated_in"] is change["href"] is None
            assert client.get(f"/v1/{change['type']}/{change['id']}").status_code == 404
            continue
        current = client.get(change["href"])
        assert current.headers["ETag"] == f'"{change["etag"]}"'
        assert change["updated_in"] == orjson.loads(current.data)["updated_in"] == b.version


def test_updated_in_moves_only_for_what_changed(app_at_a: Flask, seeds_b: Path) -> None:
    client = app_at_a.test_client()
    a = get_json(client, "/v1/dataset")["version"]
    unchanged = "/v1/events/honda-nissan-mou-signed"
    etag_at_a = client.get(unchanged).headers["ETag"]
    b = load_dataset(seeds_b)
    publish(app_at_a, b)
    assert get_json(client, unchanged)["updated_in"] == a
    # Its ETag is unchanged too: a client's cached copy stays valid across the publish.
    assert client.get(unchanged, headers={"If-None-Match": etag_at_a}).status_code == 304
    changed = get_json(client, "/v1/partnerships/honda-nissan-ev-collaboration")
    assert changed["updated_in"] == b.version
    listed = get_json(client, "/v1/partnerships?fields=updated_in")["data"]
    assert {p["id"]: p["updated_in"] for p in listed} == {
        "honda-general-motors-ev-ties": a,
        "honda-nissan-ev-collaboration": b.version,
        "renault-nissan-alliance": b.version,
    }


def test_going_back_to_a_is_a_change_too(app_at_a: Flask, seeds_b: Path) -> None:
    client = app_at_a.test_client()
    a = load_dataset(BUNDLED_SEEDS)
    b = load_dataset(seeds_b)
    publish(app_at_a, b)
    publish(app_at_a, a)
    back = get_all(client, f"/v1/changes?since={b.version}&type=partnerships")
    assert {(c["type"], c["id"]): c["change"] for c in back} == {
        ("partnerships", "honda-nissan-ev-collaboration"): "changed",
        ("partnerships", "nissan-renault-alliance"): "added",
        ("partnerships", "renault-nissan-alliance"): "removed",
    }
    # A's content again, updated in this publish of A: what a client syncing from B needs.
    assert get_json(client, "/v1/partnerships/nissan-renault-alliance")["updated_in"] == a.version
    assert get_all(client, f"/v1/changes?since={a.version}") == []


def test_history_lists_retained_versions_newest_first_with_their_files(
    app_at_a: Flask, seeds_b: Path
) -> None:
    client = app_at_a.test_client()
    a = get_json(client, "/v1/dataset")["version"]
    b = load_dataset(seeds_b)
    publish(app_at_a, b)
    body = get_json(client, "/v1/dataset/versions")
    assert [v["version"] for v in body["data"]] == [b.version, a]
    assert [v["current"] for v in body["data"]] == [True, False]
    assert body["meta"] == {"count": 2, "limit": 20, "dataset_version": b.version}
    versions = "/v1/dataset/versions"
    assert body["links"] == {"self": versions, "first": versions, "prev": None, "next": None}
    newest, oldest = body["data"]
    assert newest["published_at"] >= oldest["published_at"]
    assert newest["counts"]["partnerships"] == 3
    files = {f["path"]: f["sha256"] for f in newest["files"]}
    seed = (seeds_b / SEED_FILE).read_bytes()
    assert files[SEED_FILE] == hashlib.sha256(seed).hexdigest()
    text_file = "sources/honda-nissan-ev-partnership-article.txt"
    assert files[text_file] == hashlib.sha256((seeds_b / text_file).read_bytes()).hexdigest()
    assert {f["path"] for f in oldest["files"]} == set(files)


def pruned_past_a(app_at_a: Flask, seeds_copy: Path) -> tuple[FlaskClient, str]:
    """A client of the app, and its first version `a`, pruned by three more publishes (three
    versions are retained)."""
    client = app_at_a.test_client()
    a = get_json(client, "/v1/dataset")["version"]
    for n in range(3):
        publish(app_at_a, with_alias(seeds_copy, f"Alias {n}"))
    return client, a


def assert_gone_to_export(response: TestResponse) -> None:
    """A 410 problem with the way back: a `Link` to the export."""
    assert response.status_code == 410
    assert response.content_type == "application/problem+json"
    assert response.headers["Link"] == '</v1/export>; rel="alternate"'


def test_a_version_no_longer_retained_is_gone_with_a_way_back(
    app_at_a: Flask, seeds_copy: Path
) -> None:
    client, a = pruned_past_a(app_at_a, seeds_copy)
    versions = [v["version"] for v in get_json(client, "/v1/dataset/versions")["data"]]
    assert len(versions) == 3 and a not in versions
    response = client.get(f"/v1/changes?since={a}")
    assert_gone_to_export(response)
    assert "Re-sync from /v1/export" in orjson.loads(response.data)["detail"]
    # The oldest retained version still answers.
    assert get_json(client, f"/v1/changes?since={versions[-1]}")["meta"]["count"] == 1


@dataclass(frozen=True)
class ThreeVersions:
    """v1 (the bundled seeds), v2 (three partnerships changed) and v3 (the bundled seeds with
    a new alias of Honda), published in that order; v3 is current."""

    v1: str
    v2: str
    v3: str
    feed_at_v2: list[dict[str, Any]]  # the feed since v1, read while v2 was current
    etags_at_v2: dict[tuple[str, str], str]  # what each listed path served then


@pytest.fixture
def three_versions(app_at_a: Flask, seeds_b: Path, seeds_copy: Path) -> ThreeVersions:
    client = app_at_a.test_client()
    v1 = get_json(client, "/v1/dataset")["version"]
    v2 = load_dataset(seeds_b)
    publish(app_at_a, v2)
    feed_at_v2 = get_all(client, f"/v1/changes?since={v1}")
    etags_at_v2 = {
        (c["type"], c["id"]): client.get(c["href"]).headers["ETag"].strip('"')
        for c in feed_at_v2
        if c["href"] is not None
    }
    v3 = with_alias(seeds_copy, "Honda Motor")
    publish(app_at_a, v3)
    return ThreeVersions(v1, v2.version, v3.version, feed_at_v2, etags_at_v2)


def test_until_lists_the_changes_up_to_that_version_as_it_served_them(
    app_at_a: Flask, three_versions: ThreeVersions
) -> None:
    client, v = app_at_a.test_client(), three_versions
    body = get_json(client, f"/v1/changes?since={v.v1}&until={v.v2}&limit=100")
    # v2's changes and not v3's (Honda's alias); each with its ETag and `updated_in` in v2.
    assert {(c["type"], c["id"]) for c in body["data"]} == THREE.keys() | {
        ("organizations", "nissan"),
        ("organizations", "renault"),
    }
    assert body["data"] == v.feed_at_v2
    for change in body["data"]:
        key = (change["type"], change["id"])
        assert change["change"] == THREE.get(key, "changed")
        if change["change"] != "removed":
            assert change["etag"] == v.etags_at_v2[key]
            assert change["updated_in"] == v.v2
    assert body["meta"] == {
        "count": 5,
        "limit": 100,
        "dataset_version": v.v3,
        "since": v.v1,
        "until": v.v2,
    }
    # The path serves the current version, where the collaboration is as in v1 again.
    now = client.get("/v1/partnerships/honda-nissan-ev-collaboration").headers["ETag"]
    assert now.strip('"') != v.etags_at_v2[("partnerships", "honda-nissan-ev-collaboration")]


def test_until_defaults_to_the_current_version(
    app_at_a: Flask, three_versions: ThreeVersions
) -> None:
    client, v = app_at_a.test_client(), three_versions
    implicit = get_json(client, f"/v1/changes?since={v.v1}")
    explicit = get_json(client, f"/v1/changes?since={v.v1}&until={v.v3}")
    assert implicit["data"] == explicit["data"]
    assert implicit["meta"] == explicit["meta"]
    assert implicit["meta"]["until"] == v.v3
    # From v1 to v3 only Honda differs: v2's changes were undone.
    assert [(c["type"], c["id"], c["change"]) for c in implicit["data"]] == [
        ("organizations", "honda", "changed")
    ]


def test_until_pages_every_change_once(app_at_a: Flask, three_versions: ThreeVersions) -> None:
    client, v = app_at_a.test_client(), three_versions
    paged = get_all(client, f"/v1/changes?since={v.v1}&until={v.v2}&limit=1")
    assert len(paged) == 5
    assert paged == get_json(client, f"/v1/changes?since={v.v1}&until={v.v2}&limit=100")["data"]
    second = get_json(client, f"/v1/changes?since={v.v1}&until={v.v2}&limit=1")["links"]["next"]
    assert f"until={v.v2}" in second


def test_since_equal_to_until_lists_nothing(app_at_a: Flask, three_versions: ThreeVersions) -> None:
    client, v = app_at_a.test_client(), three_versions
    body = get_json(client, f"/v1/changes?since={v.v2}&until={v.v2}")
    assert body["data"] == [] and body["links"]["next"] is None
    assert body["meta"]["count"] == 0
    assert (body["meta"]["since"], body["meta"]["until"]) == (v.v2, v.v2)


@pytest.mark.parametrize(("since", "until"), [("v3", "v1"), ("v2", "v1"), ("v3", "v2")])
def test_since_newer_than_until_is_a_400_naming_both(
    app_at_a: Flask, three_versions: ThreeVersions, since: str, until: str
) -> None:
    client = app_at_a.test_client()
    since, until = getattr(three_versions, since), getattr(three_versions, until)
    response = client.get(f"/v1/changes?since={since}&until={until}")
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    problem = orjson.loads(response.data)
    assert [p["name"] for p in problem["invalid_params"]] == ["since", "until"]
    assert "since must not be newer than until" in problem["invalid_params"][0]["reason"]


def test_until_no_longer_retained_is_gone_with_a_way_back(
    app_at_a: Flask, seeds_copy: Path
) -> None:
    client, a = pruned_past_a(app_at_a, seeds_copy)
    oldest = get_json(client, "/v1/dataset/versions")["data"][-1]["version"]
    response = client.get(f"/v1/changes?since={oldest}&until={a}")
    assert_gone_to_export(response)
    assert f"{a} (until) is not retained" in orjson.loads(response.data)["detail"]


def test_an_unknown_until_answers_as_an_unknown_since(client: FlaskClient) -> None:
    current = get_json(client, "/v1/dataset")["version"]
    unknown = "0123456789abcdef"
    for query in (f"since={current}&until={unknown}", f"since={unknown}&until={current}"):
        response = client.get(f"/v1/changes?{query}")
        assert response.status_code == 410, query
        assert response.content_type == "application/problem+json"
        assert response.headers["Link"] == '</v1/export>; rel="alternate"'


def test_until_the_current_version_is_the_feed_on_every_store(client: FlaskClient) -> None:
    current = get_json(client, "/v1/dataset")["version"]
    body = get_json(client, f"/v1/changes?since={current}&until={current}")
    assert body["data"] == []
    assert body["meta"] == {
        "count": 0,
        "limit": 20,
        "dataset_version": current,
        "since": current,
        "until": current,
    }


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),
        ("since=", 400),
        ("since=ABCDEF0123456789", 400),
        ("since=0123456789abcdef0", 400),
        ("since=0123456789abcdef&since=0123456789abcdef", 400),
        ("since=0123456789abcdef&type=widgets", 400),
        ("since=0123456789abcdef&colour=red", 400),
        ("since=0123456789abcdef", 410),
        ("since=0123456789abcdef&until=0123456789abcdef", 410),
    ],
)
def test_bad_feed_requests_are_problems(client: FlaskClient, query: str, status: int) -> None:
    response = client.get(f"/v1/changes?{query}")
    assert response.status_code == status, response.data
    assert response.content_type == "application/problem+json"


@pytest.mark.parametrize(
    ("until", "reason"),
    [
        ("until=", "Must be a dataset version: 16 hex digits."),
        ("until=current", "Must be a dataset version: 16 hex digits."),
        ("until=0123456789ABCDEF", "Must be a dataset version: 16 hex digits."),
        ("until=0123456789abcdef&until=0123456789abcdef", "Give this parameter once."),
    ],
)
def test_a_bad_until_is_a_400_naming_it(client: FlaskClient, until: str, reason: str) -> None:
    response = client.get(f"/v1/changes?since=0123456789abcdef&{until}")
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    assert orjson.loads(response.data)["invalid_params"] == [
        {"name": "until", "in": "query", "reason": reason}
    ]


def test_the_feed_from_the_current_version_is_empty_and_cacheable(client: FlaskClient) -> None:
    version = get_json(client, "/v1/dataset")["version"]
    response = client.get(f"/v1/changes?since={version}")
    body = orjson.loads(response.data)
    assert body["data"] == [] and body["links"]["next"] is None
    assert body["meta"] == {
        "count": 0,
        "limit": 20,
        "dataset_version": version,
        "since": version,
        "until": version,
    }
    cached = client.get(
        f"/v1/changes?since={version}", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert cached.status_code == 304


def test_export_streams_every_resource_plain_or_gzip(client: FlaskClient) -> None:
    plain = client.get("/v1/export")
    assert plain.content_type == "application/x-ndjson"
    assert plain.headers["Vary"] == "Accept-Encoding"
    assert "Content-Length" not in plain.headers  # streamed, never built whole
    lines = [orjson.loads(line) for line in plain.data.splitlines()]
    info = get_json(client, "/v1/dataset")
    assert lines[0] == {
        "type": "dataset",
        "id": info["version"],
        "etag": client.get("/v1/dataset").headers["ETag"].strip('"'),
        "data": info,
    }
    for line in lines[1:]:
        item = client.get(f"/v1/{line['type']}/{line['id']}")
        assert line["data"] == orjson.loads(item.data)
        assert f'"{line["etag"]}"' == item.headers["ETag"]
    assert (
        sum(1 for line in lines[1:] if line["type"] == "partnerships")
        == info["counts"]["partnerships"]
    )
    zipped = client.get("/v1/export", headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert zipped.headers["ETag"] != plain.headers["ETag"]
    for response in (plain, zipped):
        again = client.get(
            "/v1/export",
            headers={"If-None-Match": response.headers["ETag"], "Accept-Encoding": "gzip"},
        )
        assert again.status_code == (304 if response is zipped else 200)
    refused = client.get("/v1/export", headers={"Accept": "application/json"})
    assert refused.status_code == 406


def test_evidence_of_a_resource_checks_against_its_source(client: FlaskClient) -> None:
    resource = "partnerships/honda-nissan-ev-collaboration"
    body = get_json(client, f"/v1/evidence?resource={resource}&limit=100")
    partnership = get_json(client, f"/v1/{resource}")
    assert body["resource"] == body["meta"]["resource"] == resource
    assert body["meta"]["count"] == len(body["data"]) > 10
    assert body["meta"]["limit"] == 100
    for item in body["data"]:
        # The pointer leads to this very evidence in the resource.
        found: Any = partnership
        for part in item["path"].lstrip("/").split("/"):
            found = found[int(part)] if isinstance(found, list) else found[part]
        assert found == {k: item[k] for k in ("source", "quote", "start", "end", "supports")}
        # The documented check.
        source = get_json(client, f"/v1/sources/{item['source']}")
        text = source["text"]
        assert hashlib.sha256(text.encode()).hexdigest() == item["source_sha256"]
        assert text[item["start"] : item["end"]] == item["quote"]
    assert "/timeline/0/evidence/0" in {item["path"] for item in body["data"]}


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("resource=partnerships/no-such-thing", 404),
        ("resource=sources/honda-nissan-ev-partnership-article", 400),
        ("resource=partnerships", 400),
        ("resource=partnerships/../sources/x", 400),
        ("resource=partnerships/Honda", 400),
        ("", 400),
        ("resource=events/honda-nissan-mou-signed&resource=events/honda-nissan-mou-signed", 400),
    ],
)
def test_bad_evidence_requests_are_problems(client: FlaskClient, query: str, status: int) -> None:
    response = client.get(f"/v1/evidence?{query}")
    assert response.status_code == status, response.data
    assert response.content_type == "application/problem+json"


def test_timeline_orders_events_as_the_sources_date_them(client: FlaskClient) -> None:
    collaboration = get_json(client, "/v1/partnerships/honda-nissan-ev-collaboration")
    assert [(e["event"], e["position"]) for e in collaboration["timeline"]] == [
        ("honda-nissan-mou-signed", 1),  # "this week"
        ("honda-nissan-exploratory-talks-confirmed", None),  # the article gives no date
    ]
    signed = collaboration["timeline"][0]
    assert signed["date"]["text"] == "this week"
    assert signed["evidence"][0]["quote"].endswith("memorandum of understanding this week")
