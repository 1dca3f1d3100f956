"""API (output) schemas: each resource is dumped through these once, when a dataset is built."""

from typing import Any

from marshmallow import Schema, fields

from schemas import vocabulary as vocab


def _closed(choices: tuple[str, ...], description: str) -> fields.String:
    """A value of a list that is complete by design: a new value would need a new API version."""
    return fields.String(
        required=True, metadata={"description": description, "enum": list(choices)}
    )


def _open(choices: tuple[str, ...], description: str, *, nullable: bool = False) -> fields.String:
    """A value of a vocabulary that may grow (a role, a status, a kind). Documented as a string
    with its known values in `x-extensible-enum` (Zalando's API guidelines, rule 112), not as
    a closed `enum`: SDKs generated from the document then accept values added later."""
    known = ", ".join(f"`{c}`" for c in choices)
    return fields.String(
        required=True,
        allow_none=nullable,
        metadata={
            "description": f"{description} Known values: {known}. Extensible: expect values "
            "not listed here, and treat them as unknown rather than as errors.",
            "x-extensible-enum": list(choices),
        },
    )


def _str(description: str, *, nullable: bool = False) -> fields.String:
    return fields.String(required=True, allow_none=nullable, metadata={"description": description})


def _ids(description: str) -> fields.List[Any]:
    return fields.List(fields.String(), required=True, metadata={"description": description})


class Evidence(Schema):
    source = _str("Id of the source document quoted.")
    quote = _str("The exact words of the source.")
    start = fields.Integer(
        required=True,
        metadata={"description": "Offset of the quote's first character in the source text."},
    )
    end = fields.Integer(
        required=True,
        metadata={
            "description": "Offset just past the quote's last character: text[start:end] == quote."
        },
    )
    supports = _ids(
        "Fields of the enclosing object this quote supports; empty when it supports the whole."
    )


def _updated_in() -> fields.String:
    return _str(
        "Dataset version in which this resource last changed: the version that added it, or "
        "the first whose content of it differs from the version before."
    )


def _evidence() -> fields.List[Any]:
    return fields.List(
        fields.Nested(Evidence),
        required=True,
        metadata={"description": "Where in the sources this fact is stated."},
    )


def _certainty(
    description: str = "'stated' when the source says it as fact, 'hedged' when it says it "
    "could or would happen.",
) -> fields.String:
    return _open(vocab.CERTAINTY, description)


def _certainty_of(state: str) -> fields.String:
    return _certainty(
        f"Certainty of the current {state}: 'stated' when its latest statement says it as "
        "fact, 'hedged' when it says it could or would happen."
    )


class SourceDate(Schema):
    text = _str("The date in the source's own words, e.g. 'this week'.")
    precision = _open(vocab.DATE_PRECISION, "How precise the source's date is.")
    relative = fields.Boolean(
        required=True,
        metadata={"description": "True when the source gives the date relative to its own date."},
    )
    resolved = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "ISO 8601 value at that precision; null until the source date is known."
        },
    )


class Claim(Schema):
    id = _str("Slug of the claim, unique within its partnership.")
    label = _str("What is claimed, in short.")
    certainty = _certainty()
    evidence = _evidence()


class Driver(Claim):
    kind = _open(vocab.DRIVER_KINDS, "What kind of pressure or motive this is.")
    organizations = _ids("Organizations the driver names.")


class Participant(Schema):
    organization = _str("Organization id.")
    name = _str("The organization's name.")
    role = _open(vocab.PARTICIPANT_ROLES, "The part the organization plays.")


def _history_entry(name: str, choices: tuple[str, ...], what: str) -> type[Schema]:
    """The schema of one source's statement of a state that changes over time."""
    return type(
        name,
        (Schema,),
        {
            "position": fields.Integer(
                required=True,
                metadata={
                    "description": "Rank in the order the sources establish, 1 for the "
                    "earliest: by the dates they give, or by an order a source states and cites "
                    "(`follows`). Statements the sources do not order apart share a position; "
                    "they agree on the value."
                },
            ),
            "value": _open(choices, f"The {what} stated."),
            "date": fields.Nested(
                SourceDate,
                required=True,
                allow_none=True,
                metadata={
                    "description": "When it held: the date the source gives for it (in its own "
                    "words), else the source's publication date; null when neither is known."
                },
            ),
            "dated_by": _open(
                vocab.DATE_BASES,
                "Where `date` comes from: `quote` for words of the source, `publication` for "
                "the source's publication date; null when undated.",
                nullable=True,
            ),
            "source": _str("Id of the source that states it."),
            "follows": _str(
                "Id of the source whose statement this one comes after, as this source says "
                "(its evidence cites it); null when the source says nothing of it.",
                nullable=True,
            ),
            "certainty": _certainty(),
            "evidence": _evidence(),
        },
    )


def _history(entry: type[Schema], what: str) -> fields.List[Any]:
    return fields.List(
        fields.Nested(entry),
        required=True,
        metadata={
            "description": f"Every source's statement of the {what}, oldest first: the current "
            "value is the last one's."
        },
    )


AgreementStateEntry = _history_entry("AgreementStateEntry", vocab.AGREEMENT_STATES, "state")
PartnershipStatusEntry = _history_entry(
    "PartnershipStatusEntry", vocab.PARTNERSHIP_STATUSES, "status"
)
ProductStatusEntry = _history_entry("ProductStatusEntry", vocab.PRODUCT_STATUSES, "status")


class Agreement(Schema):
    id = _str("Agreement id.")
    type = _open(vocab.AGREEMENT_TYPES, "What kind of agreement.")
    state = _open(
        vocab.AGREEMENT_STATES,
        "How far the agreement has come: the latest state the sources establish.",
    )
    state_history = _history(AgreementStateEntry, "state")
    certainty = _certainty_of("state")
    parties = _ids("Organizations party to the agreement.")
    date = fields.Nested(
        SourceDate,
        required=True,
        allow_none=True,
        metadata={"description": "When, as the source gives it."},
    )
    summary = _str("What the agreement covers or would do.")
    evidence = _evidence()


class RelatedPartnership(Schema):
    partnership = _str("Id of the related partnership.")
    title = _str("Its title.")
    relation = _open(vocab.RELATIONS, "How it relates to this one.")
    evidence = _evidence()


class PartnershipEvent(Schema):
    """An event as its partnership lists it."""

    id = _str("Event id.")
    type = _open(vocab.EVENT_TYPES, "What happened.")
    partnership = _str("The partnership it belongs to.")
    agreement = _str("The agreement it concerns, if any.", nullable=True)
    organizations = _ids("Organizations involved.")
    certainty = _certainty()
    date = fields.Nested(
        SourceDate,
        required=True,
        allow_none=True,
        metadata={"description": "When, as the source gives it."},
    )
    summary = _str("What happened, in short.")
    sources = _ids("Ids of the sources behind this event.")
    evidence = _evidence()


class Event(PartnershipEvent):
    """An event: what happened in a partnership, with its date as the sources give it."""

    updated_in = _updated_in()


class TimelineEntry(Schema):
    position = fields.Integer(
        required=True,
        allow_none=True,
        metadata={
            "description": "Rank in the order the sources' dates establish, 1 for the earliest: "
            "one more than the longest chain of events dated strictly before it. Entries the "
            "sources do not order apart share a position; null when the event is undated."
        },
    )
    event = _str("Event id.")
    type = _open(vocab.EVENT_TYPES, "What happened.")
    summary = _str("What happened, in short.")
    certainty = _certainty()
    date = fields.Nested(
        SourceDate,
        required=True,
        allow_none=True,
        metadata={"description": "When, as the source gives it."},
    )
    evidence = _evidence()


class PartnershipStatement(Schema):
    """A statement as its partnership lists it."""

    id = _str("Statement id.")
    partnership = _str("The partnership it is about, if any.", nullable=True)
    speakers = _ids("Organizations that made the statement.")
    attribution = _str("How the source attributes it, e.g. 'joint statement'.")
    quote = _str("The statement's verbatim words.")
    sources = _ids("Ids of the sources behind this statement.")
    evidence = _evidence()


class Statement(PartnershipStatement):
    """A statement: what was said, verbatim, and by whom."""

    updated_in = _updated_in()


class Product(Schema):
    id = _str("Product id.")
    name = _str("Product name.")
    kind = _open(vocab.PRODUCT_KINDS, "What kind of product.")
    powertrain = _open(vocab.POWERTRAINS, "Powertrain, when stated.", nullable=True)
    maker = fields.String(
        required=True,
        metadata={
            "description": "Organization id of the maker; of a product made by several, the "
            "first the sources name. Deprecated: read `makers`, which names them all.",
            "deprecated": True,
        },
    )
    makers = _ids("Organization ids of every maker, as the sources name them.")
    status = _open(vocab.PRODUCT_STATUSES, "Market status: the latest the sources establish.")
    status_history = _history(ProductStatusEntry, "market status")
    certainty = _certainty_of("status")
    sources = _ids("Ids of the sources behind this product.")
    evidence = _evidence()
    updated_in = _updated_in()


class OrganizationPartnership(Schema):
    id = _str("Partnership id.")
    title = _str("Partnership title.")
    status = _open(vocab.PARTNERSHIP_STATUSES, "Partnership status, as it stands now.")
    role = _open(vocab.PARTICIPANT_ROLES, "The organization's role in it.")


class Organization(Schema):
    id = _str("Organization id (a lowercase slug).")
    name = _str("Full name as the source gives it.")
    short_name = _str("Short name, when known.", nullable=True)
    aliases = _ids("Other names used for it.")
    country = _str("ISO 3166-1 alpha-2 country code, when the source states it.", nullable=True)
    kind = _open(
        vocab.ORGANIZATION_KINDS,
        "What kind of organization, when the source states it.",
        nullable=True,
    )
    partnerships = fields.List(
        fields.Nested(OrganizationPartnership),
        required=True,
        metadata={"description": "Partnerships it takes part in."},
    )
    products = _ids("Ids of its products.")
    sources = _ids("Ids of the sources behind this organization.")
    evidence = _evidence()
    updated_in = _updated_in()


class Partnership(Schema):
    id = _str("Partnership id.")
    title = _str("Short title.")
    kind = _open(vocab.PARTNERSHIP_KINDS, "What kind of partnership.")
    status = _open(
        vocab.PARTNERSHIP_STATUSES,
        "How far along it is: the latest status the sources establish.",
    )
    status_history = _history(PartnershipStatusEntry, "status")
    certainty = _certainty_of("status")
    participants = fields.List(
        fields.Nested(Participant),
        required=True,
        metadata={"description": "Who takes part, with roles."},
    )
    scope = fields.List(
        fields.Nested(Claim),
        required=True,
        metadata={"description": "Areas the partnership covers or could cover."},
    )
    objectives = fields.List(
        fields.Nested(Claim), required=True, metadata={"description": "What the partners aim for."}
    )
    drivers = fields.List(
        fields.Nested(Driver),
        required=True,
        metadata={"description": "Market pressures, competitors and motives behind it."},
    )
    agreements = fields.List(
        fields.Nested(Agreement),
        required=True,
        metadata={"description": "Agreements signed or foreseen."},
    )
    events = fields.List(
        fields.Nested(PartnershipEvent),
        required=True,
        metadata={"description": "What happened, with dates as the sources give them."},
    )
    timeline = fields.List(
        fields.Nested(TimelineEntry),
        required=True,
        metadata={
            "description": "The events in the order the sources' dates establish (undated "
            "last), each with its evidence."
        },
    )
    statements = fields.List(
        fields.Nested(PartnershipStatement),
        required=True,
        metadata={"description": "What the partners said, verbatim."},
    )
    related = fields.List(
        fields.Nested(RelatedPartnership),
        required=True,
        metadata={"description": "Other partnerships the sources connect it to."},
    )
    sources = _ids("Ids of the sources behind this partnership.")
    evidence = _evidence()
    updated_in = _updated_in()


class SourceSummary(Schema):
    id = _str("Source id.")
    title = _str("Title of the document.")
    kind = _open(vocab.SOURCE_KINDS, "What kind of document.")
    publisher = _str("Publisher, when the document names one.", nullable=True)
    published = fields.Date(
        required=True, allow_none=True, metadata={"description": "Publication date, when known."}
    )
    url = _str("Where the document was published, when known.", nullable=True)
    sha256 = _str("SHA-256 of the document's UTF-8 text, hex.")
    length = fields.Integer(
        required=True,
        metadata={
            "description": "Length of the text in characters (the unit of evidence offsets)."
        },
    )
    updated_in = _updated_in()


class Source(SourceSummary):
    text = _str("The document's full text, which evidence offsets index.")


class DatasetCounts(Schema):
    organizations = fields.Integer(
        required=True, metadata={"description": "Number of organizations."}
    )
    partnerships = fields.Integer(
        required=True, metadata={"description": "Number of partnerships."}
    )
    events = fields.Integer(required=True, metadata={"description": "Number of events."})
    statements = fields.Integer(required=True, metadata={"description": "Number of statements."})
    products = fields.Integer(required=True, metadata={"description": "Number of products."})
    sources = fields.Integer(required=True, metadata={"description": "Number of sources."})


class DatasetSource(Schema):
    id = _str("Source id.")
    sha256 = _str("SHA-256 of its text.")


class DatasetInfo(Schema):
    version = _str("Content hash of the dataset: changes whenever any served fact changes.")
    loaded_at = fields.DateTime(
        required=True, metadata={"description": "When this dataset was built, UTC."}
    )
    counts = fields.Nested(
        DatasetCounts, required=True, metadata={"description": "Resources per type."}
    )
    sources = fields.List(
        fields.Nested(DatasetSource),
        required=True,
        metadata={"description": "Sources the dataset was built from."},
    )


class VersionFile(Schema):
    path = _str("File the version was built from, relative to the seeds folder.")
    sha256 = _str("SHA-256 of the file's bytes, hex.")


class DatasetVersion(Schema):
    version = _str("The version's content hash.")
    current = fields.Boolean(
        required=True, metadata={"description": "True for the version being served."}
    )
    published_at = fields.DateTime(
        required=True, metadata={"description": "When it was last made current, UTC."}
    )
    loaded_at = fields.DateTime(
        required=True, metadata={"description": "When it was built from its files, UTC."}
    )
    counts = fields.Nested(
        DatasetCounts, required=True, metadata={"description": "Resources per type."}
    )
    files = fields.List(
        fields.Nested(VersionFile),
        required=True,
        metadata={"description": "Seed files and source texts it was built from."},
    )


class Change(Schema):
    type = _open(vocab.RESOURCE_TYPES, "Resource type, as in its path.")
    id = _str("Resource id.")
    # Closed: a client keeping a copy must know what to do with each kind of change.
    change = _closed(vocab.CHANGE_KINDS, "What happened to it between the two versions.")
    etag = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "The resource's ETag in `meta.until` (the header's value without its "
            "quotes); null when removed."
        },
    )
    updated_in = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The resource's `updated_in` in `meta.until`; null when removed."},
    )
    href = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "Its item path, null when removed. The path serves the current "
            "version: when `meta.until` is an older one, what it answers may differ from "
            "`etag`, or be a 404."
        },
    )


class ResourceEvidence(Evidence):
    path = _str(
        "JSON Pointer (RFC 6901) to this evidence in the resource, e.g. /scope/0/evidence/0."
    )
    source_sha256 = _str(
        "SHA-256 of the source's text: check it against the text you fetch before slicing."
    )


class ExportLine(Schema):
    """One line of an export: the dataset's description first, then every resource."""

    type = _open(
        ("dataset", *vocab.RESOURCE_TYPES),
        "`dataset` for the first line, else the resource type, as in its path.",
    )
    id = _str("Resource id; the dataset version on the `dataset` line.")
    etag = _str("The resource's ETag (the header's value without its quotes).")
    data = fields.Dict(
        required=True,
        metadata={
            "description": "The resource as `GET /v1/{type}/{id}` answers it; the "
            "`DatasetInfo` on the `dataset` line."
        },
    )
