"""What one benchmark run does, read from BENCH_* environment variables (defaults: `make bench`)."""

import os
from dataclasses import dataclass, field
from pathlib import Path

from bench.wrk import Load

RESULTS = Path(__file__).resolve().parent / "results"


ENDPOINTS = ("item", "list", "fields", "not_modified", "not_found", "readyz")


def _int(name: str, default: int, least: int = 1) -> int:
    raw = os.environ.get(name, str(default)).strip()
    if not raw.isdigit() or int(raw) < least:
        raise SystemExit(f"{name}: {raw!r} is not a whole number of at least {least}")
    return int(raw)


def _endpoints(raw: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in raw.split(",") if name.strip())
    unknown = set(names) - set(ENDPOINTS)
    if unknown or not names:
        raise SystemExit(f"BENCH_ENDPOINTS: {raw!r} is not a list from {', '.join(ENDPOINTS)}")
    return names


@dataclass(frozen=True)
class Settings:
    load: Load = field(default_factory=Load)
    # Five short rounds rather than three long ones: each ratio is a median of pairs run side
    # by side, and on a shared machine one or two disturbed rounds then cannot decide it. (Five,
    # not six: the stock anchors add runs to each round, and `make bench` stays near ten
    # minutes; an odd count also makes the median one round's figure.)
    rounds: int = 5
    warmup_s: int = 1  # per endpoint on the targets with caches (Redis L1, the gateway)
    endpoints: tuple[str, ...] = ENDPOINTS
    # The large dataset: the size, and a smaller one used when that does not start in
    # time (loading is slow until it is made fast); the results say which size was served.
    partnerships: int = 100_000
    fallback_partnerships: int = 5_000
    start_timeout_s: int = 180
    startups: int = 5  # starts of the service and the baseline timed, for their medians
    output: Path = RESULTS

    @property
    def organizations(self) -> int:
        return max(2, self.partnerships // 5)

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            load=Load(
                duration_s=_int("BENCH_DURATION", 2),
                connections=_int("BENCH_CONNECTIONS", 16),
                threads=_int("BENCH_THREADS", 2),
            ),
            rounds=_int("BENCH_ROUNDS", 5),
            warmup_s=_int("BENCH_WARMUP", 1, least=0),
            endpoints=_endpoints(os.environ.get("BENCH_ENDPOINTS", ",".join(ENDPOINTS))),
            partnerships=_int("BENCH_PARTNERSHIPS", 100_000),
            fallback_partnerships=_int("BENCH_FALLBACK_PARTNERSHIPS", 5_000),
            start_timeout_s=_int("BENCH_START_TIMEOUT", 180),
            startups=_int("BENCH_STARTUPS", 5),
            output=Path(os.environ.get("BENCH_OUTPUT", str(RESULTS))),
        )
