"""The run command's server end to end: gunicorn with gunicorn.conf.py on a loopback port."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import orjson
import pytest

from bench.synthetic import write_synthetic_seeds
from tests.support.live_server import ROOT, Server, get, gunicorn_process
from tests.support.redis_servers import free_port

pytestmark = pytest.mark.system


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with gunicorn_process(WEB_CONCURRENCY="2") as running:
        yield running


def test_gunicorn_serves_the_dataset(server: Server) -> None:
    status, headers, body = get(server, "/v1/dataset")
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert orjson.loads(body)["counts"]["partnerships"] == 3


def test_start_up_says_where_the_service_and_its_docs_answer(server: Server) -> None:
    lines = [orjson.loads(line) for line in server.log.read_text().splitlines() if line]
    address = server.base.removeprefix("http://")
    said = f"serving http://{address}/ with the API docs at http://{address}/docs/"
    assert said in [line["message"] for line in lines]


def test_livez_and_readyz(server: Server) -> None:
    assert get(server, "/livez")[0] == 200
    status, _, body = get(server, "/readyz")
    assert status == 200
    assert orjson.loads(body)["status"] == "ready"


def test_errors_are_problem_json(server: Server) -> None:
    status, headers, _ = get(server, "/v1/partnerships?bogus=1")
    assert status == 400
    assert headers["Content-Type"] == "application/problem+json"


def test_every_log_line_is_json_and_each_request_is_one_line(server: Server) -> None:
    request_id = f"e2e-{time.monotonic_ns()}"
    request = urllib.request.Request(
        f"{server.base}/v1/products", headers={"X-Request-ID": request_id}
    )
    urllib.request.urlopen(request, timeout=5).close()
    time.sleep(0.3)
    lines = [orjson.loads(line) for line in server.log.read_bytes().splitlines() if line]
    assert any(line["logger"] == "gunicorn.error" for line in lines)
    (access,) = [line for line in lines if line.get("request_id") == request_id]
    assert access["logger"] == "service.access"
    assert (access["method"], access["path"], access["status"]) == ("GET", "/v1/products", 200)
    assert access["dataset_version"] and access["duration_ms"] >= 0
    # gunicorn's own access line stays off unless GUNICORN_ACCESS_LOG asks for it.
    assert not [line for line in lines if line["logger"] == "gunicorn.access"]


def test_gunicorns_access_line_is_written_when_asked_for() -> None:
    with gunicorn_process(WEB_CONCURRENCY="1", GUNICORN_ACCESS_LOG="-") as running:
        assert get(running, "/v1/products")[0] == 200
        time.sleep(0.3)
        lines = [orjson.loads(line) for line in running.log.read_bytes().splitlines() if line]
    assert [line["logger"] for line in lines if "/v1/products" in line["message"]] == [
        "gunicorn.access"
    ]


def test_sigterm_lets_a_request_in_flight_finish() -> None:
    with gunicorn_process(WEB_CONCURRENCY="1") as running:
        _, headers, _ = get(running, "/docs/swagger-ui-bundle.js")
        size = int(headers["Content-Length"])
        host, port = running.base.removeprefix("http://").split(":")
        # A slow client: a small receive window, and nothing read until after the SIGTERM.
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.connect((host, int(port)))
            sock.sendall(b"GET /docs/swagger-ui-bundle.js HTTP/1.1\r\nHost: x\r\n\r\n")
            time.sleep(0.5)  # the worker is now blocked writing the response
            running.process.send_signal(signal.SIGTERM)
            received = b""
            while chunk := sock.recv(65536):
                received += chunk
                time.sleep(0.001)
        head, _, body = received.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200")
        assert len(body) == size, "the response in flight was cut short"
        assert running.process.wait(timeout=30) == 0


def metric(text: str, name: str, **labels: str) -> float:
    """The sum of a metric's samples whose labels include `labels`."""
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        sample, value = line.rsplit(" ", 1)
        if all(f'{k}="{v}"' in sample for k, v in labels.items()):
            total += float(value)
    return total


def test_metrics_add_up_across_workers(tmp_path: Path) -> None:
    with gunicorn_process(WEB_CONCURRENCY="2", PROMETHEUS_MULTIPROC_DIR=str(tmp_path)) as running:
        sent = 0
        with ThreadPoolExecutor(max_workers=8) as pool:
            # Until both workers have served some: a quick worker can take a whole batch.
            while sent < 400 and len(list(tmp_path.glob("counter_*.db"))) < 2:
                statuses = list(pool.map(lambda _: get(running, "/v1/products")[0], range(40)))
                assert statuses == [200] * 40
                sent += 40
        # Both workers wrote counts of their own.
        assert len(list(tmp_path.glob("counter_*.db"))) >= 2
        assert get(running, "/v1/products/none")[0] == 404
        status, headers, body = get(running, "/metrics")
        assert status == 200
        assert headers["Content-Type"].startswith("text/plain")
        text = body.decode()
        counted = metric(text, "partnership_http_request_total", status="200")
        assert counted == sent, "every worker's requests are summed once"
        assert metric(text, "partnership_http_request_total", status="404") == 1
        latency = "partnership_http_request_duration_seconds_count"
        assert metric(text, latency, endpoint="products.list_products") == sent
        # A list page is made once per worker, then kept.
        made = metric(text, "partnership_cache_lookups_total", layer="page", result="miss")
        kept = metric(text, "partnership_cache_lookups_total", layer="page", result="hit")
        assert (made, kept) == (2, sent - 2)
        assert metric(text, "partnership_dataset_info") >= 1


def refused_start(**shown: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """gunicorn started as the image starts it, with a free PORT and the settings shown; what
    it said, and what it left in its temp dir."""
    with tempfile.TemporaryDirectory() as temp:
        environment = {
            "PATH": os.environ["PATH"],
            "PORT": str(free_port()),
            # A temp dir of its own: what this instance leaves there is told apart from what
            # other servers (other tests, other instances) make in the shared one meanwhile.
            "TMPDIR": temp,
            **shown,
        }
        result = subprocess.run(
            [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"],
            cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        return result, sorted(os.listdir(temp))


NOT_A_RATE = "is not a rate such as '1200 per minute' or '20/second;1000/hour'"


@pytest.mark.parametrize(
    ("variable", "value", "line"),
    [
        ("PORT", "abc", "PORT: 'abc' is not a whole number"),
        ("PORT", "99999", "PORT: 99999 must be from 1 to 65535"),
        ("PORT", "-1", "PORT: -1 must be from 1 to 65535"),
        ("HOST", "", "HOST: '' is not an address to bind, such as 127.0.0.1, 0.0.0.0, localhost "
         "or [::]"),
        ("WEB_CONCURRENCY", "0", "WEB_CONCURRENCY: 0 must be 1 or more"),
        ("GUNICORN_WORKER_CLASS", "gevent", "GUNICORN_WORKER_CLASS: 'gevent' must be one of "
         "sync, gthread"),
        ("GUNICORN_THREADS", "soon", "GUNICORN_THREADS: 'soon' is not a whole number"),
        ("GUNICORN_TIMEOUT", "0", "GUNICORN_TIMEOUT: 0 must be 1 or more"),
        ("GUNICORN_GRACEFUL_TIMEOUT", "soon", "GUNICORN_GRACEFUL_TIMEOUT: 'soon' is not a whole "
         "number"),
        ("GUNICORN_MAX_REQUESTS", "-1", "GUNICORN_MAX_REQUESTS: -1 must be 0 or more"),
        ("GUNICORN_MAX_REQUESTS_JITTER", "soon", "GUNICORN_MAX_REQUESTS_JITTER: 'soon' is not a "
         "whole number"),
        ("REDIS_URL", "redis://127.0.0.1:6379/abc", "REDIS_URL: the database 'abc' is not a whole "
         "number, as in redis://host:6379/0"),
        ("RATE_LIMIT", "lots", f"RATE_LIMIT: 'lots' {NOT_A_RATE}"),
        ("RATE_LIMIT", "0/second", "RATE_LIMIT: '0/second' allows no request at all; expected a "
         "rate such as '1200 per minute' or '20/second;1000/hour'"),
        ("CACHE_MAX_AGE", "soon", "CACHE_MAX_AGE: 'soon' is not a whole number"),
    ],
)  # fmt: skip
def test_a_bad_setting_stops_start_up_with_one_line_and_leaves_no_folder(
    variable: str, value: str, line: str
) -> None:
    result, left = refused_start(**{variable: value})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [f"error: {line}"]
    assert left == [], "the instance's own folders are removed when it refuses to start"


def test_worker_recycling_can_be_turned_off() -> None:
    """GUNICORN_MAX_REQUESTS=0 is gunicorn's own "never recycle", jitter 0 included."""
    env = {"GUNICORN_MAX_REQUESTS": "0", "GUNICORN_MAX_REQUESTS_JITTER": "0"}
    with gunicorn_process(WEB_CONCURRENCY="1", **env) as running:
        before = workers(running)
        for _ in range(20):
            assert get(running, "/livez")[0] == 200
        assert workers(running) == before


def test_publish_refuses_a_redis_database_that_is_not_a_number() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "service", "publish", "seeds"],
        # Port 1, where nothing answers: before the check, publish wrote to database 0 of
        # whatever Redis the URL named.
        cwd=ROOT, env={**os.environ, "REDIS_URL": "redis://127.0.0.1:1/abc"},
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: REDIS_URL: the database 'abc' is not a whole number, as in redis://host:6379/0"
    ]


def test_the_command_line_names_a_bad_setting_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "service", "publish"],
        cwd=ROOT, env={**os.environ, "REDIS_URL": "redis://127.0.0.1:1/0", "RATE_LIMIT": "0/hour"},
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: RATE_LIMIT: '0/hour' allows no request at all; expected a rate such as "
        "'1200 per minute' or '20/second;1000/hour'"
    ]


def test_a_large_embedded_dataset_is_loaded_once_before_the_workers_start(
    tmp_path: Path,
) -> None:
    """Workers recycled every few requests go on answering at once: they are forked with the
    dataset the master loaded, where loading it again (seconds, at this size) each time would
    leave the instance answering nothing while both reload."""
    seeds = write_synthetic_seeds(tmp_path / "seeds", partnerships=20000, organizations=4000)
    env = {
        "SEEDS_DIR": str(seeds),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_MAX_REQUESTS": "5",
        "GUNICORN_MAX_REQUESTS_JITTER": "1",
    }
    with gunicorn_process(**env) as running:
        before = set(workers(running))
        for _ in range(40):
            status, _, body = get(running, "/v1/dataset")
            assert status == 200
            assert orjson.loads(body)["counts"]["partnerships"] == 20000
        assert not before & set(workers(running)), "the workers were recycled"


def workers(server: Server) -> list[int]:
    master = server.process.pid
    return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def test_bad_seeds_stop_start_up_before_any_worker_starts(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    (seeds / "broken.yaml").write_text("source: [1, 2\n", encoding="utf-8")
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn_bin), "-c", "gunicorn.conf.py"],
        cwd=ROOT, env={**os.environ, "SEEDS_DIR": str(seeds), "PORT": "1"},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2].startswith("broken.yaml:2:1: invalid YAML: ")
    assert result.stderr.splitlines()[-1] == f"1 problem(s) in {seeds}"
