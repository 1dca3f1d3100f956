"""Per-client rate limits: RateLimit-* headers on every answer, 429 problem+json past the limit.
Counters live in Redis when it is configured, so every replica counts together."""

import logging
import math
import time
from contextlib import suppress
from typing import Any

from flask import Flask, Response, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address

from service.config import Config
from service.store.keys import REDIS_ERRORS

log = logging.getLogger(__name__)

# Orchestrators probe these; the docs page loads many assets. None count against a client.
EXEMPT_PREFIXES = ("/livez", "/readyz", "/metrics", "/docs")


def storage_uri(config: Config) -> str:
    if config.redis_url is None:
        return "memory://"
    if config.redis_cluster:
        return config.redis_url.replace("redis://", "redis+cluster://", 1)
    return config.redis_url


def init_app(app: Flask, config: Config) -> Limiter:
    try:
        return _limiter(app, config, storage_uri(config))
    except REDIS_ERRORS as error:
        # A Cluster client must reach the cluster to be made; a replica starting during an
        # outage still starts, counting per process until it is restarted.
        log.warning("rate-limit counters kept in memory: %s", type(error).__name__)
        return _limiter(app, config, "memory://")


def _limiter(app: Flask, config: Config, storage: str) -> Limiter:
    storage_options: dict[str, Any] = {}
    if storage.startswith("redis"):
        # Under the service's own prefix, like every other key it writes.
        storage_options = {
            "socket_timeout": config.redis_timeout,
            "key_prefix": f"{config.redis_prefix}:ratelimit",
        }
    limiter = Limiter(
        get_remote_address,  # the peer, or what ProxyFix took from trusted proxies only
        app=app,
        application_limits=[config.rate_limit],
        application_limits_exempt_when=lambda: request.path.startswith(EXEMPT_PREFIXES),
        storage_uri=storage,
        storage_options=storage_options,
        strategy="fixed-window",
        # Redis away must not turn into an outage: count in memory until it is back.
        swallow_errors=True,
        in_memory_fallback_enabled=True,
        headers_enabled=False,  # written below, with RateLimit-Reset as seconds to wait
    )

    @app.after_request
    def rate_limit_headers(response: Response) -> Response:
        current = limiter.current_limit
        if current is not None:
            # The window is read from the counters' store: Redis going away between the hit
            # and this read must cost the headers of this one answer, not the answer.
            with suppress(*REDIS_ERRORS):
                response.headers.update(rate_limit_fields(current))
        return response

    return limiter


def rate_limit_fields(current: RequestLimit) -> dict[str, str]:
    reset = max(0, math.ceil(current.window[0] - time.time()))
    fields = {
        "RateLimit-Limit": str(current.limit.amount),
        "RateLimit-Remaining": str(max(0, current.remaining)),
        "RateLimit-Reset": str(reset),
    }
    if current.breached:
        fields["Retry-After"] = str(max(1, reset))
    return fields
