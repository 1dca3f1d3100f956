"""service.rates reads RATE_LIMIT exactly as the `limits` library does, and keys its counts alike:
replicas count together in Redis, whichever of the two made a key."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from limits import parse_many

from service.rates import parse_rates

WRITTEN = [
    "1200 per minute",
    "20/second;1000/hour",
    "1000000000 per minute",
    "5 per 2 hours",
    "10/SECOND, 3 per 0 days|7 per 1 Year",
    "  1 / 30 seconds  ",
    "2 per month",
    "1 per 3",
    "1 per weeks",
    "lots",
    "",
    "per minute",
    "1200 a minute",
    "1/second;;2/minute",
    "1/second;",
    "1 pER mINutes",
    "1/minutes:2/hour",
    "1/\u017fecond",  # a long s, which [a-z] matches ignoring case
    "\u0661 per minute",  # an Arabic-Indic one
]
SPACE = st.sampled_from(["", " ", "  ", "\t"])
# Mostly units limits knows, in any case, now and then a word it does not.
UNIT = st.one_of(
    st.sampled_from(["second", "seconds", "Minute", "HOURS", "day", "months", "YEAR"]),
    st.sampled_from(["week", "s", "\u212aelvin"]),
)
# One rate as it may be written, spaced and cased at random.
ONE_RATE = st.tuples(
    SPACE,
    st.sampled_from(["1", "20", "0", "007", "1200"]),
    SPACE,
    st.sampled_from(["/", "per", "PER", "/", "per", "a", ""]),
    SPACE,
    st.sampled_from(["", "1", "2", "0", "30"]),
    SPACE,
    UNIT,
    SPACE,
).map("".join)
SEPARATOR = st.sampled_from([",", ";", "|", ",", ";", "|", ":", ";;", ""])


def limits_reading(text: str) -> list[tuple[int, int, int, str, str]] | str:
    """What limits makes of `text`: each rate's amount, window, multiples, key and text, or
    its error."""
    try:
        rates = parse_many(text)
    except ValueError as error:
        return str(error)
    return [(r.amount, r.get_expiry(), r.multiples, r.key_for("10.0.0.1"), str(r)) for r in rates]


def our_reading(text: str) -> list[tuple[int, int, int, str, str]] | str:
    try:
        rates = parse_rates(text)
    except ValueError as error:
        return str(error)
    return [(r.amount, r.window_seconds, r.multiples, r.key_for("10.0.0.1"), str(r)) for r in rates]


@pytest.mark.parametrize("text", WRITTEN)
def test_written_rates_read_as_limits_reads_them(text: str) -> None:
    assert our_reading(text) == limits_reading(text)


@settings(max_examples=500, deadline=None)
@given(ONE_RATE, st.lists(st.tuples(SEPARATOR, ONE_RATE), max_size=3))
def test_any_string_of_the_notation_reads_as_limits_reads_it(
    first: str, more: list[tuple[str, str]]
) -> None:
    text = first + "".join(separator + rate for separator, rate in more)
    assert our_reading(text) == limits_reading(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_text_reads_as_limits_reads_it(text: str) -> None:
    assert our_reading(text) == limits_reading(text)
