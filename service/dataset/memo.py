"""What a build learnt that the next one can reuse, kept with each published version: where each
quote was found in its source, and which bodies each assembled record rendered to. A publish
that adds one article then searches only the new quotes and renders only the records that
differ; everything else is looked up by a digest of exactly what it depends on, so the
result is the same as a build from nothing.

- A quote's place depends on the source text, the quote and the occurrence asked for: it is
  known by a digest of the three (the text by its SHA-256).
- A record's rendering depends on the record and the code that renders it: it is known by a
  digest of its type and its JSON, in a memo made by the same code (the build fingerprint).
  Its bodies are stored already, by content; the memo names them by ETag.
- Which records each file gives, and what resources read of each other: the build graph
  (service.dataset.graph), for a build on this version (service.dataset.delta).
"""

import hashlib
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import orjson

from service.dataset.graph import BuildGraph
from service.dataset.inputs import build_fingerprint

DIGEST = 16  # bytes of a SHA-256 kept as a name
ETAG = 32  # an item's ETag, in hex, as it prefixes the item (service.dataset.render)
_COUNT = struct.Struct(">I")
_SPAN = struct.Struct(f">{DIGEST}sI")
# A record's renderings: its item's ETag, or its item's and its list representation's.
_RENDERS = (struct.Struct(f">{DIGEST}s{ETAG}s"), struct.Struct(f">{DIGEST}s{2 * ETAG}s"))
_HEADER = 16  # the build fingerprint, in hex: a memo made by other code is not read


class _Table(Mapping[bytes, Any]):
    """Fixed-width entries sorted by their name (their first DIGEST bytes), read in place by
    bisection: a build on a version asks for a few hundred of hundreds of thousands, and
    carries the rest forward as the bytes they are."""

    def __init__(self, entry: struct.Struct, raw: bytes = b"") -> None:
        if len(raw) % entry.size:
            raise ValueError("an entry is cut short")
        self.entry = entry
        self.raw = raw
        self._count = len(raw) // entry.size

    @classmethod
    def of(cls, entry: struct.Struct, items: Iterable[tuple[bytes, Any]]) -> "_Table":
        return cls(entry, b"".join(entry.pack(name, value) for name, value in sorted(items)))

    def _place(self, name: bytes) -> int:
        raw, size, low, high = self.raw, self.entry.size, 0, self._count
        while low < high:
            middle = (low + high) // 2
            if raw[middle * size : middle * size + DIGEST] < name:
                low = middle + 1
            else:
                high = middle
        return low

    def __getitem__(self, name: bytes) -> Any:
        at = self._place(name) * self.entry.size
        if at < len(self.raw) and self.raw[at : at + DIGEST] == name:
            return self.entry.unpack_from(self.raw, at)[1]
        raise KeyError(name)

    def __iter__(self) -> Iterator[bytes]:
        size = self.entry.size
        return (self.raw[at : at + DIGEST] for at in range(0, len(self.raw), size))

    def __len__(self) -> int:
        return self._count

    def adding(self, items: Mapping[bytes, Any]) -> "_Table":
        """This table with the `items` it lacks put in their places."""
        pieces: list[bytes] = []
        last = 0
        for name, value in sorted((n, v) for n, v in items.items() if n not in self):
            at = self._place(name) * self.entry.size
            pieces += (self.raw[last:at], self.entry.pack(name, value))
            last = at
        pieces.append(self.raw[last:])
        return _Table(self.entry, b"".join(pieces))


class _Renders(Mapping[bytes, bytes]):
    """A record's renderings, in one table per width (with and without a list representation)."""

    def __init__(self, tables: tuple[_Table, ...]) -> None:
        self.tables = tables

    def __getitem__(self, name: bytes) -> bytes:
        for table in self.tables:
            if name in table:
                value: bytes = table[name]
                return value
        raise KeyError(name)

    def __iter__(self) -> Iterator[bytes]:
        return (name for table in self.tables for name in table)

    def __len__(self) -> int:
        return sum(len(table) for table in self.tables)


class BuildMemo:
    """What an earlier version's build learnt (`known_*`), and what this build learns
    (`made_*`, kept for the next): quote starts by quote digest, and record renderings (the
    ETags of its item, then of its list representation where its type has one) by record
    digest."""

    def __init__(
        self,
        known_spans: Mapping[bytes, int] | None = None,
        known_renders: Mapping[bytes, bytes] | None = None,
        graph: BuildGraph | None = None,
    ) -> None:
        self.known_spans = known_spans if known_spans is not None else {}
        self.known_renders = known_renders if known_renders is not None else {}
        # The earlier build's graph; then, once this build has made it, this build's.
        self.graph = graph
        self.made_spans: dict[bytes, int] = {}
        self.made_renders: dict[bytes, bytes] = {}
        self._carried = False
        # What this build did itself, for its report: quotes searched, records rendered.
        self.searched = 0
        self.rendered_now = 0
        self.reused_spans = 0
        self.reused_renders = 0

    @property
    def knows_little(self) -> bool:
        """Whether most records will be rendered (there was no memo to read)."""
        return not self.known_renders

    def start(
        self, text_sha256: str, quote: str, occurrence: int | None, find: Callable[[], int | None]
    ) -> int | None:
        """Where `quote` starts in the text whose SHA-256 is `text_sha256`, as `find` settles it
        (None: not settled, a problem was reported); known starts are not searched again."""
        name = hashlib.sha256(f"{text_sha256}\0{occurrence}\0{quote}".encode()).digest()[:DIGEST]
        start = self.known_spans.get(name)
        if start is None:
            self.searched += 1
            start = find()
        else:
            self.reused_spans += 1
        if start is not None:
            self.made_spans[name] = start
        return start

    def rendered(
        self, rtype: str, record: Any, render: Callable[[Any], tuple[bytes, ...]]
    ) -> tuple[bytes, ...]:
        """The record's ETag-prefixed items as `render` makes them; when this record was
        rendered before, their ETags alone. Noted for the next version either way."""
        try:
            body = orjson.dumps(record)
        except orjson.JSONEncodeError:
            self.rendered_now += 1
            return render(record)  # a value JSON cannot hold as it is: rendered each time
        name = hashlib.sha256(rtype.encode() + b"\0" + body).digest()[:DIGEST]
        known = self.known_renders.get(name)
        if known is None:
            self.rendered_now += 1
            values = render(record)
        else:
            self.reused_renders += 1
            values = tuple(known[at : at + ETAG] for at in range(0, len(known), ETAG))
        self.made_renders[name] = b"".join(value[:ETAG] for value in values)
        return values

    def carry_forward(self) -> None:
        """Keep what the earlier build learnt for the next one too: a build on the previous
        version looks at the few records a change reaches, and notes only theirs."""
        self._carried = True

    def report(self) -> str:
        return (
            f"build memo: quotes {self.searched} searched, {self.reused_spans} known; "
            f"records {self.rendered_now} rendered, {self.reused_renders} known"
        )

    def encode(self) -> bytes:
        parts = [build_fingerprint().encode()]
        # Fixed-width entries sorted by name, one section per width (records with and without
        # a list representation): looked up in place, and carried forward as they are.
        for table in self._render_tables():
            parts += (_COUNT.pack(len(table)), table.raw)
        graph = zlib.compress(self.graph.encode(), 1) if self.graph is not None else b""
        parts += (_COUNT.pack(len(graph)), graph)
        parts.append(self._span_table().raw)
        return b"".join(parts)

    def _render_tables(self) -> list[_Table]:
        tables = []
        for n, entry in enumerate(_RENDERS):
            width = entry.size - DIGEST
            made = {name: etags for name, etags in self.made_renders.items() if len(etags) == width}
            known = self.known_renders
            if not self._carried:
                tables.append(_Table.of(entry, made.items()))
            elif isinstance(known, _Renders):
                tables.append(known.tables[n].adding(made))
            else:
                kept = {name: e for name, e in known.items() if len(e) == width}
                tables.append(_Table.of(entry, {**kept, **made}.items()))
        return tables

    def _span_table(self) -> _Table:
        known = self.known_spans
        if not self._carried:
            return _Table.of(_SPAN, self.made_spans.items())
        if isinstance(known, _Table):
            return known.adding(self.made_spans)
        return _Table.of(_SPAN, {**known, **self.made_spans}.items())

    @classmethod
    def decode(cls, raw: bytes | None) -> "BuildMemo":
        """The memo `raw` holds; an empty one when it is missing, made by other code, or not
        whole."""
        if not raw or raw[:_HEADER] != build_fingerprint().encode():
            return cls()
        try:
            return cls(*_decoded(memoryview(raw)))
        except (struct.error, ValueError):
            return cls()


def _decoded(raw: memoryview) -> tuple[_Table, _Renders, BuildGraph | None]:
    at = _HEADER
    tables = []
    for entry in _RENDERS:
        (count,) = _COUNT.unpack_from(raw, at)
        end = at + _COUNT.size + count * entry.size
        if end > len(raw):
            raise ValueError("the renderings are cut short")
        tables.append(_Table(entry, bytes(raw[at + _COUNT.size : end])))
        at = end
    (size,) = _COUNT.unpack_from(raw, at)
    at += _COUNT.size
    try:
        graph = BuildGraph.decode(zlib.decompress(raw[at : at + size])) if size else None
    except zlib.error:
        raise ValueError("the build graph is cut short") from None
    at += size
    if (len(raw) - at) % _SPAN.size:
        raise ValueError("the quotes' places are cut short")
    return _Table(_SPAN, bytes(raw[at:])), _Renders(tuple(tables)), graph
