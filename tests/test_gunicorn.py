"""The run command's server: gunicorn with gunicorn.conf.py serves the API on HOST:PORT."""

import urllib.error
import urllib.request
from collections.abc import Iterator

import orjson
import pytest

from tests.live_server import gunicorn


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with gunicorn(WEB_CONCURRENCY="2") as base:
        yield base


def test_gunicorn_serves_the_dataset(server: str) -> None:
    with urllib.request.urlopen(f"{server}/v1/dataset", timeout=5) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/json"
        assert orjson.loads(response.read())["counts"]["partnerships"] == 3


def test_gunicorn_answers_errors_as_problem_json(server: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(f"{server}/v1/partnerships?bogus=1", timeout=5)
    assert raised.value.code == 400
    assert raised.value.headers["Content-Type"] == "application/problem+json"
    raised.value.close()
