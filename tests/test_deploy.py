"""The container and compose files, read as files: linted, parsed and checked, and their health
checks run against a live gunicorn. The topology runs in test_compose_topology.py, the image
in test_image.py."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from limits import parse_many

from service.config import BUNDLED_SEEDS, Config
from tests.conftest import delete_prefix, new_prefix
from tests.support.live_server import gunicorn_process
from tests.support.redis_servers import free_port

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


@pytest.mark.system
def test_hadolint_reports_nothing_at_its_default_level() -> None:
    hadolint = Path(sys.executable).with_name("hadolint")
    result = subprocess.run(
        [str(hadolint), "Dockerfile"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_image_is_multi_stage_non_root_and_healthchecked() -> None:
    assert len(re.findall(r"^FROM ", DOCKERFILE, re.MULTILINE)) == 2
    assert "COPY --from=build /opt/venv /opt/venv" in DOCKERFILE
    (user,) = re.findall(r"^USER (\S+)$", DOCKERFILE, re.MULTILINE)
    assert user.split(":")[0] not in ("0", "root")
    assert image_healthcheck() == ["python", "-m", "service.healthcheck", "/livez"]
    # Exec form: gunicorn is PID 1 and gets SIGTERM itself.
    assert re.search(r'^CMD \["gunicorn", "-c", "gunicorn.conf.py"\]$', DOCKERFILE, re.MULTILINE)


def image_healthcheck() -> list[str]:
    """The HEALTHCHECK's command, from its exec form."""
    (command,) = re.findall(r"^HEALTHCHECK [^\n]*\\\n\s+CMD (\[.*\])$", DOCKERFILE, re.MULTILINE)
    parsed: list[str] = json.loads(command)
    return parsed


def test_dockerignore_keeps_the_build_context_small() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "tests"} <= set(ignored)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    parsed: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return parsed


def test_compose_runs_redis_publish_api_the_gateway_and_prometheus(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    assert set(services) == {"redis", "publish", "api", "gateway", "prometheus"}
    for name in ("publish", "api"):
        assert services[name]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert services[name]["build"] == "."
        assert services[name]["volumes"] == ["${SEEDS_DIR:-./seeds}:/seeds:ro"]
    for name, service in services.items():
        for needed in service.get("depends_on", {}):
            assert needed in services, f"{name} depends on {needed}, which is not a service"


def test_redis_keeps_what_was_published_across_restarts(compose: dict[str, Any]) -> None:
    redis = compose["services"]["redis"]
    command = redis["command"]
    assert command[:3] == ["redis-server", "--appendonly", "yes"]
    assert "--save" not in command or command[command.index("--save") + 1] != ""
    assert redis["volumes"] == ["redis-data:/data"]  # the folder redis:7 writes its files in
    assert compose["volumes"] == {"redis-data": None, "prometheus-data": None}
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert redis["restart"] == "unless-stopped"


def test_only_the_publish_job_publishes(compose: dict[str, Any]) -> None:
    services = compose["services"]
    publish = services["publish"]
    assert publish["command"] == ["python", "-m", "service", "publish", "/seeds"]
    assert publish["restart"] == "no"
    assert publish["depends_on"] == {"redis": {"condition": "service_healthy"}}
    api = services["api"]["environment"]
    assert api["PUBLISH_SEEDS_IF_EMPTY"] == "false"
    # Every setting the replicas get is one the service accepts.
    config = Config.from_env({**api, "SEEDS_DIR": str(BUNDLED_SEEDS)})
    assert config.publish_seeds_if_empty is False
    assert config.trusted_proxies == 1  # the gateway


def test_the_gateway_limits_each_client_and_the_replicas_count_locally(
    compose: dict[str, Any],
) -> None:
    config = Config.from_env(
        {**compose["services"]["api"]["environment"], "SEEDS_DIR": str(BUNDLED_SEEDS)}
    )
    assert (config.rate_limit_storage, config.rate_limits_in_redis) == ("local", False)
    # The gateway's rate and burst are the replicas' RATE_LIMIT: as many at once as its window
    # allows, and that many per window after.
    (rate,) = parse_many(config.rate_limit)
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    (zone,) = re.findall(r"^\s*limit_req_zone \S+ zone=(\S+):\S+ rate=(\d+)r/m;$", conf, re.M)
    (limit,) = re.findall(r"^\s*limit_req zone=(\S+) burst=(\d+) nodelay;$", conf, re.M)
    assert rate.get_expiry() == 60 and zone == (limit[0], str(rate.amount))
    assert limit[1] == str(rate.amount)


def test_the_api_scales_behind_the_gateway_the_one_published_port(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    published = {name: s["ports"] for name, s in services.items() if "ports" in s}
    assert published == {
        "gateway": ["${GATEWAY_PORT:-8080}:8080"],
        # Operators' pages, on the host's loopback only: the gateway is the one public port.
        "prometheus": ["127.0.0.1:${PROMETHEUS_PORT:-9090}:9090"],
    }
    api = services["api"]
    assert api["expose"] == ["8000"]
    assert api["depends_on"] == {
        "redis": {"condition": "service_healthy"},
        "publish": {"condition": "service_completed_successfully"},
    }
    assert api["healthcheck"]["test"] == ["CMD", "python", "-m", "service.healthcheck", "/readyz"]
    gateway = services["gateway"]
    assert gateway["image"].startswith("nginx:")
    assert gateway["volumes"] == ["./deploy/nginx.conf:/etc/nginx/nginx.conf:ro"]
    assert gateway["depends_on"] == {"api": {"condition": "service_healthy"}}
    # The gateway's config names the api service on the port the image binds, and listens on
    # the port the compose file publishes.
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert re.findall(r"^\s*server (\S+);", conf, re.MULTILINE) == ["api:8000"]
    assert re.findall(r"^\s*listen (\S+);", conf, re.MULTILINE) == ["8080"]
    assert re.search(r"^ENV .*\bPORT=8000$", DOCKERFILE, re.MULTILINE)


def test_prometheus_scrapes_every_replica_directly_and_loads_the_alerts(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    prometheus = services["prometheus"]
    assert prometheus["image"].startswith("prom/prometheus:v2.")
    mounts = dict(
        v.removesuffix(":ro").split(":") for v in prometheus["volumes"] if v.endswith(":ro")
    )
    assert mounts == {
        "./deploy/prometheus.yml": "/etc/prometheus/prometheus.yml",
        "./deploy/alerts.yml": "/etc/prometheus/alerts.yml",
    }
    assert "prometheus-data:/prometheus" in prometheus["volumes"]
    flags = dict(flag.removeprefix("--").split("=", 1) for flag in prometheus["command"])
    assert flags == {
        "config.file": mounts["./deploy/prometheus.yml"],
        "storage.tsdb.path": "/prometheus",
    }
    config = yaml.safe_load((ROOT / "deploy" / "prometheus.yml").read_text(encoding="utf-8"))
    # Rule files are named relative to the config file: the mounted alerts, beside it.
    assert config["rule_files"] == ["alerts.yml"]
    (job,) = config["scrape_configs"]
    assert (job["job_name"], job["metrics_path"]) == ("api", "/metrics")
    # Each replica by the compose service's name, on the port it exposes: never the gateway.
    (discovery,) = job["dns_sd_configs"]
    assert (discovery["names"], discovery["type"]) == (["api"], "A")
    assert [str(discovery["port"])] == services["api"]["expose"]
    assert "static_configs" not in job


def healthcheck(command: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """A health check command as the container runs it (`python` is the venv's there)."""
    assert command[0] == "python"
    return subprocess.run(
        [sys.executable, *command[1:]],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=30,
        check=False,
    )  # fmt: skip


@pytest.mark.system
def test_health_checks_ask_the_port_the_server_binds(compose: dict[str, Any]) -> None:
    readyz = compose["services"]["api"]["healthcheck"]["test"][1:]
    with gunicorn_process(WEB_CONCURRENCY="1") as server:
        port = server.base.rsplit(":", 1)[1]
        assert port != "8000"
        for command in (image_healthcheck(), readyz):
            result = healthcheck(command, HOST="0.0.0.0", PORT=port)
            assert (result.returncode, result.stderr) == (0, "")
    nobody = str(free_port())
    result = healthcheck(image_healthcheck(), HOST="0.0.0.0", PORT=nobody)
    assert result.returncode == 1
    assert result.stderr.startswith(f"unhealthy: /livez on 127.0.0.1:{nobody}: ConnectionRefused")


@pytest.mark.system
def test_the_api_health_check_fails_while_nothing_is_published(
    compose: dict[str, Any], shared_redis_url: str
) -> None:
    readyz = compose["services"]["api"]["healthcheck"]["test"][1:]
    prefix = new_prefix()
    env = {"REDIS_URL": shared_redis_url, "REDIS_PREFIX": prefix, "PUBLISH_SEEDS_IF_EMPTY": "false"}
    with gunicorn_process(WEB_CONCURRENCY="1", **env) as server:
        port = server.base.rsplit(":", 1)[1]
        result = healthcheck(readyz, PORT=port)
        assert result.returncode == 1
        assert result.stderr == f"unhealthy: /readyz on 127.0.0.1:{port}: status 503\n"
        assert healthcheck(image_healthcheck(), PORT=port).returncode == 0  # alive all the same
    delete_prefix(shared_redis_url, prefix)
