"""The image built from the Dockerfile and run with podman: it serves as user 10001 and logs no
error, its health check follows PORT, and a publish run from it is served by a second container."""

import re
import shutil
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

from service.config import BUNDLED_SEEDS
from service.dataset import load_dataset
from tests.conftest import delete_prefix, new_prefix
from tests.support.podman_image import Podman, build_image, podman_or_skip
from tests.support.redis_servers import free_port
from tests.support.seed_files import rewrite_seed

pytestmark = pytest.mark.system
PARTNERSHIP = "/v1/partnerships/honda-nissan-ev-collaboration"


@pytest.fixture(scope="module")
def podman() -> Iterator[Podman]:
    with podman_or_skip() as found:
        yield found


@pytest.fixture(scope="module")
def image(podman: Podman) -> str:
    return build_image(podman)


@dataclass
class Container:
    name: str
    base: str
    podman: Podman

    def get(self, path: str) -> tuple[int, dict[str, str], Any]:
        try:
            with urllib.request.urlopen(f"{self.base}{path}", timeout=5) as response:
                return response.status, dict(response.headers), orjson.loads(response.read())
        except urllib.error.HTTPError as error:
            with error:
                return error.code, dict(error.headers), orjson.loads(error.read())

    def log(self) -> list[dict[str, Any]]:
        """What the container wrote, stdout and stderr: every line must be a JSON object."""
        logs = self.podman("logs", self.name)
        return [orjson.loads(line) for line in (logs.stdout + logs.stderr).splitlines() if line]

    def health_check(self, image: str) -> int:
        """The image's HEALTHCHECK command, run in the container as the engine would."""
        found = self.podman("image", "inspect", "--format", "{{json .Config.Healthcheck}}", image)
        test = orjson.loads(found.stdout)["Test"]
        assert test[0] == "CMD"
        return self.podman("exec", self.name, *test[1:], check=False).returncode


@contextmanager
def container(podman: Podman, image: str, port: int, *options: str) -> Iterator[Container]:
    """A container of the image (its CMD: gunicorn), answering on 127.0.0.1:`port`."""
    name = f"partnership-api-test-{uuid.uuid4().hex[:8]}"
    podman("run", "--detach", "--no-healthcheck", "--name", name, *options, image)
    running = Container(name, f"http://127.0.0.1:{port}", podman)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{running.base}/livez", timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                logs = podman("logs", name, check=False)
                assert time.monotonic() < deadline, f"no answer: {logs.stdout}{logs.stderr}"
                time.sleep(0.1)
        # The control socket starts beside the workers: wait for its line, or its error.
        while not [line for line in running.log() if line["message"].startswith("Control s")]:
            assert time.monotonic() < deadline, running.log()
            time.sleep(0.1)
        yield running
    finally:
        podman("rm", "--force", "--time", "0", name, check=False)


def assert_no_error_in(log: list[dict[str, Any]]) -> None:
    assert [line for line in log if line["level"] in ("ERROR", "CRITICAL")] == []
    sockets = [line["message"] for line in log if line["message"].startswith("Control s")]
    assert len(sockets) == 1 and sockets[0].startswith(
        "Control socket listening at /tmp/partnership-api-10001/gunicorn-"
    )


def test_the_image_serves_the_bundled_seeds_as_user_10001_without_an_error(
    podman: Podman, image: str
) -> None:
    port = free_port()
    with container(podman, image, port, "--publish", f"127.0.0.1:{port}:8000") as served:
        assert served.get("/livez")[::2] == (200, {"status": "ok"})
        status, _, ready = served.get("/readyz")
        assert (status, ready["status"], ready["store"]) == (200, "ready", "embedded")
        assert ready["dataset_version"] == load_dataset(BUNDLED_SEEDS).version
        status, headers, partnership = served.get(PARTNERSHIP)
        assert (status, headers["Content-Type"]) == (200, "application/json")
        assert partnership["id"] == "honda-nissan-ev-collaboration"
        assert podman("exec", served.name, "id", "-u").stdout == "10001\n"
        # gunicorn itself, PID 1, runs as that user too.
        status_file = podman("exec", served.name, "cat", "/proc/1/status").stdout
        assert "Uid:\t10001\t10001\t10001\t10001\n" in status_file
        assert served.health_check(image) == 0
        assert_no_error_in(served.log())


def test_the_image_logs_and_counts_every_request_and_stops_clean(
    podman: Podman, image: str
) -> None:
    port = free_port()
    with container(podman, image, port, "--publish", f"127.0.0.1:{port}:8000") as served:
        sent = 10
        for number in range(sent):
            request = urllib.request.Request(
                f"{served.base}{PARTNERSHIP}", headers={"X-Request-ID": f"image-{number}"}
            )
            urllib.request.urlopen(request, timeout=5).close()
        logged = [line for line in served.log() if str(line.get("request_id")).startswith("image-")]
        assert sorted(line["request_id"] for line in logged) == [f"image-{n}" for n in range(sent)]
        assert {(line["path"], line["status"]) for line in logged} == {(PARTNERSHIP, 200)}
        with urllib.request.urlopen(f"{served.base}/metrics", timeout=5) as response:
            metrics = response.read().decode()
        requests = [
            line
            for line in metrics.splitlines()
            if line.startswith("partnership_http_request_total{")
        ]
        assert requests == ['partnership_http_request_total{method="GET",status="200"} 10.0']
        podman("stop", "--time", "20", served.name)
        assert podman("inspect", "--format", "{{.State.ExitCode}}", served.name).stdout == "0\n"
        # What the container changed in its filesystem: nothing of gunicorn's is left in /tmp.
        changed = podman("diff", served.name).stdout.split()
        assert [path for path in changed if path.startswith("/tmp/")] == []


def test_the_health_check_follows_a_changed_port(podman: Podman, image: str) -> None:
    port = free_port()
    options = ["--env", "PORT=9000", "--publish", f"127.0.0.1:{port}:9000"]
    with container(podman, image, port, *options) as served:
        assert served.get("/livez")[0] == 200
        assert served.health_check(image) == 0
        stopped = podman("exec", served.name, "python", "-m", "service.healthcheck", check=False)
        assert stopped.returncode == 0
        # Asked on a port nobody serves, the same check fails, and says why.
        elsewhere = podman(
            "exec", "--env", "PORT=8000", served.name, "python", "-m", "service.healthcheck",
            check=False,
        )  # fmt: skip
        assert elsewhere.returncode == 1
        assert elsewhere.stderr.startswith("unhealthy: /livez on 127.0.0.1:8000: Connection")
        assert_no_error_in(served.log())


@pytest.fixture
def operators_seeds() -> Iterator[Path]:
    """A seeds folder the container's user can read, differing from the bundled one."""
    folder = Path(tempfile.mkdtemp(prefix="seeds-"))
    folder.chmod(0o755)
    seeds = folder / "seeds"
    shutil.copytree(BUNDLED_SEEDS, seeds)
    rewrite_seed(seeds, lambda d: d["organizations"][0].update(aliases=["From the image"]))
    yield seeds
    shutil.rmtree(folder, ignore_errors=True)


def test_a_publish_run_from_the_image_is_served_by_a_second_container(
    podman: Podman, image: str, shared_redis_url: str, operators_seeds: Path
) -> None:
    version = load_dataset(operators_seeds).version
    assert version != load_dataset(BUNDLED_SEEDS).version
    prefix = new_prefix()
    # Host networking: the test's Redis listens on loopback.
    redis = ["--network", "host", "--env", f"REDIS_URL={shared_redis_url}"]
    redis += ["--env", f"REDIS_PREFIX={prefix}"]
    try:
        published = podman(
            "run", "--rm", *redis, "--volume", f"{operators_seeds}:/seeds:ro", image,
            "python", "-m", "service", "publish", "/seeds",
        )  # fmt: skip
        published_line, counts = published.stdout.splitlines()
        assert published_line == f"published dataset version {version} from /seeds"
        assert re.fullmatch(
            r"seed files: 1 validated, 0 known; items: \d+ written, 0 stored already", counts
        )
        port = free_port()
        address = ["--env", "HOST=127.0.0.1", "--env", f"PORT={port}"]
        with container(podman, image, port, *redis, *address) as replica:
            status, _, ready = replica.get("/readyz")
            assert (status, ready["status"], ready["store"]) == (200, "ready", "redis")
            assert ready["dataset_version"] == version
            status, headers, honda = replica.get("/v1/organizations/honda")
            assert (status, headers["X-Dataset-Version"]) == (200, version)
            assert honda["aliases"] == ["From the image"]
            assert replica.health_check(image) == 0
            assert_no_error_in(replica.log())
    finally:
        delete_prefix(shared_redis_url, prefix)
