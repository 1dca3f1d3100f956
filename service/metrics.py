"""Prometheus metrics at /metrics: requests by endpoint and status, latency histograms, cache
hits and misses per layer, store errors and the dataset version served. Under gunicorn with
PROMETHEUS_MULTIPROC_DIR set, every worker's counts are summed into one answer."""

import os

from flask import Flask
from prometheus_client import CollectorRegistry, Counter, Gauge
from prometheus_flask_exporter import PrometheusMetrics
from prometheus_flask_exporter.multiprocess import GunicornInternalPrometheusMetrics


class StoreMetrics:
    """What the stores report. Each app has its own registry, so apps made side by side (in
    tests, say) never clash; in multiprocess mode values go to the shared files regardless."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.lookups = Counter(
            "partnership_cache_lookups_total",
            "Item lookups per cache layer (l1, redis, fallback, memory) and result (hit, miss).",
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


def init_app(app: Flask, metrics: StoreMetrics) -> None:
    options = {
        "group_by": "endpoint",  # by route, not by path: ids would explode the label set
        "excluded_paths": ["^/metrics$", "^/docs", "^/livez$", "^/readyz$"],  # probes, assets
        "defaults_prefix": "partnership",
    }
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        GunicornInternalPrometheusMetrics(app, **options)
    else:
        PrometheusMetrics(app, registry=metrics.registry, **options)
