"""The embedded store: the dataset lives in this process, for a single replica or for tests."""

import datetime as dt
from collections.abc import Callable, Sequence

from service.dataset import Dataset
from service.dataset.lineage import Lineage, stamp_indexes, trace
from service.metrics import StoreMetrics
from service.store.base import Snapshot, StoreState, VersionRecord, record_of


def snapshot_in_memory(
    dataset: Dataset,
    metrics: StoreMetrics,
    layer: str,
    lineage: Lineage,
    history: tuple[VersionRecord, ...],
    lineages: Callable[[str], Lineage | None],
) -> Snapshot:
    """A snapshot whose bytes are the dataset's own, in this process."""
    items = dataset.items
    metrics.serving(dataset.version, history[0].published_at.timestamp())  # history: newest first

    def fetch(keys: Sequence[str]) -> list[bytes | None]:
        found = [items.get(key) for key in keys]
        hits = sum(v is not None for v in found)
        metrics.looked_up(layer, hits, len(found) - hits)
        return found

    return Snapshot(
        version=dataset.version,
        loaded_at=dataset.loaded_at,
        indexes=stamp_indexes(dataset.indexes, lineage),
        fetch=fetch,
        revision=lineage.revision,
        history=history,
        lineage=lineages,
        scan=lambda keys: [items.get(key) for key in keys],
    )


def first_snapshot(dataset: Dataset, metrics: StoreMetrics, layer: str) -> Snapshot:
    """A snapshot with no history before it: everything was updated in this version."""
    lineage = trace(dataset, None)
    record = record_of(dataset, dataset.loaded_at, lineage.revision)
    return snapshot_in_memory(
        dataset, metrics, layer, lineage, (record,), {dataset.version: lineage}.get
    )


class EmbeddedStore:
    def __init__(self, metrics: StoreMetrics | None = None, retain: int = 3) -> None:
        self._snapshot: Snapshot | None = None
        self._metrics = metrics or StoreMetrics()
        self._retain = max(retain, 1)
        self._lineages: dict[str, Lineage] = {}
        self._published: set[str] = set()

    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            raise LookupError("no dataset has been published")
        return self._snapshot

    def pinned(self, version: str) -> Snapshot | None:
        # Only the current version's items are in memory: an older one is answered as gone.
        current = self.snapshot()
        return current if current.version == version else None

    def ever_published(self, version: str) -> bool:
        return version in self._published

    def publish(self, dataset: Dataset) -> bool:
        current = self._snapshot
        if current is not None and current.version == dataset.version:
            return False
        lineage = trace(dataset, self._lineages.get(current.version) if current else None)
        # Newest first; a version published again moves to the front with its new lineage.
        earlier = [r for r in (current.history if current else ()) if r.version != lineage.version]
        # The first version is the seeds the process started with, loaded once in gunicorn's
        # master: published when loaded, so every worker of a replica describes it alike (a
        # clock read per worker gave each its own time, and the same version two bodies).
        published_at = dataset.loaded_at if current is None else dt.datetime.now(dt.UTC)
        record = record_of(dataset, published_at, lineage.revision)
        history = (record, *earlier)[: self._retain]
        lineages = {r.version: self._lineages.get(r.version) for r in history[1:]}
        self._lineages = {v: lin for v, lin in lineages.items() if lin is not None}
        self._lineages[lineage.version] = lineage
        self._published.add(dataset.version)
        # One assignment swaps the whole snapshot, so readers see the old version or the new.
        self._snapshot = snapshot_in_memory(
            dataset, self._metrics, "memory", lineage, history, dict(self._lineages).get
        )
        self._metrics.store_state(self.state().status)
        return True

    def state(self) -> StoreState:
        if self._snapshot is None:
            return StoreState("not-ready", "embedded", "no dataset published")
        return StoreState("ready", "embedded")

    def close(self) -> None:
        """Nothing to release: the dataset is plain memory."""
