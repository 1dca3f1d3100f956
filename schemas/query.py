"""Query-string schemas: what each list accepts; anything else is refused with a 400."""

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate
from webargs.fields import DelimitedList

from schemas import api
from schemas import vocabulary as vocab

MAX_PAGE_SIZE = 100
MAX_CURSOR_LENGTH = 200
MAX_QUERY_LENGTH = 200


def _slug(description: str) -> fields.String:
    return fields.String(
        validate=[
            validate.Length(max=vocab.SLUG_MAX),
            vocab.Pattern(vocab.SLUG_RE, error="Must be a lowercase slug."),
        ],
        metadata={"description": description},
    )


def _choice(choices: tuple[str, ...], description: str) -> fields.String:
    return fields.String(validate=validate.OneOf(choices), metadata={"description": description})


def _sort(keys: tuple[str, ...]) -> fields.String:
    choices = [k for key in ("id", *keys) for k in (key, f"-{key}")]
    return fields.String(
        validate=validate.OneOf(choices),
        metadata={
            "description": "Order of the list: a key, or `-key` for descending. Missing values "
            "sort last (first when descending); ties keep id order. Default `id`.",
            "example": f"-{keys[0]}" if keys else "id",
        },
    )


def _fields(item: type[Schema]) -> DelimitedList:
    # A delimited list: webargs splits it at commas, and flask-smorest documents it as such
    # (`style: form`, `explode: false`).
    names = list(item().fields)
    return DelimitedList(
        fields.String(validate=validate.OneOf(names)),
        data_key="fields",
        validate=validate.Length(min=1, max=len(names)),
        metadata={
            "description": "Fields to return for each item, a sparse fieldset, as names separated "
            "by commas (`fields=id,title`); `id` always comes. The parameter may also be repeated "
            "(`fields=id&fields=title`, or both forms at once): the names given all count.",
            "example": ["id", next(n for n in ("name", "title", names[1]) if n in names)],
        },
    )


VERSION_PATTERN = r"^[0-9a-f]{16}$"


def _version(description: str, *, required: bool = False, example: bool = True) -> fields.String:
    metadata = {"description": description}
    if example:
        metadata["example"] = "0123456789abcdef"
    return fields.String(
        required=required,
        validate=vocab.Pattern(VERSION_PATTERN, error="Must be a dataset version: 16 hex digits."),
        metadata=metadata,
    )


PINNED_DESCRIPTION = (
    "Read this dataset version (an `X-Dataset-Version` or `meta.dataset_version` of an earlier "
    "answer) instead of the current one: any version `/v1/dataset/versions` lists. Such an "
    "answer never changes, and is cacheable as immutable. 404 for a version never published, "
    "410 for one no longer retained. Default: the current version, or a cursor's own."
)


def pinned_version() -> fields.String:
    """The `version` parameter of every read: one definition, so one description. No example:
    the interactive docs fill a parameter with its example, and a made-up version is a 404."""
    return _version(PINNED_DESCRIPTION, example=False)


class StrictQuery(Schema):
    """A query that takes only the parameters it declares, each once."""

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": "Unknown parameter."}

    @pre_load
    def _refuse_repeats(self, data: Any, **_: Any) -> Any:
        # A parameter that takes one value must not be silently reduced to its first copy.
        return refuse_repeats(self, data)


class PageQuery(StrictQuery):
    """Paging, common to every paged list."""

    limit = fields.Integer(
        validate=validate.Range(min=1, max=MAX_PAGE_SIZE),
        metadata={"description": f"Items per page, 1 to {MAX_PAGE_SIZE}.", "example": 20},
    )
    cursor = fields.String(
        validate=validate.Length(min=1, max=MAX_CURSOR_LENGTH),
        metadata={"description": "Opaque cursor from a previous page's `links.next`."},
    )

    @pre_load
    def _refuse_repeats(self, data: Any, **_: Any) -> Any:
        # As StrictQuery's, with a repeated `fields` joined first: it may be given either way.
        return join_field_names(refuse_repeats(self, data))


class ListQuery(PageQuery):
    """Paging and search, common to every resource list."""

    version = pinned_version()

    q = fields.String(
        validate=[
            validate.Length(min=1, max=MAX_QUERY_LENGTH),
            # No name or title holds a NUL or a control character: searching for one is a
            # mistake (or a probe), and is said to be.
            vocab.Pattern(r"^[^\x00-\x1f\x7f]*$", error="Must not hold control characters."),
        ],
        metadata={
            "description": "Case-insensitive text search in names, titles and labels.",
            "example": "honda",
        },
    )


def refuse_repeats(schema: Schema, data: Any) -> Any:
    """A 400 for a parameter given twice that takes one value."""
    getlist = getattr(getattr(data, "data", None), "getlist", None)
    if getlist is None:
        return data
    # Parameters by the name clients use (`fields` is the attribute `fieldset`).
    by_name = {f.data_key or name: f for name, f in schema.fields.items()}
    errors = {
        name: ["Give this parameter once."]
        for name in data
        if len(getlist(name)) > 1 and name in by_name and not _repeatable(by_name[name])
    }
    if errors:
        raise ValidationError(errors)
    return data


def join_field_names(data: Any) -> Any:
    """`fields=a,b`, `fields=a&fields=b`, or both: one comma-separated value. OpenAPI describes
    one way to send an array per parameter, and the document names the commas; generated SDKs
    that repeat the parameter instead are understood all the same."""
    if "fields" not in data:
        return data
    getlist = getattr(getattr(data, "data", None), "getlist", None)
    # webargs hands a delimited list's first copy alone: every copy is read from the query.
    given = getlist("fields") if getlist is not None else data["fields"]
    joined = ",".join(given) if isinstance(given, list) else given
    return {**{name: data[name] for name in data}, "fields": joined}


def _repeatable(field: fields.Field[Any]) -> bool:
    return isinstance(field, fields.List)


class OrganizationQuery(ListQuery):
    sort = _sort(vocab.SORT_KEYS["organizations"])
    fieldset = _fields(api.Organization)
    country = fields.String(
        validate=vocab.Pattern(r"^[A-Z]{2}$", error="Must be an ISO 3166-1 alpha-2 code."),
        metadata={"description": "Country code.", "example": "JP"},
    )
    kind = _choice(vocab.ORGANIZATION_KINDS, "Kind of organization.")
    partnership = _slug("Takes part in this partnership.")


class PartnershipQuery(ListQuery):
    sort = _sort(vocab.SORT_KEYS["partnerships"])
    fieldset = _fields(api.Partnership)
    organization = fields.List(
        _slug("Organization id."),
        metadata={
            "description": "Organization id; repeat it to require every one to take part.",
            "example": ["honda", "nissan"],
        },
    )
    status = _choice(vocab.PARTNERSHIP_STATUSES, "Partnership status.")
    kind = _choice(vocab.PARTNERSHIP_KINDS, "Kind of partnership.")
    scope = _slug("Scope area id, e.g. `shared-ev-platform`.")


class EventQuery(ListQuery):
    sort = _sort(vocab.SORT_KEYS["events"])
    fieldset = _fields(api.Event)
    type = _choice(vocab.EVENT_TYPES, "Event type.")
    partnership = _slug("Partnership id.")
    organization = _slug("Involves this organization.")


class StatementQuery(ListQuery):
    sort = _sort(vocab.SORT_KEYS["statements"])
    fieldset = _fields(api.Statement)
    partnership = _slug("Partnership id.")
    speaker = _slug("Organization that made the statement.")


class ProductQuery(ListQuery):
    sort = _sort(vocab.SORT_KEYS["products"])
    fieldset = _fields(api.Product)
    maker = _slug("Organization id of the maker.")
    status = _choice(vocab.PRODUCT_STATUSES, "Market status.")
    kind = _choice(vocab.PRODUCT_KINDS, "Kind of product.")


class SourceQuery(ListQuery):
    sort = _sort(vocab.SORT_KEYS["sources"])
    fieldset = _fields(api.SourceSummary)
    kind = _choice(vocab.SOURCE_KINDS, "Kind of document.")


class OrganizationPartnershipQuery(ListQuery):
    sort = _sort(vocab.SORT_KEYS["partnerships"])
    fieldset = _fields(api.Partnership)


class ChangeQuery(PageQuery):
    since = _version(
        "The dataset version the client holds (`meta.dataset_version` or the "
        "`X-Dataset-Version` header of an earlier response): a retained version.",
        required=True,
    )
    until = _version(
        "The version to list the changes up to: a retained version published no earlier than "
        "`since`. Default: the current version. Each change's `etag` and `updated_in` are "
        "those of `until`."
    )
    type = _choice(vocab.RESOURCE_TYPES, "Only changes to resources of this type.")


EVIDENCED_TYPES = tuple(t for t in vocab.RESOURCE_TYPES if t != "sources")


class VersionQuery(PageQuery):
    """The versions list pages like every list; it has no filters and a fixed order."""


class EvidenceQuery(PageQuery):
    version = pinned_version()
    resource = fields.String(
        required=True,
        validate=vocab.Pattern(
            rf"^({'|'.join(EVIDENCED_TYPES)})/{vocab.SLUG_PATTERN.strip('^$')}$",
            error="Must be `type/id`, e.g. `partnerships/honda-nissan-ev-collaboration`.",
        ),
        metadata={
            "description": "The resource whose evidence to list, as `type/id`.",
            "example": "partnerships/honda-nissan-ev-collaboration",
        },
    )


class ReadQuery(StrictQuery):
    """A read of one thing (an item, the dataset, the export): it takes a version, no more."""

    version = pinned_version()
