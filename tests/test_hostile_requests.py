"""Hostile requests, sent as raw bytes over a socket to a live gunicorn (the production config):
each gets the right 4xx, as problem+json from the app, and never a 500 or a traceback. What
gunicorn's HTTP parser refuses before the app sees it is answered by gunicorn itself."""

import re
import socket
from collections.abc import Iterator

import orjson
import pytest

from service.api.cursors import binding, encode_cursor
from service.headers import REQUEST_ID
from tests.support.live_server import Server, gunicorn_process

pytestmark = pytest.mark.system

SLUG = "honda-nissan-ev-collaboration"
# A cursor in the service's format, for the list it is sent to, of a version that never existed.
FORGED_CURSOR = encode_cursor(
    "0123456789abcdef", 1, binding("/v1/partnerships", {"limit": 1, "sort": "title"})
)


def raw_get(target: str, *headers: bytes) -> bytes:
    return (
        b"GET "
        + target.encode()
        + b" HTTP/1.1\r\nHost: api\r\n"
        + b"".join(h + b"\r\n" for h in headers)
        + b"\r\n"
    )


def raw(method: bytes, target: bytes, *headers: bytes, body: bytes = b"") -> bytes:
    length = b"Content-Length: %d\r\n" % len(body)
    lines = b"".join(h + b"\r\n" for h in headers)
    return method + b" " + target + b" HTTP/1.1\r\nHost: api\r\n" + lines + length + b"\r\n" + body


# (case, request bytes, status): each answered by the app, as problem+json.
APP_CASES = [
    ("traversal-in-id", raw_get("/v1/partnerships/..%2F..%2Fetc%2Fpasswd"), 404),
    ("traversal-raw", raw_get("/v1/sources/../../../etc/passwd"), 404),
    ("dot-dot-id", raw_get("/v1/sources/.."), 404),
    ("long-query", raw_get("/v1/partnerships?q=" + "a" * 5000), 414),
    ("malformed-query", raw_get("/v1/partnerships?&&==&=x&limit"), 400),
    ("broken-escape", raw_get("/v1/partnerships?q=%zz%4"), 400),
    ("not-utf8-escaped-query", raw_get("/v1/partnerships?q=%ff%fe"), 400),
    ("overlong-utf8-escaped", raw_get("/v1/organizations?q=%C0%AF"), 400),
    ("not-utf8-escaped-id", raw_get("/v1/partnerships/%ff%fe"), 404),
    ("nul-escaped-in-id", raw_get("/v1/partnerships/a%00b"), 404),
    ("nul-escaped-in-search", raw_get("/v1/partnerships?q=a%00b"), 400),
    ("escape-sequence-in-search", raw_get("/v1/organizations?q=%1b%5b31m"), 400),
    ("repeated-parameter", raw_get("/v1/partnerships?limit=1&limit=2"), 400),
    ("repeated-filter", raw_get("/v1/partnerships?status=active&status=active"), 400),
    ("huge-limit", raw_get("/v1/partnerships?limit=" + "9" * 40), 400),
    ("negative-limit", raw_get("/v1/partnerships?limit=-1"), 400),
    ("enormous-cursor", raw_get("/v1/partnerships?cursor=" + "A" * 3000), 400),
    ("garbage-cursor", raw_get("/v1/partnerships?cursor=%00%01%02"), 400),
    ("forged-cursor", raw_get(f"/v1/partnerships?limit=1&sort=title&cursor={FORGED_CURSOR}"), 410),
    ("unknown-field", raw_get("/v1/partnerships?fields=__class__"), 400),
    ("bad-sort", raw_get("/v1/partnerships?sort=--title"), 400),
    ("unknown-parameter", raw_get("/v1/partnerships?__proto__=1"), 400),
    ("post", raw(b"POST", b"/v1/partnerships", b"Content-Type: application/json", body=b"{}"), 405),
    ("put", raw(b"PUT", f"/v1/partnerships/{SLUG}".encode(), body=b"{}"), 405),
    ("patch", raw(b"PATCH", f"/v1/partnerships/{SLUG}".encode(), body=b"{}"), 405),
    ("delete", raw(b"DELETE", f"/v1/partnerships/{SLUG}".encode()), 405),
    ("trace", raw(b"TRACE", b"/v1/partnerships"), 405),
    ("unknown-method", raw(b"BREW", b"/v1/dataset"), 405),
    ("connect", raw(b"CONNECT", b"example.com:443"), 404),
    ("accept-html", raw_get("/v1/partnerships", b"Accept: text/html"), 406),
    ("accept-xml", raw_get(f"/v1/partnerships/{SLUG}", b"Accept: application/xml"), 406),
    ("accept-garbage", raw_get("/v1/dataset", b"Accept: ;;;,,,q=x"), 406),
]
# Request ids the app must not echo: each is replaced by one of its own.
HOSTILE_REQUEST_IDS = [
    b"<script>alert(1)</script>",
    b"a%0d%0aSet-Cookie:%20x=1",
    b"a" * 5000,
    b"\xff\xfe",
    b"id with spaces",
    b'{"level":"ERROR"}',
]
# (case, request bytes, status): refused by gunicorn's parser before the app sees them.
PARSER_CASES = [
    ("nul-in-request-line", b"GET /v1/partnerships/a\x00b HTTP/1.1\r\nHost: api\r\n\r\n", 400),
    ("raw-invalid-utf8", b"GET /v1/partnerships?q=\xff\xfe HTTP/1.1\r\nHost: api\r\n\r\n", 400),
    ("request-id-with-bare-cr", raw_get("/v1/dataset", b"X-Request-ID: a\rSet-Cookie: x=1"), 400),
    ("no-http-version", b"GET /v1/partnerships\r\nHost: api\r\n\r\n", 400),
    ("unknown-http-version", b"GET /v1/partnerships HTTP/9.9\r\nHost: api\r\n\r\n", 400),
    ("request-line-over-8190-bytes", raw_get("/v1/partnerships?q=" + "a" * 9000), 414),
    ("huge-header", raw_get("/v1/dataset", b"X-Big: " + b"a" * 9000), 431),
    ("too-many-headers", raw_get("/v1/dataset", *(b"X-H%d: 1" % i for i in range(200))), 431),
    ("control-byte-in-header", raw_get("/v1/dataset", b'If-None-Match: "\x01'), 400),
    (
        "smuggling-length-and-chunked",
        raw_get("/v1/dataset", b"Content-Length: 5", b"Transfer-Encoding: chunked") + b"0\r\n\r\n",
        400,
    ),
]
LEAKS = re.compile(rb"Traceback|File \"|\.py\"|redis://|Error:|Exception")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    # One worker is enough for requests sent one at a time.
    with gunicorn_process(WEB_CONCURRENCY="1") as running:
        yield running


def send(server: Server, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes; the status, headers (lower-cased names) and body of the answer."""
    host, port = server.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


@pytest.mark.parametrize(
    ("request_bytes", "status"), [pytest.param(*c[1:], id=c[0]) for c in APP_CASES]
)
def test_hostile_request_gets_its_4xx_as_problem_json(
    server: Server, request_bytes: bytes, status: int
) -> None:
    answer, headers, body = send(server, request_bytes)
    assert answer == status, body
    assert headers["content-type"] == "application/problem+json"
    problem = orjson.loads(body)
    assert problem["status"] == status and problem["title"]
    assert REQUEST_ID.fullmatch(headers["x-request-id"])
    assert not LEAKS.search(body), body
    if status == 405:
        assert headers["allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("request_id", HOSTILE_REQUEST_IDS)
def test_a_hostile_request_id_is_replaced_not_echoed(server: Server, request_id: bytes) -> None:
    status, headers, _ = send(server, raw_get("/v1/nowhere", b"X-Request-ID: " + request_id))
    assert status == 404
    assert REQUEST_ID.fullmatch(headers["x-request-id"])
    assert headers["x-request-id"].encode() != request_id
    assert "set-cookie" not in headers


@pytest.mark.parametrize(
    ("request_bytes", "status"), [pytest.param(*c[1:], id=c[0]) for c in PARSER_CASES]
)
def test_malformed_http_is_refused_by_the_parser_without_internals(
    server: Server, request_bytes: bytes, status: int
) -> None:
    answer, _, body = send(server, request_bytes)
    assert answer == status, body
    assert not LEAKS.search(body), body


def test_no_hostile_request_logged_an_unhandled_error(server: Server) -> None:
    for _, request_bytes, _ in [*APP_CASES, *PARSER_CASES]:
        send(server, request_bytes)
    records = [orjson.loads(line) for line in server.log.read_bytes().splitlines() if line]
    assert [r for r in records if r["level"] in ("ERROR", "CRITICAL")] == []
    statuses = [r["status"] for r in records if r.get("logger") == "service.access"]
    assert statuses and max(statuses) < 500
