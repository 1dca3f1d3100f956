"""Figures from the runs: medians per target and endpoint, ratios per round, targets met or
missed; written as JSON, a markdown table and a chart."""

import os
import platform
import shutil
import statistics
import subprocess
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.publishing import publishing_targets
from bench.settings import Settings
from bench.targets import COMPARED_WITH, goals, references


def _per_round(runs: list[dict[str, Any]], rounds: list[int], row: dict[str, Any]) -> list[float]:
    """Each round's figure for a goal or reference: the ratio of the two runs, or for
    `us_added` the difference of their times per request (1/RPS), in microseconds."""
    figure = "rps" if row["figure"] == "us_added" else row["figure"]
    found = []
    for round_ in rounds:
        top = _figure(runs, round_, row["target"], row["endpoint"], figure)
        bottom = _figure(runs, round_, row["over"], row["over_endpoint"], figure)
        if top and bottom:
            found.append(1e6 / top - 1e6 / bottom if row["figure"] == "us_added" else top / bottom)
    return found


def _met(value: float | None, bound: str, limit: float) -> bool | None:
    if value is None:
        return None
    if bound == "==":
        return value == limit
    return value >= limit if bound == ">=" else value <= limit


def publishing_goals(publishing: dict[str, Any]) -> list[dict[str, Any]]:
    """The publishing targets (bench/publishing.py), judged."""
    return [
        {
            "measure": measure,
            "figure": "publishing",
            "bound": bound,
            "limit": limit,
            "ratio": None if value is None else round(value, 3),
            "met": _met(None if value is None else round(value, 3), bound, limit),
        }
        for measure, value, bound, limit in publishing_targets(publishing)
    ]


def _figure(
    runs: list[dict[str, Any]], round_: int, target: str, endpoint: str, figure: str
) -> float | None:
    for run in runs:
        if (run["round"], run["target"], run["endpoint"]) == (round_, target, endpoint):
            return float(run[figure])
    return None


def summarise(runs: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """Per endpoint and target: median figures over rounds, and the median of each round's
    RPS and p99 ratios to what that target is compared with (COMPARED_WITH), named `over`."""
    rounds = sorted({run["round"] for run in runs})
    summary: dict[str, dict[str, dict[str, Any]]] = {}
    for run in runs:
        summary.setdefault(run["endpoint"], {}).setdefault(run["target"], {})
    for endpoint, per in summary.items():
        for target in per:
            mine = [r for r in runs if (r["target"], r["endpoint"]) == (target, endpoint)]
            row: dict[str, Any] = {
                f: round(statistics.median(r[f] for r in mine), 3)
                for f in ("rps", "p50_ms", "p99_ms")
            }
            row["non_2xx_3xx"] = sum(r["non_2xx_3xx"] for r in mine)
            row["socket_errors"] = sum(r["socket_errors"] for r in mine)
            over = next((o for o in COMPARED_WITH.get(target, ()) if o in per), None)
            if over:
                row["over"] = over
            for figure in ("rps", "p99_ms") if over else ():
                ratios = [
                    top / bottom
                    for round_ in rounds
                    if (top := _figure(runs, round_, target, endpoint, figure)) is not None
                    and (bottom := _figure(runs, round_, str(over), endpoint, figure))
                ]
                if ratios:
                    row[f"{figure}_ratio"] = round(statistics.median(ratios), 3)
            per[target] = row
    return summary


def build(
    *,
    settings: Settings,
    runs: list[dict[str, Any]],
    startup_s: dict[str, float],
    memory: dict[str, Any],
    facts: dict[str, Any],
    sizes: dict[str, int],
) -> dict[str, Any]:
    rounds = sorted({run["round"] for run in runs})
    summary = summarise(runs)
    checked = []
    for goal in goals():
        ratios = _per_round(runs, rounds, goal)
        value = round(statistics.median(ratios), 3) if ratios else None
        checked.append(
            {
                **goal,
                "ratio": value,
                "met": _met(value, goal["bound"], goal["limit"]),
                # Each round's ratio, and how many met the bound: the spread behind the median.
                "rounds": [round(r, 3) for r in ratios],
                "rounds_met": sum(bool(_met(r, goal["bound"], goal["limit"])) for r in ratios),
            }
        )
    if "service" in startup_s and "baseline" in startup_s:
        value = round(startup_s["service"] / startup_s["baseline"], 3)
        checked.append(
            {
                "measure": "exec to first 200 / baseline app",
                "figure": "startup_s",
                "bound": "<=",
                "limit": 4.0,
                "ratio": value,
                "met": _met(value, "<=", 4.0),
            }
        )
    checked += publishing_goals(facts.get("publishing", {}))
    return {
        "machine": machine(),
        "settings": {
            **asdict(settings.load),
            "rounds": settings.rounds,
            "output": str(settings.output),
            "partnerships_requested": settings.partnerships,
        },
        "dataset": facts,
        "response_bytes": sizes,
        "startup_s": {k: round(v, 3) for k, v in startup_s.items()},
        "memory_kb": memory,
        "summary": summary,
        "goals": checked,
        "references": reported(runs, rounds),
        "runs": runs,
    }


def reported(runs: list[dict[str, Any]], rounds: list[int]) -> list[dict[str, Any]]:
    """The references, each the median over rounds, with every round's figure."""
    found = []
    for reference in references():
        values = _per_round(runs, rounds, reference)
        found.append(
            {
                **reference,
                "value": round(statistics.median(values), 3) if values else None,
                "rounds": [round(v, 3) for v in values],
            }
        )
    return found


def tool_version(tool: str) -> str:
    """The first line a Debian tool prints about its version (nginx writes it to stderr)."""
    flag = {"wrk": "-v", "nginx": "-v", "redis-server": "--version"}[tool]
    binary = shutil.which(tool) or f"/usr/sbin/{tool}"
    try:
        done = subprocess.run([binary, flag], capture_output=True, text=True, timeout=10)
    except OSError:
        return "missing"
    return (done.stdout + done.stderr).strip().splitlines()[0]


_IN_CHECKOUT: dict[str, Any] = {
    "cwd": Path(__file__).resolve().parent,
    "capture_output": True,
    "text": True,
    "timeout": 10,
}


def _commit() -> str:
    """The code measured: the checkout's commit, marked when it has uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], **_IN_CHECKOUT
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head}{' with uncommitted changes' if dirty else ''}" if head else "unknown"


def machine() -> dict[str, Any]:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    packages = (
        "flask",
        "werkzeug",
        "gunicorn",
        "limits",
        "prometheus-client",
        "python-json-logger",
        "orjson",
        "redis",
    )
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(int(memory) / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "versions": {name: version(name) for name in packages},
        "tools": {tool: tool_version(tool) for tool in ("wrk", "nginx", "redis-server")},
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "commit": _commit(),
    }
