"""The JSON Schema of a seed file, made from the marshmallow seed schemas (they stay the one
definition): an editor with a YAML language server validates and completes seed files with it.

apispec's marshmallow converter writes each schema as a JSON Schema object, as it does for the
OpenAPI document; rules no JSON Schema can say (a date that exists, a quote found in its
source, references between files) are checked by `check-seeds` alone."""

from typing import Any

import orjson
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import fields

from schemas.seed import SeedFile, StateField

DIALECT = "https://json-schema.org/draft/2020-12/schema"
COMPONENTS = "#/components/schemas/"
DEFINITIONS = "#/$defs/"


def seed_file_json_schema() -> dict[str, Any]:
    plugin = MarshmallowPlugin()
    spec = APISpec("Seed file", "1", "3.1.0", plugins=[plugin])

    def state_claims(_: Any, field: fields.Field[Any], **__: Any) -> dict[str, Any]:
        """A state is a bare value or a claim of its own, named for the record and field."""
        if not isinstance(field, StateField) or field.parent is None or field.name is None:
            return {}
        name = f"{type(field.parent).__name__.removesuffix('Seed')}{field.name.title()}Claim"
        if name not in spec.components.schemas:
            spec.components.schema(name, schema=field.claim)
        return {
            "oneOf": [
                {"type": "string", "enum": list(field.choices)},
                {"$ref": f"{COMPONENTS}{name}"},
            ]
        }

    assert plugin.converter is not None  # made when the spec is
    plugin.converter.add_attribute_function(state_claims)  # type: ignore[no-untyped-call]
    spec.components.schema("SeedFile", schema=SeedFile)
    definitions = spec.to_dict()["components"]["schemas"]
    document = {
        "$schema": DIALECT,
        "title": "Partnership metadata API seed file",
        "description": (
            "One source document and the facts it supports; every fact cites the source's "
            "exact words. Checked in full by `make check-seeds`."
        ),
        "$ref": f"{DEFINITIONS}SeedFile",
        "$defs": dict(sorted(definitions.items())),
    }
    rendered = orjson.dumps(document).decode().replace(COMPONENTS, DEFINITIONS)
    found: dict[str, Any] = orjson.loads(rendered)
    return found


def render() -> bytes:
    return orjson.dumps(seed_file_json_schema(), option=orjson.OPT_INDENT_2) + b"\n"
