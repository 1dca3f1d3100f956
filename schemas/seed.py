"""Seed (input) schemas: every field of a seed file is validated here before anything is linked."""

import datetime as dt
import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from schemas import vocabulary as vocab


def _real_date(precision: str, value: str) -> bool:
    """Whether `value` is a date that exists, written as ISO 8601 at `precision`."""
    patterns = {
        "day": r"([0-9]{4})-([0-9]{2})-([0-9]{2})",
        "week": r"([0-9]{4})-W([0-9]{2})",
        "month": r"([0-9]{4})-([0-9]{2})",
        "quarter": r"([0-9]{4})-Q([1-4])",
        "year": r"([0-9]{4})",
    }
    match = re.fullmatch(patterns[precision], value)
    if match is None:
        return False
    parts = [int(p) for p in match.groups()]
    try:
        if precision == "day":
            dt.date(*parts)
        elif precision == "week":
            dt.date.fromisocalendar(parts[0], parts[1], 1)
        elif precision == "month":
            dt.date(parts[0], parts[1], 1)
    except ValueError:
        return False
    return True


def slug(**kwargs: Any) -> fields.String:
    return fields.String(
        validate=[
            validate.Length(min=1, max=vocab.SLUG_MAX),
            vocab.Pattern(vocab.SLUG_RE, error="must be a lowercase slug (a-z, 0-9, '-')."),
        ],
        **kwargs,
    )


def one_of(choices: tuple[str, ...], **kwargs: Any) -> fields.String:
    return fields.String(validate=validate.OneOf(choices), **kwargs)


def text(max_length: int = 500, **kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(min=1, max=max_length), **kwargs)


def slugs(**kwargs: Any) -> fields.List[Any]:
    return fields.List(slug(), **kwargs)


class EvidenceSeed(Schema):
    source = slug(load_default=None)
    quote = text(2000, required=True)
    # Which occurrence to cite when the quote appears more than once in the source.
    occurrence = fields.Integer(load_default=None, validate=validate.Range(min=1))
    supports = fields.List(fields.String(validate=validate.Length(min=1, max=40)))


def evidence_list() -> fields.List[Any]:
    return fields.List(fields.Nested(EvidenceSeed), required=True, validate=validate.Length(min=1))


class DateSeed(Schema):
    """A date as the source gives it; relative dates keep the source's words."""

    text = text(80, required=True)
    precision = one_of(vocab.DATE_PRECISION, required=True)
    relative = fields.Boolean(required=True)
    value = fields.String(load_default=None)

    @validates_schema
    def _value_matches_precision(self, data: dict[str, Any], **_: Any) -> None:
        value = data.get("value")
        if data.get("relative"):
            if value is not None:
                raise ValidationError(
                    "a relative date has no value; it is resolved from the source's date.",
                    "value",
                )
            return
        if value is None:
            raise ValidationError("an absolute date needs a value.", "value")
        if not _real_date(data["precision"], value):
            raise ValidationError(
                f"{value!r} is not a real date at precision {data['precision']!r}.", "value"
            )


class SourceSeed(Schema):
    id = slug(required=True)
    title = text(300, required=True)
    kind = one_of(vocab.SOURCE_KINDS, required=True)
    text_file = text(300, required=True)
    publisher = text(200, load_default=None, allow_none=True)
    published = fields.Date(load_default=None, allow_none=True)
    url = fields.Url(load_default=None, allow_none=True)


class OrganizationSeed(Schema):
    id = slug(required=True)
    name = text(200, required=True)
    short_name = text(100, load_default=None)
    aliases = fields.List(text(100), load_default=list)
    country = fields.String(
        load_default=None,
        validate=vocab.Pattern(r"^[A-Z]{2}$", error="must be ISO 3166 alpha-2."),
    )
    kind = one_of(vocab.ORGANIZATION_KINDS, load_default=None)
    evidence = evidence_list()


class ClaimSeed(Schema):
    """A labelled claim (scope area, objective) with its certainty."""

    id = slug(required=True)
    label = text(300, required=True)
    certainty = one_of(vocab.CERTAINTY, required=True)
    evidence = evidence_list()


class DriverSeed(ClaimSeed):
    kind = one_of(vocab.DRIVER_KINDS, required=True)
    organizations = slugs(load_default=list)


class ParticipantSeed(Schema):
    organization = slug(required=True)
    role = one_of(vocab.PARTICIPANT_ROLES, required=True)


class AgreementSeed(Schema):
    id = slug(required=True)
    type = one_of(vocab.AGREEMENT_TYPES, required=True)
    state = one_of(vocab.AGREEMENT_STATES, required=True)
    certainty = one_of(vocab.CERTAINTY, required=True)
    parties = slugs(required=True, validate=validate.Length(min=1))
    date = fields.Nested(DateSeed, load_default=None)
    summary = text(1000, required=True)
    evidence = evidence_list()


class RelatedSeed(Schema):
    partnership = slug(required=True)
    relation = one_of(vocab.RELATIONS, required=True)
    evidence = evidence_list()


class PartnershipSeed(Schema):
    id = slug(required=True)
    title = text(300, required=True)
    kind = one_of(vocab.PARTNERSHIP_KINDS, required=True)
    status = one_of(vocab.PARTNERSHIP_STATUSES, required=True)
    certainty = one_of(vocab.CERTAINTY, required=True)
    participants = fields.List(
        fields.Nested(ParticipantSeed), required=True, validate=validate.Length(min=2)
    )
    scope = fields.List(fields.Nested(ClaimSeed), load_default=list)
    objectives = fields.List(fields.Nested(ClaimSeed), load_default=list)
    drivers = fields.List(fields.Nested(DriverSeed), load_default=list)
    agreements = fields.List(fields.Nested(AgreementSeed), load_default=list)
    related = fields.List(fields.Nested(RelatedSeed), load_default=list)
    evidence = evidence_list()


class EventSeed(Schema):
    id = slug(required=True)
    type = one_of(vocab.EVENT_TYPES, required=True)
    partnership = slug(required=True)
    agreement = slug(load_default=None)
    organizations = slugs(load_default=list)
    certainty = one_of(vocab.CERTAINTY, required=True)
    date = fields.Nested(DateSeed, load_default=None)
    summary = text(500, required=True)
    evidence = evidence_list()


class StatementSeed(Schema):
    id = slug(required=True)
    partnership = slug(load_default=None)
    speakers = slugs(required=True, validate=validate.Length(min=1))
    attribution = text(200, required=True)
    quote = text(2000, required=True)
    evidence = fields.List(fields.Nested(EvidenceSeed), load_default=list)


class ProductSeed(Schema):
    id = slug(required=True)
    name = text(200, required=True)
    kind = one_of(vocab.PRODUCT_KINDS, required=True)
    powertrain = one_of(vocab.POWERTRAINS, load_default=None)
    maker = slug(required=True)
    status = one_of(vocab.PRODUCT_STATUSES, required=True)
    certainty = one_of(vocab.CERTAINTY, required=True)
    evidence = evidence_list()


class SeedFile(Schema):
    """One seed file: one source document and the facts it supports."""

    source = fields.Nested(SourceSeed, required=True)
    organizations = fields.List(fields.Nested(OrganizationSeed), load_default=list)
    partnerships = fields.List(fields.Nested(PartnershipSeed), load_default=list)
    events = fields.List(fields.Nested(EventSeed), load_default=list)
    statements = fields.List(fields.Nested(StatementSeed), load_default=list)
    products = fields.List(fields.Nested(ProductSeed), load_default=list)
