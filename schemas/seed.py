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


class StateClaimSeed(Schema):
    """A state as one source states it, in full: when it held, and which earlier source's
    statement it follows, when the source says so."""

    certainty = one_of(vocab.CERTAINTY, required=True)
    # When the state held, in the source's words; else the source's publication date.
    date = fields.Nested(DateSeed, load_default=None)
    # The source whose statement of this state this one comes after, as this source says.
    follows = slug(load_default=None)
    evidence = evidence_list()

    @validates_schema
    def _order_is_cited(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("follows") is None:
            return
        if not any("follows" in (e.get("supports") or ()) for e in data.get("evidence") or ()):
            raise ValidationError(
                "an order must be cited: list 'follows' in the `supports` of the evidence "
                "that says which came first.",
                "follows",
            )


class StateField(fields.Field):  # type: ignore[type-arg]
    """A state that may change over time (a status): a value from `choices`, stated with the
    record's certainty and evidence, or a claim of its own (`value`, `certainty`, `date`,
    `follows`, `evidence`). Several sources' statements make the state's history."""

    def __init__(self, choices: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = choices
        self._one_of = validate.OneOf(choices)
        claim = type("StateClaimSeed", (StateClaimSeed,), {"value": one_of(choices, required=True)})
        self._claim = claim()

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            return self._one_of(value)
        if isinstance(value, dict):
            return self._claim.load(value)
        raise ValidationError(
            "must be a value, or a mapping with value, certainty and evidence "
            "(and optionally date and follows)."
        )


def stated_with_certainty(data: dict[str, Any], state: str) -> None:
    """A state given as a bare value takes the record's `certainty`; a state given as a claim
    carries its own, so the record gives none."""
    if isinstance(data.get(state), dict):
        if data.get("certainty") is not None:
            raise ValidationError(
                f"give the certainty inside `{state}` when it is a claim, not beside it.",
                "certainty",
            )
    elif data.get("certainty") is None:
        raise ValidationError("Missing data for required field.", "certainty")


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
    state = StateField(vocab.AGREEMENT_STATES, required=True)
    certainty = one_of(vocab.CERTAINTY, load_default=None)
    parties = slugs(required=True, validate=validate.Length(min=1))
    date = fields.Nested(DateSeed, load_default=None)
    summary = text(1000, required=True)
    evidence = evidence_list()

    @validates_schema
    def _certainty(self, data: dict[str, Any], **_: Any) -> None:
        stated_with_certainty(data, "state")


class RelatedSeed(Schema):
    partnership = slug(required=True)
    relation = one_of(vocab.RELATIONS, required=True)
    evidence = evidence_list()


class PartnershipSeed(Schema):
    id = slug(required=True)
    title = text(300, required=True)
    kind = one_of(vocab.PARTNERSHIP_KINDS, required=True)
    status = StateField(vocab.PARTNERSHIP_STATUSES, required=True)
    certainty = one_of(vocab.CERTAINTY, load_default=None)
    participants = fields.List(
        fields.Nested(ParticipantSeed), required=True, validate=validate.Length(min=2)
    )
    scope = fields.List(fields.Nested(ClaimSeed), load_default=list)
    objectives = fields.List(fields.Nested(ClaimSeed), load_default=list)
    drivers = fields.List(fields.Nested(DriverSeed), load_default=list)
    agreements = fields.List(fields.Nested(AgreementSeed), load_default=list)
    related = fields.List(fields.Nested(RelatedSeed), load_default=list)
    evidence = evidence_list()

    @validates_schema
    def _certainty(self, data: dict[str, Any], **_: Any) -> None:
        stated_with_certainty(data, "status")


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
    # One maker, or several (a co-developed product): one of the two.
    maker = slug(load_default=None)
    makers = slugs(load_default=None, validate=validate.Length(min=1))
    status = StateField(vocab.PRODUCT_STATUSES, required=True)
    certainty = one_of(vocab.CERTAINTY, load_default=None)
    evidence = evidence_list()

    @validates_schema
    def _one_way_of_naming_makers(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("maker") is None and data.get("makers") is None:
            raise ValidationError("give the maker (`maker`) or the makers (`makers`).", "maker")
        if data.get("maker") is not None and data.get("makers") is not None:
            raise ValidationError("give `maker` or `makers`, not both.", "makers")

    @validates_schema
    def _certainty(self, data: dict[str, Any], **_: Any) -> None:
        stated_with_certainty(data, "status")


class SeedFile(Schema):
    """One seed file: one source document and the facts it supports."""

    source = fields.Nested(SourceSeed, required=True)
    organizations = fields.List(fields.Nested(OrganizationSeed), load_default=list)
    partnerships = fields.List(fields.Nested(PartnershipSeed), load_default=list)
    events = fields.List(fields.Nested(EventSeed), load_default=list)
    statements = fields.List(fields.Nested(StatementSeed), load_default=list)
    products = fields.List(fields.Nested(ProductSeed), load_default=list)
