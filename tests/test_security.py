"""What SECURITY.md promises, checked: no write endpoint, Redis credentials never shown, safe
YAML, a clean bandit run, and dependencies without known vulnerabilities."""

import http.client
import json
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
import yaml
from click.testing import CliRunner

from service import create_app
from service.cli import main
from service.config import Config
from service.dataset import SeedError, load_dataset
from service.dataset.syntax import SeedLoader
from tests.conftest import new_prefix
from tests.support.live_server import ROOT, Server, gunicorn_process
from tests.support.redis_servers import RedisServer

pytestmark = pytest.mark.system

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
BIN = Path(sys.executable).parent


def routes() -> list[str]:
    """Every route of the app, with each variable part filled in."""
    app = create_app(Config(testing=True))  # testing mode: an error fails the test
    return [re.sub(r"<[^>]+>", "x", rule.rule) for rule in app.url_map.iter_rules()]


def test_no_route_takes_a_write_method() -> None:
    app = create_app(Config(testing=True))  # testing mode: an error fails the test
    for rule in app.url_map.iter_rules():
        assert rule.methods is not None and rule.methods <= READ_METHODS, rule.rule


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    # One worker is enough for requests sent one at a time.
    with gunicorn_process(WEB_CONCURRENCY="1") as running:
        yield running


def request(server: Server, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
    host, port = server.base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, path, body=b"{}", headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("method", WRITE_METHODS)
def test_every_route_answers_a_write_with_405_problem_json_and_allow(
    server: Server, method: str
) -> None:
    for path in routes():
        status, headers, body = request(server, method, path)
        assert status == 405, (path, body)
        assert headers["Content-Type"] == "application/problem+json"
        assert orjson.loads(body)["status"] == 405
        assert set(headers["Allow"].split(", ")) == READ_METHODS


def test_seed_files_are_read_with_a_loader_that_builds_no_objects(tmp_path: Path) -> None:
    assert issubclass(SeedLoader, yaml.constructor.SafeConstructor)
    assert not issubclass(SeedLoader, yaml.constructor.FullConstructor)
    (tmp_path / "evil.yaml").write_text("source: !!python/object/apply:os.getpid []\n")
    with pytest.raises(SeedError, match=r"evil\.yaml"):
        load_dataset(tmp_path)


def test_redis_credentials_appear_in_no_log_line_problem_or_readyz(tmp_path: Path) -> None:
    password = f"pw-{uuid.uuid4().hex}"
    # A Redis of its own with a password to look for, which the test stops.
    redis = RedisServer(tmp_path / "redis", password=password).start()
    wrong = redis.url.replace(password, f"wrong-{password}")  # a second replica, refused
    # A prefix of its own; a short client timeout, so the failures come sooner.
    env = {"REDIS_URL": redis.url, "REDIS_PREFIX": new_prefix(), "REDIS_TIMEOUT": "0.2"}
    seen: list[bytes] = []
    try:
        with (
            gunicorn_process(**env) as replica,
            gunicorn_process(**env | {"REDIS_URL": wrong}) as refused,
        ):
            paths = ["/readyz", "/v1/organizations/honda", "/v1/organizations/none", "/v1/x?y=%zz"]
            seen += [request(replica, "GET", path)[2] for path in paths]
            redis.stop()  # failures to provoke: Redis gone under a running replica
            deadline = time.monotonic() + 15
            while b"redis unavailable" not in replica.log.read_bytes():
                assert time.monotonic() < deadline, "the outage was never logged"
                time.sleep(0.1)
            seen += [
                request(server, "GET", path)[2] for server in (replica, refused) for path in paths
            ]
            seen += [replica.log.read_bytes(), refused.log.read_bytes()]
            published = CliRunner().invoke(main, ["publish"], env=env)
            seen.append(published.output.encode())
        assert published.exit_code == 2
        assert orjson.loads(seen[len(paths)])["status"] == "degraded"
    finally:
        redis.stop()
    leaks = [chunk for chunk in seen if password.encode() in chunk]
    assert leaks == []


def test_bandit_reports_nothing_at_medium_severity_or_above() -> None:
    result = subprocess.run(
        [str(BIN / "bandit"), "-q", "-r", "service", "schemas", "bench", "gunicorn.conf.py",
         "--severity-level", "medium", "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    found = json.loads(result.stdout)["results"]
    assert [(r["filename"], r["line_number"], r["test_id"]) for r in found] == []
    assert result.returncode == 0, result.stderr


def test_dependencies_have_no_known_vulnerabilities() -> None:
    audits = [audit(service) for service in ("pypi", "osv")]
    reached = [deps for deps in audits if deps and any("skip_reason" not in d for d in deps)]
    if not reached:
        pytest.skip(
            "pip-audit reached neither PyPI's vulnerability data (every dependency 'not found' "
            "through this machine's index) nor OSV (no route to it)"
        )
    vulnerable = [(d["name"], d["version"], d["vulns"]) for d in reached[0] if d.get("vulns")]
    assert vulnerable == []


def audit(service: str) -> list[dict[str, object]] | None:
    """pip-audit's dependencies (each with its vulns), or None when its service is unreachable."""
    result = subprocess.run(
        [str(BIN / "pip-audit"), "--vulnerability-service", service, "--skip-editable",
         "--progress-spinner", "off", "--format", "json", "--timeout", "10"],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    try:
        dependencies: list[dict[str, object]] = json.loads(result.stdout)["dependencies"]
    except (json.JSONDecodeError, KeyError):
        return None
    return dependencies
