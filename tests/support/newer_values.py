"""A service whose vocabularies grew: every open vocabulary holds a value the committed
openapi.yaml does not list, as a later server within v1 may serve. SDKs must take them as
plain strings."""

from collections.abc import Iterator
from contextlib import contextmanager

import redis

from service.config import BUNDLED_SEEDS
from service.dataset.assemble import assemble
from service.dataset.build import Dataset, build_dataset
from service.dataset.link import link_documents
from service.dataset.parse import parse_seeds
from service.store.keys import Keys
from service.store.publish import publish_dataset
from tests.conftest import SUITE_RATE_LIMIT, delete_prefix, new_prefix
from tests.support.live_server import gunicorn

# Values a later version of the vocabularies might add, none of them in the committed
# openapi.yaml: (resource, field) -> the new value.
NEW_VALUES = {
    ("partnership", "status"): "paused",
    ("partnership", "kind"): "merger",
    ("participant", "role"): "co-developer",
    ("agreement", "type"): "framework-agreement",
    ("agreement", "state"): "lapsed",
    ("scope", "certainty"): "rumoured",
    ("driver", "kind"): "supply-shortage",
    ("related", "relation"): "rival-partnership",
    ("event", "type"): "talks-ended",
    ("product", "kind"): "van",
    ("product", "status"): "recalled",
    ("product", "powertrain"): "plug-in-hybrid",
    ("organization", "kind"): "startup",
    ("source", "kind"): "blog-post",
}


def dataset_with_new_values() -> Dataset:
    """The bundled facts with every vocabulary grown by a value, as a server with newer
    vocabularies would serve them (the seed schemas of this one refuse such values, so the
    linked records are changed before they are assembled and rendered)."""
    sources, merged = link_documents(parse_seeds(BUNDLED_SEEDS))
    new = NEW_VALUES.__getitem__
    partnership = next(p for p in merged["partnerships"] if p["id"] == COLLABORATION)
    partnership["status"] = partnership["status_history"][0]["value"] = new(
        ("partnership", "status")
    )
    partnership["kind"] = new(("partnership", "kind"))
    partnership["participants"][0]["role"] = new(("participant", "role"))
    agreement = partnership["agreements"][0]
    agreement["type"] = new(("agreement", "type"))
    agreement["state"] = agreement["state_history"][0]["value"] = new(("agreement", "state"))
    partnership["scope"][0]["certainty"] = new(("scope", "certainty"))
    partnership["drivers"][0]["kind"] = new(("driver", "kind"))
    partnership["related"][0]["relation"] = new(("related", "relation"))
    event = next(e for e in merged["events"] if e["id"] == "honda-nissan-mou-signed")
    event["type"] = new(("event", "type"))
    (product,) = merged["products"]
    product["kind"] = new(("product", "kind"))
    product["status"] = product["status_history"][0]["value"] = new(("product", "status"))
    product["powertrain"] = new(("product", "powertrain"))
    renault = next(o for o in merged["organizations"] if o["id"] == "renault")
    renault["kind"] = new(("organization", "kind"))
    for source in sources.values():
        source["kind"] = new(("source", "kind"))
    return build_dataset(assemble(sources, merged))


COLLABORATION = "honda-nissan-ev-collaboration"


@contextmanager
def newer_values_service(redis_url: str) -> Iterator[str]:
    """A live gunicorn serving, from Redis, a dataset with values openapi.yaml does not list."""
    prefix = new_prefix()
    with redis.Redis.from_url(redis_url) as client:
        assert publish_dataset(client, Keys(prefix), dataset_with_new_values())
    try:
        # From Redis, under the prefix the dataset was published to; a limit out of the way.
        with gunicorn(
            RATE_LIMIT=SUITE_RATE_LIMIT, REDIS_URL=redis_url, REDIS_PREFIX=prefix
        ) as base:
            yield base
    finally:
        delete_prefix(redis_url, prefix)
