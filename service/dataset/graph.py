"""What a build leaves for the next one to build on (service.dataset.delta): which records each
seed file gives, and of every resource the fields other resources read of it, as their reads
declare them (service.dataset.assemble), and the values its lists sort by.

Columns follow the order of the version's indexes: row p of a type is the resource at
position p of its index. Kept in the build memo, for the current version only.
"""

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import orjson

from schemas.vocabulary import SORT_KEYS
from service.dataset.assemble import READS, RESOURCE_TYPES
from service.dataset.index import sort_text
from service.dataset.reads import projected, shape_of

# A seed file: the source it describes, the files read for it (the seed and its text, each
# with its SHA-256), and the ids of the records it gives, by resource type.
FileEntry = dict[str, Any]
# A column's value of a record: of its merged record and its resource (the same for a source).
Extract = Callable[[Mapping[str, Any], Mapping[str, Any]], Any]


def _published(source: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    return source["published"].isoformat() if source["published"] else None


def _read_shapes() -> dict[str, dict[str, tuple[str, ...] | None]]:
    """Of each type, what any read reads of its merged records, links included."""
    paths: dict[str, list[str]] = {rtype: [] for rtype in RESOURCE_TYPES}
    for reader, read in READS:
        paths[read.of] += read.fields or ()
        paths[read.holder(reader)].append(read.link.path)
    return {rtype: shape_of(found) for rtype, found in paths.items()}


# Of each type, by field read: the column holding it, and the fields of its items it holds.
READ_COLUMNS = {
    rtype: {
        head: (head + (f".{','.join(subs)}" if subs else ""), subs) for head, subs in shape.items()
    }
    for rtype, shape in _read_shapes().items()
}


def _read(head: str, subs: tuple[str, ...] | None) -> Extract:
    return lambda record, _: projected(record[head], subs)


def _sort(key: str) -> Extract:
    return lambda _, resource: sort_text(resource, key)


def sort_column(key: str) -> str:
    return f"sort {key}"


# Every build reads every source's date, and the dataset's description their digests.
_SOURCES: dict[str, Extract] = {"published": _published, "sha256": lambda s, _: s["sha256"]}
COLUMNS: dict[str, dict[str, Extract]] = {
    rtype: {
        **{name: _read(head, subs) for head, (name, subs) in READ_COLUMNS.get(rtype, {}).items()},
        **(_SOURCES if rtype == "sources" else {}),
        **{sort_column(key): _sort(key) for key in SORT_KEYS[rtype]},
    }
    for rtype in (*RESOURCE_TYPES, "sources")
}


def row_of(rtype: str, record: Mapping[str, Any], resource: Mapping[str, Any]) -> dict[str, Any]:
    """A record's values in the graph, from its merged record and its resource."""
    return {name: column(record, resource) for name, column in COLUMNS[rtype].items()}


class Column(Sequence[Any]):
    """One column: a value per resource. Read back, each value is kept as its own JSON and
    decoded when it is asked for: a build on a version reads a few hundred rows of hundreds
    of thousands, and decoding them all would cost more than that whole build."""

    def __init__(self, rows: list[bytes] | None = None, values: list[Any] | None = None) -> None:
        self._rows = rows
        self._values = values

    @classmethod
    def of(cls, values: Iterable[Any]) -> "Column":
        return cls(values=list(values))

    @property
    def rows(self) -> list[bytes]:
        if self._rows is None:
            # Split from one encoding: orjson's bytes for a small value keep a large buffer.
            self._rows = self.blob().split(b"\n") if self._values else []
        return self._rows

    def blob(self) -> bytes:
        """The rows, one per line (JSON escapes every newline within a value)."""
        if self._rows is not None:
            return b"\n".join(self._rows)
        out = io.BytesIO()
        for n, value in enumerate(self._values or ()):
            out.write(b"\n" if n else b"")
            out.write(orjson.dumps(value))
        return out.getvalue()

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if self._values is not None:
            return self._values[index]
        if isinstance(index, slice):
            return [orjson.loads(row) for row in self.rows[index]]
        return orjson.loads(self.rows[index])

    def __len__(self) -> int:
        return len(self._values) if self._values is not None else len(self.rows)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Column) and self.blob() == other.blob()

    __hash__ = None  # type: ignore[assignment]

    def patched(self, replaced: Mapping[int, Any], inserted: Iterable[tuple[int, Any]]) -> "Column":
        """A copy with the rows at `replaced` positions set, then the `inserted` (in ascending
        order of their final positions) put in."""
        rows = list(self.rows)
        for at, value in replaced.items():
            rows[at] = orjson.dumps(value)
        for at, value in inserted:
            rows.insert(at, orjson.dumps(value))
        return Column(rows=rows)


@dataclass
class BuildGraph:
    files: dict[str, FileEntry]
    # Per resource type, per column: one value per resource, in the order of its index.
    columns: dict[str, dict[str, Column]]

    @classmethod
    def of(
        cls,
        files: dict[str, FileEntry],
        merged: Mapping[str, Iterable[Mapping[str, Any]]],
        resources: Mapping[str, Mapping[str, Mapping[str, Any]]],
    ) -> "BuildGraph":
        """The graph of a build from nothing: its `merged` records and `resources`, by type."""
        columns = {}
        for rtype, made in COLUMNS.items():
            built = resources[rtype]
            records = {r["id"]: r for r in merged[rtype]} if rtype in merged else built
            ordered = [(records[rid], built[rid]) for rid in sorted(built)]
            columns[rtype] = {
                name: Column.of(column(*pair) for pair in ordered) for name, column in made.items()
            }
        return cls(files, columns)

    def encode(self) -> bytes:
        """The files and the columns' layout as JSON, then after a NUL (JSON holds none) each
        column's rows, one per line (JSON escapes every newline within a value)."""
        blobs = [
            (rtype, name, len(column), column.blob())
            for rtype, columns in self.columns.items()
            for name, column in columns.items()
        ]
        layout = [[rtype, name, count, len(blob)] for rtype, name, count, blob in blobs]
        head = orjson.dumps({"files": self.files, "layout": layout})
        return b"".join([head, b"\0", *(blob for *_, blob in blobs)])

    @classmethod
    def decode(cls, raw: bytes) -> "BuildGraph":
        """Raises ValueError when `raw` is not a graph this code wrote."""
        head, _, body = raw.partition(b"\0")
        try:
            data = orjson.loads(head)
            columns: dict[str, dict[str, Column]] = {}
            at = 0
            for rtype, name, count, size in data["layout"]:
                rows = body[at : at + size].split(b"\n") if count else []
                if len(rows) != count:
                    raise ValueError(f"column {rtype} {name} is cut short")
                columns.setdefault(rtype, {})[name] = Column(rows=rows)
                at += size
            graph = cls(data["files"], columns)
        except (orjson.JSONDecodeError, KeyError, TypeError) as error:
            raise ValueError(f"not a build graph: {error!r}") from None
        if set(graph.columns) != set(COLUMNS) or any(
            set(graph.columns[rtype]) != set(COLUMNS[rtype]) for rtype in COLUMNS
        ):
            raise ValueError("a build graph of other columns")
        return graph

    def defining(self, wanted: Mapping[str, Iterable[str]]) -> set[str]:
        """The files that give any of the `wanted` ids (by resource type)."""
        sets = {rtype: set(ids) for rtype, ids in wanted.items()}
        return {
            file
            for file, entry in self.files.items()
            if any(
                not sets.get(rtype, set()).isdisjoint(ids) for rtype, ids in entry["ids"].items()
            )
        }


def file_entry(source: str, read: Iterable[tuple[str, str]], data: Mapping[str, Any]) -> FileEntry:
    """A seed file's entry, from its validated data."""
    return {
        "source": source,
        "read": [list(pair) for pair in read],
        "ids": {rtype: [r["id"] for r in data[rtype]] for rtype in RESOURCE_TYPES},
    }
