"""A version's index patched with the resources a build on it changed (service.dataset.delta):
the index `build_index` would make of every resource, made from the old one in runs. What did
not change is copied a run at a time (slices of arrays and strings, at C speed); only the
changed resources' values, texts and places in each order are worked out again."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Mapping
from typing import Any

from service.dataset.index import (
    FILTERS,
    ResourceIndex,
    Strings,
    ValueIndex,
    search_text,
    searchable,
    sort_rank,
    sort_value,
)

# An edit of a sequence: before old item `at` insert, or replace or delete old item `at`.
INSERT, REPLACE, DELETE = 0, 1, 2


class _Runs:
    """A Strings made of runs of an old one and new strings."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.starts = array("I", [0])

    def copy(self, old: Strings, first: int, end: int) -> None:
        if first >= end:
            return
        starts = old.starts
        self.pieces.append(old.text[starts[first] : starts[end]])
        _extend_shifted(self.starts, starts[first + 1 : end + 1], self.starts[-1] - starts[first])

    def add(self, item: str) -> None:
        self.pieces.append(item)
        self.starts.append(self.starts[-1] + len(item))

    def strings(self) -> Strings:
        return Strings("".join(self.pieces), self.starts)


def _extend_shifted(target: array[int], run: array[int], shift: int) -> None:
    target.extend(run if shift == 0 else array("I", [n + shift for n in run]))


def _spliced(old: Strings, edits: list[tuple[int, int, str]]) -> Strings:
    """`old` with `edits` (at, kind, item), sorted by place, made."""
    runs, at_old = _Runs(), 0
    for at, kind, item in edits:
        runs.copy(old, at_old, at)
        at_old = at
        if kind != DELETE:
            runs.add(item)
        if kind != INSERT:
            at_old = at + 1
    runs.copy(old, at_old, len(old))
    return runs.strings()


def patch_index(
    rtype: str,
    old: ResourceIndex,
    old_sort_texts: Callable[[int, str], str | None],
    records: Mapping[str, dict[str, Any]],
) -> ResourceIndex:
    """`old` with the resources of `records` added or replaced. `old_sort_texts(position,
    key)` gives the `sort_text` of the resource at `position` of `old`. Resources are never
    removed here."""
    n = len(old.ids)
    found = {rid: old.ids.find(rid) for rid in records}
    inserts = sorted((bisect_left(old.ids, rid), rid) for rid, at in found.items() if at is None)
    # Old position p moves up by the number of ids inserted before it.
    moved = array("I")
    previous = 0
    for k, (at, _) in enumerate(inserts):
        moved.extend(range(previous + k, at + k))
        previous = at
    moved.extend(range(previous + len(inserts), n + len(inserts)))
    where = {rid: at + k for k, (at, rid) in enumerate(inserts)}
    added_at = sorted(where.values())
    replaced_old = {rid: at for rid, at in found.items() if at is not None}
    where.update({rid: moved[at] for rid, at in replaced_old.items()})
    replaced = {moved[at] for at in replaced_old.values()}
    ids = _spliced(old.ids, [(at, INSERT, rid) for at, rid in inserts])

    filters = {
        name: _patched_filter(
            values,
            moved if inserts else None,
            set(replaced_old.values()),
            replaced,
            _fresh_values(extract, records, where),
        )
        for name, values in old.filters.items()
        for extract in (FILTERS[rtype][name],)
    }

    # The search text as a Strings of "\0" + each resource's text.
    searched = Strings(old.search, array("I", [*old.search_starts, len(old.search)]))
    edits = [(at, INSERT, searchable(search_text(rtype, records[rid]))) for at, rid in inserts]
    edits += [
        (at, REPLACE, searchable(search_text(rtype, records[rid])))
        for rid, at in replaced_old.items()
    ]
    search = _spliced(searched, sorted(edits, key=lambda e: (e[0], e[1])))

    def old_position(q: int) -> int:
        return q - bisect_right(added_at, q)

    orders = {}
    for key, order in old.orders.items():

        def rank_of(q: int, key: str = key) -> tuple[bool, str, str]:
            rid = ids[q]
            if rid in records:
                return sort_value(records[rid], key)
            return sort_rank(old_sort_texts(old_position(q), key), rid)

        kept = array("I", map(moved.__getitem__, order)) if inserts else array("I", order)
        if replaced:
            kept = array("I", [q for q in kept if q not in replaced])
        for q in sorted(where.values()):
            insort(kept, q, key=rank_of)
        orders[key] = kept
    return ResourceIndex(
        ids=ids,
        filters=filters,
        search=search.text,
        search_starts=search.starts[:-1],
        orders=orders,
    )


def _fresh_values(
    extract: Callable[[dict[str, Any]], Any],
    records: Mapping[str, dict[str, Any]],
    where: Mapping[str, int],
) -> dict[str, list[int]]:
    fresh: dict[str, list[int]] = {}
    for rid, record in records.items():
        for value in extract(record):
            fresh.setdefault(value, []).append(where[rid])
    return fresh


def _patched_filter(
    old: ValueIndex,
    moved: array[int] | None,
    replaced_old: set[int],
    replaced: set[int],
    fresh: dict[str, list[int]],
) -> ValueIndex:
    """One filter with the replaced resources' positions taken out and the fresh ones put in."""
    positions = array("I", map(moved.__getitem__, old.positions)) if moved else old.positions
    starts = old.starts
    # The values holding a replaced resource: found by its position's bytes in the old array.
    holders: set[int] = set()
    raw = old.positions.tobytes()
    for p in replaced_old:
        pattern = array("I", [p])
        size = pattern.itemsize
        at = raw.find(pattern.tobytes())
        while at != -1:
            if at % size == 0:  # a whole number, not the bytes across two
                holders.add(bisect_right(starts, at // size) - 1)
            at = raw.find(pattern.tobytes(), at + 1)
    affected: dict[str, int | None] = {old.values[i]: i for i in holders}
    for value in fresh:
        affected.setdefault(value, old.values.find(value))
    edits: list[tuple[int, int, str, list[int]]] = []
    for value, i in affected.items():
        kept = (
            []
            if i is None
            else [q for q in positions[starts[i] : starts[i + 1]] if q not in replaced]
        )
        listed = sorted(kept + fresh.get(value, []))
        if i is None:
            edits.append((bisect_left(old.values, value), INSERT, value, listed))
        else:
            edits.append((i, REPLACE if listed else DELETE, value, listed))
    edits.sort(key=lambda e: (e[0], e[1], e[2]))
    values, new_starts, new_positions = _Runs(), array("I", [0]), array("I")
    at_old = 0

    def copy(first: int, end: int) -> None:
        if first >= end:
            return
        values.copy(old.values, first, end)
        new_positions.extend(positions[starts[first] : starts[end]])
        _extend_shifted(new_starts, starts[first + 1 : end + 1], new_starts[-1] - starts[first])

    for at, kind, value, listed in edits:
        copy(at_old, at)
        at_old = at
        if kind != DELETE:
            values.add(value)
            new_positions.extend(listed)
            new_starts.append(len(new_positions))
        if kind != INSERT:
            at_old = at + 1
    copy(at_old, len(old.values))
    return ValueIndex(values.strings(), new_starts, new_positions)
