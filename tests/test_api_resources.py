"""Each resource's list and item endpoints: shape, headers, paging to the end, 404s."""

import re

import orjson
import pytest
from flask.testing import FlaskClient

from tests.conftest import get_all, get_json

LISTS = {
    "organizations": 6,
    "partnerships": 3,
    "events": 3,
    "statements": 2,
    "products": 1,
    "sources": 1,
}
ETAG = re.compile(r'^"[0-9a-f]{32}"$')
# A resource's ETag names its content and the version in which it last changed.
RESOURCE_ETAG = re.compile(r'^"[0-9a-f]{32}-(?P<updated_in>[0-9a-f]{16})"$')


@pytest.mark.parametrize(("rtype", "total"), LISTS.items())
def test_list_envelope_has_data_links_and_meta(client: FlaskClient, rtype: str, total: int) -> None:
    response = client.get(f"/v1/{rtype}")
    assert response.status_code == 200
    assert response.content_type == "application/json"
    assert ETAG.match(response.headers["ETag"])
    assert response.headers["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
    body = orjson.loads(response.data)
    assert set(body) == {"data", "links", "meta"}
    assert len(body["data"]) == total
    assert body["links"] == {
        "self": f"/v1/{rtype}",
        "first": f"/v1/{rtype}",
        "prev": None,
        "next": None,
    }
    assert response.headers["Link"] == f'</v1/{rtype}>; rel="first"'
    version = get_json(client, "/v1/dataset")["version"]
    assert body["meta"] == {"count": total, "limit": 20, "dataset_version": version}


@pytest.mark.parametrize(("rtype", "total"), LISTS.items())
def test_paging_one_at_a_time_reaches_every_item_once_in_id_order(
    client: FlaskClient, rtype: str, total: int
) -> None:
    items = get_all(client, f"/v1/{rtype}?limit=1")
    ids = [item["id"] for item in items]
    assert len(ids) == total
    assert ids == sorted(set(ids))
    assert ids == [item["id"] for item in get_json(client, f"/v1/{rtype}")["data"]]


def test_next_link_keeps_the_filters_and_carries_a_cursor(client: FlaskClient) -> None:
    first = get_json(client, "/v1/partnerships?organization=honda&limit=1")
    assert first["meta"]["count"] == 2
    assert first["links"]["self"] == "/v1/partnerships?organization=honda&limit=1"
    assert re.match(
        r"^/v1/partnerships\?organization=honda&limit=1&cursor=[A-Za-z0-9_-]+$",
        first["links"]["next"],
    )
    second = get_json(client, first["links"]["next"])
    assert second["links"]["next"] is None
    assert [p["id"] for p in first["data"] + second["data"]] == [
        "honda-general-motors-ev-ties",
        "honda-nissan-ev-collaboration",
    ]


@pytest.mark.parametrize(
    ("url", "item_id"),
    [
        ("/v1/organizations/nissan", "nissan"),
        ("/v1/partnerships/nissan-renault-alliance", "nissan-renault-alliance"),
        ("/v1/events/honda-nissan-mou-signed", "honda-nissan-mou-signed"),
        ("/v1/statements/honda-nissan-zero-fatalities-goal", "honda-nissan-zero-fatalities-goal"),
        ("/v1/products/honda-prologue", "honda-prologue"),
        (
            "/v1/sources/honda-nissan-ev-partnership-article",
            "honda-nissan-ev-partnership-article",
        ),
    ],
)
def test_item_is_the_resource_itself_with_validators(
    client: FlaskClient, url: str, item_id: str
) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.content_type == "application/json"
    etag = RESOURCE_ETAG.match(response.headers["ETag"])
    assert etag
    assert "max-age=60" in response.headers["Cache-Control"]
    body = orjson.loads(response.data)
    assert body["id"] == item_id
    # One version published: everything in it was updated in it.
    assert body["updated_in"] == etag["updated_in"] == response.headers["X-Dataset-Version"]


def test_list_items_equal_item_responses_except_source_text(client: FlaskClient) -> None:
    for partnership in get_json(client, "/v1/partnerships")["data"]:
        assert partnership == get_json(client, f"/v1/partnerships/{partnership['id']}")
    (summary,) = get_json(client, "/v1/sources")["data"]
    full = get_json(client, f"/v1/sources/{summary['id']}")
    assert "text" not in summary
    assert {k: v for k, v in full.items() if k != "text"} == summary


@pytest.mark.parametrize(
    "url",
    [
        "/v1/organizations/toyota",
        "/v1/partnerships/honda-toyota",
        "/v1/events/none",
        "/v1/statements/none",
        "/v1/products/civic",
        "/v1/sources/none",
        "/v1/organizations/toyota/partnerships",
    ],
)
def test_unknown_id_is_404_problem(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    body = orjson.loads(response.data)
    assert body["status"] == 404
    assert body["title"] == "Not Found"
    assert url.split("/")[3] in body["detail"]


@pytest.mark.parametrize(
    "url", ["/v1/organizations/Honda", "/v1/organizations/..%2Fetc", "/v1/partnerships/a--b"]
)
def test_id_that_is_not_a_slug_is_404(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"


def test_organization_lists_its_partnerships_with_roles(client: FlaskClient) -> None:
    honda = get_json(client, "/v1/organizations/honda")
    assert honda["partnerships"] == [
        {
            "id": "honda-general-motors-ev-ties",
            "title": "Honda and General Motors EV ties",
            "status": "terminated",
            "role": "partner",
        },
        {
            "id": "honda-nissan-ev-collaboration",
            "title": "Honda and Nissan next-generation EV collaboration",
            "status": "exploratory",
            "role": "memorandum-signatory",
        },
    ]
    listed = get_all(client, "/v1/organizations/honda/partnerships?limit=1")
    assert [p["id"] for p in listed] == [p["id"] for p in honda["partnerships"]]


def test_partnership_embeds_its_events_and_statements(client: FlaskClient) -> None:
    partnership = get_json(client, "/v1/partnerships/honda-nissan-ev-collaboration")
    assert [e["id"] for e in partnership["events"]] == [
        "honda-nissan-exploratory-talks-confirmed",
        "honda-nissan-mou-signed",
    ]
    event = get_json(client, "/v1/events/honda-nissan-mou-signed")
    assert partnership["events"][1] == {k: v for k, v in event.items() if k != "updated_in"}
    assert len(partnership["statements"]) == 2
    assert [r["partnership"] for r in partnership["related"]] == [
        "honda-general-motors-ev-ties",
        "nissan-renault-alliance",
    ]


def test_dataset_reports_version_counts_and_sources(client: FlaskClient) -> None:
    response = client.get("/v1/dataset")
    assert response.status_code == 200
    assert ETAG.match(response.headers["ETag"])
    body = orjson.loads(response.data)
    assert re.match(r"^[0-9a-f]{16}$", body["version"])
    assert body["counts"] == {**LISTS}
    assert body["sources"][0]["id"] == "honda-nissan-ev-partnership-article"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", body["loaded_at"])
