"""Read seed files: YAML or JSON into plain dicts, validated field by field by the seed schemas."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import yaml
from marshmallow import ValidationError

from schemas.compiled import loader
from schemas.seed import SeedFile
from service.dataset.errors import SeedError, SeedProblem, flatten_messages, join_path
from service.dataset.files import MAX_SEED_BYTES, MAX_SOURCE_BYTES, read_checked, seed_files
from service.dataset.messages import explained, quotes_of_unloaded
from service.progress import Progress


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
load_seed_file = loader(SeedFile())


@dataclass(frozen=True)
class SeedDocument:
    """One validated seed file with the text of the source it describes."""

    file: str  # relative to the seeds folder, as shown in messages
    data: dict[str, Any]
    text: str
    sha256: str  # of the source text
    # Every file read for this document, relative to the seeds folder, with its SHA-256: the
    # seed file itself and its source text. Recorded with each published version.
    files: tuple[tuple[str, str], ...] = ()


def parse_seeds(
    seeds_dir: Path,
    progress: Progress | None = None,
    *,
    collect: list[SeedProblem] | None = None,
) -> list[SeedDocument]:
    """Parse and validate every seed file; report the problems of all files at once. With
    `collect`, problems go there and the files that loaded are returned, for the next stages
    to check what they can."""
    documents: list[SeedDocument] = []
    problems: list[SeedProblem] = [] if collect is None else collect
    files = seed_files(seeds_dir)
    if progress:
        progress(0, len(files))
    for done, path in enumerate(files, 1):
        try:
            documents.append(parse_seed_file(path, seeds_dir))
        except SeedError as error:
            problems.extend(error.problems)
        if progress:
            progress(done, len(files))
    if problems and collect is None:
        raise SeedError(problems)
    return documents


def parse_seed_file(path: Path, seeds_dir: Path) -> SeedDocument:
    name = path.relative_to(seeds_dir).as_posix()
    raw_bytes, _ = read_checked(
        path, seeds_dir, file=name, where="", shown=name, limit=MAX_SEED_BYTES
    )
    try:
        content = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SeedError([SeedProblem(name, "", f"not valid UTF-8 ({error.reason}).")]) from None
    raw = _parse_json(name, content) if path.suffix == ".json" else _parse_yaml(name, content)
    if not isinstance(raw, dict):
        found = type(raw).__name__ if raw is not None else "an empty file"
        raise SeedError([SeedProblem(name, "", f"expected a mapping at the top, found {found}.")])
    try:
        data: dict[str, Any] = load_seed_file(raw)
    except ValidationError as error:
        problems = [
            SeedProblem(name, p, explained(p, m)) for p, m in flatten_messages(error.messages)
        ]
        # Its quotes are still checked against its own source, as far as they can be found.
        problems += quotes_of_unloaded(name, raw, path.parent, seeds_dir)
        raise SeedError(problems) from None
    text_file = data["source"]["text_file"]
    text, digest, text_name = _read_source_text(name, text_file, path.parent, seeds_dir)
    files = ((name, hashlib.sha256(raw_bytes).hexdigest()), (text_name, digest))
    return SeedDocument(file=name, data=data, text=text, sha256=digest, files=files)


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


def _read_source_text(
    name: str, text_file: str, base: Path, seeds_dir: Path
) -> tuple[str, str, str]:
    """The text, its SHA-256 and its path relative to the seeds folder."""
    where = "source.text_file"
    raw, text_name = read_checked(
        base / text_file, seeds_dir, file=name, where=where, shown=text_file, limit=MAX_SOURCE_BYTES
    )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SeedError([SeedProblem(name, where, f"{text_file!r} is not valid UTF-8.")]) from None
    if not text.strip():
        raise SeedError([SeedProblem(name, where, f"{text_file!r} is empty.")])
    return text, hashlib.sha256(raw).hexdigest(), text_name


def _yaml_reason(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if mark is not None:
        return f"{problem} at line {mark.line + 1}, column {mark.column + 1}."
    return f"{problem}."
