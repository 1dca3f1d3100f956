"""Locate evidence: every quote is found verbatim in its source and its offsets are recorded."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from service.dataset.errors import SeedProblem, join_path
from service.dataset.hints import quote_hint
from service.dataset.memo import BuildMemo

# Where a value is in its file: the path as text, or a parent path and the key under it.
# Paths are written out only for a problem: a valid folder of 100,000 partnerships has
# millions of places and no problem.
Where: TypeAlias = str | tuple["Where", str | int]


def where_text(where: Where) -> str:
    if isinstance(where, str):
        return where
    parent, key = where
    return join_path(where_text(parent), key)


@dataclass(frozen=True)
class SourceText:
    id: str
    text: str
    published: Any  # datetime.date | None
    sha256: str  # of the text's bytes: names it in a BuildMemo


class EvidenceLocator:
    """Replaces each evidence seed in a record with its located form, collecting problems."""

    def __init__(
        self,
        sources: Mapping[str, SourceText],
        problems: list[SeedProblem],
        memo: BuildMemo | None = None,
    ) -> None:
        self.sources = sources
        self.problems = problems
        self.memo = memo  # quotes found by an earlier build are not searched again
        self._found_in: str | None = None
        self._found: dict[tuple[str, int | None], list[int]] = {}

    def locate_record(self, file: str, path: Where, record: Any, own_source: str) -> Any:
        """Walk a record, resolving every `evidence` list in place (a loaded seed is made of
        fresh dicts and lists, shared with nothing), and check `supports` and `date`."""
        if type(record) is list:
            for i, item in enumerate(record):
                if type(item) is dict or type(item) is list:
                    self.locate_record(file, (path, i), item, own_source)
            return record
        if type(record) is not dict:
            return record
        for key, value in record.items():
            if key == "evidence":
                child = (path, key)
                record[key] = [
                    self.locate(file, (child, i), seed, own_source, record)
                    for i, seed in enumerate(value)
                ]
            elif type(value) is dict or type(value) is list:
                self.locate_record(file, (path, key), value, own_source)
        if record.get("date") is not None and "evidence" in record:
            self._check_date(file, path, record)
        return record

    def locate(
        self, file: str, path: Where, seed: dict[str, Any], own_source: str, owner: dict[str, Any]
    ) -> dict[str, Any]:
        source_id = seed.get("source") or own_source
        located: dict[str, Any] = {
            "source": source_id,
            "quote": seed["quote"],
            "start": None,
            "end": None,
            "supports": list(seed.get("supports") or []),
        }
        for name in located["supports"]:
            if name not in owner or name in ("id", "evidence"):
                self._problem(file, (path, "supports"), f"{name!r} is not a field here.")
        source = self.sources.get(source_id)
        if source is None:
            self._problem(file, (path, "source"), f"unknown source {source_id!r}.")
            return located
        span = self._find(file, path, source, seed["quote"], seed.get("occurrence"))
        if span is not None:
            located["start"], located["end"] = span
        return located

    def _find(
        self, file: str, path: Where, source: SourceText, quote: str, occurrence: int | None
    ) -> tuple[int, int] | None:
        def search() -> int | None:
            return self._search(file, path, source, quote, occurrence)

        if self.memo is None:
            start = search()
        else:
            start = self.memo.start(source.sha256, quote, occurrence, search)
        return None if start is None else (start, start + len(quote))

    def _search(
        self, file: str, path: Where, source: SourceText, quote: str, occurrence: int | None
    ) -> int | None:
        """Where the quote starts in the source; None, with a problem noted, when it is not
        there, or not once (without `occurrence`), or not as often as `occurrence` says."""
        # Enough occurrences to settle a valid quote: the one asked for, or two (is it alone?).
        # Each search reads the source to its end at worst, a thousand times over per source
        # at scale; only a problem needs the rest counted, for its message.
        enough = 2 if occurrence is None else occurrence
        starts = self._occurrences(source, quote, enough)
        if len(starts) != (1 if occurrence is None else occurrence):
            starts = self._occurrences(source, quote, None)
        where = (path, "quote")
        if not starts:
            hint = quote_hint(quote, source.text)
            self._problem(
                file, where, f"quote not found verbatim in source {source.id!r}: {quote!r}; {hint}."
            )
            return None
        if occurrence is None and len(starts) > 1:
            self._problem(
                file,
                where,
                f"quote occurs {len(starts)} times in source {source.id!r}; "
                "say which with 'occurrence'.",
            )
            return None
        index = (occurrence or 1) - 1
        if index >= len(starts):
            self._problem(
                file,
                (path, "occurrence"),
                f"occurrence {occurrence} asked for, but the quote occurs {len(starts)} time(s).",
            )
            return None
        return starts[index]

    def _occurrences(self, source: SourceText, quote: str, limit: int | None) -> list[int]:
        """Where `quote` starts in the source, overlapping ones too: the first `limit` of them,
        or all. Kept while one source is being quoted: a partnership and its scope often
        quote the same sentence."""
        if source.id != self._found_in:
            self._found_in, self._found = source.id, {}
        found = self._found.get((quote, limit))
        if found is None:
            # str.find reads a 13 KB source in about 5 microseconds. An index of the text by
            # short substrings, probed at each offset and checked with startswith, measured
            # slower on texts that repeat names often: more places to check than it saves.
            found = []
            at = source.text.find(quote)
            while at != -1:
                found.append(at)
                if len(found) == limit:
                    break
                at = source.text.find(quote, at + 1)
            self._found[quote, limit] = found
        return found

    def _check_date(self, file: str, path: Where, record: dict[str, Any]) -> None:
        words = record["date"]["text"]
        if not any(words in e["quote"] for e in record["evidence"]):
            self._problem(
                file,
                ((path, "date"), "text"),
                f"{words!r} is not in any of this item's evidence quotes.",
            )

    def _problem(self, file: str, path: Where, message: str) -> None:
        self.problems.append(SeedProblem(file, where_text(path), message))
