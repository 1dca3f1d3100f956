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

from schemas import vocabulary as vocab
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


# The order the guide's field reference follows: a file, then what it holds, then the parts.
REFERENCE_ORDER = (
    "SeedFile", "SourceSeed", "OrganizationSeed", "PartnershipSeed", "ParticipantSeed",
    "ClaimSeed", "DriverSeed", "AgreementSeed", "RelatedSeed", "EventSeed", "StatementSeed",
    "ProductSeed", "EvidenceSeed", "DateSeed", "PartnershipStatusClaim", "AgreementStateClaim",
    "ProductStatusClaim",
)  # fmt: skip
TITLES = {
    "SeedFile": "A seed file",
    "SourceSeed": "`source`",
    "OrganizationSeed": "`organizations[]`",
    "PartnershipSeed": "`partnerships[]`",
    "ParticipantSeed": "`participants[]` of a partnership",
    "ClaimSeed": "`scope[]` and `objectives[]` of a partnership",
    "DriverSeed": "`drivers[]` of a partnership",
    "AgreementSeed": "`agreements[]` of a partnership",
    "RelatedSeed": "`related[]` of a partnership",
    "EventSeed": "`events[]`",
    "StatementSeed": "`statements[]`",
    "ProductSeed": "`products[]`",
    "EvidenceSeed": "`evidence[]`",
    "DateSeed": "`date`",
    "PartnershipStatusClaim": "a partnership's `status` as a claim",
    "AgreementStateClaim": "an agreement's `state` as a claim",
    "ProductStatusClaim": "a product's `status` as a claim",
}


def reference_markdown() -> str:
    """The guide's field reference (docs/seeds.md), one table per part of a seed file."""
    definitions = seed_file_json_schema()["$defs"]
    out: list[str] = []
    for name in REFERENCE_ORDER:
        definition = definitions[name]
        required = set(definition.get("required", ()))
        out += [
            f"#### {TITLES[name]}",
            "",
            "| field | type | required | what |",
            "|---|---|---|---|",
        ]
        for field, prop in definition["properties"].items():
            what = prop.get("description", "").replace("|", "\\|")
            mark = "yes" if field in required else ""
            out.append(f"| `{field}` | {_type(prop)} | {mark} | {what} |")
        out.append("")
    return "\n".join(out)


def _type(prop: dict[str, Any]) -> str:
    """A property's type, as a reader of the guide wants it."""
    if "oneOf" in prop:
        return " or ".join(_type(choice) for choice in prop["oneOf"])
    if "anyOf" in prop:
        return " or ".join(_type(c) for c in prop["anyOf"] if c.get("type") != "null")
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[1]
        return f"[{TITLES[name]}](#{_anchor(TITLES[name])})"
    kinds = prop.get("type", "")
    kind = next(k for k in kinds if k != "null") if isinstance(kinds, list) else kinds
    if kind == "array":
        return f"list of {_type(prop['items'])}"
    if "enum" in prop:
        values = [v for v in prop["enum"] if v is not None]
        return "one of " + ", ".join(f"`{v}`" for v in values)
    if prop.get("pattern") == vocab.SLUG_PATTERN:
        return "slug"
    if prop.get("format") == "date":
        return "date (YYYY-MM-DD)"
    return str(kind)


def _anchor(title: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    kept = "".join(c for c in title.lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


REFERENCE_BEGIN = "<!-- field reference: begin -->"
REFERENCE_END = "<!-- field reference: end -->"


def with_reference(guide: str) -> str:
    """The guide with its field reference made anew between its two markers."""
    head, begin, rest = guide.partition(REFERENCE_BEGIN)
    _, end, tail = rest.partition(REFERENCE_END)
    if not begin or not end:
        raise ValueError(f"the guide has no {REFERENCE_BEGIN} ... {REFERENCE_END} section")
    return f"{head}{REFERENCE_BEGIN}\n{reference_markdown()}{REFERENCE_END}{tail}"
