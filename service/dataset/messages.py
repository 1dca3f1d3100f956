"""Seed problems worded to say how to fix them: an unknown field lists the fields allowed
there; a file that fails validation still has its quotes checked against its own source."""

import re
from pathlib import Path
from typing import Any

from marshmallow import Schema, fields

from schemas.seed import SeedFile, StateField
from service.dataset.errors import SeedError, SeedProblem, join_path
from service.dataset.files import MAX_SOURCE_BYTES, read_checked
from service.dataset.hints import quote_hint
from service.dataset.locations import segments

SEED_FILE = SeedFile()
UNKNOWN = "Unknown field."


def explained(path: str, message: str) -> str:
    """marshmallow's message, with the allowed fields named where a field is unknown."""
    if message != UNKNOWN:
        return message
    *parent, name = segments(path)
    schema = schema_at(parent)
    if schema is None:
        return message
    allowed = ", ".join(sorted(schema.fields))
    return f"unknown field {name!r}; the fields here are: {allowed}."


def schema_at(path: list[str | int]) -> Schema | None:
    """The seed schema that loads the item at `path` (list indexes skipped)."""
    schema: Schema = SEED_FILE
    for segment in path:
        if isinstance(segment, int):
            continue
        field = schema.fields.get(segment)
        if isinstance(field, fields.List):
            field = field.inner
        if isinstance(field, fields.Nested) and isinstance(field.schema, Schema):
            schema = field.schema
        elif isinstance(field, StateField):
            schema = field.claim
        else:
            return None
    return schema


def quotes_of_unloaded(
    name: str, raw: dict[str, Any], base: Path, seeds_dir: Path
) -> list[SeedProblem]:
    """The quotes of a seed file that failed validation, checked against its own source as
    far as they can be found in it: a file's schema problems do not hide its quote problems.
    (Quotes citing another source, and references, wait until the file loads.)"""
    source = raw.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("text_file"), str):
        return []
    try:
        text_bytes, _ = read_checked(
            base / source["text_file"], seeds_dir, file=name, where="source.text_file",
            shown=source["text_file"], limit=MAX_SOURCE_BYTES,
        )  # fmt: skip
        text = text_bytes.decode("utf-8")
    except (SeedError, UnicodeDecodeError):
        return []  # said by the schema, or the text's own problem, once the file loads
    own = source.get("id")
    problems: list[SeedProblem] = []
    for path, quote in _quotes(raw, "", own):
        if quote not in text:
            problems.append(
                SeedProblem(
                    name,
                    path,
                    f"quote not found verbatim in source {own!r}: {quote!r}; "
                    f"{quote_hint(quote, text)}.",
                )
            )
    return problems


def _quotes(value: Any, path: str, own: object = None) -> list[tuple[str, str]]:
    """(path, quote) of every evidence quote citing the file's own source, and of statements."""
    found: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            child = join_path(path, str(key))
            if key == "evidence" and isinstance(item, list):
                for i, evidence in enumerate(item):
                    if (
                        isinstance(evidence, dict)
                        and isinstance(evidence.get("quote"), str)
                        and evidence.get("source") in (None, own)
                    ):
                        found.append((join_path(join_path(child, i), "quote"), evidence["quote"]))
            elif (
                key == "quote" and isinstance(item, str) and re.search(r"statements\[\d+\]$", path)
            ):
                found.append((child, item))
            else:
                found.extend(_quotes(item, child, own))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(_quotes(item, join_path(path, i), own))
    return found
