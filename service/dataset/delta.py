"""A build on the previous version: what a change of seed files reaches is linked, assembled,
rendered and indexed again, and everything else is taken from the version before, so adding
one article to 100,000 partnerships costs about what the article holds.

What a change reaches follows from what each resource declares it reads of others
(service.dataset.assemble): the records the changed files give, now or before ("touched"),
are linked first; a touched record whose fields some read declares changed (or that is new)
reaches the records that read it, through the read's link as the version before held it and
as the files hold it now; and a record built again is built with every record it reads whole
(a partnership with its events), and is read whole by its readers. Those records are merged
again from every file that gives them, exactly as a build from nothing merges them, and
assembled by the same driver, reading of the rest what the previous build's graph kept
(service.dataset.graph). The result is the dataset a build from nothing makes, which the
tests check change by change. Whatever the graph cannot settle (a file or a record removed, a
source's text or description changed, a problem in the seeds) is left to a build from
nothing, which also reports every problem.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from service.dataset.assemble import AGREEMENTS, READS, RESOURCE_TYPES, Record, assemble
from service.dataset.build import DATASET_KEY, Dataset, described
from service.dataset.errors import SeedError, SeedProblem
from service.dataset.evidence import SourceText
from service.dataset.files import MAX_SOURCE_BYTES, read_checked
from service.dataset.graph import (
    READ_COLUMNS,
    BuildGraph,
    Column,
    file_entry,
    row_of,
    sort_column,
)
from service.dataset.index import ResourceIndex
from service.dataset.inputs import SeedChanges, SeedFolder, SeedInput
from service.dataset.link import collect_sources, relink
from service.dataset.memo import BuildMemo
from service.dataset.parse import KnownForms, SeedDocument, parse_seeds
from service.dataset.patching import patch_index
from service.dataset.reads import (
    Forward,
    Link,
    MissingRecord,
    Read,
    Shape,
    View,
    project,
)
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

Merged = dict[str, dict[str, Record]]  # merged records, by type and id


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
    folder: SeedFolder | None = None,
) -> Dataset | None:
    """The dataset `seeds_dir` holds, built on `previous` (its memo learns what the next
    build needs); None when a build from nothing must make it. `folder`: the folder as the
    publish read it (read now when not given), and `changes`: its seed files that differ
    from those `previous` was built from, when they are known already."""
    graph = previous.memo.graph
    if graph is None:
        return None
    folder = folder or SeedFolder.read(seeds_dir)
    changes = changes or folder.changes_since(previous.inputs)
    if changes is None or changes.removed or changes.none:
        return None
    try:
        changed = parse_seeds(
            seeds_dir, known=known, only={*changes.added, *changes.changed}, folder=folder
        )
        return _Build(previous, graph, folder, known, changed).run(now)
    except (SeedError, _Unsettled):
        return None


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


class _Kept:
    """The records of the previous version a build on it does not make again, as its graph
    keeps them (service.dataset.reads.Kept)."""

    def __init__(
        self, indexes: Mapping[str, ResourceIndex], graph: BuildGraph, fresh: Mapping[str, Any]
    ) -> None:
        self.indexes, self.graph = indexes, graph
        days = zip(indexes["sources"].ids, graph.columns["sources"]["published"], strict=True)
        self.published = {sid: dt.date.fromisoformat(day) if day else None for sid, day in days} | {
            sid: s["published"] for sid, s in fresh.items()
        }

    def _value(self, rtype: str, rid: str, head: str) -> Any:
        name, _ = READ_COLUMNS[rtype][head]
        return self.graph.columns[rtype][name][_at(self.indexes[rtype], rtype, rid)]

    def view(self, rtype: str, rid: str, shape: Shape) -> View:
        return project(
            {"id": rid, **{head: self._value(rtype, rid, head) for head in shape}}, shape
        )

    def links(self, holder: str, link: Link, rid: str) -> list[str]:
        """The ids `link` held in kept record `rid`: none when it is new."""
        if rid not in self.indexes[holder].members:
            return []
        return link.ids({link.head: self._value(holder, rid, link.head)})

    def linking(self, holder: str, link: Link, rid: str) -> list[str]:
        index = self.indexes[holder]
        if link.filter is not None:
            return [index.ids[p] for p in index.filters[link.filter].get(rid)]
        # Read row by row, each decoded only when its JSON holds the id at all.
        name, _ = READ_COLUMNS[holder][link.head]
        needle = orjson.dumps(rid)
        return [
            index.ids[p]
            for p, row in enumerate(self.graph.columns[holder][name].rows)
            if needle in row and rid in link.ids({link.head: orjson.loads(row)})
        ]


def _at(index: ResourceIndex, rtype: str, rid: str, where: str = "the version before") -> int:
    """Where `rid` is in `index`, which must hold it."""
    at = index.ids.find(rid)
    if at is None:
        raise MissingRecord(rtype, rid, where)
    return at


class _Build:
    def __init__(
        self,
        previous: Previous,
        graph: BuildGraph,
        folder: SeedFolder,
        known: KnownForms | None,
        changed: list[SeedDocument],
    ) -> None:
        self.previous, self.graph, self.known = previous, graph, known
        self.folder, self.seeds_dir = folder, folder.path
        self.old = previous.indexes
        self.changed = changed
        self.documents = {doc.file: doc for doc in changed}
        self.sources = self._sources()
        self.kept = _Kept(self.old, graph, self.sources)
        self.published = self.kept.published
        self.texts = _Texts(self, {sid: self._text(sid) for sid in self.sources})
        self.touched = self._touched()

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
        touched = self.touched
        merged = self._relinked(touched, touched)
        if any(ids - merged[rtype].keys() for rtype, ids in touched.items()):
            raise _Unsettled  # a record no file gives any more
        wanted = self._reach(merged)
        rest = {rtype: wanted[rtype] - ids for rtype, ids in touched.items()}
        for rtype, records in self._relinked(rest, wanted).items():
            missing = sorted(rest[rtype] - records.keys())
            if missing:
                raise MissingRecord(rtype, missing[0], "the files the graph says give it")
            merged[rtype].update(records)
        lists = {rtype: list(records.values()) for rtype, records in merged.items()}
        resources = assemble(self.sources, lists, self.kept)
        return self._dataset(merged, resources, now)

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

    def _relinked(self, wanted: Mapping[str, set[str]], loaded: Mapping[str, set[str]]) -> Merged:
        """The `wanted` records, merged from every file that gives them; `loaded`: the
        records every file giving them is loaded for (their agreements are read from them)."""
        files = self.graph.defining(wanted) - set(self.documents)
        if files:
            for doc in parse_seeds(
                self.seeds_dir, known=self.known, only=files, folder=self.folder
            ):
                self.documents[doc.file] = doc
            if not files <= set(self.documents):
                raise _Unsettled
        merged = relink(
            sorted(self.documents.values(), key=lambda doc: doc.file),
            self.texts,
            wanted,
            {rtype: _Either(self.old[rtype].members, self.touched[rtype]) for rtype in wanted},
            self._agreements(loaded["partnerships"]),
            self.published,
            self.previous.memo,
        )
        return {rtype: {r["id"]: r for r in records} for rtype, records in merged.items()}

    def _reach(self, merged: Merged) -> dict[str, set[str]]:
        """The records to build again: the touched ones (`merged`), the readers of what
        changed in them, and whatever a record built again reads whole or is read whole by."""
        wanted = {rtype: set(ids) for rtype, ids in self.touched.items()}
        for reader, read in READS:
            if not read.whole:
                for oid, record in merged[read.of].items():
                    if self._changed(read, oid, record):
                        wanted[reader].update(self._across(reader, read, oid, merged, by=False))
        whole = [(reader, read) for reader, read in READS if read.whole]
        while True:
            count = sum(map(len, wanted.values()))
            for reader, read in whole:
                for oid in list(wanted[read.of]):
                    wanted[reader].update(self._across(reader, read, oid, merged, by=False))
                for rid in list(wanted[reader]):
                    wanted[read.of].update(self._across(reader, read, rid, merged, by=True))
            if sum(map(len, wanted.values())) == count:
                return wanted

    def _changed(self, read: Read, oid: str, record: Record) -> bool:
        """Whether what `read` reads of a touched record changed (a new record's is new)."""
        if oid not in self.old[read.of].members:
            return True
        before = self.kept.view(read.of, oid, read.seen)
        return orjson.dumps(before) != orjson.dumps(project(record, read.seen))

    def _across(
        self, reader: str, read: Read, rid: str, merged: Merged, *, by: bool
    ) -> Iterable[str]:
        """The records across `read`'s link from record `rid`, before or now: of a reader
        (`by`), those it reads; of a record read, those reading it. Of those naming `rid`, the
        kept ones: one naming it now and not before is touched, so wanted already."""
        holder, link = read.holder(reader), read.link
        if by == isinstance(link, Forward):  # `rid` holds the link
            ids = set(self.kept.links(holder, link, rid))
            return ids.union(link.ids(merged[holder][rid])) if rid in merged[holder] else ids
        if rid not in self.old[reader if by else read.of].members:
            return ()  # a new record, which no kept record can name
        return self.kept.linking(holder, link, rid)

    def _agreements(self, loaded: Container[str]) -> Callable[[str], set[str]]:
        """A partnership's agreements: as its files give them when they are loaded."""
        fresh: dict[str, set[str]] = defaultdict(set)
        for doc in self.documents.values():
            for seed in doc.data["partnerships"]:
                if seed["id"] in loaded:
                    fresh[seed["id"]].update(a["id"] for a in seed["agreements"])

        def agreements(pid: str) -> set[str]:
            if pid in loaded:
                return fresh[pid]
            if pid not in self.old["partnerships"].members:
                return set()  # an unknown partnership, which linking reports
            kept = self.kept.view("partnerships", pid, AGREEMENTS.shape)
            return {a["id"] for a in kept["agreements"]}

        return agreements

    def _dataset(
        self, merged: Merged, resources: dict[str, dict[str, Any]], now: dt.datetime | None
    ) -> Dataset:
        memo = self.previous.memo
        items = render_resources(resources, None, memo)
        for doc in self.changed:
            sid = doc.data["source"]["id"]
            if doc.file in self.graph.files:
                before = self._previous_etag("sources", sid)
                if before != bytes.fromhex(items[item_key("sources", sid)][:ETAG_LENGTH].decode()):
                    raise _Unsettled  # a source's description changed: what quotes it may too
        indexes, columns = {}, {}
        for rtype, old in self.old.items():
            fresh = resources[rtype]
            if not fresh:
                indexes[rtype], columns[rtype] = old, self.graph.columns[rtype]
                continue
            sorts = self.graph.columns[rtype]

            def sort_texts(position: int, key: str, sorts: Any = sorts) -> Any:
                return sorts[sort_column(key)][position]

            indexes[rtype] = patch_index(rtype, old, sort_texts, fresh)
            records = merged.get(rtype, {})
            columns[rtype] = _patched(rtype, old, indexes[rtype], sorts, records, fresh)
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

    def _previous_etag(self, rtype: str, rid: str) -> bytes:
        """The ETag of the item the previous version holds of a resource."""
        start = next(at for key, t, at in self._sections() if (key, t) == (item_key, rtype))
        at = start + _at(self.old[rtype], rtype, rid) * DIGEST
        return self.previous.contents[at : at + DIGEST]

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
            etags = {
                rid: bytes.fromhex(items[key(rtype, rid)][:ETAG_LENGTH].decode())
                for rid in resources[rtype]
            }
            replaced, added = _places(rtype, old, indexes[rtype], etags)
            for at, rid in replaced.items():
                section[at * DIGEST : (at + 1) * DIGEST] = etags[rid]
            for at, rid in added:
                section[at * DIGEST : at * DIGEST] = etags[rid]
            parts.append(bytes(section))
        return b"".join(parts)


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
    merged: Mapping[str, Record],
    fresh: Mapping[str, Any],
) -> dict[str, Column]:
    """The graph's columns of `rtype`, with the rows of the `fresh` resources (their merged
    records in `merged`; a source is its own)."""
    rows = {
        rid: row_of(rtype, merged.get(rid, resource), resource) for rid, resource in fresh.items()
    }
    replaced, added = _places(rtype, old, new, rows)
    return {
        name: column.patched(
            {at: rows[rid][name] for at, rid in replaced.items()},
            [(at, rows[rid][name]) for at, rid in added],
        )
        for name, column in columns.items()
    }


def _places(
    rtype: str, old: ResourceIndex, new: ResourceIndex, ids: Iterable[str]
) -> tuple[dict[int, str], list[tuple[int, str]]]:
    """Where resources built now go: of those `old` holds, their places there; of the others,
    their places in `new`, in order (so each goes in after those before it)."""
    replaced: dict[int, str] = {}
    added: list[tuple[int, str]] = []
    for rid in ids:
        at = old.ids.find(rid)
        if at is None:
            added.append((_at(new, rtype, rid, "the index built"), rid))
        else:
            replaced[at] = rid
    return replaced, sorted(added)
