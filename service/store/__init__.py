"""Dataset stores: where rendered datasets are published and read from."""

from service.store.base import DatasetStore, Health, Snapshot, StoreState, health_of
from service.store.embedded import EmbeddedStore

__all__ = ["DatasetStore", "EmbeddedStore", "Health", "Snapshot", "StoreState", "health_of"]
