"""Prometheus metrics at /metrics: requests by endpoint and status, latency histograms, cache
hits and misses per layer, store errors and the dataset version served. Under gunicorn with
PROMETHEUS_MULTIPROC_DIR set, every worker's counts are summed into one answer."""

import os
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from service.logs import INTERNAL

# Probes, the metrics themselves and the docs assets are not counted.
UNCOUNTED = ("/metrics", "/livez", "/readyz")


class StoreMetrics:
    """What the stores report. Each app has its own registry, so apps made side by side (in
    tests, say) never clash; in multiprocess mode values go to the shared files regardless."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.lookups = Counter(
            "partnership_cache_lookups_total",
            "Lookups per cache layer (answer: replayed answers; page: list pages; l1, redis, "
            "fallback, memory: items) "
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
    """Requests by endpoint, method and status, with their latency: the names and labels
    prometheus-flask-exporter gave them, recorded in one after_request hook."""

    def __init__(self, registry: CollectorRegistry) -> None:
        labels = ("method", "status")
        self.duration = Histogram(
            "partnership_http_request_duration_seconds",
            "Flask HTTP request duration in seconds",
            ("method", "endpoint", "status"),
            registry=registry,
        )
        self.total = Counter(
            "partnership_http_request_total",
            "Total number of HTTP requests",
            labels,
            registry=registry,
        )
        self.exceptions = Counter(
            "partnership_http_request_exceptions_total",
            "Total number of HTTP requests which resulted in an exception",
            labels,
            registry=registry,
        )
        # Label lookups take a lock and build a key each time; each combination is looked up
        # once (routes x methods x statuses stay a small set).
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def observe(self, method: str, endpoint: str, status: int, seconds: float) -> None:
        key = (method, endpoint, status)
        children = self._children.get(key)
        if children is None:
            children = (
                self.duration.labels(method, endpoint, str(status)),
                self.total.labels(method, str(status)),
            )
            self._children[key] = children
        children[0].observe(seconds)
        children[1].inc()


def exposition(registry: CollectorRegistry) -> Callable[[], Response]:
    """The /metrics view: this process's registry, or every worker's files under gunicorn."""

    def metrics() -> Response:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            pooled = CollectorRegistry()
            MultiProcessCollector(pooled)  # type: ignore[no-untyped-call]
            return Response(generate_latest(pooled), content_type=CONTENT_TYPE_LATEST)
        return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)

    return metrics


def init_app(app: Flask, metrics: StoreMetrics) -> RequestMetrics:
    requests = RequestMetrics(metrics.registry)
    app.add_url_rule(
        "/metrics", endpoint="prometheus_metrics", view_func=exposition(metrics.registry)
    )

    @app.after_request
    def count_request(response: Response) -> Response:
        path = request.path
        if path in UNCOUNTED or path.startswith("/docs") or request.environ.get(INTERNAL):
            return response
        started = g.get("started")
        seconds = time.perf_counter() - started if started is not None else 0.0
        # By route, not by path: ids would explode the label set.
        requests.observe(request.method, str(request.endpoint), response.status_code, seconds)
        return response

    @app.teardown_request
    def count_exception(error: BaseException | None = None) -> None:
        if error is not None:
            requests.exceptions.labels(request.method, "500").inc()

    return requests
