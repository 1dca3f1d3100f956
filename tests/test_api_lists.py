"""List features: sort orders, sparse fieldsets, first/prev/next links and the Link header."""

import datetime as dt
import re

import orjson
import pytest
from flask.testing import FlaskClient
from werkzeug.http import http_date

from tests.conftest import get_json


def ids(client: FlaskClient, url: str) -> list[str]:
    return [item["id"] for item in get_json(client, url)["data"]]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/v1/organizations?sort=name",
            ["general-motors", "honda", "nissan", "renault", "stellantis", "volkswagen"],
        ),
        (
            "/v1/organizations?sort=-id",
            ["volkswagen", "stellantis", "renault", "nissan", "honda", "general-motors"],
        ),
        # Missing values sort last ascending, first descending; ties keep id order.
        (
            "/v1/organizations?sort=country",
            ["honda", "nissan", "general-motors", "renault", "stellantis", "volkswagen"],
        ),
        ("/v1/organizations?country=JP&sort=-name", ["nissan", "honda"]),
        (
            "/v1/partnerships?sort=status",
            [
                "nissan-renault-alliance",
                "honda-nissan-ev-collaboration",
                "honda-general-motors-ev-ties",
            ],
        ),
        (
            "/v1/partnerships?organization=honda&sort=-title",
            ["honda-nissan-ev-collaboration", "honda-general-motors-ev-ties"],
        ),
        (
            "/v1/events?sort=type",
            [
                "honda-nissan-mou-signed",
                "honda-nissan-exploratory-talks-confirmed",
                "honda-general-motors-ev-ties-severed",
            ],
        ),
    ],
)
def test_sort_orders_the_list(client: FlaskClient, url: str, expected: list[str]) -> None:
    assert ids(client, url) == expected


def test_sorted_pages_join_up_to_the_sorted_list(client: FlaskClient) -> None:
    whole = ids(client, "/v1/organizations?sort=-name")
    paged: list[str] = []
    url: str | None = "/v1/organizations?sort=-name&limit=4"
    while url:
        page = get_json(client, url)
        paged += [item["id"] for item in page["data"]]
        url = page["links"]["next"]
    assert paged == whole


def test_bad_sort_key_is_400(client: FlaskClient) -> None:
    body = get_json(client, "/v1/organizations?sort=founded", status=400)
    assert body["invalid_params"][0]["name"] == "sort"
    assert body["invalid_params"][0]["reason"].startswith("Must be one of: id, -id, name")


def test_fields_returns_a_sparse_fieldset_with_id_first(client: FlaskClient) -> None:
    page = get_json(client, "/v1/organizations?fields=name,country&limit=2")
    assert page["data"] == [
        {"id": "general-motors", "name": "General Motors", "country": None},
        {"id": "honda", "name": "Honda Motor Co.", "country": "JP"},
    ]
    sources = get_json(client, "/v1/sources?fields=sha256")["data"]
    assert list(sources[0]) == ["id", "sha256"]


@pytest.mark.parametrize(
    "query", ["fields=name,country", "fields=name&fields=country", "fields=name&fields=id,country"]
)
def test_fields_may_be_repeated_or_comma_separated(client: FlaskClient, query: str) -> None:
    # Generated SDKs send arrays either way; both mean the same fieldset.
    page = get_json(client, f"/v1/organizations?{query}&limit=1")
    assert page["data"] == [{"id": "general-motors", "name": "General Motors", "country": None}]


@pytest.mark.parametrize("fields", ["founded", "name,,id", "text"])
def test_unknown_field_in_fieldset_is_400(client: FlaskClient, fields: str) -> None:
    url = f"/v1/{'sources' if fields == 'text' else 'organizations'}?fields={fields}"
    body = get_json(client, url, status=400)
    assert body["invalid_params"][0]["name"] == "fields"


def test_middle_page_links_first_prev_and_next_in_body_and_header(client: FlaskClient) -> None:
    first = get_json(client, "/v1/organizations?limit=2")
    middle_url = first["links"]["next"]
    response = client.get(middle_url)
    middle = orjson.loads(response.data)
    assert [o["id"] for o in middle["data"]] == ["nissan", "renault"]
    links = middle["links"]
    assert links["self"] == middle_url
    assert links["first"] == "/v1/organizations?limit=2"
    assert get_json(client, links["prev"])["data"] == first["data"]
    assert [o["id"] for o in get_json(client, links["next"])["data"]] == [
        "stellantis",
        "volkswagen",
    ]
    header = dict(
        (rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers["Link"])
    )
    assert header == {"first": links["first"], "prev": links["prev"], "next": links["next"]}


def test_list_and_item_carry_last_modified_of_the_dataset(client: FlaskClient) -> None:
    loaded = dt.datetime.fromisoformat(get_json(client, "/v1/dataset")["loaded_at"])
    for url in ("/v1/organizations/honda", "/v1/organizations", "/v1/dataset"):
        assert client.get(url).headers["Last-Modified"] == http_date(loaded)


def test_if_modified_since_alone_never_answers_304(client: FlaskClient) -> None:
    # Validation is by ETag: a date cannot tell two bodies of one load time apart.
    since = client.get("/v1/organizations").headers["Last-Modified"]
    assert client.get("/v1/organizations", headers={"If-Modified-Since": since}).status_code == 200
