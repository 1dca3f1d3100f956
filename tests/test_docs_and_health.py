"""The docs page uses local assets only; health endpoints report the served dataset."""

import re

import orjson
from flask import Flask
from flask.testing import FlaskClient


def test_docs_page_loads_swagger_ui_from_this_service(client: FlaskClient) -> None:
    response = client.get("/docs/")
    assert response.status_code == 200
    assert response.content_type.startswith("text/html")
    page = response.data.decode()
    assert '"url": "/v1/openapi.json"' in page
    assert not re.search(r"""(src|href)=["']https?://""", page), "no CDN assets"
    for asset in re.findall(r"""(?:src|href)=["'](/docs/[^"']+)["']""", page):
        with client.get(asset) as served:  # closes the streamed file
            assert served.status_code == 200, asset


def test_swagger_ui_bundle_is_served_as_javascript(client: FlaskClient) -> None:
    with client.get("/docs/swagger-ui-bundle.js") as response:
        assert response.status_code == 200
        assert "javascript" in response.content_type
        assert len(response.data) > 100_000


def test_livez_answers(client: FlaskClient) -> None:
    response = client.get("/livez")
    assert response.status_code == 200
    assert orjson.loads(response.data) == {"status": "ok"}


def test_readyz_reports_the_served_version(app: Flask, client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    version = orjson.loads(client.get("/v1/dataset").data)["version"]
    assert orjson.loads(response.data) == {
        "status": "ready",
        "store": "redis" if app.extensions["partnership_api"].config.redis_url else "embedded",
        "reason": None,
        "dataset_version": version,
    }


def test_metrics_count_requests_cache_layers_and_the_served_version(
    app: Flask, client: FlaskClient
) -> None:
    redis = bool(app.extensions["partnership_api"].config.redis_url)
    before = client.get("/metrics").data.decode()
    # A list page no other test reads: made from the store's items, then kept.
    client.get("/v1/organizations?limit=17&sort=-name")
    client.get("/v1/organizations?limit=17&sort=-name")
    client.get("/v1/organizations/renault")
    client.get("/v1/organizations/renault")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain")
    after = response.data.decode()
    store_layer = "l1" if redis else "memory"
    for layer, result in (
        (store_layer, "hit"),
        ("page", "miss"),
        ("page", "hit"),
    ):
        counted = f'partnership_cache_lookups_total{{layer="{layer}",result="{result}"}}'
        assert sample(after, counted) >= sample(before, counted) + 1, counted
    version = orjson.loads(client.get("/v1/dataset").data)["version"]
    assert sample(after, f'partnership_dataset_info{{version="{version}"}}') == 1
    requests = (
        "partnership_http_request_duration_seconds_count"
        '{endpoint="organizations.get_organization",method="GET",status="200"}'
    )
    assert sample(after, requests) >= sample(before, requests) + 2


def sample(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0
