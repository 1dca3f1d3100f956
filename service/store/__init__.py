"""Dataset stores: where rendered datasets are published and read from."""

from service.store.base import DatasetStore, Snapshot, StoreState
from service.store.embedded import EmbeddedStore

__all__ = ["DatasetStore", "EmbeddedStore", "Snapshot", "StoreState"]
