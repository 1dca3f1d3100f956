"""Helpers for the Redis integration tests: targets (standalone or cluster), apps, datasets."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson
from flask import Flask

from service import create_app
from service.config import Config
from service.dataset import Dataset, load_dataset
from service.store.connect import redis_client
from service.store.keys import Keys
from service.store.redis_store import RedisStore
from tests.support.seed_files import rewrite_seed


@dataclass
class Target:
    """One Redis deployment under test, with a key prefix of the test's own."""

    url: str
    cluster: bool
    prefix: str
    apps: list[Flask] = field(default_factory=list)
    clients: list[Any] = field(default_factory=list)

    def config(self, **overrides: Any) -> Config:
        settings: dict[str, Any] = {
            # Flask's testing mode: an error that escapes the error handlers fails the test.
            "testing": True,
            "redis_url": self.url,
            "redis_cluster": self.cluster,
            # A prefix of the test's own: the shared Redis may hold other runs' keys.
            "redis_prefix": self.prefix,
            # A poll every 0.2 s: a missed notice or an emptied Redis is seen within short waits.
            "poll_interval": 0.2,
            # Out of reach: only the tests of rate limits set a limit they run into.
            "rate_limit": "1000000 per minute",
            # An empty prefix gets the bundled seeds, as in development.
            "publish_seeds_if_empty": True,
        }
        return Config(**(settings | overrides))

    def app(self, **overrides: Any) -> Flask:
        application = create_app(self.config(**overrides))
        self.apps.append(application)
        return application

    def client(self) -> Any:
        """A client of the test's own, closed with the target."""
        client = redis_client(self.config())
        self.clients.append(client)
        return client

    def keys_matching(self, pattern: str) -> list[bytes]:
        """Keys on every node: a Cluster client's KEYS asks only one."""
        client = self.client()
        if not self.cluster:
            found: list[bytes] = client.keys(pattern)
            return found
        nodes = client.get_primaries()
        return [key for node in nodes for key in node.redis_connection.keys(pattern)]

    @property
    def keys(self) -> Keys:
        return Keys(self.prefix)

    def close(self) -> None:
        for application in self.apps:
            store_of(application).close()
        for client in self.clients:
            client.close()


def store_of(app: Flask) -> RedisStore:
    store = app.extensions["partnership_api"].store
    assert isinstance(store, RedisStore)
    return store


def served_version(app: Flask) -> str:
    version: str = orjson.loads(app.test_client().get("/v1/dataset").data)["version"]
    return version


def variant(seeds: Path, change: Callable[[dict[str, Any]], None]) -> Dataset:
    """The seeds at `seeds`, changed in place by `change`, loaded as a dataset."""
    rewrite_seed(seeds, change)
    return load_dataset(seeds)


def with_alias(seeds: Path, alias: str) -> Dataset:
    """A dataset that differs from the bundled one by one alias of Honda."""

    def change(data: dict[str, Any]) -> None:
        data["organizations"][0]["aliases"] = [alias]

    return variant(seeds, change)


def stamped(dataset: Dataset, seconds: int) -> Dataset:
    return replace(dataset, loaded_at=dataset.loaded_at + dt.timedelta(seconds=seconds))
