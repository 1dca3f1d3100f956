"""The OpenAPI document passes two independent linters: Spectral's OpenAPI ruleset and Redocly
CLI's recommended ruleset each report no error and no warning (a rule switched off in
.spectral.yaml or tests/spectral/redocly.yaml says why)."""

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / ".venv" / "spectral" / "node_modules" / ".bin"
SPECTRAL = TOOLS / "spectral"
REDOCLY = TOOLS / "redocly"
REDOCLY_CONFIG = ROOT / "tests" / "spectral" / "redocly.yaml"

pytestmark = pytest.mark.system


def lint(document: Path) -> list[dict[str, object]]:
    if not SPECTRAL.exists():
        pytest.fail("Spectral is not installed: `make unit` installs it with npm")
    result = subprocess.run(
        [str(SPECTRAL), "lint", str(document), "--ruleset", str(ROOT / ".spectral.yaml"),
         "--format", "json", "--quiet", "--fail-severity", "hint"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    problems: list[dict[str, object]] = json.loads(result.stdout or "[]")
    return problems


def redocly_lint(document: Path) -> dict[str, Any]:
    """Redocly's report: `totals` (errors, warnings) and `problems`, each with its `ruleId`."""
    if not REDOCLY.exists():
        pytest.fail("Redocly CLI is not installed: `make unit` installs it with npm")
    # The config turns its usage report off as well; the variables keep the run offline even
    # if the config is not read, and keep its update check quiet.
    env = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
    result = subprocess.run(
        [str(REDOCLY), "lint", str(document), "--config", str(REDOCLY_CONFIG),
         "--format", "json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.stdout, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_spectral_finds_nothing_in_openapi_yaml() -> None:
    problems = lint(ROOT / "openapi.yaml")
    assert [(p["code"], p["path"], p["message"]) for p in problems] == []


def test_spectral_reports_what_it_is_asked_to_check(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    text = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    broken.write_text(
        text.replace("  contact:\n    name: Partnership metadata API maintainers\n", "")
    )
    codes = {p["code"] for p in lint(broken)}
    assert "info-contact" in codes


def test_redocly_finds_nothing_in_openapi_yaml() -> None:
    report = redocly_lint(ROOT / "openapi.yaml")
    assert report["problems"] == []
    assert report["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}


def test_redocly_reports_what_it_is_asked_to_check(tmp_path: Path) -> None:
    # Without the root `security: []` and the license, every operation leaves its security
    # unsaid and `info` names no license: the recommended ruleset is what runs.
    broken = tmp_path / "broken.yaml"
    text = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    without = text.replace("security: []\n", "").replace(
        "  license:\n    name: MIT\n    identifier: MIT\n", ""
    )
    assert without != text
    broken.write_text(without)
    report = redocly_lint(broken)
    rules = [p["ruleId"] for p in report["problems"]]
    assert set(rules) == {"security-defined", "info-license"}
    paths = yaml.safe_load(text)["paths"].values()
    operations = [method for item in paths for method in item if method != "parameters"]
    assert rules.count("security-defined") == len(operations) == 18
