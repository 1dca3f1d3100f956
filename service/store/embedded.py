"""The embedded store: the dataset lives in this process, for a single replica or for tests."""

from collections.abc import Sequence

from service.dataset import Dataset
from service.metrics import StoreMetrics
from service.store.base import Snapshot, StoreState


def snapshot_in_memory(dataset: Dataset, metrics: StoreMetrics, layer: str) -> Snapshot:
    """A snapshot whose bytes are the dataset's own, in this process."""
    items = dataset.items
    metrics.serving(dataset.version)

    def fetch(keys: Sequence[str]) -> list[bytes | None]:
        found = [items.get(key) for key in keys]
        hits = sum(v is not None for v in found)
        metrics.looked_up(layer, hits, len(found) - hits)
        return found

    return Snapshot(dataset.version, dataset.loaded_at, dataset.indexes, fetch)


class EmbeddedStore:
    def __init__(self, metrics: StoreMetrics | None = None) -> None:
        self._snapshot: Snapshot | None = None
        self._metrics = metrics or StoreMetrics()

    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            raise LookupError("no dataset has been published")
        return self._snapshot

    def publish(self, dataset: Dataset) -> bool:
        if self._snapshot is not None and self._snapshot.version == dataset.version:
            return False
        # One assignment swaps the whole snapshot, so readers see the old version or the new.
        self._snapshot = snapshot_in_memory(dataset, self._metrics, "memory")
        return True

    def state(self) -> StoreState:
        if self._snapshot is None:
            return StoreState("not-ready", "embedded", "no dataset published")
        return StoreState("ready", "embedded")

    def close(self) -> None:
        """Nothing to release: the dataset is plain memory."""
