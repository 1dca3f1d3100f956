"""deploy/nginx.conf in front of a live gunicorn: responses the API marks cacheable are served
from the gateway's cache, revalidated by ETag, and errors and metrics are not."""

import gzip
import http.client
import shutil
import socket
import subprocess
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from bench.servers import gateway_conf
from tests.support.live_server import gunicorn, wait_until_answering
from tests.support.redis_servers import free_port

pytestmark = pytest.mark.system


@pytest.fixture(scope="module")
def gateway() -> Iterator[str]:
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


def serve_gateway(nginx: str, folder: Path) -> Iterator[str]:
    with gunicorn(RATE_LIMIT="100000 per minute") as api:
        port = free_port()
        conf = folder / "nginx.conf"
        conf.write_text(gateway_conf(api, port, folder), encoding="utf-8")
        process = subprocess.Popen(
            [nginx, "-c", str(conf), "-p", str(folder), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        wait_until_answering(base, process, limit=10)
        yield base
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


def test_metrics_stay_behind_the_gateway(gateway: str) -> None:
    assert fetch(f"{gateway}/metrics")[0] == 404


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
    assert headers["X-Request-ID"]
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
