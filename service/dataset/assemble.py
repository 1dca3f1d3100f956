"""Assemble linked records into the API's resource shapes, deriving the back-references.

Each resource type has its own assembler, taking the record and exactly the other resources
it reads: a build from nothing assembles everything, and a build on the previous version
(service.dataset.delta) reassembles only what a change reaches, with the same functions."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from service.dataset.dates import render_date
from service.dataset.sourcing import GATHER
from service.dataset.timeline import timeline


def assemble(sources: dict[str, Any], merged: dict[str, list[Any]]) -> dict[str, dict[str, Any]]:
    """Return resources per type, keyed by id, in the shape the API schemas dump."""
    published = {sid: s["published"] for sid, s in sources.items()}
    orgs = {o["id"]: o for o in merged["organizations"]}
    names = {oid: org["name"] for oid, org in orgs.items()}

    events = {e["id"]: assemble_event(e, published) for e in merged["events"]}
    statements = {s["id"]: assemble_statement(s) for s in merged["statements"]}
    products = {p["id"]: assemble_product(p) for p in merged["products"]}
    titles = {p["id"]: p["title"] for p in merged["partnerships"]}

    by_partnership = grouped_by_partnership(events.values(), statements.values())
    partnerships = {
        p["id"]: assemble_partnership(
            p,
            names,
            titles,
            by_partnership[p["id"]]["events"],
            by_partnership[p["id"]]["statements"],
            published,
        )
        for p in merged["partnerships"]
    }

    taking_part: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in partnerships.values():
        for part in p["participants"]:
            taking_part[part["organization"]].append(taking_part_entry(p, part["role"]))
    made: dict[str, list[str]] = defaultdict(list)
    for product in products.values():
        for maker in product["makers"]:
            made[maker].append(product["id"])
    organizations = {
        oid: assemble_organization(org, taking_part[oid], made[oid]) for oid, org in orgs.items()
    }
    return {
        "organizations": organizations,
        "partnerships": partnerships,
        "events": events,
        "statements": statements,
        "products": products,
        "sources": sources,
    }


def grouped_by_partnership(
    events: Iterable[dict[str, Any]], statements: Iterable[dict[str, Any]]
) -> dict[str, dict[str, list[Any]]]:
    """Assembled events and statements by the partnership they belong to (those of none left
    out): what assemble_partnership embeds."""
    grouped: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for event in events:
        grouped[event["partnership"]]["events"].append(event)
    for statement in statements:
        if statement["partnership"]:
            grouped[statement["partnership"]]["statements"].append(statement)
    return grouped


def assemble_event(event: dict[str, Any], published: Mapping[str, Any]) -> dict[str, Any]:
    return _with_sources({**event, "date": _date(event, published)}, "events")


def assemble_statement(statement: dict[str, Any]) -> dict[str, Any]:
    return _with_sources(statement, "statements")


def assemble_product(product: dict[str, Any]) -> dict[str, Any]:
    # `maker`, from before a product could have several: the first the sources name.
    return _with_sources({**product, "maker": product["makers"][0]}, "products")


def assemble_partnership(
    p: dict[str, Any],
    names: Mapping[str, str],
    titles: Mapping[str, str],
    events: Iterable[dict[str, Any]],
    statements: Iterable[dict[str, Any]],
    published: Mapping[str, Any],
) -> dict[str, Any]:
    """A merged partnership with its participants' names, its related partnerships' titles,
    and its own events and statements (assembled)."""
    own_events = sorted(events, key=lambda e: e["id"])
    own_statements = sorted(statements, key=lambda s: s["id"])
    return _with_sources(
        {
            **p,
            "participants": [
                {**part, "name": names[part["organization"]]} for part in p["participants"]
            ],
            "agreements": [{**a, "date": _date(a, published)} for a in p["agreements"]],
            "related": [{**r, "title": titles[r["partnership"]]} for r in p["related"]],
            "events": own_events,
            "timeline": timeline(own_events),
            "statements": own_statements,
        },
        "partnerships",
        # Its events' and statements' sources too (its timeline quotes its events).
        *own_events,
        *own_statements,
    )


def taking_part_entry(partnership: Mapping[str, Any], role: str) -> dict[str, Any]:
    """How an organization's resource lists a partnership it takes part in."""
    return {
        "id": partnership["id"],
        "title": partnership["title"],
        "status": partnership["status"],
        "role": role,
    }


def assemble_organization(
    org: dict[str, Any], taking_part: Iterable[dict[str, Any]], made: Iterable[str]
) -> dict[str, Any]:
    return _with_sources(
        {
            **org,
            "partnerships": sorted(taking_part, key=lambda x: x["id"]),
            "products": sorted(made),
        },
        "organizations",
    )


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
