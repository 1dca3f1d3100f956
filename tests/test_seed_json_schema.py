"""The JSON Schema of seed files is made from the seed schemas, committed, and holds: an
independent validator (check-jsonschema) accepts the bundled seeds and refuses every bad seed
whose fault a JSON Schema can express (the rest is left to `check-seeds`)."""

import subprocess
import sys
from pathlib import Path

import pytest

from schemas.seed_json_schema import render

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "schemas" / "seed-file.schema.json"
CHECK = Path(sys.executable).with_name("check-jsonschema")
BAD_SEEDS = ROOT / "tests" / "data" / "bad-seeds"
# The bad seeds a schema can refuse: a shape, a type, a vocabulary, a pattern, a count, a
# missing or unknown field, or a file that is not YAML at all. The others break rules across
# fields or files (dates that exist, quotes found, references, order), checked by check-seeds.
EXPRESSIBLE = {
    "bad-date-precision",
    "bad-enum-value",
    "duplicate-yaml-key",
    "id-not-a-slug",
    "invalid-utf8",
    "missing-required-field",
    "not-a-mapping",
    "slug-with-trailing-newline",
    "too-few-participants",
    "unknown-field",
    "wrong-type",
    "yaml-syntax",
}


def test_the_committed_schema_is_made_from_the_seed_schemas() -> None:
    assert COMMITTED.read_bytes() == render(), "run `make seed-schema` and commit"


def test_the_bundled_seed_file_names_the_schema_for_editors() -> None:
    (seed,) = (ROOT / "seeds").glob("*.yaml")
    first = seed.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/seed-file.schema.json"


def check(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK), "--schemafile", str(COMMITTED), *map(str, files)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.system
def test_the_bundled_and_the_history_seeds_pass_an_independent_validator() -> None:
    seeds = [
        *(ROOT / "seeds").glob("*.yaml"),
        *(ROOT / "tests/data/partnership-history").glob("*.yaml"),
    ]
    result = check(*seeds)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.system
def test_an_independent_validator_refuses_each_bad_seed_a_schema_can_express() -> None:
    refused = {
        folder.name
        for folder in sorted(BAD_SEEDS.iterdir())
        if check(*folder.glob("*.yaml"), *folder.glob("*.json")).returncode != 0
    }
    assert refused == EXPRESSIBLE
