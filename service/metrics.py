"""Prometheus metrics at /metrics: requests by endpoint and status, latency histograms, cache
hits and misses per layer, store errors and the dataset version served. Under gunicorn with
PROMETHEUS_MULTIPROC_DIR set, every worker's counts are summed into one answer."""

import os
import time

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
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


class StoreMetrics:
    """What the stores report. Each app has its own registry, so apps made side by side (in
    tests, say) never clash; in multiprocess mode values go to the shared files regardless."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.lookups = Counter(
            "partnership_cache_lookups_total",
            "Lookups per cache layer (page: list pages; l1, redis, fallback, memory: items) "
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
        self._serving: str | None = None

    def looked_up(self, layer: str, hits: int, misses: int) -> None:
        if hits:
            self.lookups.labels(layer, "hit").inc(hits)
        if misses:
            self.lookups.labels(layer, "miss").inc(misses)

    def failed(self, store: str) -> None:
        self.errors.labels(store).inc()

    def serving(self, version: str) -> None:
        if self._serving is not None and self._serving != version:
            self.dataset.labels(self._serving).set(0)
        self.dataset.labels(version).set(1)
        self._serving = version


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


@blp.get("/metrics")
def metrics() -> Response:
    """This process's registry, or every worker's files under gunicorn."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
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
