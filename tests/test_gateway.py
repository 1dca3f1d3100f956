"""deploy/nginx.conf in front of a live gunicorn: responses the API marks cacheable are served
from the gateway's cache, revalidated by ETag, and errors and metrics are not; one request id
runs through the answer, the gateway's JSON log and the API's; what nginx refuses itself is
problem+json."""

import gzip
import http.client
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

from bench.servers import gateway_conf
from service.headers import REQUEST_ID
from tests.support.live_server import gunicorn_process, wait_until_answering
from tests.support.redis_servers import free_port

pytestmark = pytest.mark.system

NGINX_REQUEST_ID = re.compile(r"[0-9a-f]{32}")  # $request_id: 16 random bytes in hex
HOSTILE_ID = "<script>alert(1)</script> evil"


@dataclass
class Gateway:
    base: str
    log: Path  # nginx's stdout, where the conf sends its JSON access log
    api_log: Path  # gunicorn's stdout: the API's JSON lines


@pytest.fixture(scope="module")
def running() -> Iterator[Gateway]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is needed: install Debian's nginx-light (make test does, as root)")
    # Not pytest's private tmp folder: nginx's workers drop root and must reach the cache.
    folder = Path(tempfile.mkdtemp(prefix="gateway-"))
    folder.chmod(0o755)
    try:
        yield from serve_gateway(nginx, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def gateway(running: Gateway) -> str:
    return running.base


def serve_gateway(
    nginx: str, folder: Path, rate_limit: str = "100000 per minute"
) -> Iterator[Gateway]:
    """deploy/nginx.conf in front of one gunicorn that counts under `rate_limit`."""
    with gunicorn_process(RATE_LIMIT=rate_limit) as api:
        port = free_port()
        conf = folder / "nginx.conf"
        conf.write_text(gateway_conf(api.base, port, folder), encoding="utf-8")
        log = folder / "stdout.log"
        # The conf logs to /dev/stdout as in a container, whose runtime keeps it: here a file.
        with log.open("wb") as stdout:
            process = subprocess.Popen(
                [nginx, "-c", str(conf), "-p", str(folder), "-g", "daemon off;"],
                stdout=stdout,
                stderr=subprocess.PIPE,
            )
        base = f"http://127.0.0.1:{port}"
        wait_until_answering(base, process, limit=10)
        yield Gateway(base, log, api.log)
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def test_second_read_is_a_cache_hit_with_the_same_body(gateway: str) -> None:
    url = f"{gateway}/v1/partnerships?organization=honda"
    first = fetch(url)
    second = fetch(url)
    assert (first[0], first[1]["X-Cache-Status"]) == (200, "MISS")
    assert (second[0], second[1]["X-Cache-Status"]) == (200, "HIT")
    assert second[2] == first[2]
    assert second[1]["ETag"] == first[1]["ETag"]


def test_rate_limit_fields_come_only_with_answers_the_api_made_for_this_request(
    gateway: str,
) -> None:
    """A stored answer's quota is the quota of the client that filled the cache: not sent."""
    url = f"{gateway}/v1/events"
    miss, hit = fetch(url)[1], fetch(url)[1]
    fields = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
    assert miss["X-Cache-Status"] == "MISS"
    assert all(int(miss[name]) >= 0 for name in fields)
    assert miss["RateLimit-Limit"] == "100000"
    assert hit["X-Cache-Status"] == "HIT"
    assert not any(name in hit for name in fields)
    refused = fetch(f"{gateway}/v1/events/no-such-event")[1]  # never cached
    assert refused["X-Cache-Status"] == "MISS" and refused["RateLimit-Limit"] == "100000"


def test_the_gateway_answers_if_none_match_from_its_cache(gateway: str) -> None:
    url = f"{gateway}/v1/organizations/honda"
    etag = fetch(url)[1]["ETag"]
    status, headers, body = fetch(url, **{"If-None-Match": etag})
    assert (status, headers["X-Cache-Status"], body) == (304, "HIT", b"")


def test_each_answer_carries_its_own_request_id(gateway: str) -> None:
    url = f"{gateway}/v1/products"
    fetch(url)
    hit = fetch(url, **{"X-Request-ID": "client-7"})
    assert hit[1]["X-Cache-Status"] == "HIT"
    assert hit[1]["X-Request-ID"] == "client-7"


def test_errors_are_not_cached(gateway: str) -> None:
    url = f"{gateway}/v1/partnerships/no-such-partnership"
    for _ in range(2):
        status, headers, _ = fetch(url)
        assert status == 404
        assert headers["X-Cache-Status"] == "MISS"
        assert headers["Cache-Control"] == "no-store"


def test_exports_pass_through_gzip_intact_and_stay_out_of_the_cache(gateway: str) -> None:
    url = f"{gateway}/v1/export"
    plain = fetch(url)
    for _ in range(2):
        status, headers, body = fetch(url, **{"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers["X-Cache-Status"] == "BYPASS"
        assert headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == plain[2]
    assert plain[2].splitlines()[0].startswith(b'{"type":"dataset"')


def raw_request(base: str, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """GET through http.client, which sends what it is given: no limit on length or count."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def assert_problem(answer: tuple[int, dict[str, str], bytes], status: int, title: str) -> None:
    code, headers, body = answer
    assert code == status
    assert headers["Content-Type"] == "application/problem+json"
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert REQUEST_ID.fullmatch(headers["X-Request-ID"])
    problem = orjson.loads(body)
    assert problem == {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": problem["detail"],
    }
    assert problem["detail"]


def test_a_20000_character_url_is_refused_as_problem_json(gateway: str) -> None:
    """Past nginx's buffer: refused by the gateway itself, in the API's error shape."""
    answer = raw_request(gateway, "/v1/partnerships?q=" + "a" * 20_000, {})
    assert_problem(answer, 414, "Request-URI Too Long")
    assert orjson.loads(answer[2])["detail"] == (
        "The request line is longer than the gateway accepts (8 KB)."
    )


def test_a_url_the_gateway_passes_gets_the_apis_own_414(gateway: str) -> None:
    answer = raw_request(gateway, "/v1/partnerships?q=" + "a" * 6_000, {})
    assert_problem(answer, 414, "Request-URI Too Long")
    assert orjson.loads(answer[2])["detail"] == "The URL is longer than 4096 characters."


def test_a_request_with_100_header_fields_is_refused_as_problem_json(gateway: str) -> None:
    """gunicorn refuses it (431, in HTML) before the app sees it; the gateway says so in JSON."""
    headers = {f"X-Filler-{n}": "x" for n in range(100)}
    answer = raw_request(gateway, "/v1/partnerships", headers)
    assert_problem(answer, 431, "Request Header Fields Too Large")


def test_a_header_field_over_the_gateways_buffer_is_431_problem_json(gateway: str) -> None:
    answer = raw_request(gateway, "/v1/partnerships", {"X-Large": "x" * 9_000})
    assert_problem(answer, 431, "Request Header Fields Too Large")


def test_a_bare_cr_in_a_header_is_400_problem_json(gateway: str) -> None:
    host, port = gateway.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET /v1/partnerships HTTP/1.1\r\nHost: x\rX-Split: y\r\n\r\n")
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    assert_problem((int(status_line.split()[1]), headers, body), 400, "Bad Request")


def test_the_apis_own_400_passes_through_with_its_parameters(gateway: str) -> None:
    status, headers, body = fetch(f"{gateway}/v1/partnerships?bogus=1")
    assert (status, headers["Content-Type"]) == (400, "application/problem+json")
    assert [p["name"] for p in orjson.loads(body)["invalid_params"]] == ["bogus"]


def test_a_list_whose_link_header_is_long_passes_through(gateway: str) -> None:
    """Near the API's URL limit, a list's headers outgrow nginx's default 4 KB buffer."""
    path = "/v1/partnerships?limit=1&" + "&".join(["organization=honda"] * 200)
    assert 3800 < len(path) < 4096
    status, headers, body = raw_request(gateway, path, {})
    assert status == 200
    assert 'rel="next"' in headers["Link"] and len(headers["Link"]) > 7000
    assert len(orjson.loads(body)["data"]) == 1


def log_line(log: Path, request_id: str) -> dict[str, Any]:
    """The JSON line in `log` for `request_id`, once written: each is written as its answer
    leaves, so it may land just after the client has read the answer."""
    deadline = time.monotonic() + 5
    while True:
        for line in log.read_text(encoding="utf-8").splitlines():
            if request_id in line:
                record: dict[str, Any] = orjson.loads(line)
                if record.get("request_id") == request_id:
                    return record
        if time.monotonic() > deadline:
            raise AssertionError(f"no line for request {request_id} in {log.name}")
        time.sleep(0.05)


def test_a_well_formed_request_id_is_the_one_id_of_the_answer_and_both_logs(
    running: Gateway,
) -> None:
    status, headers, body = fetch(
        f"{running.base}/v1/organizations?limit=3", **{"X-Request-ID": "client-7.a:b_c"}
    )
    assert (status, headers["X-Cache-Status"]) == (200, "MISS")
    assert headers["X-Request-ID"] == "client-7.a:b_c"
    api = log_line(running.api_log, "client-7.a:b_c")
    assert (api["path"], api["query"], api["status"]) == ("/v1/organizations", "limit=3", 200)
    gateway = log_line(running.log, "client-7.a:b_c")
    assert gateway["logger"] == "gateway.access"
    assert (gateway["method"], gateway["uri"], gateway["status"]) == (
        "GET",
        "/v1/organizations?limit=3",
        200,
    )
    assert (gateway["cache"], gateway["bytes"]) == ("MISS", len(body))
    assert float(gateway["upstream_response_time"]) >= 0
    assert gateway["time"] and gateway["request_time"] >= 0


def test_a_malformed_request_id_is_replaced_by_one_the_answer_and_both_logs_share(
    running: Gateway,
) -> None:
    """An id the API would replace is replaced at the gateway, before the API sees it: the
    answer and both logs still name one request, and the client's text is in none of them."""
    url = f"{running.base}/v1/organizations?limit=4"
    status, headers, _ = fetch(url, **{"X-Request-ID": HOSTILE_ID})
    assert (status, headers["X-Cache-Status"]) == (200, "MISS")
    request_id = headers["X-Request-ID"]
    assert NGINX_REQUEST_ID.fullmatch(request_id)
    assert log_line(running.api_log, request_id)["query"] == "limit=4"
    assert log_line(running.log, request_id)["uri"] == "/v1/organizations?limit=4"
    for log in (running.log, running.api_log):
        assert "alert(1)" not in log.read_text(encoding="utf-8")


def test_the_gateway_keeps_a_request_id_exactly_when_the_api_would(gateway: str) -> None:
    """The API's own rule (REQUEST_ID), at its edges: nginx keeps the id the API keeps."""
    given = ["a" * 128, "a" * 129, "gw-7f3a.1:2_x", "has space", "a;b", "<b>", "caf\u00e9"]
    echoed = {}
    for request_id in given:
        request = b"GET /v1/nowhere HTTP/1.1\r\nHost: x\r\nX-Request-ID: %s\r\n\r\n"
        status, headers, _ = exchange(gateway, request % request_id.encode("latin-1"))
        assert status == 404  # the API's own, passed through
        echoed[request_id] = headers["X-Request-ID"]
    assert {g: echoed[g] == g for g in given} == {g: bool(REQUEST_ID.fullmatch(g)) for g in given}
    replaced = [echoed[g] for g in given if echoed[g] != g]
    assert replaced and all(NGINX_REQUEST_ID.fullmatch(r) for r in replaced)


def exchange(base: str, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send `request` as given and read one answer (by its length: a refused body is never
    sent, and nginx would wait for it before closing)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        response = http.client.HTTPResponse(sock)
        response.begin()
        with response:
            return response.status, dict(response.getheaders()), response.read()


REFUSALS = [
    ("metrics", b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", 404, "Not Found"),
    ("trace", b"TRACE /v1/partnerships HTTP/1.1\r\nHost: x\r\n\r\n", 405, "Method Not Allowed"),
    (
        "body-over-1-mb",
        b"POST /v1/partnerships HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n",
        413,
        "Request Entity Too Large",
    ),
    (
        "unknown-transfer-coding",
        b"GET /v1/partnerships HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
        501,
        "Not Implemented",
    ),
    (
        "http-2-request-line",
        b"GET / HTTP/2.0\r\nHost: x\r\n\r\n",
        505,
        "HTTP Version Not Supported",
    ),
]


@pytest.mark.parametrize(
    ("request_bytes", "status", "title"), [pytest.param(*c[1:], id=c[0]) for c in REFUSALS]
)
def test_what_the_gateway_refuses_itself_is_problem_json_and_logged(
    running: Gateway, request_bytes: bytes, status: int, title: str
) -> None:
    answer = exchange(running.base, request_bytes)
    assert_problem(answer, status, title)
    headers = answer[1]
    if status == 405:
        assert headers["Allow"] == "GET, HEAD, OPTIONS"
    logged = log_line(running.log, headers["X-Request-ID"])
    # The method the client sent, though nginx serves its error page as a GET.
    assert (logged["method"], logged["status"]) == (request_bytes.split()[0].decode(), status)


def test_a_refusal_echoes_the_clients_well_formed_request_id(gateway: str) -> None:
    headers = fetch(f"{gateway}/metrics", **{"X-Request-ID": "probe-9"})[1]
    assert headers["X-Request-ID"] == "probe-9"
    assert headers["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("path", ["/v1/partnerships", "/"])
def test_options_through_the_gateway_answer_allow_without_html(gateway: str, path: str) -> None:
    request = f"OPTIONS {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    status, headers, body = exchange(gateway, request)
    assert (status, headers["Allow"], body) == (200, "GET, HEAD, OPTIONS", b"")
    assert "Content-Type" not in headers
    assert REQUEST_ID.fullmatch(headers["X-Request-ID"])


def test_every_gateway_log_line_is_json(running: Gateway) -> None:
    """escape=json: a quote or backslash in the URL cannot end a field or forge one."""
    request = b'GET /v1/x"}\\{ HTTP/1.1\r\nHost: x\r\n\r\n'
    request_id = exchange(running.base, request)[1]["X-Request-ID"]
    assert log_line(running.log, request_id)["uri"] == '/v1/x"}\\{'
    lines = running.log.read_text(encoding="utf-8").splitlines()
    assert all(orjson.loads(line)["logger"] == "gateway.access" for line in lines)
