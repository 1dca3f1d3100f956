"""Per-client rate limits by Flask-Limiter: one application-wide limit per client address,
counted in Redis when it is configured (so replicas count together), else in each process.

Every answer the app makes is counted and carries `RateLimit-Limit`, `RateLimit-Remaining` and
`RateLimit-Reset`, 4xx included (unknown paths, 405, 406, 414): the limiter's hook runs before
the hooks that refuse a request. The probes, /metrics and the docs pages are exempt.
"""

import logging
import math
import time

from flask import Blueprint, Flask, Response, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address
from limits.errors import StorageError
from redis.exceptions import RedisClusterException, RedisError

from service.config import Config

log = logging.getLogger(__name__)


def storage_uri(config: Config) -> str:
    if config.redis_url is None:
        return "memory://"
    if config.redis_cluster:
        return config.redis_url.replace("redis://", "redis+cluster://", 1)
    return config.redis_url


def create_limiter(app: Flask, config: Config) -> Limiter:
    """The app's limiter, its hooks registered.

    A Redis that fails mid-way is replaced by counts in the process until it answers again
    (Flask-Limiter's in-memory fallback); storage errors are raised as limits' StorageError,
    so one except clause covers Redis and Redis Cluster alike."""
    storage: dict[str, str | int | float | bool] = {}
    if config.redis_url is not None:
        storage = {
            "socket_timeout": config.redis_timeout,
            "socket_connect_timeout": config.redis_timeout,
            "wrap_exceptions": True,
            # Under the service's own prefix, like every other key it writes.
            "key_prefix": f"{config.redis_prefix}:ratelimit",
        }
    try:
        limiter = _limiter(config, storage_uri(config), storage)
        limiter.init_app(app)
    except (StorageError, RedisError, RedisClusterException) as error:
        # A Cluster client must reach the cluster to be made at all (limits does not wrap that
        # error). A replica that starts during an outage still starts, counting in the process
        # until it is restarted.
        cause = error.storage_error if isinstance(error, StorageError) else error
        log.warning("rate-limit counters kept in memory: %s", type(cause).__name__)
        limiter = _limiter(config, "memory://", {})
        limiter.init_app(app)
    return limiter


def _limiter(config: Config, uri: str, storage: dict[str, str | int | float | bool]) -> Limiter:
    return Limiter(
        get_remote_address,  # the peer, or what ProxyFix took from trusted proxies
        application_limits=[config.rate_limit],
        storage_uri=uri,
        storage_options=storage,  # type: ignore[arg-type]  # its annotation omits floats
        strategy="fixed-window",
        # Requests no route matches are counted too: Flask-Limiter skips an empty identity.
        request_identifier=lambda: request.endpoint or "unmatched",
        in_memory_fallback_enabled=True,
        # The RateLimit-* fields are written by `rate_limit_fields`, in seconds (see there).
        headers_enabled=False,
    )


def exempt(limiter: Limiter, *blueprints: Blueprint) -> None:
    """Orchestrators probe these and the docs page loads many assets: none count."""
    for blueprint in blueprints:
        limiter.exempt(blueprint)


def init_app(app: Flask, config: Config) -> Limiter:
    """Count every request from here on; call it before the hooks that refuse requests."""
    limiter = create_limiter(app, config)

    @app.after_request
    def rate_limit_headers(response: Response) -> Response:
        current = limiter.current_limit
        if current is not None:
            try:
                response.headers.update(rate_limit_fields(current, time.time()))
            except StorageError:
                # Redis went away between the count and this read: the answer goes out
                # without the fields; the next request counts in the process.
                log.warning("rate-limit fields left out: the counter store did not answer")
        return response

    return limiter


def rate_limit_fields(current: RequestLimit, now: float) -> dict[str, str]:
    """The fields of draft-ietf-httpapi-ratelimit-headers, with the reset in seconds from now.
    (Flask-Limiter's own header mapping writes the reset as a time since the epoch, as
    GitHub's X-RateLimit-Reset does; the draft and this API's contract count seconds.)"""
    reset = max(0, math.ceil(current.window.reset_time - now))
    fields = {
        "RateLimit-Limit": str(current.limit.amount),
        "RateLimit-Remaining": str(current.remaining),
        "RateLimit-Reset": str(reset),
    }
    if current.breached:
        fields["Retry-After"] = str(max(1, reset))
    return fields
