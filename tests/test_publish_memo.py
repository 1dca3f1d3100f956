"""A publish reuses what the current version's build learnt: a folder holding the very bytes it
was built from is not loaded at all, and a folder that changed searches only new quotes and
renders only the records that differ; the version it makes is the one a build from nothing
makes, also when Redis lost items the reused renderings name."""

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result

from service.cli import main
from service.dataset import Dataset, load_dataset
from service.dataset.build import DATASET_KEY
from service.dataset.inputs import SeedFolder, build_fingerprint
from service.dataset.memo import BuildMemo
from service.dataset.render import DIGEST, ETAG_LENGTH, is_rendered, split_tagged
from service.store.batches import existing
from service.store.pipeline import CURRENT, plan_publish
from service.store.publish import current_memo
from tests.support.redis_support import Target
from tests.test_incremental_publish import add_article, synthetic

# Loads compared with each other are loaded "at" one time: the dataset's description says when.
NOW = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)


def built_from_same_inputs(client: Any, keys: Any, folder: Path) -> str | None:
    """The current version, when the publish of `folder` plans to change nothing."""
    plan = plan_publish(client, keys, SeedFolder.read(folder))
    return plan.current if plan.action == CURRENT else None


def publish(target: Target, folder: Path) -> str:
    """`python -m service publish FOLDER`, in process; its output."""
    return published(target, folder).stdout


def published(target: Target, folder: Path) -> Result:
    # The target's Redis (standalone or Cluster) and a prefix of the test's own.
    env = {
        "REDIS_URL": target.url,
        "REDIS_PREFIX": target.prefix,
        "REDIS_CLUSTER": str(target.cluster).lower(),
    }
    result = CliRunner().invoke(main, ["publish", str(folder)], env=env)
    assert result.exit_code == 0, result.output
    return result


def memo_report(result: Result) -> tuple[int, ...]:
    """quotes searched, known; records rendered, known: the publish's report on stderr."""
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("build memo:")]
    found = re.fullmatch(
        r"build memo: quotes (\d+) searched, (\d+) known; records (\d+) rendered, (\d+) known",
        line,
    )
    assert found, line
    return tuple(int(n) for n in found.groups())


def current(target: Target) -> str:
    raw = target.client().get(target.keys.current)
    assert isinstance(raw, bytes)
    return raw.decode()


def stored_bodies(target: Target, version: str) -> dict[str, bytes]:
    """Each item a stored version holds, by ETag, but the dataset's description (it says when
    the version was loaded); absent ones missing."""
    client = target.client()
    contents = client.get(target.keys.contents(version))
    assert isinstance(contents, bytes)
    # The description is the contents' last entry (service.store.contents).
    last = len(contents) - DIGEST
    etags = sorted({contents[at : at + DIGEST].hex() for at in range(0, last, DIGEST)})
    values = [client.get(target.keys.item(etag)) for etag in etags]
    return {etag: value for etag, value in zip(etags, values, strict=True) if value is not None}


def content_of(dataset: Dataset) -> dict[str, bytes]:
    """Each item's body by ETag, but the dataset's description."""
    return dict(split_tagged(value) for key, value in dataset.items.items() if key != DATASET_KEY)


def test_a_folder_holding_the_bytes_of_the_current_version_is_not_loaded(
    target: Target, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = synthetic(tmp_path / "seeds")
    publish(target, folder)
    version = current(target)

    def no_load(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the folder was loaded")

    monkeypatch.setattr("service.cli.load_dataset", no_load)
    assert publish(target, folder) == (
        f"already current: dataset version {version} from {folder}\n"
        "seed files: 0 validated, 4 known; nothing written\n"
    )


def text_edited(folder: Path) -> None:
    text = folder / "sources" / "synthetic-source-00001.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nA closing line.\n", encoding="utf-8")


def seed_reformatted(folder: Path) -> None:
    seed = folder / "synthetic-source-00002.json"
    seed.write_bytes(orjson.dumps(orjson.loads(seed.read_bytes())))  # same data, other bytes


def seed_removed(folder: Path) -> None:
    (folder / "synthetic-source-00003.json").unlink()


def text_relinked(folder: Path) -> None:
    """The seed's text becomes a link to another text: the seed's bytes stay the same."""
    text = folder / "sources" / "synthetic-source-00001.txt"
    text.rename(folder / "sources" / "kept-aside.txt")
    os.symlink("synthetic-source-00000.txt", text)


@pytest.mark.parametrize(
    "change",
    [text_edited, seed_reformatted, seed_removed, text_relinked, add_article],
    ids=lambda change: change.__name__,
)
def test_any_change_to_what_the_version_read_loads_the_folder_again(
    target: Target, tmp_path: Path, change: Any
) -> None:
    folder = synthetic(tmp_path / "seeds")
    publish(target, folder)
    client = target.client()
    assert built_from_same_inputs(client, target.keys, folder) == current(target)
    change(folder)
    assert built_from_same_inputs(client, target.keys, folder) is None


def test_a_version_built_by_other_code_is_not_trusted_to_match(
    target: Target, tmp_path: Path
) -> None:
    folder = synthetic(tmp_path / "seeds")
    publish(target, folder)
    client, version = target.client(), current(target)
    record = orjson.loads(client.get(target.keys.seeds(version)))
    assert record["build"] == build_fingerprint()
    client.set(target.keys.seeds(version), orjson.dumps({**record, "build": "0" * 16}))
    assert built_from_same_inputs(client, target.keys, folder) is None
    # Loaded, it makes the same version: already current, and nothing written.
    assert publish(target, folder).startswith(f"already current: dataset version {version}")


@pytest.mark.parametrize(
    "record", [b"{not json", b"[]", b'"text"', orjson.dumps({"build": None, "inputs": []})]
)
def test_a_record_of_inputs_that_cannot_be_read_loads_the_folder_again(
    target: Target, tmp_path: Path, record: bytes
) -> None:
    folder = synthetic(tmp_path / "seeds")
    publish(target, folder)
    client, version = target.client(), current(target)
    client.set(target.keys.seeds(version), record)
    assert built_from_same_inputs(client, target.keys, folder) is None
    assert publish(target, folder).startswith(f"already current: dataset version {version}")


def test_a_publish_renders_only_the_records_that_differ_and_builds_what_a_fresh_load_builds(
    target: Target, tmp_path: Path
) -> None:
    folder = synthetic(tmp_path / "seeds")
    publish(target, folder)
    before = load_dataset(folder, NOW)
    add_article(folder)
    fresh = load_dataset(folder, NOW)
    memo = current_memo(target.client(), target.keys)
    reused = load_dataset(folder, NOW, memo=memo)
    assert reused.version == fresh.version
    assert reused.files == fresh.files and reused.inputs == fresh.inputs
    unchanged = {key for key, value in fresh.items.items() if before.items.get(key) == value} - {
        DATASET_KEY
    }
    assert unchanged, "the article left some items as they were"
    named_only = {key for key, value in reused.items.items() if not is_rendered(value)}
    assert named_only == unchanged
    for key, value in reused.items.items():
        assert value[:ETAG_LENGTH] == fresh.items[key][:ETAG_LENGTH]
        if key not in named_only:
            assert value == fresh.items[key]
    # Every quote of the unchanged files was known; the article's were searched and noted.
    assert memo.known_spans and set(memo.known_spans) < set(memo.made_spans)

    # The publish builds on the current version and says what it did itself: the article's
    # quotes searched, and of the records its change reaches, those that differ rendered.
    earlier = BuildMemo()
    load_dataset(synthetic(tmp_path / "before"), NOW, memo=earlier)
    searched, _, rendered, known_records = memo_report(published(target, folder))
    everything = BuildMemo()
    load_dataset(folder, NOW, memo=everything)  # a memo that knows nothing: every quote searched
    assert searched == everything.searched - earlier.searched
    records = sum(len(index.ids) for index in fresh.indexes.values())
    changed = len(
        [key for key in set(fresh.items) - unchanged - {DATASET_KEY} if ".list/" not in key]
    )
    assert rendered == changed
    assert rendered + known_records < records / 2  # a load would count every record
    assert current(target) == fresh.version
    # Only the current version keeps a memo: it is the only one read.
    client = target.client()
    assert client.exists(target.keys.memo(fresh.version))
    assert not client.exists(target.keys.memo(before.version))
    bodies = stored_bodies(target, fresh.version)
    assert bodies == content_of(fresh)


def test_quotes_are_searched_again_in_a_text_that_changed(target: Target, tmp_path: Path) -> None:
    folder = synthetic(tmp_path / "seeds")
    publish(target, folder)
    text = folder / "sources" / "synthetic-source-00001.txt"
    text.write_text("A new first line.\n" + text.read_text(encoding="utf-8"), encoding="utf-8")
    fresh = load_dataset(folder, NOW)
    memo = current_memo(target.client(), target.keys)
    reused = load_dataset(folder, NOW, memo=memo)
    # Every quote of that source moved; found where they are now, not where they were.
    assert reused.version == fresh.version
    assert {key: value[:ETAG_LENGTH] for key, value in reused.items.items()} == {
        key: value[:ETAG_LENGTH] for key, value in fresh.items.items()
    }


def test_items_redis_lost_are_rendered_again(target: Target, tmp_path: Path) -> None:
    folder = synthetic(tmp_path / "seeds")
    publish(target, folder)
    lost = sorted(stored_bodies(target, current(target)))[:5]
    client = target.client()
    for etag in lost:
        client.delete(target.keys.item(etag))
    add_article(folder)
    fresh = load_dataset(folder, NOW)
    out = publish(target, folder)
    assert out.startswith(f"published dataset version {fresh.version}")
    bodies = stored_bodies(target, fresh.version)
    assert bodies == content_of(fresh)
    assert set(lost) & set(bodies), "some lost item is one the new version holds"


def test_a_memo_made_by_other_code_or_cut_short_is_not_read() -> None:
    memo = BuildMemo()
    record = {"id": "x", "name": "X"}
    rendered = memo.rendered("organizations", record, lambda r: (b"a" * ETAG_LENGTH + b"{}",))
    assert memo.start("0" * 64, "quote", None, lambda: 7) == 7
    raw = memo.encode()
    again = BuildMemo.decode(raw)
    assert again.known_spans == memo.made_spans and again.known_renders == memo.made_renders
    assert again.rendered("organizations", record, lambda r: pytest.fail("rendered")) == (
        rendered[0][:ETAG_LENGTH],
    )
    assert again.start("0" * 64, "quote", None, lambda: pytest.fail("searched")) == 7
    for broken in (b"0" * 16 + raw[16:], raw[:-3], raw[:40], b""):
        decoded = BuildMemo.decode(broken)
        assert decoded.knows_little and not decoded.known_spans


def test_existing_names_exactly_the_keys_that_exist(target: Target) -> None:
    client = target.client()
    names = [f"{target.prefix}:probe:{n}" for n in range(5000)]
    there = {names[n] for n in (*range(0, 2000), 2500, 3999, 4000, 4001, 4999)}
    for name in there:
        client.set(name, b"1")
    assert existing(client, names) == there
    assert existing(client, names[2000:2500]) == set()
    assert existing(client, names[:2000]) == set(names[:2000])


def test_a_bad_article_is_reported_by_file_and_field_and_the_current_version_stays(
    target: Target, tmp_path: Path
) -> None:
    """A build on the current version leaves a seed problem to a full load, which names it."""
    folder = synthetic(tmp_path / "seeds")
    publish(target, folder)
    version = current(target)
    article = add_article(folder)
    data = orjson.loads(article.read_bytes())
    data["events"][0]["partnership"] = "no-such-partnership"
    article.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    # The target's Redis and prefix, as in `published` above.
    env = {
        "REDIS_URL": target.url,
        "REDIS_PREFIX": target.prefix,
        "REDIS_CLUSTER": str(target.cluster).lower(),
    }
    result = CliRunner().invoke(main, ["publish", str(folder)], env=env)
    assert result.exit_code == 1
    lines = article.read_text().splitlines()
    (at,) = [n for n, line in enumerate(lines, 1) if '"no-such-partnership"' in line]
    column = lines[at - 1].index('"no-such-partnership"') + 1
    problems = [line for line in result.stderr.splitlines() if line.startswith(article.name)]
    assert problems == [
        f"{article.name}:{at}:{column}: events[synthetic-event-0000020]: partnership: "
        "unknown partnership 'no-such-partnership'."
    ]
    assert result.stderr.splitlines()[-1] == f"1 problem(s) in {folder}; nothing published."
    assert current(target) == version
