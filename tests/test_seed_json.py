"""Seed files may be JSON: same schema, same dataset, same messages naming file and field."""

import datetime as dt
import shutil
from pathlib import Path

import orjson
import pytest
import yaml

from service.dataset import SeedError, load_dataset
from tests.support.seed_files import SEED_FILE
from tests.test_seed_errors import BAD_SEEDS


def as_json(seeds: Path, *, indent: bool = True) -> None:
    """Rewrite every YAML seed file in `seeds` as a JSON one of the same content."""
    for path in seeds.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        option = orjson.OPT_INDENT_2 if indent else 0
        path.with_suffix(".json").write_bytes(orjson.dumps(data, option=option))
        path.unlink()


def in_json(folder: Path) -> bool:
    """Whether a broken folder's breakage survives being written as JSON: not when it is in
    the YAML itself (its syntax, its encoding, a repeated key YAML readers silently drop)."""
    try:
        for path in folder.glob("*.yaml"):
            orjson.dumps(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, UnicodeDecodeError, orjson.JSONEncodeError):
        return False
    return folder.name != "duplicate-yaml-key"


JSON_EXPRESSIBLE = [folder for folder in BAD_SEEDS if in_json(folder)]


def problems(seeds: Path) -> list[str]:
    with pytest.raises(SeedError) as raised:
        load_dataset(seeds)
    return [str(p) for p in raised.value.problems]


@pytest.mark.parametrize("indent", [True, False])
def test_json_seeds_make_the_same_dataset_as_yaml(seeds_copy: Path, indent: bool) -> None:
    # One load time for both: the dataset item carries it, and a second may tick in between.
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    from_yaml = load_dataset(seeds_copy, now)
    as_json(seeds_copy, indent=indent)
    from_json = load_dataset(seeds_copy, now)
    assert from_json.version == from_yaml.version
    assert from_json.items == from_yaml.items


@pytest.mark.parametrize("folder", JSON_EXPRESSIBLE, ids=[f.name for f in JSON_EXPRESSIBLE])
def test_bad_json_seed_gets_the_yaml_message(tmp_path: Path, folder: Path) -> None:
    seeds = tmp_path / "json"
    shutil.copytree(folder, seeds)
    as_json(seeds)
    yaml_copy = tmp_path / "yaml"
    yaml_copy.mkdir()
    # The same broken content, back as YAML, is the reference for the messages.
    for path in seeds.iterdir():
        target = yaml_copy / path.name
        if path.suffix == ".json":
            data = orjson.loads(path.read_bytes())
            target.with_suffix(".yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        elif path.is_dir():
            shutil.copytree(path, target)
    expected = [p.replace(".yaml", ".json") for p in problems(yaml_copy)]
    assert problems(seeds) == expected


def test_most_broken_folders_break_the_same_way_in_json() -> None:
    assert len(JSON_EXPRESSIBLE) >= 25


def test_duplicate_key_in_json_is_refused_naming_its_object(seeds_copy: Path) -> None:
    as_json(seeds_copy)
    target = seeds_copy / SEED_FILE.replace(".yaml", ".json")
    text = target.read_text(encoding="utf-8")
    # A second `name` in the first organization; orjson alone would keep it silently.
    first_name = text.index('"name":')
    target.write_text(text[:first_name] + '"name": "Twice",\n' + text[first_name:])
    assert problems(seeds_copy) == [
        f"{target.name}: organizations[0]: duplicate key 'name' in JSON."
    ]


def test_invalid_json_names_line_and_column(seeds_copy: Path) -> None:
    for path in seeds_copy.glob("*.yaml"):
        path.unlink()
    (seeds_copy / "broken.json").write_text('{\n  "source": [1,\n}\n', encoding="utf-8")
    (message,) = problems(seeds_copy)
    assert message.startswith("broken.json: invalid JSON: ")
    assert "at line 3, column 1." in message
