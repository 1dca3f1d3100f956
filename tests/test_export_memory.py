"""The export streams: what it holds at once is a few store reads, however big the dataset."""

import tracemalloc
import zlib
from collections.abc import Iterator

import pytest
from flask import Flask

from bench.synthetic import write_synthetic_seeds
from tests.conftest import SUITE_RATE_LIMIT, delete_prefix, new_prefix
from tests.support.redis_support import Target

# A fixed budget: a few batches of resources read from Redis and their lines, whatever the
# dataset's size (a batch of 128 resources; synthetic sources are about 100 kB each).
BUDGET = 4_000_000


@pytest.fixture(scope="module")
def large_app(tmp_path_factory: pytest.TempPathFactory, shared_redis_url: str) -> Iterator[Flask]:
    """A Redis-backed service serving 2,000 synthetic partnerships (about 8,400 resources)."""
    seeds = write_synthetic_seeds(
        tmp_path_factory.mktemp("large"), partnerships=2000, organizations=400
    )
    target = Target(shared_redis_url, False, new_prefix())
    # Redis holds nothing under this prefix: the app publishes its seeds as it starts. Seeds
    # many times the budget (the bundled ones fit in it); the suite's limit, never reached.
    application = target.app(rate_limit=SUITE_RATE_LIMIT, seeds_dir=seeds)
    assert application.extensions["partnership_api"].store.snapshot().version == (
        application.extensions["partnership_api"].store.fallback().version
    )
    yield application
    target.close()
    delete_prefix(shared_redis_url, target.prefix)


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
@pytest.mark.slow
def test_the_export_never_holds_the_dataset_in_memory(large_app: Flask, encoding: str) -> None:
    snapshot = large_app.extensions["partnership_api"].store.snapshot()
    resources = sum(len(index.ids) for index in snapshot.indexes.values())
    client = large_app.test_client()
    response = client.get("/v1/export", headers={"Accept-Encoding": encoding}, buffered=False)
    assert response.status_code == 200
    unzip = zlib.decompressobj(31) if encoding == "gzip" else None
    size = lines = 0
    tracemalloc.start()
    try:
        for chunk in response.iter_encoded():
            data = unzip.decompress(chunk) if unzip else chunk
            size, lines = size + len(data), lines + data.count(b"\n")
            del data
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lines == 1 + resources
    # All of it sent, never more than a fixed few batches of it held at once.
    assert size > 2 * peak
    assert peak < BUDGET, f"peak {peak} bytes while streaming {size}"
