"""Read seed files into validated dicts: each file parsed, then loaded by the seed schemas
(`SeedFile().load`), many at once in worker processes; a file validated before under the same
rules is read back from the form kept for it instead of being validated again."""

import hashlib
import os
import threading
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any, Protocol

from marshmallow import ValidationError

from schemas.seed import SeedFile
from service.dataset.errors import SeedError, SeedProblem, flatten_messages
from service.dataset.files import MAX_SEED_BYTES, MAX_SOURCE_BYTES, read_checked, seed_files
from service.dataset.forms import NotStorable, decode_form, encode_form
from service.dataset.inputs import SeedFolder
from service.dataset.messages import explained, quotes_of_unloaded
from service.dataset.syntax import read_mapping
from service.progress import Progress

# Files to validate before the work is spread over processes: a worker takes a moment to
# start, about what validating a dozen files takes.
POOL_FROM = 32
SEED_FILE = SeedFile()


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


class KnownForms(Protocol):
    """Validated forms kept from earlier loads, by the SHA-256 of their seed file's bytes."""

    def lookup(self, digests: Sequence[str]) -> Mapping[str, bytes]:
        """The forms known for these digests (those missing are not known)."""
        ...

    def keep(self, digest: str, form: bytes) -> None:
        """A form validated now, to keep for later loads."""
        ...


def parse_seeds(
    seeds_dir: Path,
    progress: Progress | None = None,
    *,
    known: KnownForms | None = None,
    collect: list[SeedProblem] | None = None,
    only: Container[str] | None = None,
    folder: SeedFolder | None = None,
) -> list[SeedDocument]:
    """Parse and validate every seed file (or those named in `only`); report the problems of
    all files at once. With `known`, files it holds a form for are read from it, and the
    others' forms are kept. With `collect`, problems go there and the files that loaded are
    returned, for the next stages to check what they can. With `folder`, the folder as a
    publish read it: its files, and no others, each with the bytes it read or a problem."""
    problems: dict[int, list[SeedProblem]] = {}
    if folder is not None and folder.problem is None:
        listed = [(name, digest) for name, digest in folder.seeds if only is None or name in only]
        names, digests = [name for name, _ in listed], [digest for _, digest in listed]
        paths = [seeds_dir / name for name in names]
    else:
        paths = seed_files(seeds_dir)
        if only is not None:
            paths = [path for path in paths if path.relative_to(seeds_dir).as_posix() in only]
        names = [path.relative_to(seeds_dir).as_posix() for path in paths]
        digests = []
        for n, (path, name) in enumerate(zip(paths, names, strict=True)):
            try:
                raw, _ = read_checked(
                    path, seeds_dir, file=name, where="", shown=name, limit=MAX_SEED_BYTES
                )
            except SeedError as error:
                problems[n], raw = list(error.problems), b""
            digests.append(hashlib.sha256(raw).hexdigest())
    if progress:
        progress(0, len(paths))
    loaded = _read_known(known, digests) if known is not None else {}
    jobs = [n for n in range(len(paths)) if n not in loaded and n not in problems]
    root = str(seeds_dir)
    outcomes = _validate_all([(str(paths[n]), names[n], digests[n], root) for n in jobs])
    for n, (kind, value) in zip(jobs, outcomes, strict=True):
        if kind == "problems":
            problems[n] = value
            continue
        loaded[n] = _kept(known, digests[n], kind, value)
        if progress:
            progress(len(loaded), len(paths))
    documents: list[SeedDocument] = []
    found: list[SeedProblem] = []
    for n, path in enumerate(paths):
        try:
            if n in problems:
                raise SeedError(problems[n])
            documents.append(_document(names[n], digests[n], loaded[n], path.parent, seeds_dir))
        except SeedError as error:
            found.extend(error.problems)
    if progress:
        progress(len(paths), len(paths))
    if collect is not None:
        collect.extend(found)
    elif found:
        raise SeedError(found)
    return documents


def _read_known(known: KnownForms, digests: list[str]) -> dict[int, dict[str, Any]]:
    """The data of the files `known` holds a form for, by their place in `digests`."""
    forms = known.lookup(digests)
    loaded = {}
    for n, digest in enumerate(digests):
        if digest in forms:
            try:
                loaded[n] = decode_form(forms[digest])
            except ValueError:
                continue  # not a form this code reads: validated again, and kept anew
    return loaded


def _kept(known: KnownForms | None, digest: str, kind: str, value: Any) -> dict[str, Any]:
    """The data of a file validated now, its form kept in `known`."""
    form: bytes | None = None
    if kind == "form":
        form, value = value, decode_form(value)
    elif known is not None:
        try:
            form = encode_form(value)
        except NotStorable:
            form = None  # validated each time: it holds a value no form keeps
    if known is not None and form is not None:
        known.keep(digest, form)
    data: dict[str, Any] = value
    return data


Outcome = tuple[str, Any]  # ("problems", [SeedProblem]), ("data", dict) or ("form", bytes)


def _validate_all(jobs: list[tuple[str, str, str, str]]) -> Iterable[Outcome]:
    """Each job's outcome, in order: in this process for a few files, else spread over worker
    processes."""
    workers = min(os.cpu_count() or 1, len(jobs) // (POOL_FROM // 2))
    if len(jobs) < POOL_FROM or workers < 2:
        return [validate_file(*job) for job in jobs]
    return _in_workers(jobs, workers)


def _in_workers(jobs: list[tuple[str, str, str, str]], workers: int) -> Iterator[Outcome]:
    # Forked where that is safe (one thread: no lock can be held by another), so workers
    # start at once with every module imported; started afresh where this process runs
    # threads (a replica's watcher), whose locks a forked child could inherit held.
    alone = threading.active_count() == 1 and "fork" in get_all_start_methods()
    context = get_context("fork" if alone else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        chunk = max(1, len(jobs) // (workers * 8))
        yield from pool.map(_validate_in_worker, *zip(*jobs, strict=True), chunksize=chunk)


def validate_file(path: str, name: str, digest: str, seeds_dir: str) -> Outcome:
    """One seed file parsed and loaded by the seed schemas, if its bytes are still those whose
    SHA-256 is `digest`. One that fails still has its quotes checked against its own source."""
    raw = Path(path).read_bytes()
    if hashlib.sha256(raw).hexdigest() != digest:
        return "problems", [SeedProblem(name, "", "changed while it was read; load it again.")]
    try:
        mapping = read_mapping(name, Path(path).suffix, raw)
        data: dict[str, Any] = SEED_FILE.load(mapping)
    except SeedError as error:
        return "problems", list(error.problems)
    except ValidationError as error:
        found = [SeedProblem(name, p, explained(p, m)) for p, m in flatten_messages(error.messages)]
        found += quotes_of_unloaded(name, mapping, Path(path).parent, Path(seeds_dir))
        return "problems", found
    return "data", data


def _validate_in_worker(path: str, name: str, digest: str, seeds_dir: str) -> Outcome:
    """`validate_file` in a worker: what it sends back is the form (bytes cross processes
    quicker than dicts), or the data itself when it cannot be kept as a form."""
    kind, value = validate_file(path, name, digest, seeds_dir)
    if kind == "data":
        try:
            return "form", encode_form(value)
        except NotStorable:
            pass
    return kind, value


def _document(
    name: str, digest: str, data: dict[str, Any], base: Path, seeds_dir: Path
) -> SeedDocument:
    text_file = data["source"]["text_file"]
    text, text_digest, text_name = _read_source_text(name, text_file, base, seeds_dir)
    files = ((name, digest), (text_name, text_digest))
    return SeedDocument(file=name, data=data, text=text, sha256=text_digest, files=files)


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
