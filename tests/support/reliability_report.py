"""The reliability report: one row per scenario, written as JSON and as a markdown table."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

import orjson

from tests.support.read_load import Tally


@dataclass
class Scenario:
    """The figures of one scenario: the load it took, how it failed, and how it recovered."""

    name: str
    what: str
    requests: int
    failures: dict[str, int]
    server_errors: int
    connection_errors: int
    mixed_versions: int
    publishes: int = 0
    recovery_seconds: float | None = None
    memory_first_minute_mb: float | None = None
    memory_last_minute_mb: float | None = None
    memory_growth_pct: float | None = None
    expected_version: str | None = None
    served_exactly_expected: bool | None = None
    # What a scenario counts besides the load's answers (the exports it asked for, say).
    figures: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, name: str, what: str, tally: Tally, **figures: object) -> "Scenario":
        return cls(
            name=name,
            what=what,
            requests=tally.requests,
            failures=tally.failures(),
            server_errors=tally.server_errors,
            connection_errors=sum(tally.connection_errors.values()),
            mixed_versions=tally.mixed_versions,
            examples=list(tally.examples),
            **figures,  # type: ignore[arg-type]
        )


COLUMNS = (
    ("scenario", lambda s: s.name),
    ("requests", lambda s: s.requests),
    ("failures by kind", lambda s: ", ".join(f"{k}: {n}" for k, n in s.failures.items()) or "-"),
    ("5xx", lambda s: s.server_errors),
    ("recovery s", lambda s: _figure(s.recovery_seconds)),
    ("memory first/last min MB", lambda s: _memory(s)),
    ("growth %", lambda s: _figure(s.memory_growth_pct)),
    ("publishes", lambda s: s.publishes),
    ("mixed-version answers", lambda s: s.mixed_versions),
    ("exactly the last publish after", lambda s: _figure(s.served_exactly_expected)),
    ("its own figures", lambda s: ", ".join(f"{k}: {n}" for k, n in s.figures.items()) or "-"),
)


def _figure(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def _memory(s: Scenario) -> str:
    if s.memory_first_minute_mb is None or s.memory_last_minute_mb is None:
        return "-"
    return f"{s.memory_first_minute_mb:.1f} / {s.memory_last_minute_mb:.1f}"


def write_report(base: Path, settings: Mapping[str, object], scenarios: list[Scenario]) -> None:
    """`base`.json and `base`.md, from the same figures."""
    base.parent.mkdir(parents=True, exist_ok=True)
    generated = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    document = {
        "generated": generated,
        "settings": settings,
        "scenarios": [asdict(s) for s in scenarios],
    }
    base.with_suffix(".json").write_bytes(
        orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    )
    lines = [
        "# Reliability report",
        "",
        f"Generated {generated} by `tests/test_reliability.py`; settings: "
        + ", ".join(f"{k}={v}" for k, v in settings.items())
        + ".",
        "",
        "Recovery: seconds from the fault's end (Redis back, the worker or publisher killed)"
        " until six answers of `/readyz` in a row say `ready` with the expected version. Memory:"
        " the workers' resident memory summed, averaged over the soak's first and last minute.",
        "",
        "| " + " | ".join(title for title, _ in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    lines += ["| " + " | ".join(str(cell(s)) for _, cell in COLUMNS) + " |" for s in scenarios]
    lines += ["", "What each scenario did:", ""]
    lines += [f"- **{s.name}**: {s.what}" for s in scenarios]
    base.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
