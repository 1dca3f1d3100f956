"""Service configuration: one class read from environment variables and validated at start-up."""

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, ClassVar

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
    testing: bool = False

    ENV: ClassVar[dict[str, str]] = {
        "seeds_dir": "SEEDS_DIR",
        "cache_max_age": "CACHE_MAX_AGE",
        "stale_while_revalidate": "STALE_WHILE_REVALIDATE",
        "default_page_size": "DEFAULT_PAGE_SIZE",
        "log_level": "LOG_LEVEL",
    }

    def __post_init__(self) -> None:
        _check(self.cache_max_age >= 0, "cache_max_age", "must be 0 or more")
        _check(self.stale_while_revalidate >= 0, "stale_while_revalidate", "must be 0 or more")
        _check(1 <= self.default_page_size <= 100, "default_page_size", "must be from 1 to 100")
        _check(self.log_level in LOG_LEVELS, "log_level", f"must be one of {', '.join(LOG_LEVELS)}")
        _check(self.seeds_dir.is_dir(), "seeds_dir", f"{self.seeds_dir} is not a folder")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Config":
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            variable = cls.ENV.get(f.name)
            if variable is None or variable not in env:
                continue
            parse = _PARSERS[f.type if isinstance(f.type, str) else f.type.__name__]
            try:
                values[f.name] = parse(env[variable].strip())
            except ValueError as error:
                raise ConfigError(variable, str(error)) from None
        return cls(**values)


def _check(ok: bool, name: str, problem: str) -> None:
    if not ok:
        raise ConfigError(Config.ENV.get(name, name), problem)


def _int(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a whole number") from None


def _bool(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{raw!r} is not true or false")


_PARSERS: dict[str, Callable[[str], Any]] = {
    "Path": lambda raw: Path(raw).expanduser(),
    "int": _int,
    "bool": _bool,
    "str": lambda raw: raw.upper(),
}
