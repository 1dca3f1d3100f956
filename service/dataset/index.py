"""In-memory indexes that list requests filter, search and page on."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Extractor = Callable[[dict[str, Any]], Iterable[str]]


def _one(field: str) -> Extractor:
    return lambda r: [r[field]] if r.get(field) else []


def _many(field: str, key: str | None = None) -> Extractor:
    return lambda r: [x[key] if key else x for x in r[field]]


# For each resource type: filter name -> the values a resource is indexed under.
FILTERS: dict[str, dict[str, Extractor]] = {
    "organizations": {
        "country": _one("country"),
        "kind": _one("kind"),
        "partnership": _many("partnerships", "id"),
    },
    "partnerships": {
        "organization": _many("participants", "organization"),
        "status": _one("status"),
        "kind": _one("kind"),
        "scope": _many("scope", "id"),
    },
    "events": {
        "type": _one("type"),
        "partnership": _one("partnership"),
        "organization": _many("organizations"),
    },
    "statements": {"partnership": _one("partnership"), "speaker": _many("speakers")},
    "products": {"maker": _one("maker"), "status": _one("status"), "kind": _one("kind")},
    "sources": {"kind": _one("kind")},
}

# Text fields a case-insensitive `q` search looks in.
SEARCH_FIELDS: dict[str, tuple[str, ...]] = {
    "organizations": ("id", "name", "short_name", "aliases"),
    "partnerships": ("id", "title", "scope", "objectives", "drivers"),
    "events": ("id", "summary"),
    "statements": ("id", "quote", "attribution"),
    "products": ("id", "name"),
    "sources": ("id", "title", "publisher"),
}


@dataclass(frozen=True)
class ResourceIndex:
    ids: tuple[str, ...]  # sorted
    members: frozenset[str]
    filters: Mapping[str, Mapping[str, frozenset[str]]]
    search: Mapping[str, str]

    def select(self, filters: Mapping[str, list[str]], q: str | None) -> Sequence[str]:
        """Sorted ids matching every filter value (a repeated filter must match each) and `q`."""
        chosen: set[str] | None = None
        for name, values in filters.items():
            for value in values:
                matching = self.filters[name].get(value, frozenset())
                chosen = set(matching) if chosen is None else chosen & matching
        # No filter: the sorted ids as they are, not a copy, so large lists stay cheap.
        ids: Sequence[str] = self.ids if chosen is None else sorted(chosen)
        if q:
            needle = q.casefold()
            ids = [i for i in ids if needle in self.search[i]]
        return ids


def build_index(rtype: str, resources: Mapping[str, dict[str, Any]]) -> ResourceIndex:
    filters: dict[str, dict[str, set[str]]] = {name: defaultdict(set) for name in FILTERS[rtype]}
    search: dict[str, str] = {}
    for rid, record in resources.items():
        for name, extract in FILTERS[rtype].items():
            for value in extract(record):
                filters[name][value].add(rid)
        search[rid] = " ".join(_texts(record[f] for f in SEARCH_FIELDS[rtype])).casefold()
    return ResourceIndex(
        ids=tuple(sorted(resources)),
        members=frozenset(resources),
        filters={n: {v: frozenset(ids) for v, ids in m.items()} for n, m in filters.items()},
        search=search,
    )


def _texts(values: Iterable[Any]) -> Iterable[str]:
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from _texts(value)
        elif isinstance(value, dict):
            yield from _texts(v for k, v in value.items() if k in ("label", "name", "title"))
