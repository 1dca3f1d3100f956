"""Files a seeds folder may hold: regular files inside the folder, of a bounded size. A link
that loops or leads nowhere, a folder, a pipe or a file elsewhere is refused, naming it."""

import errno
import stat
from pathlib import Path

from service.dataset.errors import SeedError, SeedProblem

# A seed file describes one source document: a few KB to a few hundred KB as people write
# them; a generated one of thousands of partnerships stays well under this bound.
MAX_SEED_BYTES = 16 * 1024 * 1024
MAX_SOURCE_BYTES = 5 * 1024 * 1024
SEED_SUFFIXES = (".yaml", ".yml", ".json")


def seed_files(seeds_dir: Path) -> list[Path]:
    """Every entry of the folder named as a seed file, by name. Links, folders and the rest
    among them are refused when read (read_checked): one named `x.yaml` is meant to be one."""
    if not seeds_dir.is_dir():
        raise SeedError([SeedProblem(str(seeds_dir), "", "seeds folder does not exist.")])
    files = sorted(p for p in seeds_dir.iterdir() if p.suffix in SEED_SUFFIXES)
    if not files:
        raise SeedError([SeedProblem(str(seeds_dir), "", "no seed files (*.yaml, *.json) found.")])
    return files


def read_checked(
    path: Path,
    seeds_dir: Path,
    *,
    file: str,
    where: str,
    shown: str,
    limit: int,
    root: Path | None = None,
) -> tuple[bytes, str]:
    """The bytes of `path` and its place in the seeds folder, once it is known to be a regular
    file inside the folder of at most `limit` bytes. A problem names `file` and `where`, and
    shows the path as `shown` (as the seed wrote it). `root`: the folder resolved, when a
    caller reading many files resolved it once."""

    def refuse(problem: str) -> SeedError:
        return SeedError([SeedProblem(file, where, f"{shown!r} {problem}")])

    root = root or seeds_dir.resolve()
    try:
        target = path.resolve()
        if not target.is_relative_to(root):
            raise refuse("lies outside the seeds folder.")
        mode, size = _mode_and_size(target)
    except RuntimeError:  # Python before 3.13 reports a loop this way
        raise refuse("is a symbolic link that loops.") from None
    except FileNotFoundError:
        missing = "is a symbolic link to nothing." if path.is_symlink() else "does not exist."
        raise refuse(missing) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise refuse("is a symbolic link that loops.") from None
        raise refuse(f"cannot be read: {error.strerror or error}.") from None
    except ValueError as error:  # a NUL in the name
        raise refuse(f"cannot be read: {error}.") from None
    if stat.S_ISDIR(mode):
        raise refuse("is a folder, not a file.")
    if not stat.S_ISREG(mode):
        raise refuse("is not a regular file (a pipe, a socket or a device).")
    if size > limit:
        raise refuse(f"is {size:,} bytes, over the bound of {limit // (1024 * 1024)} MiB.")
    try:
        return target.read_bytes(), target.relative_to(root).as_posix()
    except OSError as error:
        raise refuse(f"cannot be read: {error.strerror or error}.") from None


def _mode_and_size(target: Path) -> tuple[int, int]:
    found = target.stat()
    return found.st_mode, found.st_size
