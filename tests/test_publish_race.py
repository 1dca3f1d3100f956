"""Two publishers at once, on two different folders, fifty times over: each reads the version
current as it starts, builds on it, and races the other to the flip. Whichever wins, the
current version is exactly what a full load of one of the two folders makes, so a publish
never pairs one version's build graph with another's indexes."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bench.synthetic import add_synthetic_article, write_synthetic_seeds
from service.dataset import load_dataset
from service.dataset.render import DIGEST
from service.store.keys import Keys
from service.store.publish import is_complete
from tests.conftest import delete_prefix, new_prefix
from tests.support.live_server import ROOT

pytestmark = pytest.mark.system
ROUNDS = 50
# Two folders of different sizes: their seed files share names, so a build on the other
# folder's version sees every one of them changed.
SIZES = {"a": (12, 5), "b": (15, 6)}


@pytest.fixture
def prefix(shared_redis_url: str) -> Iterator[str]:
    chosen = new_prefix()
    yield chosen
    delete_prefix(shared_redis_url, chosen)


def grown(folder: Path, name: str) -> Path:
    """The folder with one more article, as an editor adds one between publishes."""
    partnerships, organizations = SIZES[name]
    if not folder.exists():
        return write_synthetic_seeds(
            folder, partnerships=partnerships, organizations=organizations, per_source=4
        )
    add_synthetic_article(
        folder, partnerships=partnerships, organizations=organizations, per_source=4
    )
    return folder


def start_publish(url: str, prefix: str, folder: Path) -> subprocess.Popen[str]:
    """`python -m service publish FOLDER`, as the README gives it."""
    # The test's Redis, under a prefix of its own: the shared Redis may hold other runs' keys.
    env = {**os.environ, "REDIS_URL": url, "REDIS_PREFIX": prefix}
    return subprocess.Popen(
        [sys.executable, "-m", "service", "publish", str(folder)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_two_publishers_at_once_always_leave_a_full_load_of_one_folder_current(
    shared_redis_url: str, prefix: str, tmp_path: Path
) -> None:
    client = redis.Redis.from_url(shared_redis_url)
    keys = Keys(prefix)
    built_on = 0
    for _ in range(ROUNDS):
        folders = {name: grown(tmp_path / name, name) for name in SIZES}
        running = [start_publish(shared_redis_url, prefix, folder) for folder in folders.values()]
        for process in running:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            built_on += "plan: build on version" in err
        current = client.get(keys.current)
        assert isinstance(current, bytes)
        version = current.decode()
        loads = {made.version: made for made in map(load_dataset, folders.values())}
        assert version in loads, "the current version is a full load of neither folder"
        assert is_complete(client, keys, version)
        # Every item's ETag, in the order of the indexes (the dataset's description aside,
        # which says when it was loaded).
        stored = client.get(keys.contents(version))
        assert isinstance(stored, bytes)
        assert stored[:-DIGEST] == loads[version].contents[:-DIGEST]
    # The race ran between builds on the current version, not only between full loads.
    assert built_on >= ROUNDS
