"""Items as one dataset version serves them: each body with its `updated_in`, and the ETag naming
both, made on its first read and kept with the version, so a repeated read (or a 304) makes no
body and computes no ETag again."""

import threading

from cachetools import LRUCache

# Per version held; items beyond this are dropped least recently used first.
STAMPED_ITEMS_BYTES = 16 * 1024 * 1024

Stamped = tuple[str, bytes]  # (ETag, body) as sent


def _size(item: Stamped) -> int:
    return len(item[0]) + len(item[1]) + 100


class StampedItems:
    """Stamped items by (resource type, id). A version never changes, so neither does its
    stamping of an item; the cache lives and is released with the version's snapshot."""

    def __init__(self, max_bytes: int = STAMPED_ITEMS_BYTES) -> None:
        self._items: LRUCache[tuple[str, str], Stamped] = LRUCache(
            maxsize=max_bytes, getsizeof=_size
        )
        self._lock = threading.Lock()  # cachetools caches are not thread-safe

    def get(self, rtype: str, rid: str) -> Stamped | None:
        with self._lock:
            return self._items.get((rtype, rid))

    def keep(self, rtype: str, rid: str, item: Stamped) -> Stamped:
        if _size(item) <= self._items.maxsize:
            with self._lock:
                self._items[(rtype, rid)] = item
        return item
