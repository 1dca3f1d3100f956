"""Where a seed problem is, as an editor jumps to it: `file:line:column`, and the path with each
item of a list named by its id (`partnerships[honda-nissan-ev-collaboration].scope[...]`)
rather than its index. Worked out from the file again, only when there is a problem to show."""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from service.dataset.errors import SeedProblem

# What names an item of a list: its id; a participant by its organization; a related
# partnership by its partnership.
IDENTITIES = ("id", "organization", "partnership")
SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
SHOWN_ID = re.compile(r"[A-Za-z0-9._:-]{1,80}")

Segment = str | int


@dataclass(frozen=True)
class Location:
    line: int | None  # 1-based; None when the file cannot be read as YAML
    column: int | None
    resource: str  # the path down to the innermost item named by an id
    field: str  # the rest of the path

    def describe(self, file: str, message: str) -> str:
        where = f"{file}:{self.line}:{self.column}" if self.line is not None else file
        parts = [where, self.resource, self.field, message]
        return ": ".join(part for part in parts if part)


def segments(path: str) -> list[Segment]:
    return [int(index) if index else name for name, index in SEGMENT.findall(path)]


def locate(content: str, path: str) -> Location:
    """The place of `path` in a seed file's text (YAML or JSON), as near as it exists: a
    missing field is placed at the item that lacks it."""
    try:
        node: yaml.Node | None = yaml.compose(content, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        node = None
    mark = node.start_mark if node is not None else None
    named: list[str] = []
    resource_length = 0
    for segment in segments(path):
        child = _child(node, segment)
        if isinstance(segment, int):
            identity = _identity(child)
            named.append(f"[{identity}]" if identity else f"[{segment}]")
            if identity:
                resource_length = len(named)
        else:
            named.append(f".{segment}" if named else segment)
        if child is not None:
            node, mark = child, child.start_mark
        else:
            node = None
    if resource_length == 0:  # no item named by an id: the top-level part is the resource
        resource_length = 1
    resource = "".join(named[:resource_length])
    field = "".join(named[resource_length:]).lstrip(".")
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    return Location(line, column, resource, field)


def describe(problem: SeedProblem, seeds_dir: Path) -> str:
    """`file:line:column: resource: field: what is wrong`, or the plain form when the file
    cannot be read again; always one line."""
    file = shown_name(problem.file)
    if not problem.path:
        where = file if problem.line is None else f"{file}:{problem.line}:{problem.column}"
        return one_line(f"{where}: {problem.message}")
    try:
        content = (seeds_dir / problem.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return one_line(f"{file}: {problem.path}: {problem.message}")
    return one_line(locate(content, problem.path).describe(file, problem.message))


def shown_name(name: str) -> str:
    """A file or folder name as a report shows it: as it is, or quoted with escapes when it
    holds a character that would break the line or not show (a newline, a tab, a control
    character, a byte that is not UTF-8)."""
    return name if name.isprintable() else repr(name)


def one_line(text: str) -> str:
    """`text` with every character that is not printable escaped: a name written into a
    message (a note naming files, say) cannot split the report's line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _child(node: yaml.Node | None, segment: Segment) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(segment, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == segment:
                return value  # type: ignore[no-any-return]
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(segment, int)
        and 0 <= segment < len(node.value)
    ):
        return node.value[segment]  # type: ignore[no-any-return]
    return None


def _identity(node: yaml.Node | None) -> str | None:
    """The id naming an item, when it is one a path can show (a slug, say; not one with a
    newline in it, which may be the very problem)."""
    for name in IDENTITIES:
        value = _child(node, name)
        if isinstance(value, yaml.ScalarNode) and SHOWN_ID.fullmatch(str(value.value)):
            return str(value.value)
    return None
