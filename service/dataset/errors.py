"""Seed problems: each names the file, the path inside it and what is wrong."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SeedProblem:
    file: str
    path: str
    message: str
    # Where in the file, when the problem is not at a path (a YAML syntax error): 1-based.
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"


class SeedError(Exception):
    """The seeds cannot be loaded; carries every problem found, in file order, and notes on
    what could not be checked because of them."""

    def __init__(self, problems: Iterable[SeedProblem], notes: Iterable[str] = ()) -> None:
        self.problems = tuple(problems)
        self.notes = tuple(notes)
        super().__init__("\n".join([*(str(p) for p in self.problems), *self.notes]))


def join_path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def flatten_messages(
    messages: Mapping[Any, Any] | list[Any], path: str = ""
) -> list[tuple[str, str]]:
    """Turn marshmallow's nested error dict into (path, message) pairs."""
    if isinstance(messages, list):
        if all(isinstance(m, str) for m in messages):
            return [(path, m) for m in messages]
        out: list[tuple[str, str]] = []
        for item in messages:
            out.extend(flatten_messages(item, path))
        return out
    out = []
    for key, value in messages.items():
        child = path if key == "_schema" else join_path(path, key)
        if isinstance(value, Mapping | list):
            out.extend(flatten_messages(value, child))
        else:
            out.append((child, str(value)))
    return out
