"""Assemble linked records into the API's resource shapes, deriving the back-references."""

from collections import defaultdict
from typing import Any

from service.dataset.dates import render_date
from service.dataset.sourcing import GATHER
from service.dataset.timeline import timeline


def assemble(sources: dict[str, Any], merged: dict[str, list[Any]]) -> dict[str, dict[str, Any]]:
    """Return resources per type, keyed by id, in the shape the API schemas dump."""
    published = {sid: s["published"] for sid, s in sources.items()}
    orgs = {o["id"]: o for o in merged["organizations"]}

    events = {e["id"]: _event(e, published) for e in merged["events"]}
    statements = {s["id"]: _with_sources(s, "statements") for s in merged["statements"]}
    # `maker`, from before a product could have several: the first the sources name.
    products = {
        p["id"]: _with_sources({**p, "maker": p["makers"][0]}, "products")
        for p in merged["products"]
    }
    titles = {p["id"]: p["title"] for p in merged["partnerships"]}

    by_partnership: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for event in events.values():
        by_partnership[event["partnership"]]["events"].append(event)
    for statement in statements.values():
        if statement["partnership"]:
            by_partnership[statement["partnership"]]["statements"].append(statement)

    partnerships = {}
    for p in merged["partnerships"]:
        own_events = sorted(by_partnership[p["id"]]["events"], key=lambda e: e["id"])
        own_statements = sorted(by_partnership[p["id"]]["statements"], key=lambda s: s["id"])
        partnerships[p["id"]] = _with_sources(
            {
                **p,
                "participants": [
                    {**part, "name": orgs[part["organization"]]["name"]}
                    for part in p["participants"]
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

    taking_part: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in partnerships.values():
        for part in p["participants"]:
            taking_part[part["organization"]].append(
                {"id": p["id"], "title": p["title"], "status": p["status"], "role": part["role"]}
            )
    made: dict[str, list[str]] = defaultdict(list)
    for product in products.values():
        for maker in product["makers"]:
            made[maker].append(product["id"])
    organizations = {
        oid: _with_sources(
            {
                **org,
                "partnerships": sorted(taking_part[oid], key=lambda x: x["id"]),
                "products": sorted(made[oid]),
            },
            "organizations",
        )
        for oid, org in orgs.items()
    }
    return {
        "organizations": organizations,
        "partnerships": partnerships,
        "events": events,
        "statements": statements,
        "products": products,
        "sources": sources,
    }


def _event(event: dict[str, Any], published: dict[str, Any]) -> dict[str, Any]:
    return _with_sources({**event, "date": _date(event, published)}, "events")


def _date(record: dict[str, Any], published: dict[str, Any]) -> dict[str, Any] | None:
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
