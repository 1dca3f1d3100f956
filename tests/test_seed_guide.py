"""docs/seeds.md stays true: its field reference is the one the seed schemas make, and its
walk-through (write a text and a seed file, check, fix, check, add a later report, check) runs
on a copy of the bundled seeds, each command answering as the guide shows."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from schemas.seed_json_schema import with_reference
from service.config import BUNDLED_SEEDS

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "seeds.md"
BLOCK = re.compile(r"^```(\w+)(?: file=(\S+))?\n(.*?)^```$", re.M | re.S)
MAKE = re.compile(r"make(\[\d+\])?: \*\*\*")
PROGRESS = ("reading seeds:", "linking evidence:", "assembling:", "rendering:", "indexing:")


def test_the_field_reference_is_made_from_the_seed_schemas() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    assert with_reference(guide) == guide, "run `make seed-schema` and commit"


def apply_diff(path: Path, diff: str) -> None:
    """Each `-` line of the block replaced by the `+` line after it."""
    text = path.read_text(encoding="utf-8")
    lines = diff.splitlines()
    for old, new in zip(lines[::2], lines[1::2], strict=True):
        assert old.startswith("-") and new.startswith("+"), (old, new)
        assert text.count(old[1:] + "\n") == 1, old
        text = text.replace(old[1:] + "\n", new[1:] + "\n")
    path.write_text(text, encoding="utf-8")


def run_shown(command: str, seeds: Path) -> list[str]:
    """A command as the guide shows it, on the copy of the seeds; what it prints."""
    assert command == "make check-seeds SEEDS=seeds", command
    # SEEDS is the copy the walk-through edits; -s and --no-print-directory keep make's own
    # lines (the command it runs, the folder it enters under `make test`) out of the output.
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", "check-seeds", f"SEEDS={seeds}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    printed = (result.stderr + result.stdout).replace(str(seeds), "seeds").splitlines()
    # Progress lines, and make's own note of a failed command (`make[1]: ***` when make runs
    # under make), are not the guide's to show.
    return [line for line in printed if not line.startswith(PROGRESS) and not MAKE.match(line)]


def matches(shown: str, printed: str) -> bool:
    pattern = re.escape(shown).replace(re.escape("<version>"), "[0-9a-f]{16}")
    return re.fullmatch(pattern, printed) is not None


@pytest.mark.system
def test_the_walk_through_runs_as_the_guide_shows(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(BUNDLED_SEEDS, seeds)
    steps = 0
    for kind, file, body in BLOCK.findall(GUIDE.read_text(encoding="utf-8")):
        if file and kind == "diff":
            apply_diff(seeds / file, body)
        elif file:
            (seeds / file).write_text(body, encoding="utf-8")
        elif kind == "console":
            command, *shown = body.splitlines()
            printed = run_shown(command.removeprefix("$ "), seeds)
            assert len(printed) == len(shown), printed
            for expected, line in zip(shown, printed, strict=True):
                assert matches(expected, line), (expected, line)
            steps += 1
    assert steps == 3
