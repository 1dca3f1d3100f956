"""A live gunicorn, started with gunicorn.conf.py on a loopback port, for end-to-end tests."""

import http.client
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.redis_servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_until_answering(base: str, process: subprocess.Popen[bytes], limit: float) -> None:
    """Poll `/livez` until the server answers; fail with its stderr if it dies first."""
    deadline = time.monotonic() + limit
    while True:
        try:
            urllib.request.urlopen(f"{base}/livez", timeout=1).close()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException):
            if process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(error) from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"{base} did not answer within {limit} s") from None
            time.sleep(0.05)


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    log: Path  # gunicorn's stdout: JSON lines


def get(server: Server, path: str) -> tuple[int, dict[str, str], bytes]:
    """GET `path`: the status, headers and body, whatever the status."""
    try:
        with urllib.request.urlopen(f"{server.base}{path}", timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def counted(metrics: str, name: str, **labels: str) -> float:
    """The sum of a metric's samples whose labels include `labels`."""
    total = 0.0
    for line in metrics.splitlines():
        if line.startswith((name + "{", name + " ")):
            sample, value = line.rsplit(" ", 1)
            if all(f'{key}="{wanted}"' in sample for key, wanted in labels.items()):
                total += float(value)
    return total


@contextmanager
def gunicorn(**env: str) -> Iterator[str]:
    """Serve the app as the README's run command does; yield its base URL."""
    with gunicorn_process(**env) as server:
        yield server.base


@contextmanager
def gunicorn_process(**env: str) -> Iterator[Server]:
    """The same, yielding the process and the file its stdout goes to."""
    port = free_port()
    # As `make run` does, an empty Redis gets this replica's seeds unless a test says otherwise.
    environment = {
        "PUBLISH_SEEDS_IF_EMPTY": "true",
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        **env,
    }
    environment.pop("REDIS_URL", None)  # the embedded store, unless a test sets it
    environment.update(env)
    binary = Path(sys.executable).with_name("gunicorn")
    log = Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1])
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(binary), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.PIPE,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base, process, limit=30)
        yield Server(base, process, log)
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=30)
        if process.stderr:
            process.stderr.close()
        log.unlink(missing_ok=True)
