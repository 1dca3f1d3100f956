"""Seed file syntax: YAML or JSON text into plain values, refusing what either would silently
drop (a duplicate key), with messages that name the file and the place."""

import json
from typing import Any

import orjson
import yaml

from service.dataset.errors import SeedError, SeedProblem, join_path


class SeedLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader where PyYAML has it (several times faster on large folders),
    refusing duplicate keys, which plain YAML lets the last one silently win."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a name, not a list or a mapping", key_node.start_mark
                )
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def _checked(tag: str) -> None:
    """SeedLoader's constructor for `tag`: the safe loader's own, with a value it cannot make
    (a number of over 4,300 digits, a day that does not exist) refused at its place."""
    make = SeedLoader.yaml_constructors[tag]

    def construct(loader: SeedLoader, node: Any) -> Any:
        try:
            return make(loader, node)
        except ValueError as error:
            reason = str(error).split(":")[0].split(";")[0]
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value[:40]!r} cannot be read ({reason})", node.start_mark
            ) from None

    SeedLoader.add_constructor(tag, construct)


for _tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"):
    _checked(_tag)


def read_mapping(name: str, suffix: str, raw_bytes: bytes) -> dict[str, Any]:
    """The mapping a seed file holds; SeedError naming the file when it holds none."""
    try:
        content = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SeedError([SeedProblem(name, "", f"not valid UTF-8 ({error.reason}).")]) from None
    raw = _parse_json(name, content) if suffix == ".json" else _parse_yaml(name, content)
    if not isinstance(raw, dict):
        found = type(raw).__name__ if raw is not None else "an empty file"
        raise SeedError([SeedProblem(name, "", f"expected a mapping at the top, found {found}.")])
    return raw


def _parse_yaml(name: str, content: str) -> Any:
    try:
        # Safe: SeedLoader builds plain YAML types only (test_security.py pins it); bandit
        # cannot see that through the subclass.
        return yaml.load(content, Loader=SeedLoader)  # nosec B506
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        message = f"invalid YAML: {_yaml_reason(error)}"
        raise SeedError([SeedProblem(name, "", message, line, column)]) from None


def _parse_json(name: str, content: str) -> Any:
    """orjson for speed; it keeps the last of duplicate keys silently, so they are checked."""
    try:
        data = orjson.loads(content)
    except orjson.JSONDecodeError as error:
        where = f"at line {error.lineno}, column {error.colno}"
        raise SeedError([SeedProblem(name, "", f"invalid JSON: {error.msg} {where}.")]) from None
    if not _is_canonical(content, data):
        duplicate = _duplicate_key(content)
        if duplicate is not None:
            path, key = duplicate
            raise SeedError([SeedProblem(name, path, f"duplicate key {key!r} in JSON.")])
    return data


def _is_canonical(content: str, data: Any) -> bool:
    """Whether the text is exactly what orjson writes for `data` (compact or indented by two):
    equal text means equal keys, so none was dropped. Written by the generator, it is."""
    text = content.rstrip("\n").encode()
    # The likelier form first (a newline after the opening brace), so most files are
    # written out once, not twice.
    forms = [None, orjson.OPT_INDENT_2]
    if text[1:2] == b"\n":
        forms.reverse()
    return any(text == orjson.dumps(data, option=form) for form in forms)


class _Pairs(list[tuple[str, Any]]):
    """A JSON object as written, duplicate keys and all."""


def _duplicate_key(content: str) -> tuple[str, str] | None:
    """The path of the first object holding a key twice, and the key (the slow path)."""
    return _find_duplicate(json.loads(content, object_pairs_hook=_Pairs), "")


def _find_duplicate(value: Any, path: str) -> tuple[str, str] | None:
    if isinstance(value, _Pairs):
        seen: set[str] = set()
        for key, item in value:
            if key in seen:
                return path, key
            seen.add(key)
            found = _find_duplicate(item, join_path(path, key))
            if found is not None:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = _find_duplicate(item, join_path(path, i))
            if found is not None:
                return found
    return None


def _yaml_reason(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if mark is not None:
        return f"{problem} at line {mark.line + 1}, column {mark.column + 1}."
    return f"{problem}."
