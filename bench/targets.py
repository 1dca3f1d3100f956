"""What the benchmark measures against what: the targets, what each is compared with, the
bounds it must meet, and the figures reported without one."""

from typing import Any

from bench.endpoints import CACHEABLE
from bench.settings import ENDPOINTS

TARGETS = (
    "service",
    "baseline",
    "stock-memory",
    "stock-documented",
    "redis",
    "redis-local",
    "stock-redis",
    "gateway",
    "stock-cache",
    "static",
    "large",
)
# What each target is compared with in the per-endpoint table: the first of these measured on
# that endpoint (the stock stack runs on some endpoints only; bare Flask on all).
COMPARED_WITH = {
    "service": ("stock-memory", "baseline"),
    "stock-memory": ("baseline",),
    "stock-documented": ("stock-memory",),
    "redis": ("stock-redis", "service"),
    "redis-local": ("service",),
    "stock-redis": ("stock-memory",),
    "gateway": ("stock-cache",),
    "stock-cache": ("static",),
    "large": ("service",),
}


def goals() -> list[dict[str, Any]]:
    """Each target as (what is divided by what, on which figure, bound). The anchors are the
    same stock libraries put together plainly, measured in the same rounds: the service's
    pipeline against the stock stack's, on each store; the gateway against a stock cache."""
    stock = [
        ("item RPS / stock stack", "service", "stock-memory", "rps", ">=", 0.9),
        ("item p99 / stock stack p99", "service", "stock-memory", "p99_ms", "<=", 1.5),
        ("item RPS, Redis / stock stack on Redis", "redis", "stock-redis", "rps", ">=", 0.9),
        ("item p99, Redis / stock stack on Redis", "redis", "stock-redis", "p99_ms", "<=", 1.5),
        ("item RPS, Redis, local counts / embedded", "redis-local", "service", "rps", ">=", 0.9),
    ]
    rows = [_goal(m, t, "item", over, f, b, limit) for m, t, over, f, b, limit in stock]
    for e in CACHEABLE:
        measure = f"{e} gateway / stock proxy_cache RPS"
        rows.append(_goal(measure, "gateway", e, "stock-cache", "rps", ">=", 0.9))
    for e in ENDPOINTS:
        rows.append(_goal(f"{e} large / one-article RPS", "large", e, "service", "rps", ">=", 0.9))
    return rows


def references() -> list[dict[str, Any]]:
    """Figures reported without a bound: bare Flask and nginx serving files (the former
    anchors), what the stock stack itself costs, other endpoints against the stock stack, and
    the time per request the gateway's config adds to a stock cache."""
    rows = [
        ("item RPS / bare Flask", "service", "item", "baseline", "rps"),
        ("item p99 / bare Flask p99", "service", "item", "baseline", "p99_ms"),
        ("filtered list RPS / bare Flask", "service", "list", "baseline", "rps"),
        ("stock stack item RPS / bare Flask", "stock-memory", "item", "baseline", "rps"),
        ("stock stack on Redis item RPS / bare Flask", "stock-redis", "item", "baseline", "rps"),
        # flask-smorest's Blueprint, which the service's routes need for their documentation,
        # costs the stock stack this much on its own (Flask-Limiter's per-blueprint lookups).
        (
            "stock stack with flask-smorest item RPS / stock stack",
            "stock-documented",
            "item",
            "stock-memory",
            "rps",
        ),
        ("item RPS / stock stack with flask-smorest", "service", "item", "stock-documented", "rps"),
        ("filtered list RPS / stock stack", "service", "list", "stock-memory", "rps"),
        ("not_modified RPS / stock stack", "service", "not_modified", "stock-memory", "rps"),
        ("filtered list RPS, Redis / stock stack on Redis", "redis", "list", "stock-redis", "rps"),
    ]
    rows += [(f"{e} gateway / nginx static RPS", "gateway", e, "static", "rps") for e in CACHEABLE]
    added = "gateway, µs added per request to the stock proxy_cache"
    rows += [(f"{e} {added}", "gateway", e, "stock-cache", "us_added") for e in CACHEABLE]
    return [
        {"measure": m, "target": t, "endpoint": e, "over": o, "over_endpoint": e, "figure": f}
        for m, t, e, o, f in rows
    ]


def _goal(
    measure: str, target: str, endpoint: str, over: str, figure: str, bound: str, limit: float
) -> dict[str, Any]:
    return {
        "measure": measure,
        "target": target,
        "endpoint": endpoint,
        "over": over,
        "over_endpoint": endpoint,
        "figure": figure,
        "bound": bound,
        "limit": limit,
    }
