"""Per-client rate limits: RateLimit-* headers on every answer, 429 problem+json past the limit.
Counters live in Redis when it is configured, so every replica counts together.

Fixed windows that start at a client's first request, as the `limits` library counts them,
with its Redis storage (URL schemes, Cluster, key prefix), imported only when Redis is
configured; rates are read by service.rates. In a process, a dict counts them
without expiry threads. With Redis, a client far from its limit is counted in the process and
its counts are sent in one call every SEND_EVERY seconds; from half its limit on, each request
is counted in Redis as it comes, in one round trip that also reads when the window ends. So a
client can exceed its limit only by what other replicas counted for it in their last
SEND_EVERY seconds and had not sent yet, while it was under half the limit there.
"""

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, g, request
from werkzeug.exceptions import TooManyRequests

from service.config import Config
from service.logs import INTERNAL
from service.rates import Rate, parse_rates

if TYPE_CHECKING:
    from limits.storage import RedisStorage

log = logging.getLogger(__name__)

# Orchestrators probe these; the docs page loads many assets. None count against a client.
EXEMPT_PREFIXES = ("/livez", "/readyz", "/metrics", "/docs")
# After Redis fails, counts stay in this process for this long before Redis is tried again, so
# an outage costs no request a timeout.
RETRY_REDIS_AFTER = 1.0
# Counts kept in a process are sent to Redis this often (seconds), by the request that finds
# them due.
SEND_EVERY = 0.1
# The environ key under which a request already counted carries its Count.
COUNTED = "service.rate_limit"
# Add counts, and read when the count's window ends (ms from now), in one call.
INCR_AND_TTL = """
local used = redis.call('incrby', KEYS[1], ARGV[2])
if used == tonumber(ARGV[2]) then redis.call('pexpire', KEYS[1], ARGV[1]) end
return {used, redis.call('pttl', KEYS[1])}
"""


@dataclass(frozen=True)
class Count:
    """One limit's state for this request's client, in the window the request fell in."""

    limit: Rate
    used: int
    resets_at: float

    @property
    def breached(self) -> bool:
        return self.used > self.limit.amount

    @property
    def remaining(self) -> int:
        return max(0, self.limit.amount - self.used)


class LocalCounter:
    """In-process counts: key -> (used, window end). Ended windows are swept now and then."""

    def __init__(self) -> None:
        self._counts: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()
        self._sweep_at = 0.0

    def incr(self, key: str, expiry: int, now: float) -> tuple[int, float]:
        with self._lock:
            if now >= self._sweep_at:
                self._counts = {k: c for k, c in self._counts.items() if c[1] > now}
                self._sweep_at = now + 60
            used, ends = self._counts.get(key, (0, 0.0))
            if ends <= now:
                used, ends = 0, now + expiry
            self._counts[key] = (used + 1, ends)
            return used + 1, ends


@dataclass
class Held:
    """One client's count under one limit, as this process knows it."""

    shared: int  # Redis's count at the last exchange
    pending: int  # counted here since, not sent yet
    ends: float
    expiry: int


class SharedCounter:
    """Counts in Redis through the `limits` storage the URL names."""

    def __init__(self, storage: "RedisStorage", errors: tuple[type[Exception], ...]) -> None:
        self.errors = errors  # what a failing Redis raises
        self._key = storage.prefixed_key
        self._script = storage.get_connection().register_script(INCR_AND_TTL.encode())
        self._held: dict[str, Held] = {}
        # Held while talking to Redis too: the client sends one command at a time anyway.
        self._lock = threading.Lock()
        self._send_at = 0.0

    def incr(self, key: str, expiry: int, amount: int, now: float) -> tuple[int, float]:
        with self._lock:
            if now >= self._send_at:
                self._send_pending(now)
            held = self._held.get(key)
            if held is not None and held.ends > now:
                if (held.shared + held.pending + 1) * 2 < amount:
                    held.pending += 1
                    return held.shared + held.pending, held.ends
                adding = held.pending + 1
            else:
                adding = 1
            used, ends = self._add(key, expiry, adding, now)
            self._held[key] = Held(used, 0, ends, expiry)
            return used, ends

    def _add(self, key: str, expiry: int, count: int, now: float) -> tuple[int, float]:
        used, ttl_ms = self._script(keys=[self._key(key)], args=[expiry * 1000, count])
        return int(used), now + max(int(ttl_ms), 0) / 1000

    def _send_pending(self, now: float) -> None:
        # Counts of windows that ended are dropped: they must not open the next window.
        self._held = {key: held for key, held in self._held.items() if held.ends > now}
        for key, held in self._held.items():
            if held.pending:
                held.shared, held.ends = self._add(key, held.expiry, held.pending, now)
                held.pending = 0
        self._send_at = now + SEND_EVERY


class RateLimiter:
    def __init__(self, limits: list[Rate], shared: SharedCounter | None) -> None:
        self.limits = limits
        self.shared = shared
        self.local = LocalCounter()
        self._redis_retry_at = 0.0

    def count(self, client: str, now: float) -> list[Count]:
        counts = []
        for limit in self.limits:
            used, ends = self._incr(limit.key_for(client), limit.window_seconds, limit.amount, now)
            counts.append(Count(limit, used, ends))
        return counts

    def hit(self, client: str, now: float) -> Count:
        """Count one request; what its headers speak of: the limit it breached, else the one
        nearest to refusing."""
        counts = self.count(client, now)
        breached = [c for c in counts if c.breached]
        return breached[0] if breached else min(counts, key=lambda c: c.remaining)

    def _incr(self, key: str, expiry: int, amount: int, now: float) -> tuple[int, float]:
        if self.shared is not None and now >= self._redis_retry_at:
            try:
                used = self.shared.incr(key, expiry, amount, now)
                if self._redis_retry_at:
                    self._redis_retry_at = 0.0
                    log.warning("rate-limit counters back in redis")
                return used
            except self.shared.errors as error:
                # Redis away must not turn into an outage: count in this process meanwhile.
                if not self._redis_retry_at:
                    log.warning("rate-limit counters kept in memory: %s", type(error).__name__)
                self._redis_retry_at = now + RETRY_REDIS_AFTER
        return self.local.incr(key, expiry, now)


def storage_uri(config: Config) -> str | None:
    if config.redis_url is None:
        return None
    if config.redis_cluster:
        return config.redis_url.replace("redis://", "redis+cluster://", 1)
    return config.redis_url


def shared_counter(config: Config) -> SharedCounter | None:
    uri = storage_uri(config)
    if uri is None:
        return None
    # Here, not at the top: without REDIS_URL neither limits nor the Redis client is imported.
    from limits.storage import RedisStorage, storage_from_string

    from service.store.keys import REDIS_ERRORS

    options: dict[str, Any] = {
        "socket_timeout": config.redis_timeout,
        # Under the service's own prefix, like every other key it writes.
        "key_prefix": f"{config.redis_prefix}:ratelimit",
    }
    if not config.redis_cluster:
        # One connection kept (behind the client's own lock): a pooled client checks each
        # connection it lends for unread data, a socket peek that cost as much as the count.
        options["single_connection_client"] = True
    try:
        storage = storage_from_string(uri, **options)
        assert isinstance(storage, RedisStorage)  # redis:// and redis+cluster:// both are
        return SharedCounter(storage, REDIS_ERRORS)
    except REDIS_ERRORS as error:
        # A Cluster client must reach the cluster to be made; a replica starting during an
        # outage still starts, counting per process until it is restarted.
        log.warning("rate-limit counters kept in memory: %s", type(error).__name__)
        return None


def init_app(app: Flask, config: Config, clock: Callable[[], float] = time.time) -> RateLimiter:
    limiter = RateLimiter(parse_rates(config.rate_limit), shared_counter(config))

    @app.before_request
    def check_rate_limit() -> None:
        if request.path.startswith(EXEMPT_PREFIXES) or request.environ.get(INTERNAL):
            return
        # Counted already when a replayed answer was refused (service.replay), else here.
        current = request.environ.get(COUNTED) or limiter.hit(client_of(request.environ), clock())
        g.rate_limit = current
        if current.breached:
            raise TooManyRequests(str(current.limit))

    @app.after_request
    def rate_limit_headers(response: Response) -> Response:
        current = g.get("rate_limit")
        if current is not None:
            response.headers.update(rate_limit_fields(current, clock()))
        return response

    return limiter


def client_of(environ: dict[str, Any]) -> str:
    # The peer, or what ProxyFix took from trusted proxies only.
    return environ.get("REMOTE_ADDR") or "127.0.0.1"


def rate_limit_fields(current: Count, now: float) -> dict[str, str]:
    reset = max(0, math.ceil(current.resets_at - now))
    fields = {
        "RateLimit-Limit": str(current.limit.amount),
        "RateLimit-Remaining": str(current.remaining),
        "RateLimit-Reset": str(reset),
    }
    if current.breached:
        fields["Retry-After"] = str(max(1, reset))
    return fields
