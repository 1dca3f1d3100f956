"""Assemble linked records into the API's resource shapes, deriving the back-references.

Each assembler is handed its merged record and what the reads declared beside it (ASSEMBLERS)
say it reads of other resources, nothing more (service.dataset.reads). A new cross-resource
field is declared there, once: the build graph's columns and the reach of a change follow.
One driver assembles both builds: a build from nothing assembles every record, and a build on
the previous version (service.dataset.delta) the records a change reaches, reading the rest
from what it kept."""

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from service.dataset.dates import render_date
from service.dataset.reads import WHOLE, Backward, Forward, Kept, MissingRecord, Read, project
from service.dataset.sourcing import GATHER
from service.dataset.timeline import timeline

Record = dict[str, Any]
# An assembler: the merged record, what it reads (by the name of its read: of a Forward read,
# each record read by its id; of a Backward read, the records naming it, in id order), and
# every source's date.
Make = Callable[[Record, Mapping[str, Any], Mapping[str, Any]], Record]


def assemble_event(event: Record, read: Mapping[str, Any], published: Mapping[str, Any]) -> Record:
    return _with_sources({**event, "date": _date(event, published)}, "events")


def assemble_statement(statement: Record, read: Mapping[str, Any], _: Mapping[str, Any]) -> Record:
    return _with_sources(statement, "statements")


def assemble_product(product: Record, read: Mapping[str, Any], _: Mapping[str, Any]) -> Record:
    # `maker`, from before a product could have several: the first the sources name.
    return _with_sources({**product, "maker": product["makers"][0]}, "products")


def assemble_partnership(
    p: Record, read: Mapping[str, Any], published: Mapping[str, Any]
) -> Record:
    """A merged partnership with its participants' names, its related partnerships' titles,
    and its own events and statements (assembled)."""
    names, titles = read["participants"], read["related"]
    own_events, own_statements = read["events"], read["statements"]
    return _with_sources(
        {
            **p,
            "participants": [
                {**part, "name": names[part["organization"]]["name"]} for part in p["participants"]
            ],
            "agreements": [{**a, "date": _date(a, published)} for a in p["agreements"]],
            "related": [{**r, "title": titles[r["partnership"]]["title"]} for r in p["related"]],
            "events": own_events,
            "timeline": timeline(own_events),
            "statements": own_statements,
        },
        "partnerships",
        # Its events' and statements' sources too (its timeline quotes its events).
        *own_events,
        *own_statements,
    )


def assemble_organization(org: Record, read: Mapping[str, Any], _: Mapping[str, Any]) -> Record:
    return _with_sources(
        {
            **org,
            "partnerships": [_taking_part(p, org["id"]) for p in read["partnerships"]],
            "products": [product["id"] for product in read["products"]],
        },
        "organizations",
    )


def _taking_part(partnership: Mapping[str, Any], oid: str) -> Record:
    """How an organization's resource lists a partnership it takes part in."""
    role = next(x["role"] for x in partnership["participants"] if x["organization"] == oid)
    return {k: partnership[k] for k in ("id", "title", "status")} | {"role": role}


@dataclass(frozen=True)
class Assembler:
    make: Make
    reads: Mapping[str, Read] = field(default_factory=dict)


PARTICIPANTS = "participants.organization"
ASSEMBLERS: dict[str, Assembler] = {
    "organizations": Assembler(
        assemble_organization,
        {
            "partnerships": Read(
                "partnerships",
                ("title", "status", PARTICIPANTS, "participants.role"),
                Backward(PARTICIPANTS, filter="organization"),
            ),
            "products": Read("products", (), Backward("makers", filter="maker")),
        },
    ),
    "partnerships": Assembler(
        assemble_partnership,
        {
            "participants": Read(
                "organizations", ("name",), Forward(PARTICIPANTS, filter="organization")
            ),
            "related": Read("partnerships", ("title",), Forward("related.partnership")),
            "events": Read("events", WHOLE, Backward("partnership", filter="partnership")),
            "statements": Read("statements", WHOLE, Backward("partnership", filter="partnership")),
        },
    ),
    "events": Assembler(assemble_event),
    "statements": Assembler(assemble_statement),
    "products": Assembler(assemble_product),
}
# The types of records, which seed files give (sources aside), in the order they are merged.
RESOURCE_TYPES = tuple(ASSEMBLERS)
# What linking reads of other records (service.dataset.link): an event's agreement must be
# one of its partnership's.
AGREEMENTS = Read("partnerships", ("agreements.id",), Forward("partnership", filter="partnership"))
# Every read, with the type that reads it.
READS: tuple[tuple[str, Read], ...] = (
    *((rtype, read) for rtype, made in ASSEMBLERS.items() for read in made.reads.values()),
    ("events", AGREEMENTS),
)


def _order() -> list[str]:
    """The types, each after those it reads whole."""
    order: list[str] = []
    while len(order) < len(ASSEMBLERS):
        ready = [
            rtype
            for rtype, made in ASSEMBLERS.items()
            if rtype not in order and all(r.of in order for r in made.reads.values() if r.whole)
        ]
        if not ready:
            raise ValueError("resources that read each other whole cannot be assembled")
        order += ready
    return order


ORDER = _order()


def assemble(
    sources: dict[str, Any], merged: Mapping[str, list[Record]], kept: Kept | None = None
) -> dict[str, dict[str, Any]]:
    """Resources per type, keyed by id, in the shape the API schemas dump: those of the
    `merged` records (all of them in a build from nothing), reading of any other what `kept`
    holds of it."""
    published = kept.published if kept else {sid: s["published"] for sid, s in sources.items()}
    records = {rtype: {r["id"]: r for r in merged[rtype]} for rtype in ASSEMBLERS}
    made: dict[str, dict[str, Any]] = {}
    for rtype in ORDER:
        assembler = ASSEMBLERS[rtype]
        handed = [
            (name, _handing(read, records, made, kept)) for name, read in assembler.reads.items()
        ]
        made[rtype] = {
            rid: assembler.make(record, {name: hand(record) for name, hand in handed}, published)
            for rid, record in records[rtype].items()
        }
    return {**{rtype: made[rtype] for rtype in ASSEMBLERS}, "sources": sources}


def _handing(
    read: Read,
    records: Mapping[str, Mapping[str, Record]],
    made: Mapping[str, Mapping[str, Record]],
    kept: Kept | None,
) -> Callable[[Record], Any]:
    """What `read` hands a reader: the records read as `read` sees them, from the records
    built now, else from those `kept`."""
    of, fresh, link = read.of, records[read.of], read.link
    views: dict[str, Any] = dict(made[of]) if read.whole else {}

    def view(oid: str) -> Any:
        if oid not in views:
            if oid in fresh and not read.whole:
                views[oid] = project(fresh[oid], read.shape)
            elif kept is not None and not read.whole:
                views[oid] = kept.view(of, oid, read.shape)
            else:
                raise MissingRecord(of, oid, "the records this build assembles")
        return views[oid]

    if isinstance(link, Forward):
        return lambda reader: {oid: view(oid) for oid in link.ids(reader)}
    naming: dict[str, list[str]] = defaultdict(list)
    for oid, record in fresh.items():
        for rid in link.ids(record):
            naming[rid].append(oid)

    def backward(reader: Record) -> list[Any]:
        ids = naming.get(reader["id"], [])
        if kept is not None:
            ids = [*ids, *(o for o in kept.linking(of, link, reader["id"]) if o not in fresh)]
        return [view(oid) for oid in sorted(ids)]

    return backward


def _date(record: dict[str, Any], published: Mapping[str, Any]) -> dict[str, Any] | None:
    date = record.get("date")
    if date is None:
        return None
    # The source whose quote carries the date's words is the one it is relative to.
    source = next(e["source"] for e in record["evidence"] if date["text"] in e["quote"])
    return render_date(date, published.get(source))


def _with_sources(record: dict[str, Any], rtype: str, *within: dict[str, Any]) -> dict[str, Any]:
    """The record with `sources`: those its evidence cites, and those of `within` (the
    resources it embeds, their sources already summed)."""
    found: set[str] = set()
    GATHER[rtype](record, found)
    for resource in within:
        found.update(resource["sources"])
    return {**record, "sources": sorted(found)}
