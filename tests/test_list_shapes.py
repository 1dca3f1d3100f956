"""Every list has one shape: `data`, `links` (also in a Link header) and `meta` with `count`,
`limit` and `dataset_version`; every list pages by `limit` and `cursor`. The service's root and
each API version's root name what the service offers."""

from typing import Any

import orjson
import pytest
from flask.testing import FlaskClient

from tests.conftest import get_json

RESOURCE = "partnerships/honda-nissan-ev-collaboration"
# Each list, with the query it needs, and how many items it holds for the bundled seeds (at
# least two, to page through).
LISTS = {
    "/v1/partnerships": "",
    "/v1/organizations": "",
    "/v1/organizations/honda/partnerships": "",
    "/v1/events": "",
    "/v1/statements": "",
    "/v1/evidence": f"resource={RESOURCE}",
}


def documented_lists(client: FlaskClient) -> set[str]:
    """Every operation whose 200 has `data`, `links` and `meta`, as the document says."""
    document = orjson.loads(client.get("/v1/openapi.json").data)
    schemas = document["components"]["schemas"]
    found = set()
    for path, item in document["paths"].items():
        content = item["get"]["responses"]["200"].get("content", {})
        ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
        if set(schemas.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})) >= {
            "data",
            "links",
            "meta",
        }:
            found.add(path)
    return found


def test_every_list_is_documented_with_limit_and_cursor(client: FlaskClient) -> None:
    document = orjson.loads(client.get("/v1/openapi.json").data)
    lists = documented_lists(client)
    assert "/v1/dataset/versions" in lists and "/v1/evidence" in lists
    for path in lists:
        names = {p.get("name") for p in document["paths"][path]["get"]["parameters"]}
        assert {"limit", "cursor"} <= names, path


@pytest.mark.parametrize("path", [*LISTS, "/v1/dataset/versions", "/v1/products"])
def test_every_list_answers_one_shape(client: FlaskClient, path: str) -> None:
    query = LISTS.get(path, "")
    url = f"{path}?{query}&limit=1" if query else f"{path}?limit=1"
    response = client.get(url)
    assert response.status_code == 200, response.data
    body: dict[str, Any] = orjson.loads(response.data)
    assert {"data", "links", "meta"} <= set(body)
    assert set(body["links"]) == {"self", "first", "prev", "next"}
    assert body["links"]["self"] == url
    assert body["meta"]["limit"] == 1
    assert body["meta"]["dataset_version"] == response.headers["X-Dataset-Version"]
    assert len(body["data"]) == min(1, body["meta"]["count"])


@pytest.mark.parametrize("path", list(LISTS))
def test_every_list_pages_to_its_end_by_cursor(client: FlaskClient, path: str) -> None:
    query = LISTS[path]
    whole = get_json(client, f"{path}?{query}&limit=100")
    url: str | None = f"{path}?{query}&limit=1" if query else f"{path}?limit=1"
    paged = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = orjson.loads(response.data)
        paged.extend(body["data"])
        url = body["links"]["next"]
        if url:
            assert f'<{url}>; rel="next"' in response.headers["Link"]
    assert paged == whole["data"]
    assert len(paged) == whole["meta"]["count"] >= 2


@pytest.mark.parametrize("path", ["/v1/dataset/versions", f"/v1/evidence?resource={RESOURCE}"])
def test_lists_without_search_refuse_q_by_name(client: FlaskClient, path: str) -> None:
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}q=honda")
    assert response.status_code == 400
    assert [p["name"] for p in orjson.loads(response.data)["invalid_params"]] == ["q"]


def test_the_root_links_to_the_api_docs_document_and_probes(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.content_type == "application/json"
    assert "ETag" in response.headers
    body = orjson.loads(response.data)
    assert body["links"] == {
        "api": "/v1",
        "docs": "/docs/",
        "openapi": "/v1/openapi.json",
        "livez": "/livez",
        "readyz": "/readyz",
    }
    for link in body["links"].values():
        followed = client.get(link)
        assert followed.status_code == 200, link


def test_the_version_root_links_to_every_collection(client: FlaskClient) -> None:
    body = get_json(client, "/v1")
    assert body["version"] == "v1"
    for name, link in body["links"].items():
        assert link.startswith(("/v1/", "/docs/")), name
    collections = ("partnerships", "organizations", "events", "statements", "products")
    for name in collections:
        assert get_json(client, body["links"][name])["meta"]["count"] >= 1
