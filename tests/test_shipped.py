"""The README's own commands, run as it writes them: `make run` on the embedded store, and
`python -m service publish seeds` then `make run` with `REDIS_URL`. Each is started with no
environment but what the README shows (a free port aside) and must do what an operator looks
at first: answer /livez, /readyz and an item, log each request as a JSON line, count those
requests in /metrics, and leave nothing of its own in the temp dir after a clean stop."""

import datetime as dt
import subprocess
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest

from service.config import BUNDLED_SEEDS
from service.dataset import load_dataset
from tests.support.live_server import ROOT, Server, counted, get
from tests.support.make_run import make_run, operators_environment
from tests.support.redis_servers import RedisServer

pytestmark = pytest.mark.system
ITEM = "/v1/partnerships/honda-nissan-ev-collaboration"
# What an instance makes of its own in the temp dir (gunicorn.conf.py).
OWN_FOLDERS = ("partnership-metrics-", "partnership-instance-", "partnership-api-")


def own_folders() -> set[str]:
    temp = Path(tempfile.gettempdir())
    return {entry.name for entry in temp.iterdir() if entry.name.startswith(OWN_FOLDERS)}


@dataclass
class Run:
    server: Server
    made: set[str]  # the folders of its own that appeared in the temp dir as it started


@contextmanager
def shipped_run(**shown: str) -> Iterator[Run]:
    """`make run` with the README's variables, and the folders it made of its own."""
    before = own_folders()
    with make_run(**shown) as server:
        yield Run(server, own_folders() - before)


def check_what_an_operator_sees(run: Run, store: str, version: str) -> None:
    """Probes, an item, the access log and /metrics, as an operator first looks at them."""
    server = run.server
    assert get(server, "/livez")[0] == 200
    status, _, body = get(server, "/readyz")
    ready = orjson.loads(body)
    assert (status, ready["status"], ready["store"]) == (200, "ready", store)
    assert ready["dataset_version"] == version
    sent = 12
    for _ in range(sent - 1):
        status, headers, _ = get(server, ITEM)
        assert (status, headers["X-Dataset-Version"]) == (200, version)
    request_id = f"shipped-{uuid.uuid4().hex}"
    with_id = urllib_get(server, ITEM, request_id)
    assert with_id == 200
    assert get(server, "/v1/partnerships/no-such-partnership")[0] == 404

    deadline = time.monotonic() + 5
    while not (lines := access_lines(server, request_id)):
        assert time.monotonic() < deadline, server.log.read_text()[-2000:]
        time.sleep(0.05)
    (line,) = lines
    assert (line["method"], line["path"], line["status"]) == ("GET", ITEM, 200)
    assert line["dataset_version"] == version

    # Whichever worker answers, the version is described alike: once both serve it, requests
    # side by side reach both of them.
    deadline = time.monotonic() + 15
    while counted(get(server, "/metrics")[2].decode(), "partnership_dataset_info") < 2:
        assert time.monotonic() < deadline, "the second worker never served"
        time.sleep(0.05)
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: get(server, "/v1/dataset/versions"), range(32)))
    assert {status for status, _, _ in answers} == {200}
    bodies = {body for _, _, body in answers}
    assert len(bodies) == 1, bodies
    (described,) = bodies
    (published,) = [v["published_at"] for v in orjson.loads(described)["data"] if v["current"]]

    status, headers, body = get(server, "/metrics")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    text = body.decode()
    gauge = counted(text, "partnership_dataset_published_timestamp_seconds")
    assert gauge == dt.datetime.fromisoformat(published).timestamp()
    # Every worker's requests, summed: the probes and /metrics itself are not counted.
    assert counted(text, "partnership_http_request_total", status="200") == sent + len(answers)
    assert counted(text, "partnership_http_request_total", status="404") == 1
    latency = "partnership_http_request_duration_seconds_count"
    assert counted(text, latency, endpoint="partnerships.get_partnership", status="200") == sent
    assert counted(text, "partnership_dataset_info", version=version) >= 1
    for made in ("partnership-metrics-", "partnership-instance-"):
        assert [name for name in run.made if name.startswith(made)], run.made


def urllib_get(server: Server, path: str, request_id: str) -> int:
    request = urllib.request.Request(f"{server.base}{path}", headers={"X-Request-ID": request_id})
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(response.status)


def access_lines(server: Server, request_id: str) -> list[dict[str, object]]:
    """The lines logged for one request; every line of the log must be JSON."""
    lines = [orjson.loads(line) for line in server.log.read_bytes().splitlines() if line]
    return [line for line in lines if line.get("request_id") == request_id]


def test_make_run_serves_the_bundled_seeds_and_counts_what_it_serves() -> None:
    version = load_dataset(BUNDLED_SEEDS).version
    with shipped_run() as run:
        check_what_an_operator_sees(run, "embedded", version)
        made = run.made
    assert not made & own_folders(), "a clean stop removes the folders the instance made"


@pytest.fixture
def redis_of_its_own(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server on a free port: the README's `redis://127.0.0.1:6379/0` but for the port,
    so the README's default key prefix can be written without touching anyone else's keys."""
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


def test_publish_then_make_run_with_redis_serves_what_was_published(
    redis_of_its_own: RedisServer,
) -> None:
    url = redis_of_its_own.url
    published = subprocess.run(
        [".venv/bin/python", "-m", "service", "publish", "seeds"],
        cwd=ROOT, env=operators_environment(REDIS_URL=url),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert published.returncode == 0, published.stderr
    version = load_dataset(BUNDLED_SEEDS).version
    assert published.stdout.splitlines()[0] == f"published dataset version {version} from seeds"
    with shipped_run(REDIS_URL=url) as run:
        check_what_an_operator_sees(run, "redis", version)
        made = run.made
    assert not made & own_folders(), "a clean stop removes the folders the instance made"
