"""With several limits, the RateLimit fields describe the one nearest refusal, and their reset
stays within that limit's window. Here with the embedded store's counters; the same checks run
on Redis in test_redis_ratelimit.py."""

import time

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from service import create_app
from service.config import Config

# Each app sets the RATE_LIMIT its test runs into (the default, 1200 a minute, would take
# that many requests to reach): the limiting is what these tests check.

# The README's configuration table gives this notation for several limits at once.
SEVERAL = "3/second;5/minute"


def fields(response: TestResponse) -> tuple[int, str, str]:
    headers = response.headers
    return response.status_code, headers["RateLimit-Limit"], headers["RateLimit-Remaining"]


def check_nearest_refusal_is_described(client: FlaskClient) -> None:
    """Under `SEVERAL`: first the second's limit runs out, then the minute's does."""
    first = [client.get("/v1/products") for _ in range(3)]
    assert [fields(r) for r in first] == [(200, "3", "2"), (200, "3", "1"), (200, "3", "0")]
    assert [r.headers["RateLimit-Reset"] for r in first] == ["1", "1", "1"]
    time.sleep(1.1)  # a new second: three more allowed in it, but two left in the minute
    later = [client.get("/v1/products") for _ in range(3)]
    assert [fields(r) for r in later] == [(200, "5", "1"), (200, "5", "0"), (429, "5", "0")]
    assert all(1 < int(r.headers["RateLimit-Reset"]) <= 60 for r in later)
    refused = later[-1]
    assert refused.headers["Retry-After"] == refused.headers["RateLimit-Reset"]


def test_fields_describe_the_limit_nearest_refusal() -> None:
    client = create_app(Config(testing=True, rate_limit=SEVERAL)).test_client()
    check_nearest_refusal_is_described(client)
