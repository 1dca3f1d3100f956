"""What the app holds for its requests: settings, the dataset store, precomputed headers."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask import current_app

from service.config import Config
from service.metrics import StoreMetrics
from service.pages import PageCache
from service.store import DatasetStore


@dataclass
class ServiceState:
    config: Config
    store: DatasetStore
    cache_control: str
    # Per API version: the OpenAPI document as served, with its ETag, by format.
    specs: dict[str, Mapping[str, tuple[bytes, str]]] = field(default_factory=dict)
    # Path prefixes of the registered API versions ("/v1/", ...).
    api_prefixes: tuple[str, ...] = ()
    pages: PageCache = field(default_factory=PageCache)
    metrics: StoreMetrics = field(default_factory=StoreMetrics)


def service_state() -> ServiceState:
    state: ServiceState = current_app.extensions["partnership_api"]
    return state
