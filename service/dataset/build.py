"""Build one immutable Dataset from a seeds folder: resources rendered to bytes, plus indexes."""

import datetime as dt
import gc
import os
import signal
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import orjson

from schemas import api
from service.dataset.assemble import assemble
from service.dataset.errors import SeedProblem
from service.dataset.graph import BuildGraph, file_entry
from service.dataset.index import ResourceIndex, build_index
from service.dataset.inputs import SeedFolder, SeedInput
from service.dataset.link import link_documents
from service.dataset.memo import BuildMemo
from service.dataset.parse import KnownForms, parse_seeds
from service.dataset.render import (
    ETAG_LENGTH,
    ITEM_SCHEMAS,
    content_version,
    contents_in_order,
    render_resources,
    tagged,
)
from service.progress import PhasedProgress, one_phase

DATASET_KEY = "dataset"


@dataclass(frozen=True)
class Dataset:
    version: str
    loaded_at: dt.datetime
    indexes: Mapping[str, ResourceIndex]
    # Store key -> ETag-prefixed JSON body; built with a BuildMemo, the ETag alone for a body
    # an earlier version stored (service.dataset.render.is_rendered).
    items: Mapping[str, bytes]
    # The files it was built from, relative to the seeds folder, each with its SHA-256.
    files: tuple[tuple[str, str], ...] = ()
    # What it was read from, to tell a later load of the same bytes (service.dataset.inputs).
    inputs: tuple[SeedInput, ...] = ()
    # The ETag of every item, in the order of the indexes (render.contents_in_order), then
    # the description's.
    contents: bytes = b""
    # Built on a version (service.dataset.delta): which one, and the keys of the items this
    # build made, which are then the only `items` besides the description: every other item
    # is that version's (its ETag is in `contents`).
    built_on: str | None = None
    fresh: frozenset[str] = frozenset()

    @property
    def counts(self) -> dict[str, int]:
        return {rtype: len(index.ids) for rtype, index in self.indexes.items()}


def load_dataset(
    seeds_dir: Path,
    now: dt.datetime | None = None,
    progress: PhasedProgress | None = None,
    *,
    apart_indexing: bool = False,
    known: KnownForms | None = None,
    memo: BuildMemo | None = None,
    folder: SeedFolder | None = None,
) -> Dataset:
    """Parse, validate, link and build; raises SeedError naming every problem found.
    `apart_indexing` and `memo`: see build_dataset; `known` and `folder`: see parse_seeds."""
    with _without_cycle_collection():
        unloaded: list[SeedProblem] = []
        documents = parse_seeds(
            seeds_dir,
            one_phase(progress, "reading seeds"),
            known=known,
            collect=unloaded,
            folder=folder,
        )
        inputs = tuple(
            sorted(
                (doc.file, doc.files[0][1], doc.data["source"]["text_file"], doc.sha256)
                for doc in documents
            )
        )
        sources, merged = link_documents(
            documents,
            one_phase(progress, "linking evidence"),
            earlier=tuple(unloaded),
            notes=left_out(unloaded),
            memo=memo,
        )
        if progress:
            progress("assembling", 0, 1)
        resources = assemble(sources, merged)
        if progress:
            progress("assembling", 1, 1)
        files = tuple(sorted(f for document in documents for f in document.files))
        if memo is not None:  # for a build on this one (service.dataset.delta)
            memo.graph = BuildGraph.of(
                {
                    doc.file: file_entry(doc.data["source"]["id"], doc.files, doc.data)
                    for doc in documents
                },
                merged,
                resources,
            )
        dataset = build_dataset(
            resources, now, progress, files, apart_indexing=apart_indexing, memo=memo
        )
        dataset = replace(dataset, inputs=inputs)
        # Freed while the collector is still off: turned back on, its first pass would walk
        # every object still alive that it has not seen, millions of them, for nothing.
        del documents, sources, merged, resources
    return dataset


def left_out(problems: list[SeedProblem]) -> tuple[str, ...]:
    """What could not be checked because files did not load."""
    files = sorted({problem.file for problem in problems})
    if not files:
        return ()
    return (
        f"not linked, because of the problems above: {', '.join(files)}. Their quotes of their "
        "own source are checked; their references, merges and the rest of their quotes are "
        "checked once they load, and what other files name in them may be reported as unknown "
        "until then.",
    )


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """A large folder makes millions of dicts and lists, none of them in a cycle; the cycle
    collector would walk them all again each time enough are made, which at 100,000
    partnerships costs more than the load itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_dataset(
    resources: Mapping[str, Mapping[str, dict[str, Any]]],
    now: dt.datetime | None = None,
    progress: PhasedProgress | None = None,
    files: tuple[tuple[str, str], ...] = (),
    *,
    apart_indexing: bool = False,
    memo: BuildMemo | None = None,
) -> Dataset:
    """The dataset of `resources`. With `apart_indexing`, a forked process builds the
    indexes while this one renders (for the command line, on a machine of two cores or
    more); the dataset is the same. With `memo` (for a publish), records rendered by an
    earlier version are named by their ETags alone (service.dataset.render)."""
    # Only indexing goes to a child: it is short, so few memory pages are copied for both
    # processes while it runs. Rendering half the resources in a child, or parsing half the
    # files, measured more CPU time in all than it saved in wall time on a busy machine: the
    # pages both processes write are copied, and unpickled records share no key strings.
    # Worth it only when most records are rendered: a forked child's pages are copied as this
    # process touches them, which costs more than indexing alone when rendering is short.
    rendering_most = memo is None or memo.knows_little
    apart = _IndexedApart.start(resources) if apart_indexing and rendering_most else None
    try:
        items = render_resources(resources, one_phase(progress, "rendering"), memo)
    except BaseException:
        if apart:
            apart.cancel()
        raise
    loaded_at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    if progress:
        progress("indexing", 0, len(ITEM_SCHEMAS))
    indexes = apart.result() if apart else None
    if indexes is None:
        indexes = {}
        for done, rtype in enumerate(ITEM_SCHEMAS, 1):
            indexes[rtype] = build_index(rtype, resources[rtype])
            if progress:
                progress("indexing", done, len(ITEM_SCHEMAS))
    elif progress:
        progress("indexing", len(ITEM_SCHEMAS), len(ITEM_SCHEMAS))
    contents = contents_in_order(items, indexes)
    version = content_version(indexes, contents)
    sha256 = [resources["sources"][sid]["sha256"] for sid in indexes["sources"].ids]
    items[DATASET_KEY] = described(version, loaded_at, indexes, sha256)
    contents += bytes.fromhex(items[DATASET_KEY][:ETAG_LENGTH].decode())
    return Dataset(version, loaded_at, indexes, items, files, contents=contents)


def described(
    version: str,
    loaded_at: dt.datetime,
    indexes: Mapping[str, ResourceIndex],
    sha256: Sequence[str],
) -> bytes:
    """The dataset's description, as an item; `sha256`: of each source's text, in index order."""
    info = {
        "version": version,
        "loaded_at": loaded_at,
        "counts": {rtype: len(index.ids) for rtype, index in indexes.items()},
        "sources": [
            {"id": sid, "sha256": digest}
            for sid, digest in zip(indexes["sources"].ids, sha256, strict=True)
        ],
    }
    return tagged(orjson.dumps(api.DatasetInfo().dump(info)))


class _IndexedApart:
    """The indexes, built in a forked child and sent back through a pipe in the form Redis
    keeps them (service.store.codec). Rendering and indexing are the largest steps of a
    load after parsing and share nothing but their input, so each can take a core."""

    def __init__(self, pid: int, reading: int) -> None:
        self._pid = pid
        self._reading = reading

    @classmethod
    def start(cls, resources: Mapping[str, Mapping[str, dict[str, Any]]]) -> "_IndexedApart | None":
        if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
            return None
        reading, writing = os.pipe()
        pid = os.fork()
        if pid:
            os.close(writing)
            return cls(pid, reading)
        # The child ends here whatever happens, never returning into its caller's code.
        status = 1
        try:
            os.close(reading)
            from service.store.codec import encode_indexes

            encoded = encode_indexes(
                {rtype: build_index(rtype, resources[rtype]) for rtype in ITEM_SCHEMAS}
            )
            with os.fdopen(writing, "wb") as out:
                out.write(encoded)
            status = 0
        finally:
            os._exit(status)

    def cancel(self) -> None:
        os.close(self._reading)
        os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)

    def result(self) -> dict[str, ResourceIndex] | None:
        """The child's indexes; None when it failed, and the caller builds them itself."""
        # Imported here: the store's modules import this one.
        from service.store.codec import IndexFormatError, decode_indexes

        with os.fdopen(self._reading, "rb") as received:
            encoded = received.read()
        _, status = os.waitpid(self._pid, 0)
        if status != 0 or not encoded:
            return None
        try:
            return decode_indexes(encoded)
        except IndexFormatError:
            return None
