"""A partnership's timeline: its events in the order the sources' dates establish, and no more.

Sources rarely give full dates ("last year", "this week"), so events are only partly ordered.
An event's position is one more than the longest chain of events the sources place strictly
before it; events whose order the sources do not settle share a position, and undated events
have none. Nothing is ordered by guesswork, such as the order of paragraphs.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from service.dataset.dates import RELATIVE

# Coarser units contain finer ones; relative dates of different units compare at the coarser.
UNITS = ("day", "week", "month", "year")
_ISO = {
    "day": re.compile(r"(\d{4})-(\d{2})-(\d{2})"),
    "week": re.compile(r"(\d{4})-W(\d{2})"),
    "month": re.compile(r"(\d{4})-(\d{2})"),
    "quarter": re.compile(r"(\d{4})-Q([1-4])"),
    "year": re.compile(r"(\d{4})"),
}


@dataclass(frozen=True)
class Span:
    """When an event happened, as closely as its source says: a closed interval in a frame.

    The calendar frame counts days. A relative date of an undated source counts periods of
    `unit` from the source's own date, in a frame of that source: comparable only with dates
    relative to the same source.
    """

    frame: str
    unit: str
    first: int
    last: int

    def before(self, other: "Span") -> bool:
        if self.frame != other.frame:
            return False
        if self.frame == "calendar":
            return self.last < other.first
        unit = max(self.unit, other.unit, key=UNITS.index)
        return self.at(unit)[1] < other.at(unit)[0]

    def at(self, unit: str) -> tuple[int, int]:
        """These periods counted in a coarser unit. The period holding the source's date lies
        within the coarser one holding it ("this week" is in "this year"); the period before
        it ("last week") lies in that one or the one before. Relative dates go back one
        period at most (see dates.RELATIVE)."""
        if unit == self.unit:
            return self.first, self.last
        return (-1 if self.first < 0 else 0), 0


def timeline(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events as timeline entries, ordered by position (undated last), then by id."""
    spans = {event["id"]: span_of(event) for event in events}
    known: dict[str, int | None] = {}
    entries = [
        {
            "position": _position(event["id"], spans, known),
            "event": event["id"],
            "type": event["type"],
            "summary": event["summary"],
            "certainty": event["certainty"],
            "date": event["date"],
            "evidence": event["evidence"],
        }
        for event in events
    ]
    return sorted(entries, key=lambda e: (e["position"] is None, e["position"] or 0, e["event"]))


def _position(
    event_id: str, spans: dict[str, Span | None], known: dict[str, int | None]
) -> int | None:
    """One more than the longest chain of events before it; `known` keeps those worked out.
    A function of its own, not a closure calling itself: that would make a reference cycle
    per partnership, left for the cycle collector to find."""
    if event_id in known:
        return known[event_id]
    span = spans[event_id]
    found: int | None = None
    if span is not None:
        earlier = [
            _position(other, spans, known)
            for other, other_span in spans.items()
            if other_span is not None and other_span.before(span)
        ]
        found = 1 + max((p for p in earlier if p is not None), default=0)
    known[event_id] = found
    return found


def span_of(event: dict[str, Any]) -> Span | None:
    date = event.get("date")
    if date is None:
        return None
    if date["resolved"] is not None:
        return _calendar(date["precision"], date["resolved"])
    rule = RELATIVE.get(date["text"].strip().lower()) if date["relative"] else None
    if rule is None:
        return None
    # The source whose quote carries the date's words is the one it is relative to.
    source = next(e["source"] for e in event["evidence"] if date["text"] in e["quote"])
    unit, offset = rule
    return Span(f"relative to {source}", unit, offset, offset)


def _calendar(precision: str, value: str) -> Span | None:
    match = _ISO[precision].fullmatch(value)
    if match is None:
        return None
    parts = [int(p) for p in match.groups()]
    year = parts[0]
    if precision == "day":
        first = last = dt.date(*parts)
    elif precision == "week":
        first = dt.date.fromisocalendar(year, parts[1], 1)
        last = first + dt.timedelta(days=6)
    elif precision in ("month", "quarter"):
        month = parts[1] if precision == "month" else 3 * parts[1] - 2
        months = 1 if precision == "month" else 3
        first = dt.date(year, month, 1)
        end = year * 12 + month - 1 + months  # the month after the period, counted from year 0
        last = dt.date(end // 12, end % 12 + 1, 1) - dt.timedelta(days=1)
    else:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Span("calendar", "day", first.toordinal(), last.toordinal())
