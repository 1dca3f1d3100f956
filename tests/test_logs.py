"""Logs: one JSON line per request with what an operator searches by, JSON for the rest."""

import logging
from typing import Any

import orjson
import pytest
from flask.testing import FlaskClient

from service.logs import json_formatter


def test_one_record_per_request_with_id_status_duration_and_version(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="service.access")
    response = client.get("/v1/products?limit=1", headers={"X-Request-ID": "trace-42"})
    (found,) = [r for r in caplog.records if r.name == "service.access"]
    assert found.getMessage() == "request"
    record: Any = found  # the request's fields are extra attributes
    assert record.request_id == "trace-42"
    assert (record.method, record.path, record.query) == ("GET", "/v1/products", "limit=1")
    assert record.status == 200
    assert record.duration_ms >= 0
    assert record.dataset_version == response.headers["X-Dataset-Version"]


def test_errors_are_logged_with_their_status(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="service.access")
    client.get("/v1/nope")
    records: list[Any] = [r for r in caplog.records if r.name == "service.access"]
    (record,) = records
    assert (record.status, record.path) == (404, "/v1/nope")


def test_records_are_written_as_json_lines() -> None:
    formatter = json_formatter()
    record: Any = logging.LogRecord("service.access", logging.INFO, "", 1, "request", (), None)
    record.request_id = "abc"
    record.status = 200
    line = orjson.loads(formatter.format(record))
    assert line["logger"] == "service.access"
    assert line["level"] == "INFO"
    assert line["message"] == "request"
    assert (line["request_id"], line["status"]) == ("abc", 200)
    assert "time" in line
