"""Older versions a replica was asked for by name: the few most recently asked, each held whole
(its indexes, contents map and L1), so that a pinned answer reads one version only."""

import threading
from collections.abc import Callable

from cachetools import LRUCache

from service.store.base import Snapshot


class HeldVersions:
    def __init__(self, size: int) -> None:
        self._held: LRUCache[str, Snapshot] = LRUCache(maxsize=max(size, 1))
        self._lock = threading.Lock()  # cachetools caches are not thread-safe
        # One load at a time: requests for a version not yet held load it once, not each.
        self._loading = threading.Lock()

    def get(self, version: str, load: Callable[[str], Snapshot | None]) -> Snapshot | None:
        with self._lock:
            found = self._held.get(version)
        if found is not None:
            return found
        with self._loading:
            with self._lock:
                found = self._held.get(version)
            if found is None:
                found = load(version)
                if found is not None:
                    with self._lock:
                        self._held[version] = found
        return found

    def drop(self, version: str) -> None:
        """Forget a version that is no longer retained: its items may be deleted."""
        with self._lock:
            self._held.pop(version, None)
