"""States that change over time (a status, an agreement's state): each source's statement of
the state is kept, and they are ordered only as the sources establish, never guessed.

A source's statement holds at the date the source gives for it, else at the source's own
publication date. Statements are ordered by those dates (as the timeline orders events) and
by the order a source states and cites (`follows: <earlier source>`). The current value is
the latest statement's; statements of different values that nothing orders are refused.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from service.dataset.dates import render_date
from service.dataset.errors import SeedProblem, join_path
from service.dataset.timeline import Span, span_of

# The changing state of each resource type that has one; a partnership's agreements have
# theirs too (AGREEMENT_STATE).
STATES = {"partnerships": "status", "products": "status"}
AGREEMENT_STATE = "state"


def history_field(state: str) -> str:
    """The served field beside the state that lists its statements, oldest first."""
    return f"{state}_history"


@dataclass(frozen=True)
class StatedState:
    """One source's statement of a state, as its seed file gives it."""

    value: str
    certainty: str
    date: dict[str, Any] | None  # as the seed gives it; None: the source's own date
    follows: str | None  # the source whose statement this one comes after, as cited
    evidence: list[dict[str, Any]]
    source: str
    file: str
    path: str  # of the state in its file, for messages


def open_histories(
    rtype: str,
    record: dict[str, Any],
    source: str,
    file: str,
    path: str,
    problems: list[SeedProblem],
) -> None:
    """Turn the states a record gives into histories of one statement each, so that records
    of several files merge by adding statements rather than conflicting."""
    if rtype in STATES:
        _open(record, STATES[rtype], source, file, path, problems)
    if rtype == "partnerships":
        for i, agreement in enumerate(record["agreements"]):
            at = join_path(join_path(path, "agreements"), i)
            _open(agreement, AGREEMENT_STATE, source, file, at, problems)


def _open(
    record: dict[str, Any],
    state: str,
    source: str,
    file: str,
    path: str,
    problems: list[SeedProblem],
) -> None:
    given = record.pop(state)
    # The record's certainty is the certainty of its state: it travels with the statement.
    certainty = record.pop("certainty")
    where = join_path(path, state)
    if isinstance(given, dict):
        stated = StatedState(
            given["value"],
            given["certainty"],
            given["date"],
            given["follows"],
            given["evidence"],
            source,
            file,
            where,
        )
    else:
        # Quotes that support the state (or the whole record), as they support the statement.
        renamed = {state: "value", "certainty": "certainty"}
        evidence = [
            {**e, "supports": [renamed[s] for s in e["supports"] if s in renamed]}
            for e in record["evidence"]
            if state in e["supports"] or not e["supports"]
        ]
        if not evidence:
            problems.append(
                SeedProblem(
                    file,
                    where,
                    f"no evidence here supports {state!r}: list it in the `supports` of a "
                    f"quote that says it, or give {state} as a claim with its own evidence.",
                )
            )
        stated = StatedState(given, certainty, None, None, evidence, source, file, where)
    record[history_field(state)] = [stated]


def settle_histories(
    merged: dict[str, list[Any]], published: Mapping[str, Any], problems: list[SeedProblem]
) -> None:
    """Order every history of the merged records, and set each state to its latest value."""
    for rtype, state in STATES.items():
        singular = rtype.removesuffix("s")
        for record in merged[rtype]:
            _settle(record, state, f"{singular} {record['id']!r}", published, problems)
    for partnership in merged["partnerships"]:
        for agreement in partnership["agreements"]:
            label = f"agreement {agreement['id']!r} of partnership {partnership['id']!r}"
            _settle(agreement, AGREEMENT_STATE, label, published, problems)


def _settle(
    record: dict[str, Any],
    state: str,
    label: str,
    published: Mapping[str, Any],
    problems: list[SeedProblem],
) -> None:
    stated: list[StatedState] = record[history_field(state)]
    dates = [_when(s, published) for s in stated]
    if len(stated) == 1 and stated[0].follows is None:  # nearly every record
        positions = [1]
    else:
        spans = [
            None if date is None else span_of({"date": date, "evidence": s.evidence})
            for s, (date, _) in zip(stated, dates, strict=True)
        ]
        found = _positions(stated, spans, state, label, problems)
        if found is None:
            return
        positions = found
    latest = max(positions)
    current = [s for s, p in zip(stated, positions, strict=True) if p == latest]
    record[state] = current[0].value
    # One source stating it as fact is enough to make it stated.
    certainties = {s.certainty for s in current}
    record["certainty"] = "stated" if "stated" in certainties else current[0].certainty
    entries = [
        {
            "position": position,
            "value": s.value,
            "date": date,
            "dated_by": dated_by,
            "source": s.source,
            "follows": s.follows,
            "certainty": s.certainty,
            "evidence": s.evidence,
        }
        for s, position, (date, dated_by) in zip(stated, positions, dates, strict=True)
    ]
    record[history_field(state)] = sorted(entries, key=lambda e: (e["position"], e["source"]))


def _when(
    stated: StatedState, published: Mapping[str, Any]
) -> tuple[dict[str, Any] | None, str | None]:
    """When the statement held, as a served date, and what dates it."""
    if stated.date is not None:
        # Relative words count from the date of the source that carries them.
        words = stated.date["text"]
        quoted_in = next(e["source"] for e in stated.evidence if words in e["quote"])
        return render_date(stated.date, published.get(quoted_in)), "quote"
    own = published.get(stated.source)
    if own is None:
        return None, None
    day = own.isoformat()
    return {"text": day, "precision": "day", "relative": False, "resolved": day}, "publication"


def _positions(
    stated: list[StatedState],
    spans: list[Span | None],
    state: str,
    label: str,
    problems: list[SeedProblem],
) -> list[int] | None:
    """Each statement's rank in the order the sources establish (1 for the earliest; ranks
    shared by statements nothing orders apart); None, with the problems, when they cannot
    be ordered."""
    n = len(stated)
    sources = {s.source for s in stated}
    found = len(problems)
    # before[i][j]: statement i is established to come before statement j.
    before = [[False] * n for _ in range(n)]
    for j, later in enumerate(stated):
        if later.follows is not None and later.follows not in sources - {later.source}:
            problems.append(
                SeedProblem(
                    later.file,
                    join_path(later.path, "follows"),
                    f"{later.follows!r} states no {state} of {label} for this to follow.",
                )
            )
        for i, earlier in enumerate(stated):
            span_i, span_j = spans[i], spans[j]
            dated = span_i is not None and span_j is not None and span_i.before(span_j)
            if i != j and (dated or later.follows == earlier.source):
                before[i][j] = True
    for k in range(n):  # everything before k is before what k is before
        for i in range(n):
            if before[i][k]:
                for j in range(n):
                    before[i][j] = before[i][j] or before[k][j]
    for i, j in combinations(range(n), 2):
        first, second = stated[i], stated[j]
        elsewhere = f"{first.value!r} in {first.file} ({first.path})"
        if before[i][j] and before[j][i]:
            problems.append(
                SeedProblem(
                    second.file,
                    second.path,
                    f"the {state} of {label} is placed both before and after {elsewhere}: "
                    "the sources' dates and `follows` contradict each other.",
                )
            )
        elif first.value != second.value and not (before[i][j] or before[j][i]):
            problems.append(
                SeedProblem(
                    second.file,
                    second.path,
                    f"the {state} of {label} cannot be ordered: {second.value!r} here and "
                    f"{elsewhere}, and neither the sources' dates nor a cited `follows` says "
                    "which came first. To settle it, date both statements (the source's "
                    "`published`, or a `date` in the statement), or give the later statement "
                    "`follows` "
                    f"naming the other's source ({first.source!r} or {second.source!r}) with "
                    "evidence that says so.",
                )
            )
    if len(problems) > found:
        return None
    positions = [0] * n
    # Ordered and without cycles, a statement has more statements before it than any of
    # those have: by that count, each comes after all of its predecessors.
    for j in sorted(range(n), key=lambda j: sum(before[i][j] for i in range(n))):
        positions[j] = 1 + max((positions[i] for i in range(n) if before[i][j]), default=0)
    return positions
