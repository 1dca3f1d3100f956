"""A version is an address: any retained version is read by naming it (`version`), such an
answer never changes, and a cursor reads its own version for as long as it is retained."""

from pathlib import Path
from typing import Any

import orjson
import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.config import Config
from service.dataset import load_dataset
from tests.conftest import get_json
from tests.support.redis_support import Target, with_alias
from tests.support.seed_files import rewrite_seed

IMMUTABLE = "public, max-age=31536000, immutable"
NEVER_PUBLISHED = "0123456789abcdef"
RETAINED = 3
# Every read that takes `version`: items, lists, a sub-list, evidence, the export, the dataset.
READS = [
    "/v1/organizations/honda",
    "/v1/partnerships/honda-nissan-ev-collaboration",
    "/v1/organizations?limit=2",
    "/v1/partnerships",
    "/v1/events",
    "/v1/statements",
    "/v1/products",
    "/v1/sources",
    "/v1/organizations/honda/partnerships",
    "/v1/evidence?resource=organizations/honda",
    "/v1/export",
    "/v1/dataset",
]

ONE_THING = [*READS[:2], "/v1/export", "/v1/dataset"]


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.data
    assert response.content_type == "application/problem+json"
    body: dict[str, Any] = orjson.loads(response.data)
    assert body["status"] == status
    return body


def pinned(url: str, version: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}version={version}"


def publish_alias(app: Flask, seeds: Path, alias: str) -> str:
    dataset = with_alias(seeds, alias)
    assert app.extensions["partnership_api"].store.publish(dataset)
    return dataset.version


@pytest.fixture
def redis_app(target: Target) -> Flask:
    """A replica on Redis keeping RETAINED versions, at the bundled seeds' version."""
    return target.app(retained_versions=RETAINED)


def test_a_list_paged_halfway_finishes_in_its_version_after_a_publish(
    redis_app: Flask, seeds_copy: Path
) -> None:
    client = redis_app.test_client()
    whole = get_json(client, "/v1/organizations?limit=100")["data"]
    first = get_json(client, "/v1/organizations?limit=2")
    old = first["meta"]["dataset_version"]
    publish_alias(redis_app, seeds_copy, "Honda Giken")
    assert get_json(client, "/v1/dataset")["version"] != old

    items, next_url = list(first["data"]), first["links"]["next"]
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.data
        assert response.headers["X-Dataset-Version"] == old
        page = orjson.loads(response.data)
        assert page["meta"]["dataset_version"] == old
        items.extend(page["data"])
        next_url = page["links"]["next"]
    assert items == whole  # Honda without the alias published since: every item the old one's


def test_a_cursor_of_a_pruned_version_is_410(redis_app: Flask, seeds_copy: Path) -> None:
    client = redis_app.test_client()
    next_url = get_json(client, "/v1/organizations?limit=2")["links"]["next"]
    for n in range(RETAINED):
        publish_alias(redis_app, seeds_copy, f"Alias {n}")
    body = problem(client.get(next_url), 410)
    assert "no longer retained" in body["detail"]


def test_a_pinned_item_never_changes(redis_app: Flask, seeds_copy: Path) -> None:
    client = redis_app.test_client()
    old = get_json(client, "/v1/dataset")["version"]
    url = pinned("/v1/organizations/honda", old)
    before = client.get(url)
    assert before.status_code == 200
    assert before.headers["Cache-Control"] == IMMUTABLE
    assert before.headers["X-Dataset-Version"] == old
    # The same validator as the unpinned read of the same version.
    assert before.headers["ETag"] == client.get("/v1/organizations/honda").headers["ETag"]

    new = publish_alias(redis_app, seeds_copy, "Honda Giken")
    after = client.get(url)
    assert after.status_code == 200
    assert (after.data, after.headers["ETag"]) == (before.data, before.headers["ETag"])
    assert after.headers["Cache-Control"] == IMMUTABLE
    assert after.headers["X-Dataset-Version"] == old
    current = client.get("/v1/organizations/honda")
    assert current.headers["X-Dataset-Version"] == new
    assert orjson.loads(current.data)["aliases"] == ["Honda Giken"]
    assert current.data != before.data


@pytest.mark.parametrize("url", READS)
def test_every_read_answers_the_version_it_names(
    redis_app: Flask, seeds_copy: Path, url: str
) -> None:
    client = redis_app.test_client()
    old = get_json(client, "/v1/dataset")["version"]
    before = client.get(pinned(url, old))
    publish_alias(redis_app, seeds_copy, "Honda Giken")
    response = client.get(pinned(url, old))
    assert response.status_code == 200, response.data
    assert response.headers["X-Dataset-Version"] == old
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert (response.data, response.headers["ETag"]) == (before.data, before.headers["ETag"])
    if url.startswith("/v1/export"):
        assert orjson.loads(response.data.splitlines()[0])["id"] == old
    else:
        body = orjson.loads(response.data)
        if "meta" in body:
            assert body["meta"]["dataset_version"] == old
        if url == "/v1/dataset":
            assert body["version"] == old


def test_a_pinned_lists_links_read_the_same_version(redis_app: Flask, seeds_copy: Path) -> None:
    client = redis_app.test_client()
    old = get_json(client, "/v1/dataset")["version"]
    whole = get_json(client, "/v1/organizations?limit=100")["data"]
    publish_alias(redis_app, seeds_copy, "Honda Giken")
    items, next_url = [], pinned("/v1/organizations?limit=2", old)
    while next_url:
        page = get_json(client, next_url)
        assert page["meta"]["dataset_version"] == old
        items.extend(page["data"])
        next_url = page["links"]["next"]
    assert items == whole


def test_a_pruned_version_is_410_naming_the_current_one_and_the_export(
    redis_app: Flask, seeds_copy: Path
) -> None:
    client = redis_app.test_client()
    old = get_json(client, "/v1/dataset")["version"]
    # Held by this replica before it is pruned: what it holds is not answered from any more.
    assert client.get(pinned("/v1/organizations/honda", old)).status_code == 200
    for n in range(RETAINED):
        current = publish_alias(redis_app, seeds_copy, f"Alias {n}")
    for url in ("/v1/organizations/honda", "/v1/organizations", "/v1/export", "/v1/dataset"):
        response = client.get(pinned(url, old))
        body = problem(response, 410)
        assert old in body["detail"] and current in body["detail"]
        assert "/v1/export" in body["detail"]
        assert response.headers["Link"] == '</v1/export>; rel="alternate"'
        assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", READS)
def test_a_version_never_published_is_404(client: FlaskClient, url: str) -> None:
    body = problem(client.get(pinned(url, NEVER_PUBLISHED)), 404)
    assert NEVER_PUBLISHED in body["detail"]


@pytest.mark.parametrize("url", READS)
def test_the_current_version_named_is_immutable(client: FlaskClient, url: str) -> None:
    version = get_json(client, "/v1/dataset")["version"]
    response = client.get(pinned(url, version))
    assert response.status_code == 200, response.data
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.headers["X-Dataset-Version"] == version
    unpinned = client.get(url)
    assert unpinned.headers["Cache-Control"] != IMMUTABLE
    if url in ONE_THING:  # a list's links name its URL, `version` included
        assert response.data == unpinned.data


@pytest.mark.parametrize("value", ["abc", "0123456789ABCDEF", "0123456789abcdef0", "g" * 16])
@pytest.mark.parametrize("url", ["/v1/organizations/honda", "/v1/partnerships", "/v1/export"])
def test_a_bad_version_is_400_naming_it(client: FlaskClient, url: str, value: str) -> None:
    body = problem(client.get(pinned(url, value)), 400)
    assert [p["name"] for p in body["invalid_params"]] == ["version"]
    assert "16 hex digits" in body["invalid_params"][0]["reason"]


def test_a_cursor_and_a_version_that_disagree_are_400_naming_both(client: FlaskClient) -> None:
    next_url = get_json(client, "/v1/organizations?limit=2")["links"]["next"]
    body = problem(client.get(pinned(next_url, NEVER_PUBLISHED)), 400)
    assert [p["name"] for p in body["invalid_params"]] == ["cursor", "version"]
    assert NEVER_PUBLISHED in body["invalid_params"][0]["reason"]


def test_the_embedded_store_reads_only_its_version(seeds_copy: Path) -> None:
    # Its one version by name; one it published before is gone (it keeps only the current
    # version's items); one it never published is unknown.
    app = create_app(Config(testing=True, seeds_dir=seeds_copy))
    client = app.test_client()
    old = get_json(client, "/v1/dataset")["version"]
    rewrite_seed(seeds_copy, lambda data: data["organizations"][0].update(aliases=["Honda"]))
    new = load_dataset(seeds_copy)
    assert app.extensions["partnership_api"].store.publish(new)
    response = client.get(pinned("/v1/organizations/honda", new.version))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
    body = problem(client.get(pinned("/v1/organizations/honda", old)), 410)
    assert new.version in body["detail"]
    problem(client.get(pinned("/v1/organizations/honda", NEVER_PUBLISHED)), 404)


def test_a_replica_holding_one_older_version_answers_each_from_its_own(
    target: Target, seeds_copy: Path
) -> None:
    # PINNED_VERSIONS=1: two older versions asked in turn evict each other, and each answer is
    # still the version it names.
    app = target.app(retained_versions=RETAINED, pinned_versions=1)
    client = app.test_client()
    first = get_json(client, "/v1/dataset")["version"]
    second = publish_alias(app, seeds_copy, "Second")
    publish_alias(app, seeds_copy, "Third")
    for version, aliases in [(first, None), (second, ["Second"]), (first, None)]:
        honda = get_json(client, pinned("/v1/organizations/honda", version))
        assert honda["aliases"] != ["Third"]
        if aliases is not None:
            assert honda["aliases"] == aliases
        page = get_json(client, pinned("/v1/organizations?limit=2", version))
        assert page["meta"]["dataset_version"] == version
