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
    source = slug(
        load_default=None,
        metadata={
            "description": "Id of the source the quote is from; by default the source of this file."
        },
    )
    quote = text(
        2000,
        required=True,
        metadata={
            "description": (
                "The source's exact words, character for character (curly quotes, "
                "dashes and line breaks as the source has them)."
            )
        },
    )
    occurrence = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1),
        metadata={
            "description": (
                "Which occurrence to cite (1 for the first) when the quote appears "
                "more than once in the source."
            )
        },
    )
    supports = fields.List(
        fields.String(validate=validate.Length(min=1, max=40)),
        metadata={
            "description": (
                "Fields of the enclosing item this quote supports; leave it out when "
                "the quote supports the whole item."
            )
        },
    )


def evidence_list(**kwargs: Any) -> fields.List[Any]:
    return fields.List(
        fields.Nested(EvidenceSeed), required=True, validate=validate.Length(min=1), **kwargs
    )


class DateSeed(Schema):
    """A date as the source gives it; relative dates keep the source's words."""

    text = text(
        80,
        required=True,
        metadata={
            "description": (
                "The date in the source's own words, e.g. 'this week' or 'March "
                "2025'; it must appear in one of the item's quotes."
            )
        },
    )
    precision = one_of(
        vocab.DATE_PRECISION,
        required=True,
        metadata={"description": "How precise the source's date is."},
    )
    relative = fields.Boolean(
        required=True,
        metadata={
            "description": (
                "True when the source gives the date relative to its own date ('last "
                "year'); it is resolved from the source's `published` date."
            )
        },
    )
    value = fields.String(
        load_default=None,
        metadata={
            "description": (
                "For an absolute date: ISO 8601 at its precision (2025-03-14, "
                "2025-W11, 2025-03, 2025-Q1, 2025). None for a relative one."
            )
        },
    )

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

    certainty = one_of(
        vocab.CERTAINTY,
        required=True,
        metadata={
            "description": (
                "'stated' when the source says it as fact, 'hedged' when it says it "
                "could or would happen."
            )
        },
    )
    date = fields.Nested(
        DateSeed,
        load_default=None,
        metadata={
            "description": (
                "When the state held, as the source gives it; without it, the "
                "source's publication date."
            )
        },
    )
    follows = slug(
        load_default=None,
        metadata={
            "description": (
                "Id of an earlier source whose statement of this state this one comes"
                " after, as this source says (cite it in `supports: [follows]`)."
            )
        },
    )
    evidence = evidence_list(metadata={"description": "The quotes that state it."})

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
        value = one_of(
            choices,
            required=True,
            metadata={"description": "The state, as the source states it."},
        )
        # The claims of this state: its values, with what every claim holds.
        self.claim = type("StateClaimSeed", (StateClaimSeed,), {"value": value})()

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            return self._one_of(value)
        if isinstance(value, dict):
            return self.claim.load(value)
        raise ValidationError(
            "must be a value, or a mapping with value, certainty and evidence "
            "(and optionally date and follows)."
        )


def certainty_of(state: str) -> fields.String:
    """The certainty beside a changing state: the state's, when it is given as a bare value."""
    description = (
        f"Certainty of a {state} given as a bare value; a {state} given as a claim carries its "
        "own instead."
    )
    return one_of(vocab.CERTAINTY, load_default=None, metadata={"description": description})


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
    id = slug(
        required=True,
        metadata={"description": "Slug of the source document, unique across the seeds folder."},
    )
    title = text(300, required=True, metadata={"description": "Title of the document."})
    kind = one_of(
        vocab.SOURCE_KINDS, required=True, metadata={"description": "What kind of document."}
    )
    text_file = text(
        300,
        required=True,
        metadata={
            "description": (
                "Path of the document's text, relative to this file, inside the seeds"
                " folder (UTF-8, at most 5 MiB)."
            )
        },
    )
    publisher = text(
        200,
        load_default=None,
        allow_none=True,
        metadata={"description": "Publisher, when the document names one."},
    )
    published = fields.Date(
        load_default=None,
        allow_none=True,
        metadata={
            "description": (
                "Publication date (YYYY-MM-DD), when known: relative dates are resolved from it."
            )
        },
    )
    url = fields.Url(
        load_default=None,
        allow_none=True,
        metadata={"description": "Where the document was published, when known."},
    )


class OrganizationSeed(Schema):
    id = slug(
        required=True,
        metadata={"description": "Slug of the organization, shared by every file that names it."},
    )
    name = text(200, required=True, metadata={"description": "Full name as the source gives it."})
    short_name = text(
        100, load_default=None, metadata={"description": "Short name, when the source uses one."}
    )
    aliases = fields.List(
        text(100),
        load_default=list,
        metadata={"description": "Other names the source uses for it."},
    )
    country = fields.String(
        load_default=None,
        validate=vocab.Pattern(r"^[A-Z]{2}$", error="must be ISO 3166 alpha-2."),
        metadata={"description": "ISO 3166-1 alpha-2 country code, when the source states it."},
    )
    kind = one_of(
        vocab.ORGANIZATION_KINDS,
        load_default=None,
        metadata={"description": "What kind of organization, when the source states it."},
    )
    evidence = evidence_list(metadata={"description": "Quotes that name the organization."})


class ClaimSeed(Schema):
    """A labelled claim (scope area, objective) with its certainty."""

    id = slug(
        required=True, metadata={"description": "Slug of the claim, unique within its partnership."}
    )
    label = text(
        300,
        required=True,
        metadata={"description": "What is claimed, in short, saying no more than the source."},
    )
    certainty = one_of(
        vocab.CERTAINTY,
        required=True,
        metadata={
            "description": (
                "'stated' when the source says it as fact, 'hedged' when it says it "
                "could or would happen."
            )
        },
    )
    evidence = evidence_list(metadata={"description": "The quotes that state it."})


class DriverSeed(ClaimSeed):
    kind = one_of(
        vocab.DRIVER_KINDS,
        required=True,
        metadata={"description": "What kind of pressure or motive this is."},
    )
    organizations = slugs(
        load_default=list,
        metadata={"description": "Ids of organizations the driver names (a competitor, say)."},
    )


class ParticipantSeed(Schema):
    organization = slug(
        required=True, metadata={"description": "Id of an organization of the seeds folder."}
    )
    role = one_of(
        vocab.PARTICIPANT_ROLES,
        required=True,
        metadata={"description": "The part the organization plays."},
    )


class AgreementSeed(Schema):
    id = slug(
        required=True,
        metadata={"description": "Slug of the agreement, unique within its partnership."},
    )
    type = one_of(
        vocab.AGREEMENT_TYPES, required=True, metadata={"description": "What kind of agreement."}
    )
    state = StateField(
        vocab.AGREEMENT_STATES,
        required=True,
        metadata={
            "description": (
                "How far the agreement has come: a value, or a claim of its own "
                "(value, certainty, date, follows, evidence) when sources state it at"
                " different times."
            )
        },
    )
    certainty = certainty_of("state")
    parties = slugs(
        required=True,
        validate=validate.Length(min=1),
        metadata={"description": "Ids of the participants party to it."},
    )
    date = fields.Nested(
        DateSeed, load_default=None, metadata={"description": "When, as the source gives it."}
    )
    summary = text(
        1000,
        required=True,
        metadata={
            "description": "What the agreement covers or would do, saying no more than the source."
        },
    )
    evidence = evidence_list(metadata={"description": "The quotes that state it."})

    @validates_schema
    def _certainty(self, data: dict[str, Any], **_: Any) -> None:
        stated_with_certainty(data, "state")


class RelatedSeed(Schema):
    partnership = slug(required=True, metadata={"description": "Id of the related partnership."})
    relation = one_of(
        vocab.RELATIONS, required=True, metadata={"description": "How it relates to this one."}
    )
    evidence = evidence_list(metadata={"description": "The quotes that connect the two."})


class PartnershipSeed(Schema):
    id = slug(
        required=True,
        metadata={
            "description": "Slug of the partnership, shared by every file that reports on it."
        },
    )
    title = text(300, required=True, metadata={"description": "Short title."})
    kind = one_of(
        vocab.PARTNERSHIP_KINDS,
        required=True,
        metadata={"description": "What kind of partnership."},
    )
    status = StateField(
        vocab.PARTNERSHIP_STATUSES,
        required=True,
        metadata={
            "description": (
                "How far along it is: a value, or a claim of its own (value, "
                "certainty, date, follows, evidence) when sources state it at "
                "different times."
            )
        },
    )
    certainty = certainty_of("status")
    participants = fields.List(
        fields.Nested(ParticipantSeed),
        required=True,
        validate=validate.Length(min=2),
        metadata={"description": "Who takes part, with roles: at least two."},
    )
    scope = fields.List(
        fields.Nested(ClaimSeed),
        load_default=list,
        metadata={"description": "Areas the partnership covers or could cover."},
    )
    objectives = fields.List(
        fields.Nested(ClaimSeed),
        load_default=list,
        metadata={"description": "What the partners aim for."},
    )
    drivers = fields.List(
        fields.Nested(DriverSeed),
        load_default=list,
        metadata={"description": "Market pressures, competitors and motives behind it."},
    )
    agreements = fields.List(
        fields.Nested(AgreementSeed),
        load_default=list,
        metadata={"description": "Agreements signed or foreseen."},
    )
    related = fields.List(
        fields.Nested(RelatedSeed),
        load_default=list,
        metadata={"description": "Other partnerships the source connects it to."},
    )
    evidence = evidence_list(
        metadata={
            "description": "Quotes that state the partnership (name the fields each supports)."
        }
    )

    @validates_schema
    def _certainty(self, data: dict[str, Any], **_: Any) -> None:
        stated_with_certainty(data, "status")


class EventSeed(Schema):
    id = slug(
        required=True,
        metadata={"description": "Slug of the event, unique across the seeds folder."},
    )
    type = one_of(vocab.EVENT_TYPES, required=True, metadata={"description": "What happened."})
    partnership = slug(
        required=True, metadata={"description": "Id of the partnership it belongs to."}
    )
    agreement = slug(
        load_default=None,
        metadata={"description": "Id of the agreement of that partnership it concerns, if any."},
    )
    organizations = slugs(
        load_default=list, metadata={"description": "Ids of the organizations involved."}
    )
    certainty = one_of(
        vocab.CERTAINTY,
        required=True,
        metadata={
            "description": (
                "'stated' when the source says it happened, 'hedged' when it says it "
                "could or would."
            )
        },
    )
    date = fields.Nested(
        DateSeed,
        load_default=None,
        metadata={
            "description": "When, as the source gives it; events are ordered only by such dates."
        },
    )
    summary = text(
        500,
        required=True,
        metadata={"description": "What happened, in short, saying no more than the source."},
    )
    evidence = evidence_list(metadata={"description": "The quotes that report it."})


class StatementSeed(Schema):
    id = slug(
        required=True,
        metadata={"description": "Slug of the statement, unique across the seeds folder."},
    )
    partnership = slug(
        load_default=None, metadata={"description": "Id of the partnership it is about, if any."}
    )
    speakers = slugs(
        required=True,
        validate=validate.Length(min=1),
        metadata={"description": "Ids of the organizations that made it."},
    )
    attribution = text(
        200,
        required=True,
        metadata={"description": "How the source attributes it, e.g. 'joint statement'."},
    )
    quote = text(
        2000,
        required=True,
        metadata={
            "description": (
                "The statement's words, exactly as the source quotes them; it is its own evidence."
            )
        },
    )
    evidence = fields.List(
        fields.Nested(EvidenceSeed),
        load_default=list,
        metadata={"description": "More quotes, e.g. the attribution."},
    )


class ProductSeed(Schema):
    id = slug(
        required=True,
        metadata={"description": "Slug of the product, unique across the seeds folder."},
    )
    name = text(200, required=True, metadata={"description": "Product name."})
    kind = one_of(
        vocab.PRODUCT_KINDS, required=True, metadata={"description": "What kind of product."}
    )
    powertrain = one_of(
        vocab.POWERTRAINS,
        load_default=None,
        metadata={"description": "Powertrain, when the source states it."},
    )
    # One maker, or several (a co-developed product): one of the two.
    maker = slug(
        load_default=None,
        metadata={"description": "Id of the organization that makes it (or give `makers`)."},
    )
    makers = slugs(
        load_default=None,
        validate=validate.Length(min=1),
        metadata={
            "description": (
                "Ids of the organizations that make it, for a co-developed product "
                "(or give `maker`)."
            )
        },
    )
    status = StateField(
        vocab.PRODUCT_STATUSES,
        required=True,
        metadata={
            "description": (
                "Market status: a value, or a claim of its own (value, certainty, "
                "date, follows, evidence) when sources state it at different times."
            )
        },
    )
    certainty = certainty_of("status")
    evidence = evidence_list(metadata={"description": "Quotes that state the product."})

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

    source = fields.Nested(
        SourceSeed,
        required=True,
        metadata={"description": "The source document this file's facts come from."},
    )
    organizations = fields.List(
        fields.Nested(OrganizationSeed),
        load_default=list,
        metadata={"description": "Organizations the source names."},
    )
    partnerships = fields.List(
        fields.Nested(PartnershipSeed),
        load_default=list,
        metadata={"description": "Partnerships the source reports on."},
    )
    events = fields.List(
        fields.Nested(EventSeed),
        load_default=list,
        metadata={"description": "What happened, as the source reports it."},
    )
    statements = fields.List(
        fields.Nested(StatementSeed),
        load_default=list,
        metadata={"description": "What was said, quoted by the source."},
    )
    products = fields.List(
        fields.Nested(ProductSeed),
        load_default=list,
        metadata={"description": "Products the source names."},
    )
