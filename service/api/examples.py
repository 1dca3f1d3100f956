"""Schema examples for the OpenAPI document, taken from the bundled dataset so they are real."""

import functools
from typing import Any

import orjson
from apispec import APISpec

from schemas import api, envelope
from service.api.cursors import binding, encode_cursor
from service.dataset.bundled import bundled_dataset
from service.dataset.lineage import trace
from service.dataset.render import item_key, list_item_key, served_etag, split_tagged, stamped

# The one value that is not a fact: when a dataset was loaded differs on every start.
EXAMPLE_LOADED_AT = "2026-01-01T00:00:00+00:00"
# The list the `Links` example pages, as the service reads it (a list without `sort` is by id).
EXAMPLE_BINDING = binding("/v1/partnerships", {"organization": ["honda"], "limit": 1, "sort": "id"})


@functools.cache
def bundled_examples() -> dict[str, Any]:
    dataset = bundled_dataset()
    version = dataset.version  # as if published first: everything was updated in it

    def item(rtype: str, rid: str, key: Any = item_key) -> dict[str, Any]:
        value = dataset.items[key(rtype, rid)]
        parsed: dict[str, Any] = orjson.loads(stamped(value, version)[1])
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
        "PartnershipEvent": partnership["events"][0],
        "TimelineEntry": partnership["timeline"][0],
        "Statement": item("statements", "honda-nissan-complementary-relationship"),
        "PartnershipStatement": partnership["statements"][0],
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
        "AgreementStateEntry": partnership["agreements"][0]["state_history"][0],
        "PartnershipStatusEntry": partnership["status_history"][0],
        "ProductStatusEntry": item("products", "honda-prologue")["status_history"][0],
        "RelatedPartnership": partnership["related"][0],
        "SourceDate": event["date"],
        "OrganizationPartnership": organization["partnerships"][0],
        "Links": {
            "self": "/v1/partnerships?organization=honda&limit=1",
            "first": "/v1/partnerships?organization=honda&limit=1",
            "prev": None,
            "next": "/v1/partnerships?organization=honda&limit=1&cursor="
            + encode_cursor(info["version"], 1, EXAMPLE_BINDING),
        },
        "PageMeta": {"count": 2, "limit": 1, "dataset_version": info["version"]},
        **_history_examples(dataset, partnership, info),
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


def _history_examples(dataset: Any, partnership: dict[str, Any], info: Any) -> dict[str, Any]:
    """Examples of the history, change feed, evidence and export schemas."""
    version = dataset.version
    earlier = "0f1e2d3c4b5a6978"  # a version before the bundled one, for the feed's `since`
    lineage = trace(dataset, None)
    key = item_key("partnerships", partnership["id"])
    change = {
        "type": "partnerships",
        "id": partnership["id"],
        "change": "changed",
        "etag": served_etag(lineage.etags[key], version),
        "updated_in": version,
        "href": f"/v1/partnerships/{partnership['id']}",
    }
    record = {
        "version": version,
        "current": True,
        "published_at": EXAMPLE_LOADED_AT,
        "loaded_at": EXAMPLE_LOADED_AT,
        "counts": info["counts"],
        "files": [{"path": path, "sha256": sha256} for path, sha256 in dataset.files],
    }
    evidence = {
        **partnership["evidence"][0],
        "path": "/evidence/0",
        "source_sha256": info["sources"][0]["sha256"],
    }
    change_meta = {
        "count": 1,
        "limit": 20,
        "dataset_version": version,
        "since": earlier,
        "until": version,
    }
    feed = f"/v1/changes?since={earlier}"
    resource = f"partnerships/{partnership['id']}"
    evidence_meta = {"count": 1, "limit": 20, "dataset_version": version, "resource": resource}
    evidence_url = f"/v1/evidence?resource={resource}"
    versions_url = "/v1/dataset/versions"
    return {
        "Change": change,
        "ChangeMeta": change_meta,
        "ChangePage": {"data": [change], "links": _only_page(feed), "meta": change_meta},
        "VersionFile": record["files"][0],
        "DatasetVersion": record,
        "DatasetVersionList": {
            "data": [record],
            "links": _only_page(versions_url),
            "meta": {"count": 1, "limit": 20, "dataset_version": version},
        },
        "ResourceEvidence": evidence,
        "EvidenceMeta": evidence_meta,
        "EvidenceList": {
            "resource": resource,
            "data": [evidence],
            "links": _only_page(evidence_url),
            "meta": evidence_meta,
        },
        "ExportLine": {
            "type": "partnerships",
            "id": partnership["id"],
            "etag": change["etag"],
            "data": partnership,
        },
    }


def _only_page(url: str) -> dict[str, str | None]:
    return {"self": url, "first": url, "prev": None, "next": None}


PAGES = (
    envelope.ChangePage,
    envelope.OrganizationPage,
    envelope.PartnershipPage,
    envelope.EventPage,
    envelope.StatementPage,
    envelope.ProductPage,
    envelope.SourcePage,
)
_RESOURCES = (
    "Evidence", "SourceDate", "Claim", "Driver", "Participant", "AgreementStateEntry",
    "PartnershipStatusEntry", "ProductStatusEntry", "Agreement", "RelatedPartnership",
    "PartnershipEvent", "Event", "PartnershipStatement", "Statement", "TimelineEntry", "Product",
    "OrganizationPartnership", "Organization", "Partnership", "Source",
    "DatasetCounts", "DatasetSource", "DatasetInfo", "VersionFile", "DatasetVersion", "Change",
    "ResourceEvidence", "ExportLine",
)  # fmt: skip
_ENVELOPES = (
    "Links", "PageMeta", "ChangeMeta", "EvidenceMeta", "InvalidParam", "Problem",
    "DatasetVersionList", "EvidenceList",
)  # fmt: skip

# Leaves first: registering a schema registers the schemas it nests under their class names.
SCHEMAS: dict[str, Any] = {
    **{name: getattr(api, name) for name in _RESOURCES},
    **{name: getattr(envelope, name) for name in _ENVELOPES},
    # Each page's items as lists show them, then the pages that nest them.
    **{(item := envelope.item_of(page)).__name__: item for page in PAGES},
    **{page.__name__: page for page in PAGES},
}


def register_examples(spec: APISpec) -> None:
    """Register every schema component up front, each with its example. The error schema is
    registered by flask-smorest as the Api is made: its example is added to the finished
    document (`add_late_examples`)."""
    examples = bundled_examples()
    for name, schema in SCHEMAS.items():
        if name not in spec.components.schemas:
            spec.components.schema(name, {"example": examples[name]}, schema=schema)


def add_late_examples(document: dict[str, Any]) -> None:
    """The examples of schemas registered before `register_examples` ran."""
    examples = bundled_examples()
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        if name in SCHEMAS:
            schema.setdefault("example", examples[name])
