"""Property-based tests from the OpenAPI document: schemathesis generates requests for every
operation and runs all of its checks on each response; at least 1,000 cases per run."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from service import create_app
from service.config import Config

# Made at import: schemathesis builds one test per operation from the served document.
# The URL bound is set to its maximum: it answers 414 before parameters are validated, and
# schemathesis does not count a 414 as refusing bad data (the bound itself is pinned in
# test_http_headers.py). Every generated request is then judged on its parameters.
APP = create_app(Config(testing=True, rate_limit="1000000 per minute", max_url_length=65536))
schema = schemathesis.openapi.from_wsgi("/v1/openapi.json", APP)
CASES_PER_OPERATION = 100
generated = {"cases": 0}


@pytest.fixture(scope="module", autouse=True)
def enough_cases() -> Iterator[None]:
    yield
    print(f"\nschemathesis: {generated['cases']} generated cases")
    assert generated["cases"] >= 1000, f"only {generated['cases']} cases were generated"


@schema.parametrize()
@settings(
    max_examples=CASES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=True,  # the same cases every run, so CI is repeatable
)
def test_every_operation_passes_every_check(case: schemathesis.Case[Any]) -> None:
    generated["cases"] += 1
    excluded: list[schemathesis.CheckFunction] = []
    if {"cursor", "since"} & set(case.query or {}):
        # The one check set aside, and only for cases with a cursor or a `since`: each is a
        # token only the service issues (a cursor, a version it published), so a generated one
        # is never valid and is rightly refused, 400 or 410 (real cursors: test_api_lists.py,
        # test_http_errors.py; real versions: test_changes.py). Every other check still runs.
        excluded.append(positive_data_acceptance)
    case.call_and_validate(excluded_checks=excluded)
