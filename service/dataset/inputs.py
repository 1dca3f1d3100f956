"""What a dataset was built from, recorded with its version so a later publish can tell, by
reading the folder's bytes alone, that it would build that same version again: the same seed
files with the same bytes, naming the same source texts with the same bytes, built by the
same code. Loading 100,000 partnerships takes tens of seconds; reading their bytes, one."""

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
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


def seed_changes(seeds_dir: Path, recorded: Sequence[SeedInput]) -> SeedChanges | None:
    """Which seed files differ from the `recorded` ones, by their bytes; None when a file that
    is the same names a text whose bytes are not, or a file fails a check a load makes (the
    load reports it), or nothing is recorded."""
    try:
        paths = seed_files(seeds_dir)
    except SeedError:
        return None
    if not recorded:
        return None
    before = {seed: (digest, text_file, text) for seed, digest, text_file, text in recorded}
    root = seeds_dir.resolve()  # once: resolving it for each of thousands of files adds up
    added, changed = [], []
    for path in paths:
        name = path.relative_to(seeds_dir).as_posix()
        try:
            raw, _ = read_checked(
                path, seeds_dir, file=name, where="", shown=name, limit=MAX_SEED_BYTES, root=root
            )
        except SeedError:
            return None
        if name not in before:
            added.append(name)
            continue
        digest, text_file, text_digest = before[name]
        if hashlib.sha256(raw).hexdigest() != digest:
            changed.append(name)
            continue
        try:
            # Resolved again as the load resolves it: a link may point elsewhere now.
            text, _ = read_checked(
                path.parent / text_file,
                seeds_dir,
                file=name,
                where="source.text_file",
                shown=text_file,
                limit=MAX_SOURCE_BYTES,
                root=root,
            )
        except SeedError:
            return None
        if hashlib.sha256(text).hexdigest() != text_digest:
            return None
    present = {path.relative_to(seeds_dir).as_posix() for path in paths}
    removed = tuple(sorted(seed for seed in before if seed not in present))
    return SeedChanges(tuple(added), tuple(changed), removed)
