"""Prism, in proxy mode in front of a live gunicorn, checks each request and response against
openapi.yaml: what clients send as the document describes it, and what the service answers,
raise no violation (Prism names them in its `sl-violations` header)."""

import http.client
import json
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.live_server import ROOT, gunicorn_process
from tests.support.redis_servers import free_port

PRISM = ROOT / ".venv" / "spectral" / "node_modules" / ".bin" / "prism"

pytestmark = pytest.mark.system

# path -> the status the service answers. `fields` goes comma-separated, as the document
# describes it, on every list that takes it. `/v1/export` is left out: the document gives the
# schema of one NDJSON line, and Prism checks the whole stream against it as one JSON value.
CONFORMING = {
    "/v1/partnerships?fields=id,title": 200,
    "/v1/partnerships?organization=honda&organization=nissan&status=exploratory": 200,
    "/v1/partnerships?q=honda&sort=-title&limit=1&fields=id,status,status_history": 200,
    "/v1/organizations?country=JP&fields=id,name": 200,
    "/v1/organizations/nissan/partnerships?fields=id,title": 200,
    "/v1/events?partnership=honda-nissan-ev-collaboration&fields=id,type": 200,
    "/v1/statements?speaker=nissan&fields=id,quote": 200,
    "/v1/products?maker=honda&fields=id,name,makers": 200,
    "/v1/sources?kind=news-article&fields=id,sha256": 200,
    "/v1/partnerships/honda-nissan-ev-collaboration": 200,
    "/v1/organizations/honda": 200,
    "/v1/sources/honda-nissan-ev-partnership-article": 200,
    "/v1/dataset": 200,
    "/v1/dataset/versions": 200,
    "/v1/evidence?resource=partnerships/honda-nissan-ev-collaboration": 200,
    "/v1/partnerships/no-such-partnership": 404,
}
# Requests that break the document on purpose: the service refuses each with its own 400.
REFUSED = (
    "/v1/partnerships?limit=0",
    "/v1/partnerships?status=paused",
    "/v1/organizations?fields=founded",
)


@dataclass
class Answer:
    status: int
    etag: str
    violations: list[dict[str, Any]]  # Prism's, from `sl-violations`
    body: bytes


def send(port: int, path: str, headers: dict[str, str] | None = None) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    found = json.loads(response.getheader("sl-violations") or "[]")
    return Answer(response.status, response.getheader("ETag") or "", found, body)


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Prism did not start:\n{log.read_text()}") from None
            time.sleep(0.1)


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, int]]:
    """The service, and Prism proxying to it: their ports."""
    if not PRISM.exists():
        pytest.fail("Prism is not installed: `make unit` installs it with npm")
    # Without `--errors`, Prism forwards every request, even one that breaks the document, and
    # reports what it found in the header: the service's own 400 is checked, not Prism's 422.
    log = tmp_path_factory.mktemp("prism") / "prism.log"
    port = free_port()
    with gunicorn_process() as server, log.open("wb") as out:
        process = subprocess.Popen(
            [str(PRISM), "proxy", str(ROOT / "openapi.yaml"), server.base,
             "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_for_port(port, process, log)
            yield port, int(server.base.rsplit(":", 1)[1])
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_conforming_requests_and_their_answers_raise_no_violation(prism: tuple[int, int]) -> None:
    port, service_port = prism
    # The change feed from the version served (empty), and a 304 for the ETag held.
    version = json.loads(send(service_port, "/v1/dataset").body)["version"]
    etag = send(service_port, "/v1/partnerships/honda-nissan-ev-collaboration").etag
    requests = [
        *((path, {}, status) for path, status in CONFORMING.items()),
        (f"/v1/changes?since={version}&type=partnerships", {}, 200),
        ("/v1/partnerships/honda-nissan-ev-collaboration", {"If-None-Match": etag}, 304),
        ("/v1/partnerships", {"Accept": "text/html"}, 406),
    ]
    found = {}
    for path, headers, status in requests:
        answer = send(port, path, headers)
        assert answer.status == status, (path, answer.violations, answer.body[:300])
        if answer.violations:
            found[path] = answer.violations
    assert found == {}


def test_refused_requests_break_the_document_and_their_400_does_not(
    prism: tuple[int, int],
) -> None:
    for path in REFUSED:
        answer = send(prism[0], path)
        assert answer.status == 400, path  # the service's problem+json, forwarded
        assert json.loads(answer.body)["status"] == 400
        locations = [violation["location"][0] for violation in answer.violations]
        assert locations and set(locations) == {"request"}, (path, answer.violations)
