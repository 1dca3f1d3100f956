"""Shared fixtures: the app under test, its client, and seed folders to break on purpose."""

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.config import BUNDLED_SEEDS, Config

SEED_FILE = "honda-nissan-ev-partnership-article.yaml"


@pytest.fixture(scope="session")
def app() -> Flask:
    """The service over the bundled seeds, as `make run` serves it."""
    return create_app(Config(testing=True))


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the bundled seeds folder."""
    target = tmp_path / "seeds"
    shutil.copytree(BUNDLED_SEEDS, target)
    yield target


def get_json(client: FlaskClient, url: str, status: int = 200, **kwargs: Any) -> Any:
    """GET `url`, assert the status, and return the parsed body."""
    response = client.get(url, **kwargs)
    assert response.status_code == status, response.data
    return orjson.loads(response.data)


def get_all(client: FlaskClient, url: str) -> list[dict[str, Any]]:
    """Follow `links.next` to the end of a list and return every item."""
    items: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        page = get_json(client, next_url)
        items.extend(page["data"])
        next_url = page["links"]["next"]
    return items
