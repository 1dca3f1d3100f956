"""What a dataset was built from, recorded with its version so a later publish can tell, by
reading the folder's bytes alone, that it would build that same version again: the same seed
files with the same bytes, naming the same source texts with the same bytes, built by the
same code. Loading 100,000 partnerships takes tens of seconds; reading their bytes, one."""

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from service.dataset.errors import SeedError
from service.dataset.files import MAX_SEED_BYTES, MAX_SOURCE_BYTES, read_checked, seed_files
from service.dataset.forms import schema_fingerprint

# A seed file (relative to the folder), its SHA-256, its `source.text_file` as written, and
# the SHA-256 of that text.
SeedInput = tuple[str, str, str, str]


@functools.cache
def build_fingerprint() -> str:
    """Names the code a version was built by: the seed rules (schema_fingerprint) and every
    module that turns validated seeds into stored items (this package and the store's). Any
    change to them builds anew rather than trusting a version built by other code."""
    digest = hashlib.sha256(f"build {schema_fingerprint()}\0".encode())
    here = Path(__file__).resolve().parent
    for folder in (here, here.parent / "store"):
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{folder.name}/{path.name}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class SeedChanges:
    """Seed files added, changed and removed since a version was built."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def none(self) -> bool:
        return not (self.added or self.changed or self.removed)


@dataclass(frozen=True)
class SeedFolder:
    """A seeds folder read once, at the start of a publish: each seed file's name (relative to
    the folder) and the SHA-256 of its bytes, in name order. The plan is made from it, and the
    build reads exactly these bytes or stops (parse_seeds checks each file's digest against
    it). The bytes themselves are not kept: a folder of 100,000 partnerships would be held
    twice. `problem`: the first check a load makes that a file fails; such a folder is left
    to a full load, which reports every problem."""

    path: Path
    seeds: tuple[tuple[str, str], ...] = ()
    problem: str | None = None
    # The SHA-256 of each source text read so far, by its path relative to the folder.
    _texts: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def read(cls, path: Path) -> "SeedFolder":
        try:
            paths = seed_files(path)
        except SeedError as error:
            return cls(path, problem=error.problems[0].message)
        root = path.resolve()  # once: resolving it for each of thousands of files adds up
        seeds = []
        for found in paths:
            name = found.relative_to(path).as_posix()
            try:
                raw, _ = read_checked(
                    found, path, file=name, where="", shown=name, limit=MAX_SEED_BYTES, root=root
                )
            except SeedError as error:
                return cls(path, problem=f"{name}: {error.problems[0].message}")
            seeds.append((name, hashlib.sha256(raw).hexdigest()))
        return cls(path, tuple(seeds))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.seeds)

    def changes_since(self, recorded: Sequence[SeedInput]) -> SeedChanges | None:
        """Which seed files differ from the `recorded` ones, by their bytes; None when a file
        that is the same names a text whose bytes are not, or a file fails a check a load
        makes (the load reports it), or nothing is recorded."""
        if self.problem is not None or not recorded:
            return None
        before = {seed: (digest, text_file, text) for seed, digest, text_file, text in recorded}
        root = self.path.resolve()  # once: resolving it for each of thousands of texts adds up
        added, changed = [], []
        for name, digest in self.seeds:
            if name not in before:
                added.append(name)
            elif digest != before[name][0]:
                changed.append(name)
            elif self._text_digest(name, before[name][1], root) != before[name][2]:
                return None
        present = set(self.names)
        removed = tuple(sorted(seed for seed in before if seed not in present))
        return SeedChanges(tuple(added), tuple(changed), removed)

    def _text_digest(self, seed: str, text_file: str, root: Path) -> str | None:
        """The SHA-256 of the source text `seed` names, resolved as a load resolves it (a link
        may point elsewhere now); None when it fails a check a load makes."""
        path = (self.path / seed).parent / text_file
        key = path.as_posix()
        if key not in self._texts:
            try:
                text, _ = read_checked(
                    path,
                    self.path,
                    file=seed,
                    where="source.text_file",
                    shown=text_file,
                    limit=MAX_SOURCE_BYTES,
                    root=root,
                )
                self._texts[key] = hashlib.sha256(text).hexdigest()
            except SeedError:
                self._texts[key] = None
        return self._texts[key]
