"""A build on the previous version: what a change of seed files reaches is linked, assembled,
rendered and indexed again, and everything else is taken from the version before, so adding
one article to 100,000 partnerships costs about what the article holds.

What each resource reads of others is known from the assemblers (service.dataset.assemble):

- an event, a statement, a product: only its own record (and the sources' dates);
- a partnership: its own record, its participants' names, its related partnerships' titles,
  and its events and statements;
- an organization: its own record, and of the partnerships it takes part in their titles,
  statuses and its role, and the products it makes.

So a change to a record reaches these, and nothing else. The records a build needs are
merged again from every file that gives them, exactly as a build from nothing merges them;
the fields others read of the rest come from the previous build's graph
(service.dataset.graph). The result is the dataset a build from nothing makes, which the
tests check change by change. Whatever the graph cannot settle (a file or a record removed, a
source's text or description changed, a problem in the seeds) is left to a build from
nothing, which also reports every problem.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.dataset.assemble import (
    assemble_event,
    assemble_organization,
    assemble_partnership,
    assemble_product,
    assemble_statement,
    grouped_by_partnership,
    taking_part_entry,
)
from service.dataset.build import DATASET_KEY, Dataset, described
from service.dataset.errors import SeedError, SeedProblem
from service.dataset.evidence import SourceText
from service.dataset.files import MAX_SOURCE_BYTES, read_checked
from service.dataset.graph import BuildGraph, Column, file_entry, row_of, sort_column
from service.dataset.index import ResourceIndex
from service.dataset.inputs import SeedChanges, SeedInput, seed_changes
from service.dataset.link import RESOURCE_TYPES, collect_sources, relink
from service.dataset.memo import BuildMemo
from service.dataset.parse import KnownForms, SeedDocument, parse_seeds
from service.dataset.patching import patch_index
from service.dataset.render import (
    DIGEST,
    ETAG_LENGTH,
    ITEM_SCHEMAS,
    LIST_SCHEMAS,
    content_version,
    item_key,
    list_item_key,
    render_resources,
)


@dataclass(frozen=True)
class Previous:
    """The current version, as a build on it needs it."""

    version: str
    indexes: Mapping[str, ResourceIndex]
    contents: bytes  # its items' ETags (render.contents_in_order)
    inputs: tuple[SeedInput, ...]
    memo: BuildMemo  # with the graph its build left


class _Unsettled(Exception):
    """Something only a build from nothing settles."""


def build_on(
    previous: Previous,
    seeds_dir: Path,
    now: dt.datetime | None = None,
    known: KnownForms | None = None,
    changes: SeedChanges | None = None,
) -> Dataset | None:
    """The dataset `seeds_dir` holds, built on `previous` (its memo learns what the next
    build needs); None when a build from nothing must make it. `changes`: the seed files
    that differ from those `previous` was built from, when they are known already."""
    graph = previous.memo.graph
    if graph is None:
        return None
    changes = changes or seed_changes(seeds_dir, previous.inputs)
    if changes is None or changes.removed or changes.none:
        return None
    try:
        changed = parse_seeds(seeds_dir, known=known, only={*changes.added, *changes.changed})
        return _Build(previous, graph, seeds_dir, known, changed).run(now)
    except (SeedError, _Unsettled):
        return None


class _ById(Mapping[str, Any]):
    """One column of the previous build's graph, by resource id."""

    def __init__(self, index: ResourceIndex, values: Column) -> None:
        self._index = index
        self._values = values

    def __getitem__(self, rid: str) -> Any:
        at = self._index.ids.find(rid)
        if at is None:
            raise KeyError(rid)
        return self._values[at]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index.ids)

    def __len__(self) -> int:
        return len(self._index.ids)


class _Texts(Mapping[str, SourceText]):
    """Every source's text, those of unchanged files read when a record quotes them."""

    def __init__(self, build: "_Build", fresh: dict[str, SourceText]) -> None:
        self._build = build
        self._texts = fresh
        self._files = {entry["source"]: entry for entry in build.graph.files.values()}

    def __getitem__(self, sid: str) -> SourceText:
        if sid not in self._texts:
            entry = self._files.get(sid)
            if entry is None:
                raise KeyError(sid)
            name, digest = entry["read"][1]
            raw, _ = read_checked(
                self._build.seeds_dir / name,
                self._build.seeds_dir,
                file=name,
                where="",
                shown=name,
                limit=MAX_SOURCE_BYTES,
            )
            published = self._build.published.get(sid)
            text = SourceText(sid, raw.decode("utf-8"), published, digest)
            self._texts[sid] = text
        return self._texts[sid]

    def __iter__(self) -> Iterator[str]:
        return iter({*self._files, *self._texts})

    def __len__(self) -> int:
        return len({*self._files, *self._texts})


class _Build:
    def __init__(
        self,
        previous: Previous,
        graph: BuildGraph,
        seeds_dir: Path,
        known: KnownForms | None,
        changed: list[SeedDocument],
    ) -> None:
        self.previous, self.graph, self.seeds_dir, self.known = previous, graph, seeds_dir, known
        self.old = previous.indexes
        self.changed = changed
        self.documents = {doc.file: doc for doc in changed}
        # Each record as the loaded files give it, by type and id.
        self._seeds: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for doc in changed:
            self._given_by(doc)
        self.columns = {
            rtype: {name: _ById(self.old[rtype], values) for name, values in columns.items()}
            for rtype, columns in graph.columns.items()
        }
        self.sources = self._sources()
        self.published = {
            sid: dt.date.fromisoformat(day) if day else None
            for sid, day in self.columns["sources"]["published"].items()
        } | {sid: s["published"] for sid, s in self.sources.items()}

    def _sources(self) -> dict[str, Any]:
        """The sources the changed files describe: a changed file describes the same one."""
        problems: list[SeedProblem] = []
        sources = collect_sources(self.changed, problems)
        if problems:
            raise _Unsettled
        known = self.old["sources"].members
        for doc in self.changed:
            sid = doc.data["source"]["id"]
            before = self.graph.files.get(doc.file)
            if (before["source"] != sid) if before else (sid in known):
                raise _Unsettled
        return sources

    def run(self, now: dt.datetime | None) -> Dataset:
        touched = self._touched()
        wanted = {rtype: set(ids) for rtype, ids in touched.items()}
        while True:
            self._load(self.graph.defining(wanted) - set(self.documents))
            grown = self._reach(touched)
            if grown == wanted:
                break
            wanted = grown
        for rtype, ids in touched.items():
            if any(not self._raw(rtype, rid) for rid in ids):
                raise _Unsettled  # a record no file gives any more
        merged = relink(
            sorted(self.documents.values(), key=lambda doc: doc.file),
            _Texts(self, {sid: self._text(sid) for sid in self.sources}),
            wanted,
            {rtype: _Either(self.old[rtype].members, touched[rtype]) for rtype in touched},
            self._agreements(wanted["partnerships"]),
            self.published,
            self.previous.memo,
        )
        resources = self._assemble({t: {r["id"]: r for r in merged[t]} for t in merged})
        return self._dataset(resources, now)

    def _text(self, sid: str) -> SourceText:
        s = self.sources[sid]
        return SourceText(sid, s["text"], s["published"], s["sha256"])

    def _touched(self) -> dict[str, set[str]]:
        """The ids of the records the changed files give, now or before."""
        touched: dict[str, set[str]] = {rtype: set() for rtype in RESOURCE_TYPES}
        for doc in self.changed:
            for rtype in RESOURCE_TYPES:
                touched[rtype].update(seed["id"] for seed in doc.data[rtype])
            for rtype, ids in (self.graph.files.get(doc.file) or {"ids": {}})["ids"].items():
                touched[rtype].update(ids)
        return touched

    def _load(self, files: set[str]) -> None:
        if files:
            for doc in parse_seeds(self.seeds_dir, known=self.known, only=files):
                self.documents[doc.file] = doc
                self._given_by(doc)
            if not files <= set(self.documents):
                raise _Unsettled

    def _given_by(self, doc: SeedDocument) -> None:
        for rtype in RESOURCE_TYPES:
            for seed in doc.data[rtype]:
                self._seeds.setdefault((rtype, seed["id"]), []).append(seed)

    def _raw(self, rtype: str, rid: str) -> list[dict[str, Any]]:
        """The record as each loaded file gives it, validated but not linked."""
        return self._seeds.get((rtype, rid), [])

    def _old(self, rtype: str, column: str, rid: str, default: Any = None) -> Any:
        return self.columns[rtype][column].get(rid, default)

    def _by(self, rtype: str, name: str, value: str) -> list[str]:
        """The previous version's `rtype` ids whose filter `name` holds `value`."""
        index = self.old[rtype]
        return [index.ids[p] for p in index.filters[name].get(value)]

    def _reach(self, touched: Mapping[str, set[str]]) -> dict[str, set[str]]:
        """The records whose resources a change of the `touched` ones reaches, and those their
        reassembly reads: of each partnership, its events and statements too."""
        partnerships = set(touched["partnerships"])
        for rtype in ("events", "statements"):
            for rid in touched[rtype]:
                partnerships.add(self._old(rtype, "partnership", rid))
                partnerships.update(seed["partnership"] for seed in self._raw(rtype, rid))
        # A partnership new in this version is related to by no earlier one: only the
        # changed files can name it, and what they give is touched already.
        earlier = self.old["partnerships"].members
        for pid in (pid for pid in touched["partnerships"] if pid in earlier):
            if any(
                s["title"] != self._old("partnerships", "title", pid)
                for s in self._raw("partnerships", pid)
            ):
                partnerships.update(self._related_to(pid))
        for oid in touched["organizations"]:
            if any(
                s["name"] != self._old("organizations", "name", oid)
                for s in self._raw("organizations", oid)
            ):
                partnerships.update(self._by("partnerships", "organization", oid))
        partnerships.discard(None)
        organizations = set(touched["organizations"])
        for pid in partnerships:
            organizations.update(o for o, _ in self._old("partnerships", "participants", pid, []))
            for seed in self._raw("partnerships", pid):
                organizations.update(part["organization"] for part in seed["participants"])
        for rid in touched["products"]:
            organizations.update(self._old("products", "makers", rid, []))
            for seed in self._raw("products", rid):
                organizations.update([seed["maker"]] if seed["maker"] else seed["makers"] or [])
        events, statements = set(touched["events"]), set(touched["statements"])
        for pid in partnerships:
            events.update(self._by("events", "partnership", pid))
            statements.update(self._by("statements", "partnership", pid))
        return {
            "organizations": organizations,
            "partnerships": partnerships,
            "events": events,
            "statements": statements,
            "products": set(touched["products"]),
        }

    def _related_to(self, pid: str) -> set[str]:
        related = self.graph.columns["partnerships"]["related"]
        ids = self.old["partnerships"].ids
        found = {ids[p] for p, named in enumerate(related) if pid in named}
        for doc in self.documents.values():
            found.update(
                seed["id"]
                for seed in doc.data["partnerships"]
                if any(r["partnership"] == pid for r in seed["related"])
            )
        return found

    def _agreements(self, loaded: set[str]) -> Callable[[str], set[str]]:
        """A partnership's agreements: as its files give them when they are loaded."""
        fresh: dict[str, set[str]] = defaultdict(set)
        for doc in self.documents.values():
            for seed in doc.data["partnerships"]:
                if seed["id"] in loaded:
                    fresh[seed["id"]].update(a["id"] for a in seed["agreements"])

        def agreements(pid: str) -> set[str]:
            if pid in loaded:
                return fresh[pid]
            return set(self._old("partnerships", "agreements", pid, []))

        return agreements

    def _assemble(self, merged: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        published = self.published
        events = {eid: assemble_event(e, published) for eid, e in merged["events"].items()}
        statements = {sid: assemble_statement(s) for sid, s in merged["statements"].items()}
        products = {pid: assemble_product(p) for pid, p in merged["products"].items()}
        names = _Chain(
            {oid: o["name"] for oid, o in merged["organizations"].items()},
            self.columns["organizations"]["name"],
        )
        titles = _Chain(
            {pid: p["title"] for pid, p in merged["partnerships"].items()},
            self.columns["partnerships"]["title"],
        )
        own = grouped_by_partnership(events.values(), statements.values())
        partnerships = {
            pid: assemble_partnership(
                p, names, titles, own[pid]["events"], own[pid]["statements"], published
            )
            for pid, p in merged["partnerships"].items()
        }
        organizations = {
            oid: assemble_organization(
                org, self._taking_part(oid, partnerships), self._made(oid, products)
            )
            for oid, org in merged["organizations"].items()
        }
        return {
            "organizations": organizations,
            "partnerships": partnerships,
            "events": events,
            "statements": statements,
            "products": products,
            "sources": self.sources,
        }

    def _taking_part(self, oid: str, fresh: Mapping[str, Any]) -> list[dict[str, Any]]:
        entries = [
            taking_part_entry(p, part["role"])
            for p in fresh.values()
            for part in p["participants"]
            if part["organization"] == oid
        ]
        for pid in self._by("partnerships", "organization", oid):
            if pid not in fresh:
                role = next(
                    r for o, r in self._old("partnerships", "participants", pid) if o == oid
                )
                listed = {
                    "id": pid,
                    "title": self._old("partnerships", "title", pid),
                    "status": self._old("partnerships", "status", pid),
                }
                entries.append(taking_part_entry(listed, role))
        return entries

    def _made(self, oid: str, fresh: Mapping[str, Any]) -> list[str]:
        made = [pid for pid in self._by("products", "maker", oid) if pid not in fresh]
        return made + [pid for pid, p in fresh.items() if oid in p["makers"]]

    def _dataset(self, resources: dict[str, dict[str, Any]], now: dt.datetime | None) -> Dataset:
        memo = self.previous.memo
        items = render_resources(resources, None, memo)
        for doc in self.changed:
            sid = doc.data["source"]["id"]
            if doc.file in self.graph.files:
                before = self._previous_etag(item_key, "sources", sid)
                if before != bytes.fromhex(items[item_key("sources", sid)][:ETAG_LENGTH].decode()):
                    raise _Unsettled  # a source's description changed: what quotes it may too
        indexes, columns = {}, {}
        for rtype, old in self.old.items():
            fresh = resources[rtype]
            if not fresh:
                indexes[rtype], columns[rtype] = old, self.graph.columns[rtype]
                continue
            sorts = self.graph.columns[rtype]

            def sort_values(position: int, key: str, sorts: Any = sorts) -> Any:
                return sorts[sort_column(key)][position]

            indexes[rtype] = patch_index(rtype, old, sort_values, fresh)
            columns[rtype] = _patched(rtype, old, indexes[rtype], sorts, fresh)
        contents = self._contents(indexes, resources, items)
        version = content_version(indexes, contents)
        loaded_at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        described_item = described(version, loaded_at, indexes, columns["sources"]["sha256"])
        contents += bytes.fromhex(described_item[:ETAG_LENGTH].decode())
        fresh_keys = frozenset(items)
        items[DATASET_KEY] = described_item
        files = dict(self.graph.files)
        for doc in self.changed:
            files[doc.file] = file_entry(doc.data["source"]["id"], doc.files, doc.data)
        memo.carry_forward()
        memo.graph = BuildGraph(files, columns)
        inputs = {entry[0]: entry for entry in self.previous.inputs}
        for doc in self.changed:
            inputs[doc.file] = (
                doc.file,
                doc.files[0][1],
                doc.data["source"]["text_file"],
                doc.sha256,
            )
        read = tuple(sorted(tuple(pair) for entry in files.values() for pair in entry["read"]))
        return Dataset(
            version,
            loaded_at,
            indexes,
            items,
            read,
            tuple(sorted(inputs.values())),
            contents=contents,
            built_on=self.previous.version,
            fresh=fresh_keys,
        )

    def _sections(self) -> Iterator[tuple[Any, str, int]]:
        """Each section of the previous contents: how its keys are made, its type, where it
        starts."""
        at = 0
        for key, types in ((item_key, ITEM_SCHEMAS), (list_item_key, LIST_SCHEMAS)):
            for rtype in types:
                yield key, rtype, at
                at += len(self.old[rtype].ids) * DIGEST

    def _previous_etag(self, key: Any, rtype: str, rid: str) -> bytes | None:
        position = self.old[rtype].ids.find(rid)
        for made, section, start in self._sections():
            if (made, section) == (key, rtype) and position is not None:
                at = start + position * DIGEST
                return self.previous.contents[at : at + DIGEST]
        return None

    def _contents(
        self,
        indexes: Mapping[str, ResourceIndex],
        resources: Mapping[str, Mapping[str, Any]],
        items: Mapping[str, bytes],
    ) -> bytes:
        """The previous contents with the ETags of the items made now, put in their places
        (render.contents_in_order), without the description's."""
        parts = []
        for key, rtype, start in self._sections():
            old = self.old[rtype]
            section = bytearray(self.previous.contents[start : start + len(old.ids) * DIGEST])
            added = []
            for rid in resources[rtype]:
                etag = bytes.fromhex(items[key(rtype, rid)][:ETAG_LENGTH].decode())
                at = old.ids.find(rid)
                if at is None:
                    added.append((indexes[rtype].ids.find(rid) or 0, etag))
                else:
                    section[at * DIGEST : (at + 1) * DIGEST] = etag
            for at, etag in sorted(added):  # in order of their places among all
                section[at * DIGEST : at * DIGEST] = etag
            parts.append(bytes(section))
        return b"".join(parts)


class _Chain(Mapping[str, Any]):
    """A value of the records built now, else of the previous build's graph."""

    def __init__(self, fresh: Mapping[str, Any], column: Mapping[str, Any]) -> None:
        self._fresh = fresh
        self._column = column

    def __getitem__(self, rid: str) -> Any:
        return self._fresh[rid] if rid in self._fresh else self._column[rid]

    def __iter__(self) -> Iterator[str]:
        return iter({*self._fresh, *self._column})

    def __len__(self) -> int:
        return len({*self._fresh, *self._column})


class _Either:
    """Ids of the previous version, or of the changed records."""

    def __init__(self, *sets: Any) -> None:
        self._sets = sets

    def __contains__(self, rid: object) -> bool:
        return any(rid in found for found in self._sets)


def _patched(
    rtype: str,
    old: ResourceIndex,
    new: ResourceIndex,
    columns: Mapping[str, Column],
    fresh: Mapping[str, Any],
) -> dict[str, Column]:
    """The graph's columns of `rtype`, with the rows of the `fresh` resources."""
    rows = {rid: row_of(rtype, resource) for rid, resource in fresh.items()}
    replaced: dict[int, str] = {}
    added: list[tuple[int, str]] = []
    for rid in rows:
        at = old.ids.find(rid)
        if at is None:
            added.append((new.ids.find(rid) or 0, rid))
        else:
            replaced[at] = rid
    added.sort()
    return {
        name: column.patched(
            {at: rows[rid][name] for at, rid in replaced.items()},
            [(at, rows[rid][name]) for at, rid in added],
        )
        for name, column in columns.items()
    }
