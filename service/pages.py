"""List pages made once per dataset version and URL: a version never changes, so neither does
a page of it, and a repeated list read is one lookup instead of a select, a fetch and a join."""

import threading
from collections.abc import Callable
from dataclasses import dataclass

from cachetools import LRUCache

from service.metrics import StoreMetrics

# Per process; pages beyond this are dropped least recently used first.
PAGE_CACHE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Page:
    body: bytes
    etag: str
    link_header: str

    def size(self) -> int:
        return len(self.body) + len(self.link_header) + 200


class PageCache:
    """Pages by (version, URL); hits and misses are counted as the `page` cache layer."""

    def __init__(
        self, metrics: StoreMetrics | None = None, max_bytes: int = PAGE_CACHE_BYTES
    ) -> None:
        self._metrics = metrics or StoreMetrics()
        self._pages: LRUCache[tuple[str, str], Page] = LRUCache(
            maxsize=max_bytes, getsizeof=Page.size
        )
        self._lock = threading.Lock()  # cachetools caches are not thread-safe

    def get_or_make(self, version: str, url: str, make: Callable[[], Page]) -> Page:
        key = (version, url)
        with self._lock:
            page = self._pages.get(key)
        self._metrics.looked_up("page", int(page is not None), int(page is None))
        if page is None:
            page = make()  # outside the lock; a failure (503, 410) is raised, never kept
            if page.size() <= self._pages.maxsize:
                with self._lock:
                    self._pages[key] = page
        return page
