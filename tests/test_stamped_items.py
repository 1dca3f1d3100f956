"""An item is stamped (its body with `updated_in`, and its ETag) once per dataset version: a
repeated read and a 304 are one lookup, counted as the `item` cache layer, and read nothing from
the store; a new version stamps its items afresh."""

import shutil
from pathlib import Path
from typing import Any

import orjson
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.config import BUNDLED_SEEDS, Config
from service.dataset import load_dataset
from tests.support.seed_files import rewrite_seed

ITEM = "/v1/partnerships/honda-nissan-ev-collaboration"
Lookups = dict[tuple[str, str], float]


def lookups(client: FlaskClient) -> Lookups:
    """Cache lookups by (layer, result), as /metrics reports them."""
    counts: Lookups = {}
    for line in client.get("/metrics").data.decode().splitlines():
        if line.startswith("partnership_cache_lookups_total{"):
            labels, value = line.rsplit(" ", 1)
            layer = labels.split('layer="')[1].split('"')[0]
            result = labels.split('result="')[1].split('"')[0]
            counts[(layer, result)] = float(value)
    return counts


def grown(before: Lookups, after: Lookups) -> Lookups:
    """The counts that changed, by how much."""
    return {key: n - before.get(key, 0.0) for key, n in after.items() if n != before.get(key)}


def test_repeated_reads_and_304s_of_an_item_read_nothing_from_the_store(
    app: Flask, client: FlaskClient
) -> None:
    first = client.get(ITEM)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    before = lookups(client)
    for _ in range(3):
        again = client.get(ITEM)
        assert (again.status_code, again.headers["ETag"], again.data) == (200, etag, first.data)
        held = client.get(ITEM, headers={"If-None-Match": etag})
        assert (held.status_code, held.headers["ETag"], held.data) == (304, etag, b"")
    # Six answers from the item layer alone: no store layer was asked for the body.
    assert grown(before, lookups(client)) == {("item", "hit"): 6}


def test_a_new_version_stamps_its_items_afresh(tmp_path: Path) -> None:
    # Testing mode (an error past the handlers fails the test); a limit out of the way.
    app = create_app(Config(testing=True, rate_limit="100000 per minute"))
    client = app.test_client()
    old = client.get(ITEM)
    old_item = orjson.loads(old.data)
    seeds = Path(shutil.copytree(BUNDLED_SEEDS, tmp_path / "seeds"))

    def retitle(data: dict[str, Any]) -> None:
        for partnership in data["partnerships"]:
            if partnership["id"] == old_item["id"]:
                partnership["title"] = "A retitled partnership"

    rewrite_seed(seeds, retitle)
    assert app.extensions["partnership_api"].store.publish(load_dataset(seeds))
    before = lookups(client)
    new = client.get(ITEM)
    assert grown(before, lookups(client)) == {("item", "miss"): 1, ("memory", "hit"): 1}
    new_item = orjson.loads(new.data)
    assert new_item["title"] == "A retitled partnership"
    assert new_item["updated_in"] == new.headers["X-Dataset-Version"] != old_item["updated_in"]
    assert new.headers["ETag"] != old.headers["ETag"]
    # The client's copy of the old version is not current any more.
    assert client.get(ITEM, headers={"If-None-Match": old.headers["ETag"]}).status_code == 200
