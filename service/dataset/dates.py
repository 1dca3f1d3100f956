"""Dates as the source gives them, resolved only when the source's own date is known."""

import datetime as dt
from typing import Any

# Relative phrases we can resolve against a source's publication date: unit and offset.
RELATIVE = {
    "today": ("day", 0),
    "yesterday": ("day", -1),
    "this week": ("week", 0),
    "last week": ("week", -1),
    "this month": ("month", 0),
    "last month": ("month", -1),
    "this year": ("year", 0),
    "last year": ("year", -1),
}


def render_date(date: dict[str, Any] | None, published: dt.date | None) -> dict[str, Any] | None:
    if date is None:
        return None
    resolved = resolve_relative(date["text"], published) if date["relative"] else date["value"]
    return {
        "text": date["text"],
        "precision": date["precision"],
        "relative": date["relative"],
        "resolved": resolved,
    }


def resolve_relative(text: str, published: dt.date | None) -> str | None:
    rule = RELATIVE.get(text.strip().lower())
    if published is None or rule is None:
        return None
    unit, offset = rule
    if unit == "day":
        return (published + dt.timedelta(days=offset)).isoformat()
    if unit == "week":
        year, week, _ = (published + dt.timedelta(weeks=offset)).isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "month":
        months = published.year * 12 + published.month - 1 + offset
        return f"{months // 12}-{months % 12 + 1:02d}"
    return str(published.year + offset)
