"""A publish builds on the current version: it validates only the seed files no retained version
was built from, writes only the items no retained version holds, writes nothing at all when the
version is current, and frees the items and forms only a pruned version used."""

import hashlib
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import orjson
import pytest
import redis
from click.testing import CliRunner

from bench.synthetic import add_synthetic_article, write_synthetic_seeds
from service.cli import main
from service.dataset import Dataset, load_dataset
from service.dataset.build import DATASET_KEY
from service.dataset.forms import schema_fingerprint
from service.dataset.render import ETAG_LENGTH
from service.store.contents import digests_of
from service.store.keys import Keys
from tests.conftest import new_prefix
from tests.support.redis_servers import RedisServer
from tests.support.redis_support import Target

pytestmark = pytest.mark.system

# Commands that change data; MONITOR shows scripts' own commands too.
WRITES = {
    "set", "mset", "del", "unlink", "sadd", "srem", "zadd", "zrem", "hset", "pexpire",
    "expire", "evalsha", "eval", "publish", "append", "incr", "setnx", "getdel",
}  # fmt: skip


def synthetic(folder: Path) -> Path:
    """Four seed files."""
    return write_synthetic_seeds(folder, partnerships=20, organizations=6, per_source=5)


def add_article(folder: Path) -> Path:
    return add_synthetic_article(folder, partnerships=20, organizations=6, per_source=5)


def held(client: Any, keys: Keys, version: str) -> set[str]:
    """The ETags of the items a stored version holds."""
    contents = client.get(keys.contents(version))
    assert isinstance(contents, bytes)
    return {d.hex() for d in digests_of(contents)}


def etags(dataset: Dataset) -> set[str]:
    return {value[:ETAG_LENGTH].decode() for value in dataset.items.values()}


def publish(url: str, prefix: str, folder: Path, cluster: bool = False) -> str:
    """`python -m service publish FOLDER`; its output."""
    # The test's Redis and a prefix of its own.
    env = {"REDIS_URL": url, "REDIS_PREFIX": prefix, "REDIS_CLUSTER": str(cluster).lower()}
    result = CliRunner().invoke(main, ["publish", str(folder)], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


class Watched:
    """Every command one Redis server runs while in the block, seen through MONITOR."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.commands: list[str] = []
        self._marker = f"end-{new_prefix()}"

    def __enter__(self) -> "Watched":
        self._client = redis.Redis.from_url(self.url)
        # redis-py declares no types for its MONITOR helper.
        self._monitor = self._client.monitor().__enter__()  # type: ignore[no-untyped-call]
        self._thread = threading.Thread(target=self._watch)
        self._thread.start()
        return self

    def _watch(self) -> None:
        while True:
            command = str(self._monitor.next_command()["command"])
            if self._marker in command:
                return
            self.commands.append(command)

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._client.echo(self._marker)
        self._thread.join(timeout=10)
        self._monitor.__exit__()
        self._client.close()

    def writes(self) -> list[str]:
        return [c for c in self.commands if c.split(" ", 1)[0].lower() in WRITES]

    def items_written(self, prefix: str) -> set[str]:
        pattern = re.compile(rf"{re.escape(prefix)}:item:([0-9a-f]{{32}})")
        return {etag for c in self.writes() for etag in pattern.findall(c)}


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis of the test's own: MONITOR then sees only what the test does."""
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


def test_adding_an_article_validates_its_file_and_writes_only_the_items_it_changes(
    own_redis: RedisServer, tmp_path: Path
) -> None:
    folder = synthetic(tmp_path / "seeds")
    keys = Keys(new_prefix())
    before = load_dataset(folder)
    assert publish(own_redis.url, keys.prefix, folder) == (
        f"published dataset version {before.version} from {folder}\n"
        f"seed files: 4 validated, 0 known; items: {len(etags(before))} written, "
        "0 stored already\n"
    )
    article = add_article(folder)
    after = load_dataset(folder)
    with Watched(own_redis.url) as watched:
        out = publish(own_redis.url, keys.prefix, folder)
    with redis.Redis.from_url(own_redis.url) as client:
        now, then = held(client, keys, after.version), held(client, keys, before.version)
    new = now - then
    # The article's items, the organizations it names, and the dataset's description.
    assert new - {after.items[DATASET_KEY][:ETAG_LENGTH].decode()} == etags(after) - etags(
        before
    ) - {after.items[DATASET_KEY][:ETAG_LENGTH].decode()}
    # Built on the current version: the article's file validated, and read besides it only
    # the file that describes the organizations it names.
    assert out == (
        f"published dataset version {after.version} from {folder}\n"
        f"seed files: 1 validated, 1 known; items: {len(new)} written, "
        f"{len(now) - len(new)} stored already\n"
    )
    # Exactly those items were written and no other; besides them only the version's own
    # keys, the new file's validated form, the pointer's few keys (with the record of every
    # version published) and the notice to replicas.
    assert watched.items_written(keys.prefix) == new
    form = keys.seed_form(schema_fingerprint(), digest_of(article))
    allowed = {
        *keys.version_keys(after.version), form, keys.current, keys.history, keys.published,
        keys.lock, keys.drafts, keys.channel, *(keys.item(etag) for etag in new),
        keys.memo(before.version),  # only the current version keeps its build's memo
    }  # fmt: skip
    named = {word for c in watched.writes() for word in c.split(" ")}
    assert {word for word in named if word.startswith(keys.prefix + ":")} <= allowed
    assert form in named


def digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_publishing_what_is_current_writes_nothing(own_redis: RedisServer, tmp_path: Path) -> None:
    folder = synthetic(tmp_path / "seeds")
    prefix = new_prefix()
    publish(own_redis.url, prefix, folder)
    with Watched(own_redis.url) as watched:
        out = publish(own_redis.url, prefix, folder)
    assert out.startswith("already current: dataset version")
    assert watched.commands  # it did read
    assert watched.writes() == []


def test_items_and_forms_only_a_pruned_version_used_are_freed(
    target: Target, tmp_path: Path
) -> None:
    folder = synthetic(tmp_path / "seeds")
    publish(target.url, target.prefix, folder, target.cluster)  # A
    first = folder / "synthetic-source-00000.json"
    edited_away = digest_of(first)
    data: dict[str, Any] = orjson.loads(first.read_bytes())
    data["partnerships"][0]["title"] = "Renamed"
    first.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    publish(target.url, target.prefix, folder, target.cluster)  # B: one file changed
    for _ in range(2):  # C and D: an article each; A is pruned (three are retained)
        add_article(folder)
        publish(target.url, target.prefix, folder, target.cluster)
    client = target.client()
    kept = [v.decode() for v in client.zrevrange(target.keys.history, 0, -1)]
    assert len(kept) == 3
    used = set().union(*(held(client, target.keys, version) for version in kept))
    stored = {k.decode().rsplit(":", 1)[1] for k in target.keys_matching(f"{target.prefix}:item:*")}
    assert stored == used
    forms = {k.decode().rsplit(":", 1)[1] for k in target.keys_matching(f"{target.prefix}:seed:*")}
    files = {digest_of(p) for p in folder.glob("*.json")}
    assert forms == files and edited_away not in forms and len(files) == 6
