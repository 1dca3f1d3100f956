"""The store interface the API reads through, whatever keeps the bytes."""

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from service.dataset import Dataset
from service.dataset.index import ResourceIndex

Fetch = Callable[[Sequence[str]], list[bytes | None]]


@dataclass(frozen=True)
class Snapshot:
    """One dataset version as a reader sees it: its indexes, and a way to fetch its bytes.

    Requests take one snapshot and read only through it, so a response never mixes versions.
    """

    version: str
    loaded_at: dt.datetime
    indexes: Mapping[str, ResourceIndex]
    fetch: Fetch


@dataclass(frozen=True)
class StoreState:
    status: Literal["ready", "degraded", "not-ready"]
    store: str
    reason: str | None = None


class DatasetStore(Protocol):
    def snapshot(self) -> Snapshot:
        """The current version; raises LookupError when nothing is published yet."""
        ...

    def publish(self, dataset: Dataset) -> bool:
        """Make `dataset` current; False when that version is already current."""
        ...

    def state(self) -> StoreState: ...

    def close(self) -> None:
        """Stop background work and release connections."""
        ...
