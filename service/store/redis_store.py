"""The Redis store: replicas share versioned datasets, keep indexes and hot items in memory, and
keep serving what they hold when Redis fails."""

import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from cachetools import LRUCache
from redis.exceptions import RedisError

from service.dataset import Dataset
from service.dataset.lineage import Lineage
from service.metrics import StoreMetrics
from service.store.base import (
    Snapshot,
    StoreState,
    StoreUnavailable,
    VersionRecord,
    files_of,
)
from service.store.batches import nodes_of, read_values
from service.store.codec import IndexFormatError, decode_indexes, read_index, unpacked
from service.store.contents import ContentMap
from service.store.embedded import first_snapshot
from service.store.held import HeldVersions
from service.store.keys import REDIS_ERRORS, Keys
from service.store.prune import read_contents, read_lineage
from service.store.publish import publish_dataset
from service.store.served import ServedVersion
from service.store.watcher import Watcher

log = logging.getLogger(__name__)


class IncompleteVersion(RedisError):
    """The pointer names a version whose keys are gone (Redis lost data)."""


class RedisStore:
    def __init__(
        self,
        connect: Callable[[], Any],
        keys: Keys,
        *,
        fallback: Callable[[], Dataset],
        publish_if_empty: bool = False,
        l1_bytes: int = 64 * 1024 * 1024,
        poll_interval: float = 1.0,
        retain: int = 3,
        pinned: int = 2,
        lock_ttl: float = 10.0,
        metrics: StoreMetrics | None = None,
        served: ServedVersion | None = None,
    ) -> None:
        self._connect = connect
        self._client: Any = None
        self.keys = keys
        self._fallback_loader = fallback
        self._fallback: Dataset | None = None
        self._publish_if_empty = publish_if_empty
        # Redis answers but holds no dataset, and this replica may not publish its own.
        self._unpublished = False
        self._l1_bytes = l1_bytes
        self._retain = retain
        self._held = HeldVersions(pinned)
        self._lock_ttl = lock_ttl
        self._snapshot: Snapshot | None = None
        self._reason: str | None = None  # why Redis is not usable; None while it is
        self._state_lock = threading.Lock()
        self._fallback_lock = threading.Lock()
        self.round_trips = 0  # Redis calls made to answer requests, for metrics and tests
        self.metrics = metrics or StoreMetrics()
        self._timers = self.metrics.redis_store()
        self.watcher = Watcher(self, poll_interval)
        self.served = served or ServedVersion(None)

    @property
    def client(self) -> Any:
        # Made on first use: a Cluster client must reach the cluster to be made at all, and a
        # replica that starts while Redis is down still serves, then connects later.
        if self._client is None:
            with self._state_lock:
                if self._client is None:
                    self._client = self._connect()
        return self._client

    # -- reading -------------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        self.watcher.ensure_running()  # started lazily, so after gunicorn forks its workers
        if self._snapshot is None:
            raise LookupError("no dataset has been published")
        return self._snapshot

    def state(self) -> StoreState:
        if self._unpublished:
            return StoreState("not-ready", "redis", self._nothing_published())
        if self._snapshot is None:
            return StoreState("not-ready", "redis", self._reason or "no dataset published")
        if self._reason is not None:
            return StoreState("degraded", "redis", self._reason)
        return StoreState("ready", "redis")

    # -- publishing and following --------------------------------------------------------------

    def publish(self, dataset: Dataset) -> bool:
        report = publish_dataset(
            self.client, self.keys, dataset, retain=self._retain, lock_ttl=self._lock_ttl
        )
        self.refresh()
        return report.changed

    def start(self) -> None:
        """Load the current version (publishing this replica's seeds into an empty Redis only
        when told to); serve the bundled seeds while Redis cannot be reached."""
        try:
            self.refresh()
        except REDIS_ERRORS as error:
            self.mark_unavailable(error)
        if self._snapshot is None and not self._unpublished:
            self._serve_fallback()
        self._report_state()
        # Following from now, not from the first request: a worker that idles until after a
        # publish must not answer its first request with the version it started with. Each
        # worker makes its own app, so this thread is the worker's own.
        self.watcher.ensure_running()

    def refresh(self) -> None:
        """Follow the pointer: load the current version if it is not the one served."""
        with self._timers["pointer"].time():
            current = self.client.get(self.keys.current)
        if current is None:
            if not self._publish_if_empty:
                # Redis is new or lost its data. Publishing this replica's own seeds would
                # silently replace whatever an operator published: wait for a publish instead.
                self._mark_unpublished()
                return
            # Told to (a development set-up): the first replica to get the publish lock
            # publishes its seeds; the others find it done.
            publish_dataset(
                self.client,
                self.keys,
                self.fallback(),
                retain=self._retain,
                lock_ttl=self._lock_ttl,
            )
            current = self.client.get(self.keys.current)
        version = current.decode()
        behind = self._snapshot is None or self._snapshot.version != version
        self.metrics.behind.set(behind)  # until the load below succeeds
        if behind or self._reason:
            with self._timers["load"].time():
                self._load(version)
            self.metrics.behind.set(0)
        self.mark_available()

    def _load(self, version: str) -> None:
        snapshot = self._read_version(version)
        if self._snapshot is not None and self._snapshot.version == version:
            return  # came back after an outage to the version already served
        self._snapshot = snapshot
        history = snapshot.history
        # The current version is in the history (one script moves both); its build time if not.
        published = next(
            (r.published_at for r in history if r.version == version), snapshot.loaded_at
        )
        self.metrics.serving(version, published.timestamp())
        self.served.record(version)
        log.info("serving dataset version %s from redis", version)

    def _read_version(
        self, version: str, history: tuple[VersionRecord, ...] | None = None
    ) -> Snapshot:
        """One version as Redis holds it; IncompleteVersion when its keys are gone. `history`:
        what is retained, when the caller holds it already (a version read by name serves
        the current version's)."""
        raw_manifest = self.client.get(self.keys.manifest(version))
        raw_index = read_index(self.client, self.keys.index(version))
        contents = read_contents(self.client, self.keys, version)
        if raw_index is None or raw_manifest is None or contents is None:
            raise IncompleteVersion(f"version {version} is incomplete in Redis")
        try:
            indexes = decode_indexes(unpacked(raw_index))
        except IndexFormatError as error:
            # Written by other code: keep serving what we hold and say so; a publish by this
            # code's CLI brings a version it can read.
            raise IncompleteVersion(f"version {version}: {error}") from None
        try:
            places = ContentMap(indexes, contents)
        except ValueError as error:
            raise IncompleteVersion(f"version {version}: {error}") from None
        manifest = orjson.loads(raw_manifest)
        return Snapshot(
            version=version,
            loaded_at=dt.datetime.fromisoformat(manifest["loaded_at"]),
            indexes=indexes,
            fetch=self._fetcher(version, places),
            revision=manifest.get("revision", version),
            history=self._read_history() if history is None else history,
            lineage=self._lineage,
            scan=lambda keys: self._read_misses(version, places, list(keys)),
        )

    # -- versions named by a request -----------------------------------------------------------

    def pinned(self, version: str) -> Snapshot | None:
        current = self.snapshot()
        if version == current.version:
            return current
        # The current version's history says what is retained: a version pruned since it was
        # loaded here is let go, since its items may be deleted.
        record = next((r for r in current.history if r.version == version), None)
        if record is None:
            self._held.drop(version)
            return None
        read = functools.partial(self._read_pinned, history=current.history)
        held = self._held.get(version, read)
        if held is not None and held.revision != record.revision:
            # Published again since it was loaded here, with a new lineage: read it again.
            self._held.drop(version)
            held = self._held.get(version, read)
        return held

    def _read_pinned(self, version: str, history: tuple[VersionRecord, ...]) -> Snapshot | None:
        try:
            with self._timers["load"].time():
                return self._read_version(version, history)
        except IncompleteVersion:
            return None  # pruned after the current version was loaded
        except REDIS_ERRORS as error:
            self.mark_unavailable(error)
            raise StoreUnavailable("redis unavailable") from None

    def ever_published(self, version: str) -> bool:
        try:
            return bool(self.client.sismember(self.keys.published, version))
        except REDIS_ERRORS as error:
            self.mark_unavailable(error)
            raise StoreUnavailable("redis unavailable") from None

    def _read_history(self) -> tuple[VersionRecord, ...]:
        """The retained versions, newest first, with what their manifests record."""
        entries = self.client.zrevrange(self.keys.history, 0, -1, withscores=True)
        with self.client.pipeline(transaction=False) as pipe:
            for version, _ in entries:
                pipe.get(self.keys.manifest(version.decode()))
            manifests = pipe.execute()
        records = []
        for (version, score), raw in zip(entries, manifests, strict=True):
            if raw is None:  # pruned between the two reads
                continue
            manifest = orjson.loads(raw)
            records.append(
                VersionRecord(
                    version=version.decode(),
                    published_at=dt.datetime.fromtimestamp(score, dt.UTC),
                    loaded_at=dt.datetime.fromisoformat(manifest["loaded_at"]),
                    counts=manifest["counts"],
                    files=files_of(manifest.get("files", [])),
                    # As the snapshot names a version that other code wrote without one.
                    revision=manifest.get("revision", version.decode()),
                )
            )
        return tuple(records)

    def _lineage(self, version: str) -> Lineage | None:
        try:
            with self._timers["lineage"].time():
                return read_lineage(self.client, self.keys, version)
        except REDIS_ERRORS as error:
            self.mark_unavailable(error)
            raise StoreUnavailable("redis unavailable") from None

    def _fetcher(
        self, version: str, places: ContentMap
    ) -> Callable[[Sequence[str]], list[bytes | None]]:
        """Reads of one version: the in-process LRU first, then its items' contents for the
        misses, one round trip per node that holds any of them."""
        cache: LRUCache[str, bytes] = LRUCache(maxsize=self._l1_bytes, getsizeof=len)
        guard = threading.Lock()  # cachetools caches are not thread-safe

        def fetch(wanted: Sequence[str]) -> list[bytes | None]:
            with guard:
                found = {k: v for k in wanted if (v := cache.get(k)) is not None}
            missing = [k for k in wanted if k not in found]
            self.metrics.looked_up("l1", len(wanted) - len(missing), len(missing))
            if missing:
                for key, value in zip(
                    missing, self._read_misses(version, places, missing), strict=True
                ):
                    if value is not None:
                        found[key] = value
                with guard:
                    for key in missing:
                        if key in found:
                            cache[key] = found[key]
            return [found.get(k) for k in wanted]

        return fetch

    def _read_misses(
        self, version: str, places: ContentMap, missing: list[str]
    ) -> list[bytes | None]:
        if self._reason is None:
            try:
                return self._read_contents(places, missing)
            except REDIS_ERRORS as error:
                self.mark_unavailable(error)
        # Redis is out: the bundled seeds can answer only if they are this very version.
        fallback = self.fallback()
        if fallback.version == version:
            values = [fallback.items.get(k) for k in missing]
            hits = sum(v is not None for v in values)
            self.metrics.looked_up("fallback", hits, len(values) - hits)
            return values
        self.metrics.looked_up("fallback", 0, len(missing))
        return [None] * len(missing)

    def _read_contents(self, places: ContentMap, wanted: list[str]) -> list[bytes | None]:
        """The stored items, each its ETag and body again (items are stored by their ETag)."""
        etags = [places.etag(key) for key in wanted]
        names = [self.keys.item(etag) for etag in etags if etag is not None]
        self.round_trips += nodes_of(self.client, names)
        bodies = iter(self._read_items(names))
        values = [
            None if etag is None or (body := next(bodies)) is None else etag.encode() + body
            for etag in etags
        ]
        hits = sum(v is not None for v in values)
        self.metrics.looked_up("redis", hits, len(values) - hits)
        return values

    def _read_items(self, names: list[str]) -> list[bytes | None]:
        """Item bodies by key, timed: one MGET (per node on a Cluster), none for no keys."""
        if not names:
            return []
        with self._timers["items"].time():
            return read_values(self.client, names)

    # -- faults --------------------------------------------------------------------------------

    def fallback(self) -> Dataset:
        """The bundled seeds, loaded on first need (start-up without Redis, or an outage)."""
        if self._fallback is None:
            with self._fallback_lock:
                if self._fallback is None:
                    self._fallback = self._fallback_loader()
        return self._fallback

    def _serve_fallback(self) -> None:
        dataset = self.fallback()
        served = self.served.read()
        if served is not None and served != dataset.version:
            # Serving the bundled seeds would take this instance back to an older version:
            # not ready, until Redis answers with the current one.
            self._reason = (
                f"{self._reason or 'redis unavailable'}; version {served} was served here "
                "and only Redis holds it"
            )
            log.warning("%s: not serving the bundled seeds", self._reason)
            return
        self._snapshot = first_snapshot(dataset, self.metrics, "fallback")
        log.warning("redis unavailable: serving the bundled seeds, version %s", dataset.version)

    def mark_unavailable(self, error: Exception) -> None:
        self.metrics.failed("redis")
        # The type only: an error's text can carry the address, and the URL a password.
        reason = (
            f"dataset unusable: {error}"
            if isinstance(error, IncompleteVersion)
            else f"redis unavailable: {type(error).__name__}"
        )
        with self._state_lock:
            changed = self._reason is None
            if changed:
                self._reason = reason
        if changed:  # once per state change, not once per failing request
            log.warning("%s; serving the version held in memory", reason)
        self._report_state()
        self.watcher.wake()

    def _nothing_published(self) -> str:
        return (
            f"nothing published: redis holds no dataset under prefix {self.keys.prefix!r}; "
            "publish one (python -m service publish), or set PUBLISH_SEEDS_IF_EMPTY=true "
            "to let replicas publish their own seeds"
        )

    def _mark_unpublished(self) -> None:
        with self._state_lock:
            changed, self._unpublished, self._reason = not self._unpublished, True, None
        if changed:  # once per state change; the watcher keeps looking every poll
            log.error("not ready: %s", self._nothing_published())
        self._report_state()

    def mark_available(self) -> None:
        with self._state_lock:
            changed, self._reason = self._reason is not None, None
            published, self._unpublished = self._unpublished, False
        if changed:
            log.warning("redis available again")
        if published:
            log.info("a dataset is published in redis: ready")
        self._report_state()

    def _report_state(self) -> None:
        """Readiness for /metrics, from the state /readyz reports; every check of Redis sets
        it again, so a report that raced another is right by the next poll."""
        self.metrics.store_state(self.state().status)

    def close(self) -> None:
        self.watcher.stop()
        if self._client is not None:
            self._client.close()
