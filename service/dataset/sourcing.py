"""The sources a record cites: every `source` of the evidence in it, found by following only
the fields the seed schemas say can hold evidence.

Walking whole records instead visited every dict and list in them, some twenty-six million
calls at 100,000 partnerships, most of them into names, roles and dates."""

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from marshmallow import Schema, fields

from schemas.seed import (
    EventSeed,
    OrganizationSeed,
    PartnershipSeed,
    ProductSeed,
    StateField,
    StatementSeed,
)
from service.dataset.history import history_field

# Adds the sources cited in one record (or nested value) to a set.
Gather = Callable[[dict[str, Any], set[str]], None]

_source = itemgetter("source")


def gatherer(schema: Schema) -> Gather | None:
    """What gathers the sources of a record `schema` loads; None when it holds no evidence."""
    nested: list[tuple[str, bool, Gather]] = []
    for name, field in schema.fields.items():
        many = isinstance(field, fields.List)
        inner = field.inner if isinstance(field, fields.List) else field
        if isinstance(field, StateField):
            # Each statement of the state, served in its history, quotes its own evidence.
            nested.append((history_field(name), True, _gather_evidence))
        elif name != "evidence" and isinstance(inner, fields.Nested):
            within = gatherer(inner.schema)
            if within is not None:
                nested.append((name, many, within))
    direct = "evidence" in schema.fields
    if not direct and not nested:
        return None

    def gather(record: dict[str, Any], found: set[str]) -> None:
        if direct:
            found.update(map(_source, record.get("evidence") or ()))
        for name, many, inner in nested:
            value = record.get(name)
            if value is None:
                continue
            if many:
                for item in value:
                    inner(item, found)
            else:
                inner(value, found)

    return gather


def _gather_evidence(record: dict[str, Any], found: set[str]) -> None:
    found.update(map(_source, record["evidence"]))


def _required(schema: Schema) -> Gather:
    gather = gatherer(schema)
    if gather is None:
        raise TypeError(f"{type(schema).__name__} holds no evidence")
    return gather


# Per resource type. The API adds fields to some (a partnership's events, statements and
# timeline, an organization's partnerships): their sources are summed from those resources'
# own, never read from the added fields.
GATHER = {
    "organizations": _required(OrganizationSeed()),
    "partnerships": _required(PartnershipSeed()),
    "events": _required(EventSeed()),
    "statements": _required(StatementSeed()),
    "products": _required(ProductSeed()),
}
