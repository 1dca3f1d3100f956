"""Long loads and publishes say how far along each phase is: log lines when not on a terminal."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.synthetic import write_synthetic_seeds
from tests.support.redis_support import Target

PHASES = (
    "reading seeds",
    "linking evidence",
    "assembling",
    "rendering",
    "indexing",
    "writing to redis",
)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service", *args],
        env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def finished_phases(stderr: str) -> dict[str, tuple[int, int]]:
    """Each phase's last log line: done and total."""
    found = {}
    for phase, done, total in re.findall(r"^([a-z ]+): (\d+)/(\d+) \(\d+\.\d s\)$", stderr, re.M):
        found[phase] = (int(done), int(total))
    return found


@pytest.mark.system
def test_publish_reports_every_phase_to_its_end(target: Target, tmp_path: Path) -> None:
    write_synthetic_seeds(tmp_path, partnerships=1200, organizations=40, per_source=100)
    result = run_cli(
        "publish",
        str(tmp_path),
        # The target's Redis (standalone or Cluster) and a prefix of the test's own.
        env={
            "REDIS_URL": target.url,
            "REDIS_CLUSTER": "true" if target.cluster else "false",
            "REDIS_PREFIX": target.prefix,
        },
    )
    assert result.returncode == 0, result.stderr
    phases = finished_phases(result.stderr)
    assert tuple(phases) == PHASES, result.stderr
    assert phases["reading seeds"] == phases["linking evidence"] == (12, 12)
    assert phases["indexing"] == (6, 6)
    # 1,200 partnerships, events and statements, 40 organizations, 12 sources.
    assert phases["rendering"] == (3652, 3652)
    assert phases["writing to redis"][0] == phases["writing to redis"][1] > 3652


@pytest.mark.system
def test_check_seeds_reports_the_load_phases(tmp_path: Path) -> None:
    write_synthetic_seeds(tmp_path, partnerships=30, organizations=7, per_source=10)
    result = run_cli("check-seeds", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert tuple(finished_phases(result.stderr)) == PHASES[:-1]
