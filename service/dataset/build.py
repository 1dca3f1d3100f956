"""Build one immutable Dataset from a seeds folder: resources rendered to bytes, plus indexes."""

import datetime as dt
import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from schemas import api
from service.dataset.assemble import assemble
from service.dataset.index import ResourceIndex, build_index
from service.dataset.link import link_documents
from service.dataset.parse import parse_seeds
from service.dataset.render import ITEM_SCHEMAS, content_version, render_resources, tagged
from service.progress import PhasedProgress, one_phase

DATASET_KEY = "dataset"


@dataclass(frozen=True)
class Dataset:
    version: str
    loaded_at: dt.datetime
    indexes: Mapping[str, ResourceIndex]
    items: Mapping[str, bytes]  # store key -> ETag-prefixed JSON body
    # The files it was built from, relative to the seeds folder, each with its SHA-256.
    files: tuple[tuple[str, str], ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        return {rtype: len(index.ids) for rtype, index in self.indexes.items()}


def load_dataset(
    seeds_dir: Path, now: dt.datetime | None = None, progress: PhasedProgress | None = None
) -> Dataset:
    """Parse, validate, link and build; raises SeedError naming every problem found."""
    with _without_cycle_collection():
        documents = parse_seeds(seeds_dir, one_phase(progress, "reading seeds"))
        sources, merged = link_documents(documents, one_phase(progress, "linking evidence"))
        if progress:
            progress("assembling", 0, 1)
        resources = assemble(sources, merged)
        if progress:
            progress("assembling", 1, 1)
        files = tuple(sorted(f for document in documents for f in document.files))
        dataset = build_dataset(resources, now, progress, files)
        # Freed while the collector is still off: turned back on, its first pass would walk
        # every object still alive that it has not seen, millions of them, for nothing.
        del documents, sources, merged, resources
    return dataset


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
) -> Dataset:
    items = render_resources(resources, one_phase(progress, "rendering"))
    version = content_version(items)
    loaded_at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    indexes = {}
    if progress:
        progress("indexing", 0, len(ITEM_SCHEMAS))
    for done, rtype in enumerate(ITEM_SCHEMAS, 1):
        indexes[rtype] = build_index(rtype, resources[rtype])
        if progress:
            progress("indexing", done, len(ITEM_SCHEMAS))
    info = {
        "version": version,
        "loaded_at": loaded_at,
        "counts": {rtype: len(index.ids) for rtype, index in indexes.items()},
        "sources": [
            {"id": sid, "sha256": resources["sources"][sid]["sha256"]}
            for sid in indexes["sources"].ids
        ],
    }
    items[DATASET_KEY] = tagged(orjson.dumps(api.DatasetInfo().dump(info)))
    return Dataset(version, loaded_at, indexes, items, files)
