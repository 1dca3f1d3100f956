"""The embedded store: the dataset lives in this process, for a single replica or for tests."""

from collections.abc import Sequence

from service.dataset import Dataset
from service.store.base import Snapshot, StoreState


def snapshot_in_memory(dataset: Dataset) -> Snapshot:
    """A snapshot whose bytes are the dataset's own, in this process."""
    items = dataset.items

    def fetch(keys: Sequence[str]) -> list[bytes | None]:
        return [items.get(key) for key in keys]

    return Snapshot(dataset.version, dataset.loaded_at, dataset.indexes, fetch)


class EmbeddedStore:
    def __init__(self) -> None:
        self._snapshot: Snapshot | None = None

    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            raise LookupError("no dataset has been published")
        return self._snapshot

    def publish(self, dataset: Dataset) -> bool:
        if self._snapshot is not None and self._snapshot.version == dataset.version:
            return False
        # One assignment swaps the whole snapshot, so readers see the old version or the new.
        self._snapshot = snapshot_in_memory(dataset)
        return True

    def state(self) -> StoreState:
        if self._snapshot is None:
            return StoreState("not-ready", "embedded", "no dataset published")
        return StoreState("ready", "embedded")

    def close(self) -> None:
        """Nothing to release: the dataset is plain memory."""
