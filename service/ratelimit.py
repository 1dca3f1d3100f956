"""Per-client rate limits by Flask-Limiter: one application-wide limit per client address,
counted in Redis (RATE_LIMIT_STORAGE=redis, the default with REDIS_URL: replicas count
together) or in each process (`local`: no round trip, as a gateway's local limit counts).

Every answer the app makes is counted and carries `RateLimit-Limit`, `RateLimit-Remaining` and
`RateLimit-Reset`, 4xx included (unknown paths, 405, 406, 414): the limiter's hook runs before
the hooks that refuse a request. The probes, /metrics and the docs pages are exempt.
"""

import logging
import math
import time
from typing import Any

from flask import Blueprint, Flask, Response, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address
from limits.errors import StorageError
from redis.backoff import NoBackoff
from redis.exceptions import RedisClusterException, RedisError
from redis.retry import Retry

from service.config import Config
from service.state import service_state

log = logging.getLogger(__name__)
# Seconds a count on a Redis Cluster may take before it fails (see create_limiter).
CLUSTER_COUNT_TIMEOUT = 0.25


def storage_uri(config: Config) -> str:
    if config.redis_url is None or not config.rate_limits_in_redis:
        return "memory://"
    if config.redis_cluster:
        return config.redis_url.replace("redis://", "redis+cluster://", 1)
    return config.redis_url


def create_limiter(app: Flask, config: Config) -> Limiter:
    """The app's limiter, its hooks registered.

    A Redis that fails mid-way is replaced by counts in the process until it answers again
    (Flask-Limiter's in-memory fallback); storage errors are raised as limits' StorageError,
    so one except clause covers Redis and Redis Cluster alike."""
    storage: dict[str, Any] = {}
    if config.rate_limits_in_redis:
        # Each request costs three round trips a limit here: the count (one script), then the
        # window's count and its TTL when the RateLimit fields are read (limits has no
        # public call that returns them with the count). `local` costs none.
        storage = {
            "socket_timeout": config.redis_timeout,
            "socket_connect_timeout": config.redis_timeout,
            "wrap_exceptions": True,
            # Under the service's own prefix, like every other key it writes.
            "key_prefix": f"{config.redis_prefix}:ratelimit",
        }
    if config.redis_cluster and config.rate_limits_in_redis:
        # Flask-Limiter probes a storage that failed once a second has passed, and counts the
        # request there at once when the probe answers. On a Cluster the probe (PING) can
        # answer while the node holding a counter is down; a count that then takes longer
        # than that second to fail is probed and tried again, over and over, and the request
        # never answers. So a count gives up well within the second, with no retry: past
        # that, the process counts in memory, as it does whenever Redis is away.
        bound = min(config.redis_timeout, CLUSTER_COUNT_TIMEOUT)
        storage |= {"socket_timeout": bound, "socket_connect_timeout": bound}
        storage["retry"] = Retry(NoBackoff(), 0)
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


def _limiter(config: Config, uri: str, storage: dict[str, Any]) -> Limiter:
    return Limiter(
        get_remote_address,  # the peer, or what ProxyFix took from trusted proxies
        application_limits=[config.rate_limit],
        storage_uri=uri,
        storage_options=storage,
        strategy="fixed-window",
        # Requests no route matches are counted too: Flask-Limiter skips an empty identity.
        request_identifier=lambda: request.endpoint or "unmatched",
        in_memory_fallback_enabled=True,
        on_breach=count_refusal,
        # The RateLimit-* fields are written by `rate_limit_fields`, in seconds (see there).
        headers_enabled=False,
    )


def count_refusal(breached: RequestLimit) -> None:
    """A refused request, counted for /metrics under the limit it met (once: the limiter stops
    at the first limit a request breaches); the 429 itself is the error handler's."""
    service_state().metrics.refused(str(breached.limit))


def exempt(limiter: Limiter, *blueprints: Blueprint) -> None:
    """Orchestrators probe these and the docs page loads many assets: none count."""
    for blueprint in blueprints:
        limiter.exempt(blueprint)


def init_app(app: Flask, config: Config) -> Limiter:
    """Count every request from here on; call it before the hooks that refuse requests."""
    limiter = create_limiter(app, config)

    @app.after_request
    def rate_limit_headers(response: Response) -> Response:
        limits = limiter.current_limits
        if limits:
            try:
                refused = any(limit.breached for limit in limits)
                response.headers.update(rate_limit_fields(nearest_refusal(limits), refused))
            except StorageError:
                # Redis went away between the count and this read: the answer goes out
                # without the fields; the next request counts in the process.
                log.warning("rate-limit fields left out: the counter store did not answer")
        return response

    return limiter


def nearest_refusal(limits: list[RequestLimit]) -> RequestLimit:
    """Of several limits (`RATE_LIMIT="3/second;5/minute"`), the one the client meets first:
    the fewest requests remaining, and of those the one that resets last (a client that waits
    only for an earlier reset is still refused by the later one). The draft has the fields
    describe the policy closest to exhaustion; Flask-Limiter's `current_limit` is the shortest
    window until one is breached, which can promise requests that a longer window will refuse."""
    return min(limits, key=lambda limit: (limit.remaining, -limit.window.reset_time))


def rate_limit_fields(current: RequestLimit, refused: bool) -> dict[str, str]:
    """The fields of draft-ietf-httpapi-ratelimit-headers, with the reset in seconds from now.
    (Flask-Limiter's own header mapping writes the reset as a time since the epoch, as
    GitHub's X-RateLimit-Reset does; the draft and this API's contract count seconds.)"""
    reset_time = current.window.reset_time
    # Read after the window: Redis gives the time left in whole seconds (its TTL, rounded) and
    # limits adds it to the time of that read, so a clock read earlier made 61 of a minute.
    # Whatever a store's rounding, the reset is within the window, and at least a second.
    window = current.limit.get_expiry()
    reset = min(window, max(1, math.ceil(reset_time - time.time())))
    fields = {
        "RateLimit-Limit": str(current.limit.amount),
        "RateLimit-Remaining": str(current.remaining),
        "RateLimit-Reset": str(reset),
    }
    if refused:
        fields["Retry-After"] = str(reset)
    return fields
