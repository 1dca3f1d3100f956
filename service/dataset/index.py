"""In-memory indexes that list requests filter, search and page on."""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, overload

from cachetools import LRUCache

from schemas.vocabulary import SORT_KEYS

# Positions kept for worked-out selections, per resource type (4 bytes each at most).
SELECTION_CACHE_POSITIONS = 2_000_000

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
    "products": {"maker": _many("makers"), "status": _one("status"), "kind": _one("kind")},
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


Positions = Sequence[int]  # numbers of resources: places in the sorted ids


class Strings(Sequence[str]):
    """Many short strings kept as one: string i is `text[starts[i]:starts[i + 1]]`. At 100,000
    partnerships this is a third of the memory of separate str objects, and decoding it
    makes no small objects to fragment the heap."""

    def __init__(self, text: str, starts: array[int]) -> None:
        self.text = text
        self.starts = starts  # one more than there are strings: the last is where text ends

    @classmethod
    def of(cls, items: Iterable[str]) -> Strings:
        items = list(items)
        starts = array("I", [0])
        for item in items:
            starts.append(starts[-1] + len(item))
        return cls("".join(items), starts)

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __iter__(self) -> Iterator[str]:
        # Sequence's own iteration calls __getitem__, checks and all, once per string.
        text = self.text
        return (text[start:end] for start, end in pairwise(self.starts))

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.text[self.starts[index] : self.starts[index + 1]]

    def find(self, item: str) -> int | None:
        """Where `item` is, for strings kept in sorted order."""
        at = bisect_left(self, item)
        return at if at < len(self) and self[at] == item else None


class Members:
    """Whether an id is in the index: a bisection of the sorted ids, no set beside them."""

    def __init__(self, ids: Strings) -> None:
        self._ids = ids

    def __contains__(self, rid: object) -> bool:
        return isinstance(rid, str) and self._ids.find(rid) is not None


@dataclass(frozen=True)
class ValueIndex:
    """One filter, compactly: its values sorted, and for value i the positions
    `positions[starts[i]:starts[i + 1]]`, ascending (so already in id order)."""

    values: Strings
    starts: array[int]
    positions: array[int]

    def get(self, value: str) -> Positions:
        at = self.values.find(value)
        if at is None:
            return ()
        return memoryview(self.positions)[self.starts[at] : self.starts[at + 1]]

    @classmethod
    def build(cls, by_value: Mapping[str, Iterable[int]]) -> ValueIndex:
        values = sorted(by_value)
        starts, positions = array("I", [0]), array("I")
        for value in values:
            positions.extend(sorted(by_value[value]))
            starts.append(len(positions))
        return cls(Strings.of(values), starts, positions)


class Selection(Sequence[str]):
    """Ids chosen by a list request, in order, without copying them: a page reads only its
    own slice, so a list of 100,000 costs what a list of 20 does."""

    def __init__(self, ids: Strings, positions: Positions, reverse: bool = False) -> None:
        self._ids = ids
        self._positions = positions
        self._reverse = reverse

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        n = len(self._positions)
        if isinstance(index, slice):
            start, stop, step = index.indices(n)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            if self._reverse:
                chosen = self._positions[max(n - stop, 0) : max(n - start, 0)]
                return [self._ids[p] for p in reversed(chosen)]
            return [self._ids[p] for p in self._positions[start:stop]]
        if not -n <= index < n:
            raise IndexError(index)
        index %= n
        return self._ids[self._positions[n - 1 - index if self._reverse else index]]


@dataclass(frozen=True, eq=False)
class ResourceIndex:
    ids: Strings  # sorted; a resource's place here is its position
    filters: Mapping[str, ValueIndex]
    search: str  # every resource's casefolded text, in id order, each after a NUL
    search_starts: array[int]  # where each resource's text starts in `search`
    orders: Mapping[str, array[int]]  # sort key -> positions in that order (ties by id)
    # The version in which each resource last changed, by position: `updated_versions[
    # updated_numbers[position]]`. Set when a version is published, since it depends on the
    # versions published before (see dataset.lineage); empty until then.
    updated_versions: tuple[str, ...] = ()
    updated_numbers: array[int] = field(default_factory=lambda: array("I"))
    # Made on first use per key: filtered lists sorted by a key other than id are rare.
    _ranks_by_key: dict[str, array[int]] = field(default_factory=dict, repr=False)
    # Selections that cost more than a lookup (several filters, a search, another order),
    # by query: a busy list is worked out once per version, not once per request.
    _selected: LRUCache[Any, Positions] = field(
        default_factory=lambda: LRUCache(maxsize=SELECTION_CACHE_POSITIONS, getsizeof=len),
        repr=False,
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def members(self) -> Members:
        return Members(self.ids)

    def place(self, rid: str) -> int | None:
        """Where `rid` is in `ids` (None when no resource has it): one bisection that answers
        both whether it is a member and, through updated_at, when it last changed."""
        return self.ids.find(rid)

    def updated_in(self, rid: str) -> str | None:
        """The version in which `rid` last changed; None before a publish stamped it."""
        at = self.ids.find(rid) if self.updated_numbers else None
        return None if at is None else self.updated_at(at)

    def updated_at(self, position: int) -> str | None:
        """`updated_in` of the resource at `position` (its place in `ids`)."""
        if not self.updated_numbers:
            return None
        return self.updated_versions[self.updated_numbers[position]]

    def select(
        self, filters: Mapping[str, list[str]], q: str | None, sort: str = "id"
    ) -> Sequence[str]:
        """Ids matching every filter value (a repeated filter must match each) and `q`,
        in `sort` order (`-key` for descending)."""
        key = sort.removeprefix("-")
        reverse = sort.startswith("-")
        wanted = [(name, value) for name, values in filters.items() for value in values]
        if not wanted and not q:
            whole = range(len(self.ids)) if key == "id" else self.orders[key]
            return Selection(self.ids, whole, reverse)
        if len(wanted) == 1 and not q and key == "id":
            name, value = wanted[0]
            return Selection(self.ids, self.filters[name].get(value), reverse)
        query = (tuple(sorted(wanted)), q, key)
        with self._lock:
            found = self._selected.get(query)
        if found is None:
            found = self._order(self._match(wanted, q), key)
            if len(found) < SELECTION_CACHE_POSITIONS:
                with self._lock:
                    self._selected[query] = found
        return Selection(self.ids, found, reverse)

    def _match(self, wanted: list[tuple[str, str]], q: str | None) -> Positions:
        """Positions matching everything, ascending."""
        sets: list[Positions] = [self.filters[name].get(value) for name, value in wanted]
        if q:
            sets.append(self._search(q.casefold()))
        sets.sort(key=len)  # intersect from the smallest: the result is never larger
        chosen: Positions = sets[0]
        for other in sets[1:]:
            if not chosen:
                break
            if len(chosen) * 16 < len(other):
                chosen = [p for p in chosen if _holds(other, p)]
            else:
                members = set(other)
                chosen = [p for p in chosen if p in members]
        return array("I", chosen)

    def _search(self, needle: str) -> Positions:
        if not needle or "\0" in needle:
            return range(len(self.ids)) if not needle else ()
        found: list[int] = []
        text, starts = self.search, self.search_starts
        at = text.find(needle)
        while at != -1:
            position = bisect_right(starts, at) - 1
            found.append(position)
            # On to the next resource: one hit is enough for each.
            following = starts[position + 1] if position + 1 < len(starts) else len(text)
            at = text.find(needle, following)
        return found

    def _order(self, chosen: Positions, key: str) -> Positions:
        if key == "id":
            return chosen
        order = self.orders[key]
        if len(chosen) * 8 > len(order):
            flags = bytearray(len(self.ids))
            for p in chosen:
                flags[p] = 1
            return array("I", [p for p in order if flags[p]])
        return array("I", sorted(chosen, key=self._ranks(key).__getitem__))

    def _ranks(self, key: str) -> array[int]:
        with self._lock:
            if key not in self._ranks_by_key:
                ranks = array("I", bytes(4 * len(self.ids)))
                for rank, position in enumerate(self.orders[key]):
                    ranks[position] = rank
                self._ranks_by_key[key] = ranks
            return self._ranks_by_key[key]


def _holds(ascending: Positions, position: int) -> bool:
    at = bisect_left(ascending, position)
    return at < len(ascending) and ascending[at] == position


def build_index(rtype: str, resources: Mapping[str, dict[str, Any]]) -> ResourceIndex:
    ids = sorted(resources)
    filters: dict[str, dict[str, list[int]]] = {name: defaultdict(list) for name in FILTERS[rtype]}
    texts: list[str] = []
    for position, rid in enumerate(ids):
        record = resources[rid]
        for name, extract in FILTERS[rtype].items():
            for value in extract(record):
                filters[name][value].append(position)
        texts.append(search_text(rtype, record))
    return make_index(
        Strings.of(ids),
        filters={name: ValueIndex.build(found) for name, found in filters.items()},
        texts=texts,
        orders={key: _ordered(ids, resources, key) for key in SORT_KEYS[rtype]},
    )


def search_text(rtype: str, record: dict[str, Any]) -> str:
    """What a `q` search looks in, for one resource."""
    return " ".join(_texts(record[f] for f in SEARCH_FIELDS[rtype])).casefold()


def searchable(text: str) -> str:
    """A resource's search text as the joined search string holds it: after a NUL, and with
    none within, so no search needle (which holds none) matches across two resources."""
    return "\0" + text.replace("\0", " ")


def make_index(
    ids: Strings,
    *,
    filters: Mapping[str, ValueIndex],
    texts: Sequence[str],
    orders: Mapping[str, array[int]],
) -> ResourceIndex:
    starts = array("I")
    length = 0
    for text in texts:
        starts.append(length)
        length += len(text) + 1
    search = "".join(map(searchable, texts))
    return ResourceIndex(
        ids=ids, filters=filters, search=search, search_starts=starts, orders=orders
    )


def _ordered(ids: Sequence[str], resources: Mapping[str, dict[str, Any]], key: str) -> array[int]:
    values = [sort_value(resources[rid], key) for rid in ids]
    return array("I", sorted(range(len(ids)), key=values.__getitem__))


def sort_text(record: Mapping[str, Any], key: str) -> str | None:
    """What a list sorted by `key` compares of a resource; None when it has no value."""
    value = record.get(key)
    return None if value is None else str(value).casefold()


def sort_rank(text: str | None, rid: str) -> tuple[bool, str, str]:
    """Where a resource of `sort_text` `text` stands in a sorted list: missing values last,
    ties in id order, so every order is total and stable."""
    return (text is None, text or "", rid)


def sort_value(record: Mapping[str, Any], key: str) -> tuple[bool, str, str]:
    return sort_rank(sort_text(record, key), record["id"])


def _texts(values: Iterable[Any]) -> list[str]:
    """The strings in `values`, in order: nested lists walked, and of a dict (a claim, a
    driver) only its label, name or title."""
    found: list[str] = []
    _gather_texts(values, found)
    return found


def _gather_texts(values: Iterable[Any], found: list[str]) -> None:
    # Appending to one list, not generators within generators: a search text is made for
    # every resource.
    for value in values:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            _gather_texts(value, found)
        elif isinstance(value, dict):
            _gather_texts([v for k, v in value.items() if k in ("label", "name", "title")], found)
