"""Read seed files: YAML into plain dicts, validated field by field by the seed schemas."""

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from marshmallow import ValidationError

from schemas.seed import SeedFile
from service.dataset.errors import SeedError, SeedProblem, flatten_messages

SEED_SUFFIXES = (".yaml", ".yml")


class SeedLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader where PyYAML has it (several times faster on large folders),
    refusing duplicate keys, which plain YAML lets the last one silently win."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


MAX_SOURCE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class SeedDocument:
    """One validated seed file with the text of the source it describes."""

    file: str  # relative to the seeds folder, as shown in messages
    data: dict[str, Any]
    text: str
    sha256: str


def seed_files(seeds_dir: Path) -> list[Path]:
    if not seeds_dir.is_dir():
        raise SeedError([SeedProblem(str(seeds_dir), "", "seeds folder does not exist.")])
    files = sorted(p for p in seeds_dir.iterdir() if p.suffix in SEED_SUFFIXES and p.is_file())
    if not files:
        raise SeedError([SeedProblem(str(seeds_dir), "", "no seed files (*.yaml) found.")])
    return files


def parse_seeds(seeds_dir: Path) -> list[SeedDocument]:
    """Parse and validate every seed file; report the problems of all files at once."""
    documents: list[SeedDocument] = []
    problems: list[SeedProblem] = []
    for path in seed_files(seeds_dir):
        try:
            documents.append(parse_seed_file(path, seeds_dir))
        except SeedError as error:
            problems.extend(error.problems)
    if problems:
        raise SeedError(problems)
    return documents


def parse_seed_file(path: Path, seeds_dir: Path) -> SeedDocument:
    name = path.relative_to(seeds_dir).as_posix()
    try:
        # Safe: SeedLoader builds plain YAML types only (test_security.py pins it); bandit
        # cannot see that through the subclass.
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SeedLoader)  # nosec B506
    except UnicodeDecodeError as error:
        raise SeedError([SeedProblem(name, "", f"not valid UTF-8 ({error.reason}).")]) from None
    except yaml.YAMLError as error:
        raise SeedError([SeedProblem(name, "", f"invalid YAML: {_yaml_reason(error)}")]) from None
    if not isinstance(raw, dict):
        found = type(raw).__name__ if raw is not None else "an empty file"
        raise SeedError([SeedProblem(name, "", f"expected a mapping at the top, found {found}.")])
    try:
        data: dict[str, Any] = SeedFile().load(raw)
    except ValidationError as error:
        problems = [SeedProblem(name, p, m) for p, m in flatten_messages(error.messages)]
        raise SeedError(problems) from None
    text, digest = _read_source_text(name, data["source"]["text_file"], path.parent, seeds_dir)
    return SeedDocument(file=name, data=data, text=text, sha256=digest)


def _read_source_text(name: str, text_file: str, base: Path, seeds_dir: Path) -> tuple[str, str]:
    where = "source.text_file"
    try:
        target = (base / text_file).resolve()
        if not target.is_relative_to(seeds_dir.resolve()):
            raise SeedError(
                [SeedProblem(name, where, f"{text_file!r} lies outside the seeds folder.")]
            )
        if not target.is_file():
            raise SeedError([SeedProblem(name, where, f"{text_file!r} does not exist.")])
        raw = target.read_bytes()
    except (OSError, ValueError) as error:  # a NUL in the name, a name too long, no access
        raise SeedError(
            [SeedProblem(name, where, f"{text_file!r} cannot be read: {error}.")]
        ) from None
    if len(raw) > MAX_SOURCE_BYTES:
        raise SeedError([SeedProblem(name, where, f"{text_file!r} is over 5 MiB.")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SeedError([SeedProblem(name, where, f"{text_file!r} is not valid UTF-8.")]) from None
    if not text.strip():
        raise SeedError([SeedProblem(name, where, f"{text_file!r} is empty.")])
    return text, hashlib.sha256(raw).hexdigest()


def _yaml_reason(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if mark is not None:
        return f"{problem} at line {mark.line + 1}, column {mark.column + 1}."
    return f"{problem}."
