"""The run command's server: gunicorn with gunicorn.conf.py serves the API on HOST:PORT."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2"}
    env.pop("REDIS_URL", None)  # the run command as the README gives it: the embedded store
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/livez", timeout=1).close()
            break
        except (urllib.error.URLError, ConnectionError):
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("gunicorn did not answer within 20 s")
    yield base
    process.terminate()
    process.wait(timeout=30)
    if process.stderr:
        process.stderr.close()


def test_gunicorn_serves_the_dataset(server: str) -> None:
    with urllib.request.urlopen(f"{server}/v1/dataset", timeout=5) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/json"
        assert orjson.loads(response.read())["counts"]["partnerships"] == 3


def test_gunicorn_answers_errors_as_problem_json(server: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(f"{server}/v1/partnerships?bogus=1", timeout=5)
    assert raised.value.code == 400
    assert raised.value.headers["Content-Type"] == "application/problem+json"
    raised.value.close()
