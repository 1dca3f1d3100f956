"""The container and compose files: linted and checked here, since no Docker engine runs."""

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


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
    assert "/livez" in DOCKERFILE.split("HEALTHCHECK", 1)[1].split("\n\n")[0]
    # Exec form: gunicorn is PID 1 and gets SIGTERM itself.
    assert re.search(r'^CMD \["gunicorn", "-c", "gunicorn.conf.py"\]$', DOCKERFILE, re.MULTILINE)


def test_dockerignore_keeps_the_build_context_small() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "tests"} <= set(ignored)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    parsed: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return parsed


def test_compose_runs_redis_publish_and_api(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"redis", "publish", "api"}
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert services["publish"]["command"] == ["python", "-m", "service", "publish"]
    assert services["publish"]["restart"] == "no"
    api = services["api"]
    assert api["ports"] == ["8000:8000"]
    assert api["depends_on"]["redis"] == {"condition": "service_healthy"}
    assert api["depends_on"]["publish"] == {"condition": "service_completed_successfully"}
    assert "/readyz" in " ".join(api["healthcheck"]["test"])
    for name in ("publish", "api"):
        assert services[name]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert services[name]["build"] == "."
