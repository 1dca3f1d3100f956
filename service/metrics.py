"""Prometheus metrics at /metrics: requests by endpoint and status, latency histograms, cache
hits and misses per layer, store errors, Redis call times, readiness, rate-limit refusals and
the dataset version served, with its publish time. Under gunicorn with PROMETHEUS_MULTIPROC_DIR
set, every worker's counts are summed into one answer."""

import os
import time
from collections.abc import Iterable, Mapping

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector

from service.streaming import when_sent

blp = Blueprint("metrics", __name__)
# Probes and the metrics themselves are not counted; nor are the docs page's assets.
UNCOUNTED = ("health", "metrics", "swagger_ui")
# Labels are bounded whatever clients send: a made-up method, or a path no route matches,
# would otherwise make a new series each (and a new file per worker in multiprocess mode).
METHODS = frozenset(("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"))
OTHER_METHOD = "other"
UNMATCHED = "unmatched"
# What the Redis store times, a fixed set: a request's read of item bodies (one MGET per node),
# the watcher's read of the current-version pointer, the load of a version (manifest, indexes,
# contents map, history: several calls) and the read of a retained version's lineage.
REDIS_OPERATIONS = ("items", "pointer", "load", "lineage")
# From half a millisecond (a warm round trip on one host) to past REDIS_TIMEOUT's default.
REDIS_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class StoreMetrics:
    """What the stores and the rate limiter report. Each app has its own registry, so apps made
    side by side (in tests, say) never clash; in multiprocess mode values go to the shared files
    regardless.

    A gauge's multiprocess mode says how a replica's workers add up: the version a replica
    serves is its oldest worker's, and it is ready only while every worker is."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.lookups = Counter(
            "partnership_cache_lookups_total",
            "Lookups per cache layer (page: list pages; item: items as served; l1, redis, "
            "fallback, memory: stored items) "
            "and result (hit, miss).",
            ["layer", "result"],
            registry=self.registry,
        )
        self.errors = Counter(
            "partnership_store_errors_total",
            "Store calls that failed (Redis unreachable, too slow, or incomplete).",
            ["store"],
            registry=self.registry,
        )
        self.dataset = Gauge(
            "partnership_dataset_info",
            "1 for the dataset version a process serves, 0 for one it served before.",
            ["version"],
            registry=self.registry,
            multiprocess_mode="liveall",
        )
        self.published = Gauge(
            "partnership_dataset_published_timestamp_seconds",
            "When the dataset version served was published, in seconds since the epoch (for a "
            "replica, its oldest worker's).",
            registry=self.registry,
            multiprocess_mode="livemin",
        )
        self.behind = Gauge(
            "partnership_dataset_behind",
            "1 while the store's current version is not the one served (a publish not loaded "
            "yet, or one that cannot be); for a replica, whether any worker is.",
            registry=self.registry,
            multiprocess_mode="livemax",
        )
        self.ready = Gauge(
            "partnership_ready",
            "1 while /readyz answers 200 (ready or degraded), 0 while it answers 503 "
            "(not-ready); for a replica, 0 when any worker is not ready.",
            registry=self.registry,
            multiprocess_mode="livemin",
        )
        self.degraded = Gauge(
            "partnership_store_degraded",
            "1 while /readyz reports degraded: Redis unreachable or unusable, the version held "
            "in memory served; for a replica, whether any worker is.",
            registry=self.registry,
            multiprocess_mode="livemax",
        )
        self.redis_calls = Histogram(
            "partnership_redis_call_duration_seconds",
            "Time the store's Redis calls took, failed ones included, by operation: items, "
            "pointer, load, lineage.",
            ["operation"],
            registry=self.registry,
            buckets=REDIS_BUCKETS,
        )
        self.refusals = Counter(
            "partnership_rate_limit_refusals_total",
            "Requests refused with 429 because their client was over RATE_LIMIT, by the limit "
            "they met (one of RATE_LIMIT's, such as '20 per 1 second').",
            ["limit"],
            registry=self.registry,
        )
        self._serving: str | None = None

    def looked_up(self, layer: str, hits: int, misses: int) -> None:
        if hits:
            self.lookups.labels(layer, "hit").inc(hits)
        if misses:
            self.lookups.labels(layer, "miss").inc(misses)

    def failed(self, store: str) -> None:
        self.errors.labels(store).inc()

    def serving(self, version: str, published_at: float) -> None:
        if self._serving is not None and self._serving != version:
            self.dataset.labels(self._serving).set(0)
        self.dataset.labels(version).set(1)
        self.published.set(published_at)
        self._serving = version

    def store_state(self, status: str) -> None:
        """The state /readyz reports (ready, degraded or not-ready), as it changes."""
        self.ready.set(status != "not-ready")
        self.degraded.set(status == "degraded")

    def redis_store(self) -> Mapping[str, Histogram]:
        """A Redis store's timers, by operation. Its series start at zero, the error count's
        too, so rates and alerts have a series to read before the first call or failure."""
        self.errors.labels("redis")
        return {operation: self.redis_calls.labels(operation) for operation in REDIS_OPERATIONS}

    def refused(self, limit: str) -> None:
        self.refusals.labels(limit).inc()


class RequestMetrics:
    """Requests by endpoint, method and status, with their latency (the names and labels
    prometheus-flask-exporter gives them)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.duration = Histogram(
            "partnership_http_request_duration_seconds",
            "Flask HTTP request duration in seconds",
            ("method", "endpoint", "status"),
            registry=registry,
        )
        self.total = Counter(
            "partnership_http_request_total",
            "Total number of HTTP requests",
            ("method", "status"),
            registry=registry,
        )
        self.exceptions = Counter(
            "partnership_http_request_exceptions_total",
            "Total number of HTTP requests which resulted in an exception",
            ("method", "status"),
            registry=registry,
        )

    def observe(self, method: str, endpoint: str, status: int, seconds: float) -> None:
        self.duration.labels(method, endpoint, str(status)).observe(seconds)
        self.total.labels(method, str(status)).inc()


def method_label() -> str:
    return request.method if request.method in METHODS else OTHER_METHOD


class WorkerFiles:
    """Every worker's values, from its files in PROMETHEUS_MULTIPROC_DIR, added up as
    MultiProcessCollector adds them, but for files of no bytes. A starting worker creates each
    file before sizing it; MultiProcessCollector fails the whole scrape on a file caught in that
    moment, and every scrape after if the worker dies then (prometheus/client_python#1199). An
    empty file holds no values yet: nothing is lost by leaving it out."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def collect(self) -> Iterable[Metric]:
        files = []
        with os.scandir(self.folder) as entries:
            for entry in entries:
                try:
                    if entry.name.endswith(".db") and entry.stat().st_size > 0:
                        files.append(entry.path)
                except FileNotFoundError:
                    continue  # a dead worker's live gauges, removed since the listing
        merged: Iterable[Metric] = MultiProcessCollector.merge(files)  # type: ignore[no-untyped-call]
        return merged


@blp.get("/metrics")
def metrics() -> Response:
    """This process's registry, or every worker's files under gunicorn."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        registry = CollectorRegistry()
        registry.register(WorkerFiles(folder))
    else:
        registry = current_app.extensions["partnership_api"].metrics.registry
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def init_app(app: Flask, metrics: StoreMetrics) -> None:
    requests = RequestMetrics(metrics.registry)
    app.register_blueprint(blp)

    @app.after_request
    def count_request(response: Response) -> Response:
        if request.blueprint in UNCOUNTED:
            return response
        method, endpoint = method_label(), request.endpoint or UNMATCHED
        started = g.get("started", time.perf_counter())

        def record(status: int) -> None:
            requests.observe(method, endpoint, status, time.perf_counter() - started)

        when_sent(response, record)
        return response

    @app.teardown_request
    def count_exception(error: BaseException | None = None) -> None:
        if error is not None:
            requests.exceptions.labels(method_label(), "500").inc()
