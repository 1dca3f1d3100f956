"""A build on the previous version (service.dataset.delta) makes exactly the dataset a build
from nothing makes, change by change: the same version, the same item for every resource, the
same indexes, the same record of what it was read from, and the same graph for the build after
it. What it cannot settle it leaves to a build from nothing."""

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from bench.synthetic import add_synthetic_article, write_synthetic_seeds
from service.config import BUNDLED_SEEDS
from service.dataset import Dataset, load_dataset
from service.dataset.delta import Previous, build_on
from service.dataset.lineage import Lineage, trace
from service.dataset.memo import BuildMemo
from service.dataset.render import (
    ITEM_SCHEMAS,
    LIST_SCHEMAS,
    is_rendered,
    item_key,
    list_item_key,
)
from service.store.codec import encode_indexes
from tests.test_state_history import LATER_SOURCES, NEGOTIATIONS, TALKS_ENDED

NOW = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
# The lineage of each version built, as its publish traces it from the one before.
LINEAGES: dict[str, Lineage] = {}
PARTNERSHIPS, ORGANIZATIONS = 150, 40


def previous_of(folder: Path) -> Previous:
    """The version a publish of `folder` leaves, as the next build reads it back."""
    memo = BuildMemo()
    dataset = load_dataset(folder, NOW, memo=memo)
    stored = BuildMemo.decode(memo.encode())
    LINEAGES[dataset.version] = trace(dataset, None)
    return Previous(dataset.version, dataset.indexes, dataset.contents, dataset.inputs, stored)


def built_on(previous: Previous, folder: Path) -> Dataset:
    """The build on `previous`, checked against a build of `folder` from nothing."""
    built = build_on(previous, folder, NOW)
    assert built is not None, "the change was left to a build from nothing"
    memo = BuildMemo()
    full = load_dataset(folder, NOW, memo=memo)
    assert built.version == full.version
    assert built.contents == full.contents  # every item's ETag, in the order of the indexes
    assert _etags(built.indexes, built.contents) == _etags(full.indexes, full.contents)
    # Every item built now is the very body a build from nothing renders.
    assert all(full.items[key] == value for key, value in built.items.items() if is_rendered(value))
    assert encode_indexes(built.indexes) == encode_indexes(full.indexes)
    assert (built.files, built.inputs) == (full.files, full.inputs)
    assert previous.memo.graph == memo.graph  # what the next build reads
    # When each resource last changed, worked out from the items this build made alone.
    lineage = trace(full, LINEAGES[previous.version])
    assert built.built_on == previous.version
    assert trace(built, LINEAGES[previous.version]) == lineage
    # And in full, from the contents map alone (another publisher flipped meanwhile).
    assert trace(built, None) == trace(full, None)
    LINEAGES[built.version] = lineage
    return built


def _etags(indexes: Any, contents: bytes) -> dict[str, bytes]:
    """Each item's ETag by its key, from a contents map."""
    keys = [item_key(t, rid) for t in ITEM_SCHEMAS for rid in indexes[t].ids]
    keys += [list_item_key(t, rid) for t in LIST_SCHEMAS for rid in indexes[t].ids]
    keys.append("dataset")
    assert len(contents) == len(keys) * 16
    return {key: contents[n * 16 : n * 16 + 16] for n, key in enumerate(keys)}


def _changed(before: Previous, after: Dataset) -> int:
    old = _etags(before.indexes, before.contents)
    new = _etags(after.indexes, after.contents)
    return sum(1 for key, etag in new.items() if old.get(key) != etag)


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    return write_synthetic_seeds(
        tmp_path / "seeds", partnerships=PARTNERSHIPS, organizations=ORGANIZATIONS
    )


def _edit(path: Path, change: Any) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=1))


def _new_source(folder: Path, name: str, text: str, facts: dict[str, Any]) -> None:
    (folder / "sources" / f"{name}.txt").write_text(text)
    seed = {
        "source": {
            "id": name,
            "title": f"Report {name}",
            "kind": "synthetic",
            "text_file": f"sources/{name}.txt",
        },
        **{rtype: [] for rtype in ("organizations", "partnerships", "events", "statements")},
        **facts,
    }
    (folder / f"{name}.json").write_text(json.dumps(seed, indent=1))


def test_an_added_article_is_built_as_from_nothing(synthetic: Path) -> None:
    before = previous_of(synthetic)
    add_synthetic_article(synthetic, partnerships=PARTNERSHIPS, organizations=ORGANIZATIONS)
    after = built_on(before, synthetic)
    # Its source, partnerships, events and statements, and the organizations taking part.
    assert 150 < _changed(before, after) < 300


def test_articles_added_one_after_another_each_build_on_the_last(synthetic: Path) -> None:
    before = previous_of(synthetic)
    for _ in range(3):
        add_synthetic_article(synthetic, partnerships=PARTNERSHIPS, organizations=ORGANIZATIONS)
        after = built_on(before, synthetic)
        # Read back as the next publish reads it: the memo as stored.
        before = Previous(
            after.version,
            after.indexes,
            after.contents,
            after.inputs,
            BuildMemo.decode(before.memo.encode()),
        )


def test_an_event_added_to_a_partnership_of_another_file(synthetic: Path) -> None:
    before = previous_of(synthetic)
    text = "Later report. The partners of deal 0000003 signed a contract in March."
    event = {
        "id": "synthetic-event-later",
        "type": "talks-confirmed",
        "partnership": "synthetic-partnership-0000003",
        "organizations": ["synthetic-org-000003"],
        "certainty": "stated",
        "summary": "A contract for deal 0000003.",
        "evidence": [{"quote": "The partners of deal 0000003 signed a contract"}],
    }
    _new_source(synthetic, "later-report", text, {"events": [event]})
    after = built_on(before, synthetic)
    assert "synthetic-event-later" in after.indexes["events"].members


def test_a_renamed_organization_renames_it_where_it_takes_part(synthetic: Path) -> None:
    before = previous_of(synthetic)
    first = synthetic / "synthetic-source-00000.json"
    _edit(first, lambda d: d["organizations"][0].update(name="Renamed Org Corp"))
    after = built_on(before, synthetic)
    # The organization and every partnership that names it.
    assert _changed(before, after) > 3


def test_a_change_reaches_what_reads_the_fields_it_changed(synthetic: Path) -> None:
    """What is built again follows the reads the assemblers declare: a partnership reads its
    participants' names, and an organization reads nothing of the organizations it takes part
    with, so a renamed organization builds again the partnerships naming it (and, read whole
    with them, their events and statements), but none of their other participants."""
    before = previous_of(synthetic)
    first = synthetic / "synthetic-source-00000.json"
    given = json.loads(first.read_text())
    renamed = given["organizations"][0]["id"]
    _edit(first, lambda d: d["organizations"][0].update(name="Renamed Org Corp"))
    after = built_on(before, synthetic)
    built: dict[str, set[str]] = {}
    for key in after.fresh:
        rtype, _, rid = key.partition("/")
        built.setdefault(rtype, set()).add(rid)
    index = after.indexes["partnerships"]
    naming = {index.ids[p] for p in index.filters["organization"].get(renamed)}
    # The changed file's own records are linked again whatever changed in them.
    assert built["organizations"] == {o["id"] for o in given["organizations"]}
    assert built["partnerships"] == naming | {p["id"] for p in given["partnerships"]}
    assert naming - {p["id"] for p in given["partnerships"]}, "no partnership of another file"


def test_a_retitled_partnership_is_retitled_where_it_is_related(synthetic: Path) -> None:
    text = (
        "Synthetic Org 000001 Corp and Synthetic Org 000002 Corp start a follow-up, which "
        "succeeds deal 0000000."
    )
    related = {
        "id": "synthetic-partnership-follow-up",
        "title": "A follow-up",
        "kind": "joint-development",
        "status": "active",
        "certainty": "stated",
        "participants": [
            {"organization": "synthetic-org-000001", "role": "partner"},
            {"organization": "synthetic-org-000002", "role": "partner"},
        ],
        "related": [
            {
                "partnership": "synthetic-partnership-0000000",
                "relation": "predecessor",
                "evidence": [{"quote": "succeeds deal 0000000"}],
            }
        ],
        "evidence": [{"quote": text, "supports": ["participants", "status"]}],
    }
    _new_source(synthetic, "related-report", text, {"partnerships": [related]})
    before = previous_of(synthetic)
    first = synthetic / "synthetic-source-00000.json"
    _edit(first, lambda d: d["partnerships"][0].update(title="A new title"))
    built_on(before, synthetic)


def test_an_organization_described_again_and_a_product_with_two_makers(synthetic: Path) -> None:
    before = previous_of(synthetic)
    text = (
        "Synthetic Org 000001 Corp, also called SO1, builds the Cell One with "
        "Synthetic Org 000002 Corp."
    )
    org = {
        "id": "synthetic-org-000001",
        "name": "Synthetic Org 000001 Corp",
        "aliases": ["SO1"],
        "evidence": [{"quote": "Synthetic Org 000001 Corp, also called SO1"}],
    }
    product = {
        "id": "cell-one",
        "name": "Cell One",
        "kind": "component",
        "status": "upcoming",
        "certainty": "stated",
        "makers": ["synthetic-org-000001", "synthetic-org-000002"],
        "evidence": [{"quote": "builds the Cell One with Synthetic Org 000002 Corp"}],
    }
    _new_source(synthetic, "product-report", text, {"organizations": [org], "products": [product]})
    built_on(before, synthetic)


def test_later_reports_settle_a_status_history_across_files(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(BUNDLED_SEEDS, folder)
    before = previous_of(folder)
    for name in (NEGOTIATIONS, TALKS_ENDED):
        shutil.copy(LATER_SOURCES / name, folder / name)
        for text in (LATER_SOURCES / "sources").iterdir():
            shutil.copy(text, folder / "sources" / text.name)
        after = built_on(before, folder)
        before = previous_of(folder)
        assert before.version == after.version


@pytest.mark.parametrize("change", ["removed file", "removed record", "edited text", "problem"])
def test_what_a_build_on_cannot_settle_is_left_to_a_build_from_nothing(
    synthetic: Path, change: str
) -> None:
    before = previous_of(synthetic)
    first = synthetic / "synthetic-source-00000.json"
    if change == "removed file":
        first.unlink()
    elif change == "removed record":
        _edit(first, lambda d: d["events"].pop())
    elif change == "edited text":
        text = synthetic / "sources" / "synthetic-source-00000.txt"
        text.write_text(text.read_text() + " A line more.")
    else:
        _edit(first, lambda d: d["events"][0].update(partnership="no-such-partnership"))
    assert build_on(before, synthetic, NOW) is None


def test_an_event_moved_to_another_partnership_leaves_the_first_without_events(
    synthetic: Path,
) -> None:
    before = previous_of(synthetic)
    first = synthetic / "synthetic-source-00000.json"
    _edit(first, lambda d: d["events"][0].update(partnership="synthetic-partnership-0000001"))
    after = built_on(before, synthetic)
    assert not after.indexes["events"].filters["partnership"].get("synthetic-partnership-0000000")


def test_a_changed_status_moves_a_partnership_in_its_filters_and_orders(synthetic: Path) -> None:
    before = previous_of(synthetic)
    first = synthetic / "synthetic-source-00000.json"
    _edit(first, lambda d: [p.update(status="terminated") for p in d["partnerships"]])
    after = built_on(before, synthetic)

    def counted(dataset: Previous | Dataset, status: str) -> int:
        return len(dataset.indexes["partnerships"].filters["status"].get(status))

    assert counted(after, "exploratory") < counted(before, "exploratory")
    assert counted(after, "terminated") > counted(before, "terminated")


def test_a_build_on_carries_the_memo_forward_with_what_it_learnt(synthetic: Path) -> None:
    before = previous_of(synthetic)
    spans, renders = dict(before.memo.known_spans), dict(before.memo.known_renders)
    add_synthetic_article(synthetic, partnerships=PARTNERSHIPS, organizations=ORGANIZATIONS)
    built_on(before, synthetic)
    learnt = before.memo
    assert learnt.made_spans.keys() - spans.keys() and learnt.made_renders.keys() - renders.keys()
    again = BuildMemo.decode(learnt.encode())
    assert dict(again.known_spans) == {**spans, **learnt.made_spans}
    assert dict(again.known_renders) == {**renders, **learnt.made_renders}
    assert all(again.known_spans[name] == start for name, start in spans.items())
