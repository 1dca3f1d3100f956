"""Metric labels stay bounded whatever clients send: made-up methods and paths no route
matches are counted under one label each, and Redis calls under their few operations, so
/metrics does not grow with them."""

import re
import uuid

from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.config import Config


def series(client: FlaskClient) -> set[str]:
    text = client.get("/metrics").data.decode()
    return {line.rsplit(" ", 1)[0] for line in text.splitlines() if not line.startswith("#")}


def test_made_up_methods_and_unknown_paths_add_no_series() -> None:
    client = create_app(Config(testing=True, rate_limit="1000000 per minute")).test_client()
    for n in range(5):
        client.open("/v1/partnerships", method=f"X{uuid.uuid4().hex[:11].upper()}")
        client.get(f"/v1/{uuid.uuid4().hex}/{n}")
    before = series(client)
    for n in range(200):
        assert client.open("/v1/partnerships", method=f"M{n:011d}").status_code == 405
        assert client.get(f"/no/such/{uuid.uuid4().hex}").status_code == 404
    assert series(client) == before
    assert 'partnership_http_request_total{method="other",status="405"}' in before
    unmatched = (
        'partnership_http_request_duration_seconds_count{endpoint="unmatched",method="GET",'
        'status="404"}'
    )
    assert unmatched in before
    text = client.get("/metrics").data.decode()
    counted = next(line for line in text.splitlines() if line.startswith(unmatched + " "))
    assert float(counted.rsplit(" ", 1)[1]) == 205


def test_http_methods_keep_their_own_label(client: FlaskClient) -> None:
    assert client.open("/v1/partnerships", method="DELETE").status_code == 405
    assert 'partnership_http_request_total{method="DELETE",status="405"}' in series(client)


def test_redis_call_times_keep_their_fixed_operations(app: Flask, client: FlaskClient) -> None:
    for _ in range(20):
        assert client.get(f"/v1/partnerships/{uuid.uuid4().hex}").status_code == 404
        assert client.get(f"/v1/changes?since={uuid.uuid4().hex[:16]}").status_code == 410
    text = client.get("/metrics").data.decode()
    timed = set(
        re.findall(r'^partnership_redis_call_duration_seconds_count\{operation="(\w+)"', text, re.M)
    )
    # Only a Redis store makes Redis calls; its operations are the same whatever is asked.
    on_redis = app.extensions["partnership_api"].config.redis_url is not None
    assert timed == ({"items", "pointer", "load", "lineage"} if on_redis else set())
