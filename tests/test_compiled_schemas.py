"""The compiled schemas load and dump exactly as marshmallow does, and never accept more."""

import copy
import random
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from marshmallow import ValidationError

from bench.synthetic import write_synthetic_seeds
from schemas.compiled import compile_dump, compile_load, loader
from schemas.seed import SeedFile
from service.config import BUNDLED_SEEDS
from service.dataset.assemble import assemble
from service.dataset.link import link_documents
from service.dataset.parse import parse_seeds
from service.dataset.render import ITEM_SCHEMAS, LIST_SCHEMAS
from tests.support.seed_files import SEED_FILE

# Values that each break some field somewhere: wrong types, empty, too long, bad formats.
ODD_VALUES: list[Any] = [
    None,
    42,
    True,
    1.5,
    "",
    "Not A Slug",
    "x" * 3000,
    "2024-13-01",
    [],
    ["x"],
    {},
    {"unknown": 1},
    b"bytes",
]


def bundled_seed() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((BUNDLED_SEEDS / SEED_FILE).read_text("utf-8"))
    return data


def same(a: Any, b: Any) -> bool:
    # Byte-equal JSON: equal values and equal key order.
    return bool(orjson.dumps(a) == orjson.dumps(b))


def synthetic_seed(tmp_path: Path) -> dict[str, Any]:
    write_synthetic_seeds(tmp_path, partnerships=10, organizations=4, per_source=10)
    data: dict[str, Any] = orjson.loads(next(tmp_path.glob("*.json")).read_bytes())
    return data


def test_valid_seeds_load_as_marshmallow_loads_them(tmp_path: Path) -> None:
    fast = compile_load(SeedFile())
    for data in (bundled_seed(), synthetic_seed(tmp_path)):
        assert same(fast(copy.deepcopy(data)), SeedFile().load(data))


def leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths to every value, containers included."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += leaves(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += leaves(item, (*path, i))
    return found


def mutated(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    broken = copy.deepcopy(data)
    path = rng.choice(leaves(broken))
    parent = broken
    for step in path[:-1]:
        parent = parent[step]
    action = rng.random()
    if action < 0.15 and isinstance(parent, dict):
        del parent[path[-1]]
    elif action < 0.25 and isinstance(parent, dict):
        parent["surprise"] = "field"
    else:
        parent[path[-1]] = rng.choice(ODD_VALUES)
    return broken


@pytest.mark.parametrize("seed", range(4))
def test_compiled_load_never_accepts_what_marshmallow_refuses(seed: int) -> None:
    rng = random.Random(seed)
    data = bundled_seed()
    fast = compile_load(SeedFile())
    load = loader(SeedFile(), compile_from=1)
    refused = 0
    for _ in range(60):
        broken = mutated(data, rng)
        try:
            expected = SeedFile().load(copy.deepcopy(broken))
        except ValidationError as error:
            refused += 1
            with pytest.raises(Exception):  # noqa: B017 -- any refusal hands over to marshmallow
                fast(copy.deepcopy(broken))
            with pytest.raises(ValidationError) as raised:
                load(copy.deepcopy(broken))
            assert raised.value.messages == error.messages
            continue
        try:
            result = fast(copy.deepcopy(broken))
        except Exception:  # unsure is allowed: marshmallow then loads it
            result = load(copy.deepcopy(broken))
        assert same(result, expected), broken
    assert refused > 20  # the mutations do break things


def test_compiled_dump_matches_marshmallow_for_every_resource(tmp_path: Path) -> None:
    write_synthetic_seeds(tmp_path, partnerships=12, organizations=5, per_source=6)
    for folder in (BUNDLED_SEEDS, tmp_path):
        resources = assemble(*link_documents(parse_seeds(folder)))
        for schemas in (ITEM_SCHEMAS, LIST_SCHEMAS):
            for rtype, schema in schemas.items():
                dump = compile_dump(schema)
                for record in resources[rtype].values():
                    assert same(dump(record), schema.dump(record))
