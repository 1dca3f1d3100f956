"""A resource's `sources` name every source its evidence cites, wherever in the resource the
evidence is (a scope item, an agreement, an embedded event or statement), and no other."""

import shutil
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from marshmallow import Schema, fields

from bench.synthetic import write_synthetic_seeds
from service import create_app
from service.config import BUNDLED_SEEDS, Config
from service.dataset.sourcing import gatherer
from tests.conftest import SUITE_RATE_LIMIT, get_all
from tests.support.seed_files import rewrite_seed

RESOURCES = ("organizations", "partnerships", "events", "statements", "products")


def cited(value: Any) -> set[str]:
    """Every `source` of every evidence list anywhere in `value`."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "evidence":
                found.update(e["source"] for e in item)
            else:
                found |= cited(item)
    elif isinstance(value, list):
        for item in value:
            found |= cited(item)
    return found


def cross_cited(seeds: Path) -> str:
    """The bundled seeds, with a scope item of a partnership citing a second source and one of
    its events a third: sources its own evidence does not cite. The partnership's id."""
    shutil.copytree(BUNDLED_SEEDS, seeds)
    for name in ("second", "third"):
        (seeds / "sources" / f"{name}.txt").write_text(f"The {name} account.", encoding="utf-8")
        (seeds / f"{name}.yaml").write_text(
            f"source: {{id: {name}, title: {name}, kind: news-article, "
            f"text_file: sources/{name}.txt}}\n",
            encoding="utf-8",
        )

    cited_by: list[str] = []

    def cite(data: dict[str, Any]) -> None:
        partnership = data["partnerships"][0]
        cited_by.append(partnership["id"])
        partnership["scope"][0]["evidence"].append({"source": "second", "quote": "second"})
        event = next(e for e in data["events"] if e["partnership"] == partnership["id"])
        event["evidence"].append({"source": "third", "quote": "third"})

    rewrite_seed(seeds, cite)
    return cited_by[0]


@pytest.fixture(params=["bundled", "cross-cited", "synthetic"])
def client(request: pytest.FixtureRequest, tmp_path: Path) -> FlaskClient:
    seeds = BUNDLED_SEEDS
    if request.param == "synthetic":
        seeds = tmp_path / "seeds"
        write_synthetic_seeds(seeds, partnerships=60, organizations=12)
    elif request.param == "cross-cited":
        seeds = tmp_path / "seeds"
        cross_cited(seeds)
    # Served from each folder above; testing mode (an error past the handlers fails the test)
    # and a limit out of reach: the test reads every item.
    return create_app(
        Config(testing=True, rate_limit=SUITE_RATE_LIMIT, seeds_dir=seeds)
    ).test_client()


def test_sources_are_the_sources_the_evidence_cites(client: FlaskClient) -> None:
    checked = {}
    for rtype in RESOURCES:
        listed = get_all(client, f"/v1/{rtype}")
        for summary in listed:
            body = client.get(f"/v1/{rtype}/{summary['id']}").get_json()
            assert body["sources"] == sorted(cited(body)), (rtype, body["id"])
        checked[rtype] = len(listed)
    # The synthetic seeds make no products; every other type is there in each.
    assert all(checked[rtype] for rtype in RESOURCES if rtype != "products"), checked


def test_a_partnership_cites_what_its_parts_and_events_cite(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    partnership = cross_cited(seeds)
    # The cross-cited seeds; testing mode and a limit out of reach, as the fixture above.
    app = create_app(Config(testing=True, rate_limit=SUITE_RATE_LIMIT, seeds_dir=seeds))
    body = app.test_client().get(f"/v1/partnerships/{partnership}").get_json()
    assert {"second", "third"} <= set(body["sources"])


def test_a_schema_without_evidence_gathers_nothing() -> None:
    class Named(Schema):
        name = fields.String()
        tags = fields.List(fields.String())

    assert gatherer(Named()) is None
