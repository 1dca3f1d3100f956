"""Rates as RATE_LIMIT writes them ("1200 per minute", "20/second;1000/hour"), read with the
notation and meaning of the `limits` library, without importing it.

Importing `limits` imports its asyncio storages along (asyncio, wrapt, deprecated): close to a
tenth of the CPU time of making the app, while counting in the process needs the rates alone.
`limits` still speaks to Redis when REDIS_URL is set (service.ratelimit.shared_counter), under
the keys `Rate.key_for` makes exactly as its RateLimitItem.key_for does, so replicas of either
kind count together. tests/test_rates.py holds the two to the same answers.
"""

import re

# limits.util's expressions, as written there.
SEPARATORS = re.compile(r"[,;|]{1}")
SINGLE_EXPR = re.compile(
    r"""
    \s*([0-9]+)
    \s*(/|\s*per\s*)
    \s*([0-9]+)?
    \s*([a-z]+)
    \s*
    """,
    re.IGNORECASE | re.VERBOSE,
)
EXPR = re.compile(
    rf"^{SINGLE_EXPR.pattern}(:?{SEPARATORS.pattern}{SINGLE_EXPR.pattern})*$",
    re.IGNORECASE | re.VERBOSE,
)
# Seconds in each unit, as limits counts them (a month is 30 days, a year 12 such months).
UNIT_SECONDS = {
    "year": 60 * 60 * 24 * 30 * 12,
    "month": 60 * 60 * 24 * 30,
    "day": 60 * 60 * 24,
    "hour": 60 * 60,
    "minute": 60,
    "second": 1,
}
# The namespace limits starts every key with.
NAMESPACE = "LIMITER"


class Rate:
    """`amount` requests per `multiples` `unit`s; each client's window starts at its first."""

    __slots__ = ("amount", "multiples", "unit")

    def __init__(self, amount: int, multiples: int, unit: str) -> None:
        self.amount = amount
        self.multiples = multiples
        self.unit = unit

    @property
    def window_seconds(self) -> int:
        return UNIT_SECONDS[self.unit] * self.multiples

    def key_for(self, client: str) -> str:
        """The counter's key, as limits names it: a client's count under this rate."""
        return f"{NAMESPACE}/{client}/{self.amount}/{self.multiples}/{self.unit}"

    def __str__(self) -> str:
        return f"{self.amount} per {self.multiples} {self.unit}"

    __repr__ = __str__


def parse_rates(text: str) -> list[Rate]:
    """The rates `text` names, as limits.parse_many reads them; ValueError if it names none."""
    if not (isinstance(text, str) and EXPR.match(text)):
        raise ValueError(f"couldn't parse rate limit string '{text}'")
    rates = []
    for part in SEPARATORS.split(text):
        match = SINGLE_EXPR.match(part)
        if match:
            amount, _, multiples, unit = match.groups()
            # A multiple of 0 (or none written) means 1, as in limits.
            rates.append(Rate(int(amount), int(multiples or 0) or 1, _unit(unit)))
    return rates


def _unit(written: str) -> str:
    """The unit a word names: its name or its plural, in any case."""
    lowered = written.lower()
    for unit in UNIT_SECONDS:
        if lowered in (unit, f"{unit}s"):
            return unit
    raise ValueError(f"no granularity matched for {written}")
