"""Validators and conditional requests: ETags, 304s and HEAD."""

import pytest
from flask.testing import FlaskClient

URLS = [
    "/v1/partnerships",
    "/v1/partnerships/honda-nissan-ev-collaboration",
    "/v1/organizations?country=JP",
    "/v1/dataset",
    "/v1/openapi.json",
    "/v1/openapi.yaml",
]


@pytest.mark.parametrize("url", URLS)
def test_matching_if_none_match_is_304_without_body(client: FlaskClient, url: str) -> None:
    first = client.get(url)
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]


@pytest.mark.parametrize("header", ['"other", {etag}', "W/{etag}", "*", '{etag}, "other"'])
def test_if_none_match_lists_weak_tags_and_star(client: FlaskClient, header: str) -> None:
    etag = client.get("/v1/products").headers["ETag"]
    response = client.get("/v1/products", headers={"If-None-Match": header.format(etag=etag)})
    assert response.status_code == 304


def test_stale_etag_gets_the_full_body(client: FlaskClient) -> None:
    response = client.get("/v1/products", headers={"If-None-Match": '"stale"'})
    assert response.status_code == 200
    assert response.data.startswith(b'{"data":[')


def test_etag_differs_between_representations(client: FlaskClient) -> None:
    tags = {client.get(url).headers["ETag"] for url in URLS}
    assert len(tags) == len(URLS)


@pytest.mark.parametrize("url", URLS)
def test_head_answers_like_get_without_a_body(client: FlaskClient, url: str) -> None:
    get = client.get(url)
    head = client.head(url)
    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["Content-Length"] == str(len(get.data))
