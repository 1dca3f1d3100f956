"""Settings of the service and of its gunicorn server, read from environment variables and
validated at start-up: a bad value stops the process with a message naming its variable."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, unquote, urlsplit

from limits import parse_many

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
BUNDLED_SEEDS = Path(__file__).resolve().parent.parent / "seeds"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
RATE_LIMIT_STORAGES = ("redis", "local")


class ConfigError(ValueError):
    """A setting has a bad value; the message names the environment variable."""

    def __init__(self, variable: str, problem: str) -> None:
        self.variable = variable
        super().__init__(f"{variable}: {problem}")


@dataclass(frozen=True)
class Config:
    """Every setting, with its environment variable in `ENV` and its default here."""

    seeds_dir: Path = BUNDLED_SEEDS
    cache_max_age: int = 60
    stale_while_revalidate: int = 300
    default_page_size: int = 20
    log_level: str = "INFO"
    # Kept out of repr: the URL may carry a password.
    redis_url: str | None = field(default=None, repr=False)
    redis_cluster: bool = False
    redis_prefix: str = "partnership-api"
    redis_timeout: float = 0.5
    # Off: a replica never publishes over what an operator published (a Redis that lost its
    # data reports not-ready until someone publishes). Development set-ups turn it on.
    publish_seeds_if_empty: bool = False
    l1_cache_mb: int = 64
    poll_interval: float = 1.0
    retained_versions: int = 3
    # Older versions a replica holds in memory for requests that name them, each costing what
    # the current version does.
    pinned_versions: int = 2
    publish_lock_ttl: float = 10.0
    rate_limit: str = "1200 per minute"
    # Where requests are counted: `redis` (every replica together, three round trips a
    # request) or `local` (each worker on its own, as a gateway's local limit counts). Unset:
    # `redis` when REDIS_URL is set, else `local`.
    rate_limit_storage: str | None = None
    trusted_proxies: int = 0
    cors_origins: str = ""
    max_url_length: int = 4096
    api_deprecations: str = ""
    # A folder the processes of one instance share (gunicorn's settings make one per instance):
    # workers record there the version they serve (service.store.served).
    instance_dir: Path | None = None
    testing: bool = False

    ENV: ClassVar[dict[str, str]] = {
        "seeds_dir": "SEEDS_DIR",
        "cache_max_age": "CACHE_MAX_AGE",
        "stale_while_revalidate": "STALE_WHILE_REVALIDATE",
        "default_page_size": "DEFAULT_PAGE_SIZE",
        "log_level": "LOG_LEVEL",
        "redis_url": "REDIS_URL",
        "redis_cluster": "REDIS_CLUSTER",
        "redis_prefix": "REDIS_PREFIX",
        "redis_timeout": "REDIS_TIMEOUT",
        "publish_seeds_if_empty": "PUBLISH_SEEDS_IF_EMPTY",
        "l1_cache_mb": "L1_CACHE_MB",
        "poll_interval": "POLL_INTERVAL",
        "retained_versions": "RETAINED_VERSIONS",
        "pinned_versions": "PINNED_VERSIONS",
        "publish_lock_ttl": "PUBLISH_LOCK_TTL",
        "rate_limit": "RATE_LIMIT",
        "rate_limit_storage": "RATE_LIMIT_STORAGE",
        "trusted_proxies": "TRUSTED_PROXIES",
        "cors_origins": "CORS_ORIGINS",
        "max_url_length": "MAX_URL_LENGTH",
        "api_deprecations": "API_DEPRECATIONS",
        "instance_dir": "INSTANCE_DIR",
    }

    def __post_init__(self) -> None:
        _within(self, "cache_max_age", 0)
        _within(self, "stale_while_revalidate", 0)
        _within(self, "default_page_size", 1, 100)
        levels = ", ".join(LOG_LEVELS)
        _check(self, self.log_level in LOG_LEVELS, "log_level", f"must be one of {levels}")
        _check(self, self.seeds_dir.is_dir(), "seeds_dir", "is not a folder")
        if self.instance_dir is not None:
            _check(self, self.instance_dir.is_dir(), "instance_dir", "is not a folder")
        if self.redis_url is not None:
            _check_redis_url(self.redis_url)
        if self.redis_cluster and self.redis_url is None:
            raise ConfigError("REDIS_CLUSTER", "'true' needs REDIS_URL, a node of the Cluster")
        _check(
            self,
            bool(re.fullmatch(r"[A-Za-z0-9_.:-]{1,64}", self.redis_prefix)),
            "redis_prefix",
            "must be 1 to 64 letters, digits or _.:-",
        )
        _check(self, 0 < self.redis_timeout <= 30, "redis_timeout", "must be above 0, at most 30")
        _within(self, "l1_cache_mb", 1, 4096)
        _within(self, "poll_interval", 0.05, 60)
        _within(self, "retained_versions", 2, 100)
        _within(self, "pinned_versions", 1, 100)
        _within(self, "publish_lock_ttl", 1, 600)
        _check_rate_limit(self.rate_limit)
        self._check_rate_limit_storage()
        _within(self, "trusted_proxies", 0, 10)
        for origin in self.cors_allowed:
            if not re.fullmatch(r"https?://[^/\s]+|\*", origin):
                message = f"{origin!r} is not an origin such as https://app.example"
                raise ConfigError("CORS_ORIGINS", message)
        _within(self, "max_url_length", 256, 65536)
        self.deprecations  # noqa: B018  (parsed here so a bad value stops start-up)

    @property
    def rate_limits_in_redis(self) -> bool:
        """Whether requests are counted in Redis, by every replica together."""
        if self.rate_limit_storage is None:
            return self.redis_url is not None
        return self.rate_limit_storage == "redis"

    def _check_rate_limit_storage(self) -> None:
        storage = self.rate_limit_storage
        if storage is None:
            return
        names = ", ".join(RATE_LIMIT_STORAGES)
        _check(
            self, storage in RATE_LIMIT_STORAGES, "rate_limit_storage", f"must be one of {names}"
        )
        if storage == "redis" and self.redis_url is None:
            raise ConfigError(
                "RATE_LIMIT_STORAGE",
                "'redis' needs REDIS_URL; without it each process counts its own (local)",
            )

    @property
    def cors_allowed(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    @property
    def deprecations(self) -> dict[str, tuple[dt.datetime, dt.datetime]]:
        """API version -> (deprecated from, sunset at), from `v1=2026-12-01/2027-06-01,...`."""
        found = {}
        for entry in filter(None, (e.strip() for e in self.api_deprecations.split(","))):
            match = re.fullmatch(r"(v\d+)=(\d{4}-\d\d-\d\d)/(\d{4}-\d\d-\d\d)", entry)
            if match is None:
                raise ConfigError("API_DEPRECATIONS", f"{entry!r} is not VERSION=DATE/DATE")
            try:
                since, sunset = (
                    dt.datetime.fromisoformat(d).replace(tzinfo=dt.UTC) for d in match.groups()[1:]
                )
            except ValueError:
                raise ConfigError("API_DEPRECATIONS", f"{entry!r} has an impossible date") from None
            if sunset < since:
                raise ConfigError(
                    "API_DEPRECATIONS", f"{entry!r}: the sunset precedes the deprecation"
                )
            found[match.group(1)] = (since, sunset)
        return found

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        env = os.environ if environ is None else environ
        if env.get("FLASK_DEBUG", "").strip().lower() in ("1", "true", "yes", "on"):
            # The debugger runs code sent to it; the service never serves with it on.
            raise ConfigError("FLASK_DEBUG", "debug mode cannot be switched on for the service")
        values = _read_env(cls, env)
        if "log_level" in values:
            values["log_level"] = values["log_level"].upper()
        if values.get("rate_limit_storage"):
            values["rate_limit_storage"] = values["rate_limit_storage"].lower()
        return cls(**values)


WORKER_CLASSES = ("sync", "gthread")


@dataclass(frozen=True)
class ServerSettings:
    """gunicorn's settings (gunicorn.conf.py reads them), read and refused as the service's
    are. Apart from Config because only the server binds: the command line never needs them."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    threads: int = 1
    # The service is measured and tested with these; gevent and eventlet would patch the
    # sockets and threads its Redis client and watcher rely on, and are not installed.
    worker_class: str = "sync"
    timeout: int = 30
    graceful_timeout: int = 30
    max_requests: int = 10000  # 0: workers are never recycled (gunicorn's meaning)
    max_requests_jitter: int = 1000

    ENV: ClassVar[dict[str, str]] = {
        "host": "HOST",
        "port": "PORT",
        "workers": "WEB_CONCURRENCY",
        "threads": "GUNICORN_THREADS",
        "worker_class": "GUNICORN_WORKER_CLASS",
        "timeout": "GUNICORN_TIMEOUT",
        "graceful_timeout": "GUNICORN_GRACEFUL_TIMEOUT",
        "max_requests": "GUNICORN_MAX_REQUESTS",
        "max_requests_jitter": "GUNICORN_MAX_REQUESTS_JITTER",
    }

    def __post_init__(self) -> None:
        _check(
            self,
            _bind_host(self.host) is not None,
            "host",
            "is not an address to bind, such as 127.0.0.1, 0.0.0.0, localhost or [::]",
        )
        _within(self, "port", 1, 65535)
        for name in ("workers", "threads", "timeout", "graceful_timeout"):
            _within(self, name, 1)
        _within(self, "max_requests", 0)
        _within(self, "max_requests_jitter", 0)
        _check(
            self,
            self.worker_class in WORKER_CLASSES,
            "worker_class",
            f"must be one of {', '.join(WORKER_CLASSES)}",
        )

    @property
    def bind(self) -> str:
        """`host:port` as gunicorn reads it: an IPv6 address in brackets."""
        return f"{_bind_host(self.host)}:{self.port}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServerSettings:
        return cls(**_read_env(cls, os.environ if environ is None else environ))


def _bind_host(host: str) -> str | None:
    """`host` as gunicorn binds it (an IPv6 address in brackets), or None when it is none."""
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if ":" in bare:
        try:
            return f"[{ipaddress.IPv6Address(bare)}]"
        except ValueError:
            return None
    # A host name or an IPv4 address.
    return bare if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.-]{0,252}", bare) else None


def _read_env(cls: type[Config | ServerSettings], env: Mapping[str, str]) -> dict[str, Any]:
    """The fields of `cls` its environment variables (`cls.ENV`) set, parsed by type."""
    values: dict[str, Any] = {}
    for f in fields(cls):
        variable = cls.ENV.get(f.name)
        if variable is None or variable not in env:
            continue
        parse = _PARSERS[str(f.type)]
        try:
            values[f.name] = parse(env[variable].strip())
        except ValueError as error:
            raise ConfigError(variable, str(error)) from None
    return values


def _check_redis_url(url: str) -> None:
    """A URL redis-py reads as it is written. Messages name the part at fault, never the URL:
    it may carry a password."""
    # Imported only when asked: the embedded store never loads the Redis client library.
    from redis.connection import parse_url

    if not url.startswith(REDIS_SCHEMES):
        raise ConfigError("REDIS_URL", "must start with redis://, rediss:// or unix://")
    try:
        parts = urlsplit(url)
        parse_url(url)  # type: ignore[no-untyped-call]  # redis-py's
    except ValueError:
        # Not the parser's message: it quotes parts of the URL, password included.
        raise ConfigError("REDIS_URL", "is not a valid Redis URL") from None
    # redis-py skips a database that is not a number (the client then uses database 0) and
    # reads `/1/2` as 12: only a whole number, or nothing, is taken.
    databases = parse_qs(parts.query).get("db", [])
    if parts.scheme != "unix":
        databases.append(unquote(parts.path).removeprefix("/"))
    for database in databases:
        if database and not re.fullmatch(r"[0-9]+", database):
            # A path holding `@` holds the end of a password that has a `/` in it.
            shown = "named in the URL" if "@" in database else repr(database)
            expected = "a whole number, as in redis://host:6379/0"
            raise ConfigError("REDIS_URL", f"the database {shown} is not {expected}")


def _check_rate_limit(value: str) -> None:
    """RATE_LIMIT in the notation of the `limits` library, each rate above zero."""
    expected = "a rate such as '1200 per minute' or '20/second;1000/hour'"
    try:
        rates = parse_many(value)
    except ValueError:
        raise ConfigError("RATE_LIMIT", f"{value!r} is not {expected}") from None
    if any(rate.amount < 1 for rate in rates):
        raise ConfigError("RATE_LIMIT", f"{value!r} allows no request at all; expected {expected}")


def _within(
    settings: Config | ServerSettings, name: str, low: float, high: float | None = None
) -> None:
    """Refuse the number `name` of `settings` unless it lies from `low` to `high`."""
    value = getattr(settings, name)
    if high is None:
        _check(settings, value >= low, name, f"must be {low} or more")
    else:
        _check(settings, low <= value <= high, name, f"must be from {low} to {high}")


def _check(settings: Config | ServerSettings, ok: bool, name: str, problem: str) -> None:
    """Refuse the field `name` of `settings` unless `ok`, naming its variable and value."""
    if not ok:
        value = getattr(settings, name)
        shown = repr(str(value)) if isinstance(value, str | Path) else str(value)
        raise ConfigError(settings.ENV.get(name, name), f"{shown} {problem}")


def _int(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a whole number") from None


def _float(raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a number") from None


def _bool(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{raw!r} is not true or false")


# Keyed by the field's annotation, as written above.
_PARSERS: dict[str, Callable[[str], Any]] = {
    "Path": lambda raw: Path(raw).expanduser(),
    "int": _int,
    "float": _float,
    "bool": _bool,
    "str": lambda raw: raw,
    "str | None": lambda raw: raw or None,
    "Path | None": lambda raw: Path(raw).expanduser() if raw else None,
}
