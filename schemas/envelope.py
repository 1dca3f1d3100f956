"""List envelopes and the problem+json body, documented for every operation."""

import copy
from typing import Any

from marshmallow import Schema, fields, validate

from schemas import api

# What a problem body holds at most, whatever the request held; the error handlers keep to it
# and the document says so. An id, name or value repeated from the request is cut at ECHO_MAX
# characters; a reason names at most NAMED_VALUES_MAX bad values and counts the rest.
PROBLEM_MAX_BYTES = 4096
INVALID_PARAMS_MAX = 10
ECHO_MAX = 64
NAMED_VALUES_MAX = 5


class Links(Schema):
    self = fields.String(required=True, metadata={"description": "This page."})
    first = fields.String(required=True, metadata={"description": "The first page."})
    prev = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The previous page; null on the first page."},
    )
    next = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The next page; null on the last page."},
    )


class PageMeta(Schema):
    count = fields.Integer(
        required=True, metadata={"description": "Items matching the query, over all pages."}
    )
    limit = fields.Integer(required=True, metadata={"description": "Page size used."})
    dataset_version = fields.String(
        required=True, metadata={"description": "Dataset version this page was read from."}
    )


def in_list(item: type[Schema]) -> type[Schema]:
    """The item as a list shows it: every field, unless `fields` asks for fewer (never `id`)."""
    declared = {}
    for name, field in item().declared_fields.items():
        clone = copy.copy(field)
        clone.required = name == "id"
        declared[name] = clone
    return Schema.from_dict(declared, name=f"{item.__name__}InList")


def page_of(
    item: type[Schema],
    name: str,
    *,
    sparse: bool = True,
    meta: type[Schema] = PageMeta,
    extra: dict[str, fields.Field[Any]] | None = None,
) -> type[Schema]:
    """A list envelope schema: {data, links, meta}, and `extra` fields before them. Items of a
    `sparse` list may leave out fields a `fields` parameter did not ask for."""
    return Schema.from_dict(
        {
            **(extra or {}),
            "data": fields.List(
                fields.Nested(in_list(item) if sparse else item),
                required=True,
                metadata={"description": "This page's items."},
            ),
            "links": fields.Nested(Links, required=True, metadata={"description": "Paging links."}),
            "meta": fields.Nested(meta, required=True, metadata={"description": "Paging facts."}),
        },
        name=name,
    )


def item_of(page: type[Schema]) -> type[Schema]:
    """The item schema a page nests."""
    data: Any = page().fields["data"]
    item: type[Schema] = data.inner.nested
    return item


OrganizationPage = page_of(api.Organization, "OrganizationPage")
PartnershipPage = page_of(api.Partnership, "PartnershipPage")
EventPage = page_of(api.Event, "EventPage")
StatementPage = page_of(api.Statement, "StatementPage")
ProductPage = page_of(api.Product, "ProductPage")
SourcePage = page_of(api.SourceSummary, "SourcePage")


class ChangeMeta(PageMeta):
    since = fields.String(
        required=True, metadata={"description": "The version the changes are counted from."}
    )
    until = fields.String(
        required=True,
        metadata={
            "description": "The version the changes are counted to: the `until` asked for, or "
            "the current version (`dataset_version`) when none was."
        },
    )


ChangePage = page_of(api.Change, "ChangePage", sparse=False, meta=ChangeMeta)


DatasetVersionList = page_of(api.DatasetVersion, "DatasetVersionList", sparse=False)


class EvidenceMeta(PageMeta):
    resource = fields.String(required=True, metadata={"description": "The resource, as `type/id`."})


EvidenceList = page_of(
    api.ResourceEvidence,
    "EvidenceList",
    sparse=False,
    meta=EvidenceMeta,
    extra={
        "resource": fields.String(
            required=True,
            metadata={"description": "The resource, as `type/id` (also in `meta.resource`)."},
        )
    },
)


class InvalidParam(Schema):
    name = fields.String(required=True, metadata={"description": "The parameter's name."})
    # `in` is a Python keyword, hence data_key.
    location = fields.String(
        required=True, data_key="in", metadata={"description": "Where it was: query or path."}
    )
    reason = fields.String(
        required=True,
        metadata={
            "description": "What is wrong with it, in words. For a list parameter, each "
            f"message names the values it refuses (at most {NAMED_VALUES_MAX}, then how many "
            "more)."
        },
    )


class Problem(Schema):
    """RFC 9457 problem details."""

    type = fields.String(
        required=True, metadata={"description": "Problem type URI; about:blank for plain statuses."}
    )
    title = fields.String(required=True, metadata={"description": "The status's phrase."})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status code."})
    detail = fields.String(
        metadata={
            "description": "What went wrong, for a person. An id it repeats from the request "
            f"is cut at {ECHO_MAX} characters."
        }
    )
    invalid_params = fields.List(
        fields.Nested(InvalidParam),
        validate=validate.Length(max=INVALID_PARAMS_MAX),
        metadata={
            "description": "Each offending parameter, once (400 only). At most "
            f"{INVALID_PARAMS_MAX}, fewer if the body would pass {PROBLEM_MAX_BYTES} bytes: "
            "`detail` names those listed and counts the rest."
        },
    )
