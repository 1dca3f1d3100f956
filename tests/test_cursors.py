"""A cursor pages the list and the query that made it, in its version: anywhere else it is a 400
naming what differs, past the end of its list a 400, once its version is pruned a 410."""

import base64
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from schemas.query import MAX_CURSOR_LENGTH
from service.api.cursors import binding, decode_cursor, encode_cursor
from service.config import Config
from tests.conftest import get_json
from tests.test_http_errors import problem

RESOURCE = "partnerships/honda-nissan-ev-collaboration"
NOT_OURS = "Not a cursor this service issued."
PAST_THE_END = "The cursor points past the end of the list."


def next_link(client: FlaskClient, url: str) -> str:
    link: str = get_json(client, url)["links"]["next"]
    assert link, url
    return link


def cursor_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["cursor"][0]


def with_query(url: str, query: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{query.strip('&').replace('&&', '&')}"


def version(client: FlaskClient) -> str:
    found: str = get_json(client, "/v1/dataset")["version"]
    return found


def cursor_reason(response: Any) -> str:
    """The one reason a 400 gives, which must be the cursor's."""
    body = problem(response, 400)
    assert [(p["name"], p["in"]) for p in body["invalid_params"]] == [("cursor", "query")]
    reason: str = body["invalid_params"][0]["reason"]
    return reason


@pytest.mark.parametrize(
    "other",
    [
        "/v1/changes?since={version}",
        f"/v1/evidence?resource={RESOURCE}",
        "/v1/dataset/versions",
        "/v1/partnerships",
        "/v1/organizations/honda/partnerships",
    ],
)
def test_a_cursor_used_on_another_list_is_400_naming_the_list(
    client: FlaskClient, other: str
) -> None:
    cursor = cursor_of(next_link(client, "/v1/organizations?limit=2"))
    url = other.format(version=version(client))
    reason = cursor_reason(client.get(with_query(url, f"cursor={cursor}")))
    assert f"made for /v1/organizations, not {urlsplit(url).path}." in reason


def test_a_cursor_of_one_organizations_partnerships_is_400_on_anothers(
    client: FlaskClient,
) -> None:
    cursor = cursor_of(next_link(client, "/v1/organizations/honda/partnerships?limit=1"))
    response = client.get(f"/v1/organizations/nissan/partnerships?limit=1&cursor={cursor}")
    reason = cursor_reason(response)
    assert (
        "made for /v1/organizations/honda/partnerships, "
        "not /v1/organizations/nissan/partnerships." in reason
    )


@pytest.mark.parametrize(
    ("path", "made_with", "used_with", "says"),
    [
        ("/v1/organizations", "sort=name", "sort=-name", "for sort=name, not sort=-name"),
        # Without `sort` a list is in id order, and the refusal says so.
        ("/v1/organizations", "sort=name", "", "for sort=name, not sort=id"),
        ("/v1/organizations", "", "country=JP", "without country, not country=JP"),
        ("/v1/organizations", "country=JP", "country=FR", "for country=JP, not country=FR"),
        ("/v1/organizations", "country=JP", "", "for country=JP, not without country"),
        ("/v1/organizations", "q=o", "q=n", "for q=o, not q=n"),
        (
            "/v1/partnerships",
            "organization=honda",
            "organization=nissan",
            "for organization=honda, not organization=nissan",
        ),
        (
            f"/v1/evidence?resource={RESOURCE}",
            "",
            "resource=partnerships/nissan-renault-alliance",
            f"for resource={RESOURCE}, not resource=partnerships/nissan-renault-alliance",
        ),
    ],
)
def test_a_cursor_used_with_another_query_is_400_naming_what_differs(
    client: FlaskClient, path: str, made_with: str, used_with: str, says: str
) -> None:
    link = next_link(client, with_query(path, f"limit=1&{made_with}"))
    url = with_query(urlsplit(path).path, f"limit=1&{used_with}&cursor={cursor_of(link)}")
    assert f"made {says}." in cursor_reason(client.get(url))


@pytest.mark.parametrize(
    ("used_with", "says"),
    [("limit=2", "limit=2"), ("", f"limit={Config().default_page_size}")],  # the default
)
def test_a_cursor_used_with_another_limit_is_400_naming_both(
    client: FlaskClient, used_with: str, says: str
) -> None:
    cursor = cursor_of(next_link(client, "/v1/organizations?limit=1"))
    reason = cursor_reason(
        client.get(with_query("/v1/organizations", f"{used_with}&cursor={cursor}"))
    )
    assert f"made for limit=1, not {says}." in reason


def test_each_parameter_that_differs_is_named_once_in_order(client: FlaskClient) -> None:
    link = next_link(client, "/v1/organizations?limit=1&sort=name&q=o")
    response = client.get(f"/v1/organizations?limit=2&sort=-name&q=o&cursor={cursor_of(link)}")
    assert cursor_reason(response) == (
        "The cursor belongs to another list or query: made for limit=1, not limit=2; "
        "made for sort=name, not sort=-name. Page with the links of the list you are reading, "
        "or start from its first page."
    )


def test_a_long_value_is_named_but_not_echoed_whole(client: FlaskClient) -> None:
    # A query too long to keep whole in a cursor is kept as its digest: still bound, and a
    # refusal names the parameter, cutting the value given short.
    made_for = binding("/v1/organizations", {"q": "a" * 200, "limit": 1, "sort": "id"})
    cursor = encode_cursor(version(client), 0, made_for)
    assert len(cursor) <= MAX_CURSOR_LENGTH
    response = client.get(f"/v1/organizations?q={'b' * 200}&limit=1&cursor={cursor}")
    reason = cursor_reason(response)
    assert f"made for another q, not q={'b' * 64}…." in reason
    assert "a" * 65 not in reason and "b" * 65 not in reason


def test_a_cursor_of_a_long_query_still_names_its_list(client: FlaskClient) -> None:
    # Too long to keep every value whole: the parameters' values become digests, the path last.
    query = {"organization": ["honda", "nissan"], "scope": "shared-ev-platform", "q": "x" * 60}
    made_for = binding("/v1/partnerships", {**query, "sort": "-status", "limit": 100})
    cursor = encode_cursor(version(client), 0, made_for)
    reason = cursor_reason(client.get(f"/v1/organizations?cursor={cursor}"))
    assert "made for /v1/partnerships, not /v1/organizations." in reason


@pytest.mark.parametrize(
    ("path", "made_with", "used_with"),
    [
        # A sparse fieldset shapes the items, not which items a page holds.
        ("/v1/organizations", "limit=1&fields=name", "limit=1"),
        ("/v1/organizations", "limit=1", "limit=1&fields=country,kind"),
        # Read as the server reads them: a search ignores case, a list is by id by default,
        # and a repeated filter is a set.
        ("/v1/organizations", "limit=1&q=o", "limit=1&q=O"),
        ("/v1/organizations", "limit=1", "limit=1&sort=id"),
        (
            "/v1/partnerships",
            "limit=1&organization=honda",
            "limit=1&organization=honda&organization=honda",
        ),
    ],
)
def test_a_cursor_reads_the_same_list_however_its_query_is_spelled(
    client: FlaskClient, path: str, made_with: str, used_with: str
) -> None:
    link = next_link(client, f"{path}?{made_with}")
    expected = [item["id"] for item in get_json(client, link)["data"]]
    page = get_json(client, f"{path}?{used_with}&cursor={cursor_of(link)}")
    assert [item["id"] for item in page["data"]] == expected


def test_repeated_filter_values_bind_in_any_order(client: FlaskClient) -> None:
    made_for = binding(
        "/v1/partnerships", {"organization": ["honda", "nissan"], "limit": 1, "sort": "id"}
    )
    cursor = encode_cursor(version(client), 0, made_for)
    url = f"/v1/partnerships?organization=nissan&organization=honda&limit=1&cursor={cursor}"
    assert [p["id"] for p in get_json(client, url)["data"]] == ["honda-nissan-ev-collaboration"]


@pytest.mark.parametrize(
    "url",
    [
        "/v1/organizations?sort=-country&q=o&limit=1&fields=name",
        "/v1/partnerships?organization=honda&sort=title&limit=1",
        "/v1/organizations/honda/partnerships?sort=-title&limit=1",
        f"/v1/evidence?resource={RESOURCE}&limit=7",
        "/v1/events?limit=2",
    ],
)
def test_following_links_reads_every_item_once(client: FlaskClient, url: str) -> None:
    whole = get_json(client, re.sub(r"limit=\d+", "limit=100", url))
    assert whole["links"]["next"] is None
    pages: list[dict[str, Any]] = []
    link = url
    while link:
        page = get_json(client, link)
        pages.append(page)
        link = page["links"]["next"]
    items = [item for page in pages for item in page["data"]]
    assert items == whole["data"] and len(items) == whole["meta"]["count"] >= 2
    # And back again, by each page's `prev`.
    back: list[list[dict[str, Any]]] = []
    link = pages[-1]["links"]["prev"]
    while link:
        page = get_json(client, link)
        back.insert(0, page["data"])
        link = page["links"]["prev"]
    assert back == [page["data"] for page in pages[:-1]]


@pytest.mark.parametrize("offset", [6, 7, 10**18])
def test_an_offset_past_the_end_is_400(client: FlaskClient, offset: int) -> None:
    # Six organizations: no link points at offset 6 or past it.
    made_for = binding("/v1/organizations", {"limit": 2, "sort": "name"})
    cursor = encode_cursor(version(client), offset, made_for)
    response = client.get(f"/v1/organizations?limit=2&sort=name&cursor={cursor}")
    assert cursor_reason(response) == PAST_THE_END


def test_the_last_item_is_not_past_the_end(client: FlaskClient) -> None:
    made_for = binding("/v1/organizations", {"limit": 2, "sort": "name"})
    cursor = encode_cursor(version(client), 5, made_for)
    page = get_json(client, f"/v1/organizations?limit=2&sort=name&cursor={cursor}")
    assert len(page["data"]) == 1 and page["links"]["next"] is None


def test_any_offset_but_the_start_of_an_empty_list_is_past_its_end(client: FlaskClient) -> None:
    since = version(client)
    made_for = binding("/v1/changes", {"since": since, "limit": 5})
    url = f"/v1/changes?since={since}&limit=5&cursor="
    assert get_json(client, url + encode_cursor(since, 0, made_for))["data"] == []
    assert cursor_reason(client.get(url + encode_cursor(since, 1, made_for))) == PAST_THE_END


def _edited(cursor: str) -> list[str]:
    middle = len(cursor) // 2
    flipped = "A" if cursor[middle] != "A" else "B"
    old_format = base64.urlsafe_b64encode(b'{"v":"0123456789abcdef","o":2}').decode().rstrip("=")
    return [
        cursor[:middle] + flipped + cursor[middle + 1 :],  # one character changed
        cursor[:-3],  # cut short
        cursor + "A",  # lengthened
        cursor[:middle] + "." + cursor[middle:],  # a character base64 decoding would skip
        old_format,  # the unbound cursors of earlier releases
    ]


def test_an_edited_cursor_is_400(client: FlaskClient) -> None:
    link = next_link(client, "/v1/organizations?limit=2")
    for cursor in _edited(cursor_of(link)):
        response = client.get(f"/v1/organizations?limit=2&cursor={cursor}")
        assert cursor_reason(response) == NOT_OURS, cursor


def test_a_cursor_of_another_list_and_version_is_400(client: FlaskClient) -> None:
    # Wrong in any version: the 400 says what the client mixed up, where a 410 would only
    # send it back to the first page.
    made_for = binding("/v1/partnerships", {"limit": 2, "sort": "id"})
    cursor = encode_cursor("0123456789abcdef", 2, made_for)
    response = client.get(f"/v1/organizations?limit=2&cursor={cursor}")
    assert "made for /v1/partnerships, not /v1/organizations." in cursor_reason(response)


def test_the_longest_query_of_every_list_makes_a_cursor_that_fits(client: FlaskClient) -> None:
    document = get_json(client, "/v1/openapi.json")
    shared = document["components"]["parameters"]
    lists = []
    for path, operations in document["paths"].items():
        parameters = [
            shared[p["$ref"].rsplit("/", 1)[1]] if "$ref" in p else p
            for p in operations["get"].get("parameters", [])
        ]
        names = {p["name"] for p in parameters if p["in"] == "query"}
        if "cursor" not in names:
            continue
        lists.append(path)
        # Every parameter longer than any valid value, and the longest path a list has.
        query = {name: "x" * 200 for name in names - {"cursor", "fields"}}
        made_for = binding(path.replace("{organization_id}", "o" * 80), query)
        cursor = encode_cursor("0123456789abcdef", 10**18, made_for)
        assert len(cursor) <= MAX_CURSOR_LENGTH, path
        assert decode_cursor(cursor, made_for) == ("0123456789abcdef", 10**18)
    assert len(lists) >= 10  # every list: six resources, a sub-list, changes, versions, evidence
