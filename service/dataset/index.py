"""In-memory indexes that list requests filter, search and page on."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from schemas.vocabulary import SORT_KEYS

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
    orders: Mapping[str, tuple[str, ...]]  # sort key -> ids in that order (ties by id)
    # id -> the dataset version in which it last changed; set when a version is published,
    # since it depends on the versions published before (see dataset.lineage).
    updated_in: Mapping[str, str] = field(default_factory=dict)
    # Made on first use per key: filtered lists sorted by a key other than id are rare.
    _ranks_by_key: dict[str, dict[str, int]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def select(
        self, filters: Mapping[str, list[str]], q: str | None, sort: str = "id"
    ) -> Sequence[str]:
        """Ids matching every filter value (a repeated filter must match each) and `q`,
        in `sort` order (`-key` for descending)."""
        chosen: set[str] | None = None
        for name, values in filters.items():
            for value in values:
                matching = self.filters[name].get(value, frozenset())
                chosen = set(matching) if chosen is None else chosen & matching
        key = sort.removeprefix("-")
        order = self.ids if key == "id" else self.orders[key]
        # No filter: the presorted ids as they are, not a copy, so large lists stay cheap.
        ids: Sequence[str] = order if chosen is None else self._in_order(chosen, key, order)
        if q:
            needle = q.casefold()
            ids = [i for i in ids if needle in self.search[i]]
        return ids[::-1] if sort.startswith("-") else ids

    def _in_order(self, chosen: set[str], key: str, order: tuple[str, ...]) -> list[str]:
        if key == "id":
            return sorted(chosen)
        if len(chosen) * 8 > len(order):
            return [i for i in order if i in chosen]
        rank = self._ranks(key)
        return sorted(chosen, key=rank.__getitem__)

    def _ranks(self, key: str) -> dict[str, int]:
        if key not in self._ranks_by_key:
            self._ranks_by_key[key] = {rid: n for n, rid in enumerate(self.orders[key])}
        return self._ranks_by_key[key]


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
        orders={key: _ordered(resources, key) for key in SORT_KEYS[rtype]},
        filters={n: {v: frozenset(ids) for v, ids in m.items()} for n, m in filters.items()},
        search=search,
    )


def _ordered(resources: Mapping[str, dict[str, Any]], key: str) -> tuple[str, ...]:
    return tuple(sorted(resources, key=lambda rid: _sort_value(resources[rid], key)))


def _sort_value(record: dict[str, Any], key: str) -> tuple[bool, str, str]:
    # Missing values sort last; ties keep id order, so every order is total and stable.
    value = record.get(key)
    return (value is None, str(value).casefold() if value is not None else "", record["id"])


def _texts(values: Iterable[Any]) -> Iterable[str]:
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from _texts(value)
        elif isinstance(value, dict):
            yield from _texts(v for k, v in value.items() if k in ("label", "name", "title"))
