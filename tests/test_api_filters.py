"""List filters and search: each narrows the list to exactly the matching resources."""

import pytest
from flask.testing import FlaskClient

from tests.conftest import get_json


def ids(client: FlaskClient, url: str) -> list[str]:
    return [item["id"] for item in get_json(client, url)["data"]]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/v1/partnerships?organization=honda",
            ["honda-general-motors-ev-ties", "honda-nissan-ev-collaboration"],
        ),
        (
            "/v1/partnerships?organization=honda&organization=nissan",
            ["honda-nissan-ev-collaboration"],
        ),
        ("/v1/partnerships?organization=renault&organization=honda", []),
        ("/v1/partnerships?organization=toyota", []),
        ("/v1/partnerships?status=active", ["nissan-renault-alliance"]),
        ("/v1/partnerships?status=terminated", ["honda-general-motors-ev-ties"]),
        ("/v1/partnerships?kind=alliance", ["nissan-renault-alliance"]),
        ("/v1/partnerships?scope=software-safety", ["honda-nissan-ev-collaboration"]),
        (
            "/v1/partnerships?organization=nissan&status=exploratory",
            ["honda-nissan-ev-collaboration"],
        ),
        ("/v1/partnerships?q=RENAULT", ["nissan-renault-alliance"]),
        ("/v1/partnerships?q=chinese", ["honda-nissan-ev-collaboration"]),
        ("/v1/organizations?country=JP", ["honda", "nissan"]),
        ("/v1/organizations?kind=automaker", ["honda", "nissan"]),
        ("/v1/organizations?partnership=nissan-renault-alliance", ["nissan", "renault"]),
        ("/v1/organizations?q=Motor%20Co.", ["honda", "nissan"]),
        ("/v1/events?type=agreement-signed", ["honda-nissan-mou-signed"]),
        (
            "/v1/events?partnership=honda-general-motors-ev-ties",
            ["honda-general-motors-ev-ties-severed"],
        ),
        (
            "/v1/events?organization=nissan",
            ["honda-nissan-exploratory-talks-confirmed", "honda-nissan-mou-signed"],
        ),
        ("/v1/statements?q=fatalities", ["honda-nissan-zero-fatalities-goal"]),
        (
            "/v1/statements?speaker=nissan&partnership=honda-nissan-ev-collaboration",
            ["honda-nissan-complementary-relationship", "honda-nissan-zero-fatalities-goal"],
        ),
        ("/v1/products?maker=honda&status=upcoming&kind=suv", ["honda-prologue"]),
        ("/v1/products?maker=nissan", []),
        ("/v1/sources?kind=news-article", ["honda-nissan-ev-partnership-article"]),
        ("/v1/sources?kind=filing", []),
    ],
)
def test_filter_selects_exactly_the_matching_items(
    client: FlaskClient, url: str, expected: list[str]
) -> None:
    assert ids(client, url) == expected


def test_filtered_count_is_of_matches_not_of_the_page(client: FlaskClient) -> None:
    page = get_json(client, "/v1/organizations?country=JP&limit=1")
    assert page["meta"]["count"] == 2
    assert len(page["data"]) == 1
