"""Service configuration: one class read from environment variables and validated at start-up."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar

from limits import parse_many

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
BUNDLED_SEEDS = Path(__file__).resolve().parent.parent / "seeds"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


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
    publish_lock_ttl: float = 10.0
    rate_limit: str = "1200 per minute"
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
        "publish_lock_ttl": "PUBLISH_LOCK_TTL",
        "rate_limit": "RATE_LIMIT",
        "trusted_proxies": "TRUSTED_PROXIES",
        "cors_origins": "CORS_ORIGINS",
        "max_url_length": "MAX_URL_LENGTH",
        "api_deprecations": "API_DEPRECATIONS",
        "instance_dir": "INSTANCE_DIR",
    }

    def __post_init__(self) -> None:
        _check(self.cache_max_age >= 0, "cache_max_age", "must be 0 or more")
        _check(self.stale_while_revalidate >= 0, "stale_while_revalidate", "must be 0 or more")
        _check(1 <= self.default_page_size <= 100, "default_page_size", "must be from 1 to 100")
        _check(self.log_level in LOG_LEVELS, "log_level", f"must be one of {', '.join(LOG_LEVELS)}")
        _check(self.seeds_dir.is_dir(), "seeds_dir", f"{self.seeds_dir} is not a folder")
        if self.instance_dir is not None:
            _check(
                self.instance_dir.is_dir(), "instance_dir", f"{self.instance_dir} is not a folder"
            )
        if self.redis_url is not None:
            # Imported only when asked: the embedded store never loads the Redis client library.
            from redis.connection import parse_url

            _check(
                self.redis_url.startswith(REDIS_SCHEMES),
                "redis_url",
                "must start with redis://, rediss:// or unix://",
            )
            try:
                parse_url(self.redis_url)  # type: ignore[no-untyped-call]  # redis-py's
            except ValueError:
                # Not the parser's message: it quotes parts of the URL, password included.
                raise ConfigError("REDIS_URL", "is not a valid Redis URL") from None
        _check(
            self.redis_cluster <= (self.redis_url is not None), "redis_cluster", "needs REDIS_URL"
        )
        _check(
            bool(re.fullmatch(r"[A-Za-z0-9_.:-]{1,64}", self.redis_prefix)),
            "redis_prefix",
            "must be 1 to 64 letters, digits or _.:-",
        )
        _check(0 < self.redis_timeout <= 30, "redis_timeout", "must be above 0 and at most 30")
        _check(1 <= self.l1_cache_mb <= 4096, "l1_cache_mb", "must be from 1 to 4096")
        _check(0.05 <= self.poll_interval <= 60, "poll_interval", "must be from 0.05 to 60")
        _check(2 <= self.retained_versions <= 100, "retained_versions", "must be from 2 to 100")
        _check(1 <= self.publish_lock_ttl <= 600, "publish_lock_ttl", "must be from 1 to 600")
        _check_rate_limit(self.rate_limit)
        _check(0 <= self.trusted_proxies <= 10, "trusted_proxies", "must be from 0 to 10")
        for origin in self.cors_allowed:
            _check(
                bool(re.fullmatch(r"https?://[^/\s]+|\*", origin)),
                "cors_origins",
                f"{origin!r} is not an origin such as https://app.example",
            )
        _check(256 <= self.max_url_length <= 65536, "max_url_length", "must be from 256 to 65536")
        self.deprecations  # noqa: B018  (parsed here so a bad value stops start-up)

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
        if "log_level" in values:
            values["log_level"] = values["log_level"].upper()
        return cls(**values)


def _check_rate_limit(value: str) -> None:
    """RATE_LIMIT in the notation of the `limits` library, each rate above zero."""
    expected = "a rate such as '1200 per minute' or '20/second;1000/hour'"
    try:
        rates = parse_many(value)
    except ValueError:
        raise ConfigError("RATE_LIMIT", f"{value!r} is not {expected}") from None
    if any(rate.amount < 1 for rate in rates):
        raise ConfigError("RATE_LIMIT", f"{value!r} allows no request at all; expected {expected}")


def _check(ok: bool, name: str, problem: str) -> None:
    if not ok:
        raise ConfigError(Config.ENV.get(name, name), problem)


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
