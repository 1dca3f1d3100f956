"""A replica that finds Redis empty: it publishes its own seeds only when told to; otherwise it
reports not-ready with the reason and waits for an operator's publish, never reverting one."""

import logging
import time
from pathlib import Path

import orjson
import pytest
from flask import Flask

from service.config import BUNDLED_SEEDS, Config
from service.dataset import load_dataset
from service.store.publish import publish_dataset
from tests.conftest import delete_prefix
from tests.support.redis_support import Target, served_version, with_alias


def nothing_published(prefix: str) -> str:
    return (
        f"nothing published: redis holds no dataset under prefix {prefix!r}; publish one "
        "(python -m service publish), or set PUBLISH_SEEDS_IF_EMPTY=true to let replicas "
        "publish their own seeds"
    )


def readyz(app: Flask) -> tuple[int, dict[str, str | None]]:
    response = app.test_client().get("/readyz")
    body: dict[str, str | None] = orjson.loads(response.data)
    return response.status_code, body


def wait_for(app: Flask, status: str, limit: float = 20.0) -> dict[str, str | None]:
    deadline = time.monotonic() + limit
    while (body := readyz(app)[1])["status"] != status:
        assert time.monotonic() < deadline, f"not {status} after {limit} s: {body}"
        time.sleep(0.05)
    return body


def test_the_setting_is_off_unless_asked_for() -> None:
    # The setting itself under test: its documented values, and one it must refuse.
    assert Config().publish_seeds_if_empty is False
    assert Config.from_env({"PUBLISH_SEEDS_IF_EMPTY": "true"}).publish_seeds_if_empty is True
    with pytest.raises(ValueError, match="PUBLISH_SEEDS_IF_EMPTY: 'sometimes' is not true or"):
        Config.from_env({"PUBLISH_SEEDS_IF_EMPTY": "sometimes"})


def test_an_empty_redis_leaves_the_replica_not_ready_with_the_reason_and_unpublished(
    target: Target, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    app = target.app(publish_seeds_if_empty=False)
    status, body = readyz(app)
    assert status == 503
    assert body == {
        "status": "not-ready",
        "store": "redis",
        "reason": nothing_published(target.prefix),
        "dataset_version": None,
    }
    assert target.keys_matching(f"{target.prefix}:*") == [], "nothing may be published"
    # No dataset is served in the meantime, the bundled seeds included.
    response = app.test_client().get("/v1/partnerships")
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [f"not ready: {nothing_published(target.prefix)}"]

    # The operator publishes: the replica follows it and is ready.
    dataset = load_dataset(BUNDLED_SEEDS)
    publish_dataset(target.client(), target.keys, dataset)
    assert wait_for(app, "ready")["dataset_version"] == dataset.version
    assert served_version(app) == dataset.version
    assert "a dataset is published in redis: ready" in caplog.messages


def test_an_empty_redis_gets_the_replicas_seeds_when_told_to(target: Target) -> None:
    app = target.app(publish_seeds_if_empty=True)
    status, body = readyz(app)
    bundled = load_dataset(BUNDLED_SEEDS).version
    assert (status, body["status"], body["dataset_version"]) == (200, "ready", bundled)
    assert target.client().get(target.keys.current) == bundled.encode()


def test_a_redis_that_lost_its_data_never_brings_back_the_replicas_seeds(
    target: Target, seeds_copy: Path
) -> None:
    app = target.app(publish_seeds_if_empty=False)
    operators = with_alias(seeds_copy, "Published by the operator")
    publish_dataset(target.client(), target.keys, operators)
    wait_for(app, "ready")
    reader = app.test_client()
    honda = reader.get("/v1/organizations/honda")
    assert orjson.loads(honda.data)["aliases"] == ["Published by the operator"]

    delete_prefix(target.url, target.prefix, cluster=target.cluster)  # Redis loses its data
    body = wait_for(app, "not-ready")
    assert body["reason"] == nothing_published(target.prefix)
    assert body["dataset_version"] == operators.version  # still the operator's, as held
    time.sleep(0.5)  # a few of the watcher's polls (every 0.2 s): none may publish
    assert target.keys_matching(f"{target.prefix}:*") == []
    # What the replica holds is still the operator's version; nothing else is served.
    again = reader.get("/v1/organizations/honda")
    assert again.headers["X-Dataset-Version"] == operators.version
    assert orjson.loads(again.data)["aliases"] == ["Published by the operator"]
    assert reader.get("/v1/organizations/nissan").status_code == 503  # never read: gone

    publish_dataset(target.client(), target.keys, operators)  # the operator publishes again
    assert wait_for(app, "ready")["dataset_version"] == operators.version
    assert reader.get("/v1/organizations/nissan").status_code == 200
