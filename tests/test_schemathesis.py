"""Property-based tests from the OpenAPI document: schemathesis generates requests for every
operation and runs all of its checks on each response; at least 1,000 cases per run."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from service import create_app
from service.config import Config

# Made at import: schemathesis builds one test per operation from the served document.
# The URL bound is set to its maximum: it answers 414 before parameters are validated, and
# schemathesis does not count a 414 as refusing bad data (the bound itself is pinned in
# test_http_headers.py). Every generated request is then judged on its parameters. Testing
# mode: an error past the handlers fails the case; a limit the 2,000-odd cases never reach.
APP = create_app(Config(testing=True, rate_limit="1000000 per minute", max_url_length=65536))
pytestmark = pytest.mark.slow
schema = schemathesis.openapi.from_wsgi("/v1/openapi.json", APP)
CASES_PER_OPERATION = 100
generated = {"cases": 0, "negative": 0, "steps": 0}


@pytest.fixture(scope="module", autouse=True)
def enough_cases() -> Iterator[None]:
    yield
    print(
        f"\nschemathesis: {generated['cases']} generated cases, {generated['negative']} negative"
        f" cases, {generated['steps']} stateful steps"
    )
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
    case.call_and_validate(excluded_checks=checks_set_aside(case))


def checks_set_aside(case: schemathesis.Case[Any]) -> list[schemathesis.CheckFunction]:
    """One check is set aside, and only for cases with a cursor, a `since` or a `version`: each
    is a token only the service issues (a cursor, a version it published), so a generated one is
    never valid and is rightly refused, 400, 404 or 410 (real cursors: test_api_lists.py,
    test_http_errors.py; real versions: test_changes.py, test_pinned_versions.py). Every other
    check still runs."""
    tokens = {"cursor", "since", "version"}
    return [positive_data_acceptance] if tokens & set(case.query or {}) else []


# Negative mode: every generated request breaks the schema somewhere (a wrong type, a value out
# of range, a parameter that should not be there), and each must be refused with a 4xx. Every
# operation takes a query parameter (at least `version`) that a request can break.
negative = schemathesis.openapi.from_wsgi("/v1/openapi.json", APP)
negative.config.generation.update(modes=[GenerationMode.NEGATIVE])


@negative.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_refuses_data_that_breaks_the_schema(case: schemathesis.Case[Any]) -> None:
    generated["negative"] += 1
    # A case can come out schema-valid after all; a generated `since` or cursor in it is still
    # one the service never issued.
    case.call_and_validate(excluded_checks=checks_set_aside(case))


# Stateful: sequences of calls that follow the links schemathesis infers (a list's ids into
# the item, a partnership's events into /v1/events/{id}), every check on every step.
class Workflows(schema.as_state_machine()):  # type: ignore[misc]
    def validate_response(
        self,
        response: Any,
        case: schemathesis.Case[Any],
        additional_checks: list[schemathesis.CheckFunction] | None = None,
        **kwargs: Any,
    ) -> None:
        generated["steps"] += 1
        case.validate_response(
            response,
            additional_checks=additional_checks,
            excluded_checks=checks_set_aside(case),
            transport_kwargs=kwargs or None,
            recorder=getattr(self, "recorder", None),
        )


TestWorkflows = Workflows.TestCase
TestWorkflows.settings = settings(
    max_examples=40,
    stateful_step_count=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
