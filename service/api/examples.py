"""Schema examples for the OpenAPI document, taken from the bundled dataset so they are real."""

import functools
from typing import Any

import orjson
from apispec import APISpec

from schemas import api, envelope
from service.api.listing import encode_cursor
from service.config import BUNDLED_SEEDS
from service.dataset import load_dataset
from service.dataset.render import item_key, list_item_key, split_tagged

# The one value that is not a fact: when a dataset was loaded differs on every start.
EXAMPLE_LOADED_AT = "2026-01-01T00:00:00+00:00"


@functools.cache
def bundled_examples() -> dict[str, Any]:
    dataset = load_dataset(BUNDLED_SEEDS)

    def item(rtype: str, rid: str, key: Any = item_key) -> dict[str, Any]:
        value = dataset.items[key(rtype, rid)]
        parsed: dict[str, Any] = orjson.loads(split_tagged(value)[1])
        return parsed

    partnership = item("partnerships", "honda-nissan-ev-collaboration")
    organization = item("organizations", "honda")
    event = item("events", "honda-nissan-mou-signed")
    source_id = dataset.indexes["sources"].ids[0]
    info = orjson.loads(split_tagged(dataset.items["dataset"])[1])
    info["loaded_at"] = EXAMPLE_LOADED_AT
    examples: dict[str, Any] = {
        "Partnership": partnership,
        "Organization": organization,
        "Event": event,
        "Statement": item("statements", "honda-nissan-complementary-relationship"),
        "Product": item("products", "honda-prologue"),
        "Source": item("sources", source_id),
        "SourceSummary": item("sources", source_id, list_item_key),
        "DatasetInfo": info,
        "DatasetCounts": info["counts"],
        "DatasetSource": info["sources"][0],
        "Evidence": partnership["evidence"][0],
        "Claim": partnership["scope"][0],
        "Driver": partnership["drivers"][1],
        "Participant": partnership["participants"][0],
        "Agreement": partnership["agreements"][0],
        "RelatedPartnership": partnership["related"][0],
        "SourceDate": event["date"],
        "OrganizationPartnership": organization["partnerships"][0],
        "Links": {
            "self": "/v1/partnerships?organization=honda&limit=1",
            "first": "/v1/partnerships?organization=honda&limit=1",
            "prev": None,
            "next": "/v1/partnerships?organization=honda&limit=1&cursor="
            + encode_cursor(info["version"], 1),
        },
        "PageMeta": {"count": 2, "limit": 1, "dataset_version": info["version"]},
        "InvalidParam": {"name": "limit", "in": "query", "reason": "Must be between 1 and 100."},
        "Problem": {
            "type": "about:blank",
            "title": "Bad Request",
            "status": 400,
            "detail": "The request has invalid parameters: limit.",
            "invalid_params": [
                {"name": "limit", "in": "query", "reason": "Must be between 1 and 100."}
            ],
        },
    }
    pages = {
        "OrganizationPage": "Organization",
        "PartnershipPage": "Partnership",
        "EventPage": "Event",
        "StatementPage": "Statement",
        "ProductPage": "Product",
        "SourcePage": "SourceSummary",
    }
    for page, of in pages.items():
        examples[f"{of}InList"] = examples[of]
        examples[page] = {
            "data": [examples[of]],
            "links": examples["Links"],
            "meta": examples["PageMeta"],
        }
    return examples


PAGES = (
    envelope.OrganizationPage,
    envelope.PartnershipPage,
    envelope.EventPage,
    envelope.StatementPage,
    envelope.ProductPage,
    envelope.SourcePage,
)
_RESOURCES = (
    "Evidence", "SourceDate", "Claim", "Driver", "Participant", "Agreement", "RelatedPartnership",
    "Event", "Statement", "Product", "OrganizationPartnership", "Organization", "Partnership",
    "SourceSummary", "Source", "DatasetCounts", "DatasetSource", "DatasetInfo",
)  # fmt: skip
_ENVELOPES = ("Links", "PageMeta", "InvalidParam", "Problem")

# Leaves first: registering a schema registers the schemas it nests under their class names.
SCHEMAS: dict[str, Any] = {
    **{name: getattr(api, name) for name in _RESOURCES},
    **{name: getattr(envelope, name) for name in _ENVELOPES},
    # Each page's items as lists show them, then the pages that nest them.
    **{(item := envelope.item_of(page)).__name__: item for page in PAGES},
    **{page.__name__: page for page in PAGES},
}


def register_examples(spec: APISpec) -> None:
    """Register every schema component up front, each with its example."""
    examples = bundled_examples()
    for name, schema in SCHEMAS.items():
        if name in spec.components.schemas:  # already registered as another's error schema
            spec.components.schemas[name]["example"] = examples[name]
        else:
            spec.components.schema(name, {"example": examples[name]}, schema=schema)
