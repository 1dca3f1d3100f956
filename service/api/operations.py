"""How each operation is documented: one place for the responses, headers and parameters lists and
items share, so every view is its one-line docstring and one call."""

import functools
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

import flask_smorest
from flask import Request, request
from marshmallow import RAISE, Schema, ValidationError, fields
from webargs.fields import DelimitedList
from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import MultiDict
from werkzeug.routing import BaseConverter

from schemas import vocabulary as vocab
from schemas.envelope import NAMED_VALUES_MAX
from schemas.query import ReadQuery
from service.errors import PROBLEM_JSON, message_texts, shortened
from service.http import JSON

View = Callable[..., Any]

CACHING_HEADERS = {
    "ETag": {
        "description": "Strong validator of this representation.",
        "schema": {"type": "string"},
    },
    "Cache-Control": {
        "description": "How long shared caches may keep the response.",
        "schema": {"type": "string"},
    },
}
IF_NONE_MATCH = {
    "name": "If-None-Match",
    "required": False,
    "description": "ETags the client holds; a match answers 304 Not Modified.",
    "schema": {"type": "string"},
}
_ERRORS = {
    400: "A query parameter is unknown, repeated or has a bad value.",
    404: "No such resource (for a sub-list: no such parent), or `version` names a version "
    "never published here.",
    406: "The client accepts no JSON representation.",
    410: "`version` or the cursor names a dataset version no longer retained (on the change "
    "feed: `since` or `until` does); the `Link` header names the export to re-sync from.",
    414: "The URL is longer than the service accepts.",
    429: "Too many requests from this client; see Retry-After.",
    500: "Unexpected failure; no internals are disclosed.",
    503: "No dataset is available yet.",
}


class QueryParser(FlaskParser):
    """Bad query input is a 400 (not webargs' 422), and unknown parameters are never dropped.
    Each bad parameter gets one reason in words, naming the values refused."""

    DEFAULT_VALIDATION_STATUS = 400
    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": RAISE,
        "querystring": RAISE,
    }

    def handle_error(
        self,
        error: ValidationError,
        req: Request,
        schema: Schema,
        *,
        error_status_code: int | None,
        error_headers: Mapping[str, str] | None,
    ) -> NoReturn:
        by_location = error.messages if isinstance(error.messages, dict) else {}
        worded = {
            location: {
                name: [in_words(schema, req, str(name), found)] for name, found in by_name.items()
            }
            for location, by_name in by_location.items()
        }
        super().handle_error(
            ValidationError(worded),
            req,
            schema,
            error_status_code=error_status_code,
            error_headers=error_headers,
        )


def in_words(schema: Schema, req: Request, name: str, found: Any) -> str:
    """One parameter's messages as one reason. A list parameter's messages are each followed by
    the values they refuse: which of many values is bad is what its sender needs to know.

    marshmallow reports a list's bad items by their index ({3: [message]}); the values are
    read back from the query as the field reads them, so a reason names each value once, with
    how often it came, and never shows the index map."""
    field = {f.data_key or key: f for key, f in schema.fields.items()}.get(name)
    if not isinstance(field, fields.List):
        return " ".join(message_texts(found))
    given = req.args.getlist(name)
    if isinstance(field, DelimitedList):
        given = [item for value in given for item in value.split(field.delimiter)]
    refused: dict[str, list[str]] = {}
    if isinstance(found, dict):
        for index, messages in found.items():
            for message in message_texts(messages):
                refused.setdefault(message, []).extend(given[index : index + 1])
    else:
        refused = {message: given for message in message_texts(found)}
    # Messages refusing the same values share one naming of them.
    by_values: dict[tuple[str, ...], list[str]] = {}
    for message, values in refused.items():
        by_values.setdefault(tuple(values), []).append(message)
    return " ".join(
        " ".join(messages) + (f" Given: {named(list(values))}." if values else "")
        for values, messages in by_values.items()
    )


def named(values: list[str]) -> str:
    """Values as a reason names them: each once, quoted and cut short, with how often it came;
    past NAMED_VALUES_MAX, a count."""
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    shown = [
        f"'{shortened(value)}'" + (f" ({count:,} times)" if count > 1 else "")
        for value, count in list(counts.items())[:NAMED_VALUES_MAX]
    ]
    more = len(counts) - len(shown)
    return ", ".join(shown) + (f" and {more:,} more" if more else "")


class Blueprint(flask_smorest.Blueprint):  # type: ignore[misc]
    ARGUMENTS_PARSER = QueryParser()


class SlugConverter(BaseConverter):
    """Path ids are lowercase slugs: anything else cannot name a resource and is a 404."""

    regex = vocab.SLUG_PATTERN.strip("^$")


def slug_param_schema(_: BaseConverter) -> dict[str, Any]:
    return {"type": "string", "pattern": vocab.SLUG_PATTERN, "maxLength": vocab.SLUG_MAX}


class NoQuery(Schema):
    """Item operations take no query parameters; any given is refused."""

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": "Unknown parameter."}


def refuse_query() -> None:
    """For the views that are no documented operation but take no parameters either: a 400
    naming each parameter given, as an operation's would be."""
    if request.args:
        Blueprint.ARGUMENTS_PARSER.parse(NoQuery(), request, location="query")


def problem_response(description: str) -> dict[str, Any]:
    """An error response as the OpenAPI document writes it: problem+json, the Problem schema."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {"description": description, "content": {PROBLEM_JSON: {"schema": schema}}}


def path_id(name: str, description: str) -> dict[str, Any]:
    return {"in": "path", "name": name, "description": description}


def json_operation(
    blp: Blueprint,
    query: type[Schema],
    body: type[Schema],
    errors: tuple[int, ...],
    content_type: str = JSON,
    description: str = "",
) -> Callable[[View], View]:
    """Parse the query with `query`, document 200 as `body`, plus 304 and the given errors.
    `description` is the operation's, unless its docstring says more than its summary line."""

    schema = query()  # an instance, made once: given the class, webargs builds one per request
    unqueried = empty_query(schema)
    if "version" in schema.fields:
        # A read that names a version: 404 for one never published, 410 for one pruned.
        errors = tuple(sorted({*errors, 404, 410}))

    def decorate(view: View) -> View:
        # The other responses in one `doc`: each of flask-smorest's response decorators wraps
        # the view in a call of its own, on every request, for documentation alone.
        # (400 is documented by `arguments` itself, through the responses the Api registers.)
        documented: dict[str, Any] = {
            "operationId": view.__name__,
            "responses": {
                str(status): problem_response(_ERRORS[status])
                for status in (*errors, 406, 414, 429, 500, 503)
            }
            | {"304": {"description": "The client's copy is current.", "headers": CACHING_HEADERS}},
        }
        if description and "\n\n" not in (view.__doc__ or "").strip():
            documented["description"] = description
        view = blp.doc(**documented)(view)
        view = blp.response(200, body, headers=CACHING_HEADERS, content_type=content_type)(view)
        parsed: View = blp.arguments(schema, location="query", as_kwargs=True)(view)
        return parsed if unqueried is None else without_query(parsed, view, unqueried)

    return decorate


def empty_query(schema: Schema) -> dict[str, Any] | None:
    """What `schema` makes of no parameters, as the parser would load it (None when that is an
    error, as a required parameter makes it): the same for every request, so worked out once."""
    try:
        loaded: dict[str, Any] = schema.load(MultiDictProxy(MultiDict(), schema))
    except ValidationError:
        return None
    return loaded


def without_query(parsed: View, view: View, unqueried: Mapping[str, Any]) -> View:
    """`parsed` (the view behind the query parser), except that a request with no query string
    goes straight to `view` with what the parser would have made of it: an item read does not
    run a parser to learn that it was given nothing. Any parameter at all goes through the
    parser, so what it refuses is refused exactly as before."""

    @functools.wraps(parsed)  # keeps the operation's documentation, which is on `parsed`
    def read(*args: Any, **kwargs: Any) -> Any:
        if request.args:
            return parsed(*args, **kwargs)
        return view(*args, **kwargs, **unqueried)

    return read


LIST_DESCRIPTION = (
    "A page of the list: `data`, then `links` to the first, previous and next pages (also in "
    "the `Link` header) and `meta` with the count over all pages, the page size and the dataset "
    "version read. `limit` sets the page size; `cursor`, from `links.next`, belongs to the list "
    "and query it was issued for (every parameter but `fields` and `version`: elsewhere a 400 "
    "naming what differs) and to its version, which it reads for as long as that version is "
    "retained (then 410). Unknown or repeated parameters are 400."
)
ITEM_DESCRIPTION = (
    "The resource as rendered when its dataset version was published, with its strong `ETag` "
    "(a 304 for `If-None-Match`), its `evidence` quoting the sources and `updated_in`, the "
    "version in which it last changed. 404 when there is no such id."
)


def list_operation(
    blp: Blueprint, query: type[Schema], page: type[Schema], errors: tuple[int, ...] = ()
) -> Callable[[View], View]:
    return json_operation(blp, query, page, (*errors, 410), description=LIST_DESCRIPTION)


def item_operation(blp: Blueprint, body: type[Schema]) -> Callable[[View], View]:
    return json_operation(blp, ReadQuery, body, (404,), description=ITEM_DESCRIPTION)
