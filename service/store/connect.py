"""Choosing and connecting the store the configuration asks for."""

from typing import Any

from service.config import Config
from service.dataset import load_dataset
from service.dataset.bundled import load_seeds
from service.metrics import StoreMetrics
from service.store.base import DatasetStore
from service.store.embedded import EmbeddedStore


def redis_client(config: Config) -> Any:
    """A client that fails fast: one immediate retry (for a connection dropped by a restart),
    never a backoff that would hold a request while Redis is down."""
    # Imported here: the client library is a large import that the embedded store never uses.
    from redis import Redis
    from redis.backoff import NoBackoff
    from redis.cluster import RedisCluster
    from redis.retry import Retry

    assert config.redis_url is not None
    options: dict[str, Any] = {
        "socket_timeout": config.redis_timeout,
        "socket_connect_timeout": config.redis_timeout,
        "retry": Retry(NoBackoff(), 1),
    }
    if config.redis_cluster:
        return RedisCluster.from_url(config.redis_url, **options)
    return Redis.from_url(config.redis_url, health_check_interval=30, **options)


def create_store(config: Config, metrics: StoreMetrics | None = None) -> DatasetStore:
    metrics = metrics or StoreMetrics()
    if config.redis_url is None:
        store = EmbeddedStore(metrics, config.retained_versions)
        store.publish(load_seeds(config.seeds_dir))
        return store
    # The Redis store's modules import the client library too.
    from service.store.keys import Keys
    from service.store.redis_store import RedisStore
    from service.store.served import ServedVersion

    redis_store = RedisStore(
        lambda: redis_client(config),
        Keys(config.redis_prefix),
        fallback=lambda: load_dataset(config.seeds_dir),
        publish_if_empty=config.publish_seeds_if_empty,
        l1_bytes=config.l1_cache_mb * 1024 * 1024,
        poll_interval=config.poll_interval,
        retain=config.retained_versions,
        pinned=config.pinned_versions,
        lock_ttl=config.publish_lock_ttl,
        metrics=metrics,
        served=ServedVersion(config.instance_dir),
    )
    redis_store.start()
    return redis_store
