"""The store interface the API reads through, whatever keeps the bytes."""

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from service.dataset import Dataset
from service.dataset.index import ResourceIndex
from service.dataset.lineage import Lineage
from service.store.stamped import StampedItems

Fetch = Callable[[Sequence[str]], list[bytes | None]]


@dataclass(frozen=True)
class VersionRecord:
    """One published version as the history keeps it."""

    version: str
    published_at: dt.datetime
    loaded_at: dt.datetime
    counts: Mapping[str, int]
    files: tuple[tuple[str, str], ...]  # (path in the seeds folder, SHA-256)
    # Its lineage's revision: a version published again gets a new lineage under its name,
    # and a reader of an older version's lineage checks that it read the one this names.
    revision: str

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "published_at": self.published_at.isoformat(),
            "loaded_at": self.loaded_at.isoformat(),
            "counts": dict(self.counts),
            "files": files_json(self.files),
        }


def files_json(files: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    """A version's files as its manifest and the API write them."""
    return [{"path": path, "sha256": sha256} for path, sha256 in files]


def files_of(data: list[dict[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((f["path"], f["sha256"]) for f in data)


def record_of(dataset: Dataset, published_at: dt.datetime, revision: str) -> VersionRecord:
    return VersionRecord(
        dataset.version, published_at, dataset.loaded_at, dataset.counts, dataset.files, revision
    )


@dataclass(frozen=True)
class Snapshot:
    """One dataset version as a reader sees it: its indexes, and a way to fetch its bytes.

    Requests take one snapshot and read only through it, so a response never mixes versions.
    """

    version: str
    loaded_at: dt.datetime
    indexes: Mapping[str, ResourceIndex]  # carrying each resource's `updated_in`
    fetch: Fetch
    # The version with its resources' `updated_in`: what validators of whole lists name.
    revision: str
    # The retained versions, newest first, as of this snapshot.
    history: tuple[VersionRecord, ...]
    # The lineage of a retained version (None when it is not retained), for change feeds.
    lineage: Callable[[str], Lineage | None]
    # Reads that leave caches alone: an export must not evict what requests keep hot.
    scan: Fetch
    # Its items as served, made on first read: one per snapshot, so released with it.
    stamped: StampedItems = field(default_factory=StampedItems, compare=False, repr=False)

    def updated_in(self, rtype: str, rid: str) -> str:
        return self.indexes[rtype].updated_in(rid) or self.version

    def updated_at(self, rtype: str, place: int) -> str:
        """`updated_in` of the resource at `place` in its index (ResourceIndex.place)."""
        return self.indexes[rtype].updated_at(place) or self.version


class StoreUnavailable(RuntimeError):
    """The store cannot answer this read now; a retry may succeed."""


@dataclass(frozen=True)
class StoreState:
    status: Literal["ready", "degraded", "not-ready"]
    store: str
    reason: str | None = None


@dataclass(frozen=True)
class Health:
    """What readiness reports, and all it reports: the store's state and the version served."""

    state: StoreState
    version: str | None  # None before any version is served


def health_of(store: "DatasetStore") -> Health:
    state = store.state()
    try:
        version: str | None = store.snapshot().version
    except LookupError:
        version = None
    return Health(state, version)


class DatasetStore(Protocol):
    def snapshot(self) -> Snapshot:
        """The current version; raises LookupError when nothing is published yet."""
        ...

    def pinned(self, version: str) -> Snapshot | None:
        """A version named by a request: the current one, or a retained one this store can
        still read; None when it cannot (pruned, or never published)."""
        ...

    def ever_published(self, version: str) -> bool:
        """Whether `version` was ever made current here, retained or not."""
        ...

    def publish(self, dataset: Dataset) -> bool:
        """Make `dataset` current; False when that version is already current."""
        ...

    def state(self) -> StoreState: ...

    def close(self) -> None:
        """Stop background work and release connections."""
        ...
