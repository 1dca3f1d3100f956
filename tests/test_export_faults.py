"""An export whose version goes missing from Redis fails in the open: before its first byte it
is a 503 problem with Retry-After; mid-stream the connection is dropped without the body's last
chunk (so no client mistakes it for whole), and the log records a failure, never its 200."""

import http.client
import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from flask import Flask

from bench.synthetic import write_synthetic_seeds
from service.api.v1.export import IncompleteExport
from service.dataset import load_dataset
from service.store.connect import redis_client
from service.store.keys import Keys
from service.store.publish import publish_dataset
from tests.conftest import SUITE_RATE_LIMIT, delete_prefix, new_prefix
from tests.support.live_server import gunicorn_process
from tests.support.redis_support import Target


@pytest.fixture(scope="module")
def large_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export of several megabytes (7.6 MB): more than the server's socket buffers hold
    (4 MB at most here), so its end is written only as the client reads."""
    return write_synthetic_seeds(
        tmp_path_factory.mktemp("export"), partnerships=1500, organizations=300
    )


@pytest.fixture
def target(shared_redis_url: str) -> Iterator[Target]:
    found = Target(shared_redis_url, False, new_prefix())
    yield found
    found.close()
    delete_prefix(shared_redis_url, found.prefix)


def publish(target: Target, seeds: Path | None = None) -> str:
    """Publish `seeds` (the bundled ones by default) under the target's prefix."""
    dataset = load_dataset(seeds or target.config().seeds_dir)
    client = redis_client(target.config())
    publish_dataset(client, Keys(target.prefix), dataset)
    client.close()
    return dataset.version


def lose_items(target: Target, version: str) -> None:
    """What Redis losing its data does to a version a replica still holds in memory: every
    item's body gone (items are stored by content, shared by the versions holding them)."""
    client = target.client()
    items = [key for key in client.scan_iter(match=Keys(target.prefix).item("*"), count=1000)]
    assert items, f"no item of {version} in Redis"
    assert client.delete(*items) == len(items)


def access_records(caplog: pytest.LogCaptureFixture, path: str) -> list[Any]:
    return [r for r in caplog.records if r.name == "service.access" and vars(r)["path"] == path]


def test_an_export_of_a_version_gone_from_redis_is_a_503_problem(
    target: Target, caplog: pytest.LogCaptureFixture
) -> None:
    version = publish(target)
    app = target.app(rate_limit=SUITE_RATE_LIMIT)  # as Target's: limits are not checked here
    client = app.test_client()
    assert client.get("/v1/dataset").status_code == 200
    lose_items(target, version)
    caplog.set_level(logging.INFO)
    response = client.get("/v1/export", headers={"X-Request-ID": "export-1"})
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"
    assert response.headers["Retry-After"] == "1"
    assert response.headers["X-Request-ID"] == "export-1"
    assert orjson.loads(response.data)["status"] == 503
    (record,) = access_records(caplog, "/v1/export")
    assert record.status == 503


def test_an_export_cut_short_is_logged_and_counted_as_a_failure(
    target: Target, large_seeds: Path, caplog: pytest.LogCaptureFixture
) -> None:
    version = publish(target, large_seeds)
    # Its seeds are the large ones published, as a replica's would be; Target's limit.
    app: Flask = target.app(rate_limit=SUITE_RATE_LIMIT, seeds_dir=large_seeds)
    client = app.test_client()
    caplog.set_level(logging.INFO)
    response = client.get("/v1/export", buffered=False)
    assert response.status_code == 200
    chunks = response.iter_encoded()
    first = next(chunks)
    assert first.startswith(b'{"type":"dataset"')
    lose_items(target, version)
    with pytest.raises(IncompleteExport):
        for _ in chunks:
            pass
    response.close()
    (record,) = access_records(caplog, "/v1/export")
    assert record.status == 500
    (cut,) = [r for r in caplog.records if "cut short" in r.getMessage()]
    assert cut.levelname == "ERROR"
    assert cut.getMessage().startswith("export cut short after ")
    metrics = client.get("/metrics").data.decode()
    assert 'partnership_http_request_total{method="GET",status="500"} 1.0' in metrics.splitlines()


@pytest.mark.system
def test_a_client_sees_an_export_cut_short_as_incomplete(target: Target, large_seeds: Path) -> None:
    version = publish(target, large_seeds)
    # The prefix the test published under; one worker is enough for one export.
    env = {"REDIS_URL": target.url, "REDIS_PREFIX": target.prefix, "WEB_CONCURRENCY": "1"}
    with gunicorn_process(**env) as server:
        host, port = server.base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        # A small receive buffer of its own: the client, not the kernel, holds the rest back.
        connection.sock = socket.socket()
        connection.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        connection.sock.settimeout(30)
        connection.sock.connect((host, int(port)))
        connection.request("GET", "/v1/export")
        response = connection.getresponse()
        assert response.status == 200
        assert response.getheader("Transfer-Encoding") == "chunked"
        assert response.read(65536)
        lose_items(target, version)
        with pytest.raises(http.client.IncompleteRead):
            response.read()
        connection.close()
        lines = [orjson.loads(line) for line in server.log.read_text().splitlines()]
        exports = [line for line in lines if line.get("path") == "/v1/export"]
        assert [line["status"] for line in exports] == [500]
        assert any(line["message"].startswith("export cut short") for line in lines)
