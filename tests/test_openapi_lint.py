"""The OpenAPI document passes an independent linter: Spectral's OpenAPI ruleset reports no
error and no warning (a rule switched off in .spectral.yaml says why)."""

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPECTRAL = ROOT / ".venv" / "spectral" / "node_modules" / ".bin" / "spectral"

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
