"""Rendering builds the API's JSON directly, and the API schemas stay the one definition of its
shapes: every resource of the bundled seeds and of a synthetic folder, as stored and as served,
is what marshmallow dumps through its API schema."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from flask import Flask
from marshmallow import Schema, fields

from bench.synthetic import write_synthetic_seeds
from schemas import api
from service import create_app
from service.config import BUNDLED_SEEDS, Config
from service.dataset import Dataset, load_dataset
from service.dataset.assemble import assemble
from service.dataset.build import DATASET_KEY
from service.dataset.link import link_documents
from service.dataset.parse import parse_seeds
from service.dataset.render import ETAG_LENGTH, ITEM_SCHEMAS, LIST_SCHEMAS, item_key, list_item_key
from service.dataset.shapes import shape_of
from tests.conftest import SUITE_RATE_LIMIT, get_all


@pytest.fixture(scope="module", params=["bundled", "synthetic"])
def folder(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "bundled":
        return BUNDLED_SEEDS
    return write_synthetic_seeds(
        tmp_path_factory.mktemp("synthetic"), partnerships=14, organizations=5, per_source=6
    )


@pytest.fixture(scope="module")
def resources(folder: Path) -> dict[str, dict[str, Any]]:
    return assemble(*link_documents(parse_seeds(folder)))


@pytest.fixture(scope="module")
def dataset(folder: Path) -> Dataset:
    return load_dataset(folder)


@pytest.fixture(scope="module")
def served(folder: Path) -> Iterator[Flask]:
    # Each folder served; testing mode (an error past the handlers fails the test) and a limit
    # out of reach: the test reads every item.
    app = create_app(Config(testing=True, seeds_dir=folder, rate_limit=SUITE_RATE_LIMIT))
    yield app
    app.extensions["partnership_api"].store.close()


def dumped(schema: Schema, record: dict[str, Any], **extra: Any) -> bytes:
    return orjson.dumps(schema.dump({**record, **extra}))


def test_every_stored_item_is_its_api_schema_dump_byte_for_byte(
    resources: dict[str, dict[str, Any]], dataset: Dataset
) -> None:
    compared = 0
    for schemas, key in ((ITEM_SCHEMAS, item_key), (LIST_SCHEMAS, list_item_key)):
        for rtype, schema in schemas.items():
            for rid, record in resources[rtype].items():
                assert dataset.items[key(rtype, rid)][ETAG_LENGTH:] == dumped(schema, record)
                compared += 1
    assert compared == len(dataset.items) - 1  # every item but the dataset's description
    info = orjson.loads(dataset.items[DATASET_KEY][ETAG_LENGTH:])
    assert info == api.DatasetInfo().dump({**info, "loaded_at": dataset.loaded_at})


def test_every_resource_served_is_its_api_schema_dump(
    resources: dict[str, dict[str, Any]], served: Flask
) -> None:
    client = served.test_client()
    for rtype, schema in ITEM_SCHEMAS.items():
        for rid, record in resources[rtype].items():
            response = client.get(f"/v1/{rtype}/{rid}")
            assert response.status_code == 200
            body = orjson.loads(response.data)
            assert body == schema.dump({**record, "updated_in": body["updated_in"]})
            # The stored bytes with `updated_in` after them: every other key in schema order.
            expected = dumped(schema, record)[:-1] + b',"updated_in":"%s"}' % (
                body["updated_in"].encode()
            )
            assert response.data == expected
        listed = {item["id"]: item for item in get_all(client, f"/v1/{rtype}?limit=100")}
        assert set(listed) == set(resources[rtype])
        schema = LIST_SCHEMAS.get(rtype, schema)
        for rid, item in listed.items():
            assert item == schema.dump({**resources[rtype][rid], "updated_in": item["updated_in"]})


class Inner(Schema):
    label = fields.String()
    count = fields.Integer()


class Odd(Schema):
    """What the API schemas do not use yet, and a shape must still render as marshmallow does."""

    renamed = fields.String(data_key="shown")
    moved = fields.String(attribute="elsewhere")
    defaulted = fields.String(dump_default="fallback")
    day = fields.Date()
    when = fields.DateTime()
    nested = fields.Nested(Inner, allow_none=True)
    many = fields.List(fields.Nested(Inner))
    labels = fields.List(fields.String())
    flags = fields.List(fields.Boolean())
    counted = fields.Integer(as_string=True)
    loose = fields.Dict()


@pytest.mark.parametrize(
    "record",
    [
        {},
        {"renamed": "a", "elsewhere": "b", "defaulted": "c", "counted": 7},
        {"day": dt.date(2025, 1, 31), "when": dt.datetime(2025, 1, 31, 8, tzinfo=dt.UTC)},
        {"nested": None, "many": [{"count": 2, "label": "x"}, {"label": "y"}], "labels": []},
        {"nested": {"label": "z", "extra": 1}, "flags": [True, False], "loose": {"k": [1]}},
        {"labels": ["a", "b"], "many": [], "renamed": None, "counted": None},
    ],
)
def test_a_shape_renders_what_marshmallow_dumps_for_every_kind_of_field(
    record: dict[str, Any],
) -> None:
    shape = shape_of(Odd())
    assert orjson.dumps(shape(record)) == orjson.dumps(Odd().dump(record))
    assert orjson.dumps(shape(dict(reversed(record.items())))) == orjson.dumps(Odd().dump(record))
