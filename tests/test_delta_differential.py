"""A build on the previous version, against a build from nothing, over sequences of seed edits
that Hypothesis draws: after each edit, the version a publish builds on the one before (read
back as a publish leaves it) is the version a full load makes, byte for byte, and so is the
change feed between the two versions. What a build on cannot settle it leaves to a full load;
an edit it claims (records added or changed) must be built on, so falling back every time
cannot pass."""

import datetime as dt
import shutil
import tempfile
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, Phase, currently_in_test_context, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)

from bench.synthetic import org_id, write_synthetic_seeds
from schemas.vocabulary import PARTNERSHIP_STATUSES, RELATIONS
from service.config import BUNDLED_SEEDS
from service.dataset import Dataset, SeedError, load_dataset
from service.dataset.build import DATASET_KEY
from service.dataset.delta import Previous, build_on
from service.dataset.index import ResourceIndex
from service.dataset.inputs import SeedFolder, SeedInput
from service.dataset.lineage import (
    Lineage,
    decode_lineage,
    diff,
    encode_lineage,
    stamp_indexes,
    trace,
)
from service.dataset.memo import BuildMemo
from service.dataset.render import (
    DIGEST,
    ETAG_LENGTH,
    ITEM_SCHEMAS,
    LIST_SCHEMAS,
    is_rendered,
    item_key,
    list_item_key,
)
from service.store.codec import decode_indexes, encode_indexes
from tests.support import seed_edits as edits
from tests.support.seed_edits import BUILDS_ON, FALLS_BACK, EditedFolder, Outcome, StatusReport
from tests.test_state_history import ARTICLE, LATER_SOURCES, NEGOTIATIONS, TALKS_ENDED

NOW = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
COLLABORATION = "honda-nissan-ev-collaboration"
# How often each kind of edit was built on, fell back, or left the folder's bytes as they were.
OUTCOMES: Counter[tuple[str, str]] = Counter()


@pytest.fixture(scope="module", autouse=True)
def outcomes_reported() -> Iterator[None]:
    """How often each edit was built on or fell back, printed (`pytest -s`) after the runs."""
    yield
    for (edit, outcome), count in sorted(OUTCOMES.items()):
        print(f"{edit}: {outcome} {count}")


def read_back(dataset: Dataset, memo: BuildMemo, lineage: Lineage) -> Previous:
    """The version as the next publish reads it (service.store.publish.previous_build): its
    indexes as stored (stamped with its lineage), its inputs as JSON, its memo as stored."""
    indexes = decode_indexes(encode_indexes(stamp_indexes(dataset.indexes, lineage)))
    inputs: tuple[SeedInput, ...] = tuple(
        (a, b, c, d) for a, b, c, d in orjson.loads(orjson.dumps(dataset.inputs))
    )
    stored = BuildMemo.decode(memo.encode())
    # What previous_build checks before a build on it, else the publish loads in full: the
    # graph's files are the seed files built from, its columns a row per resource.
    graph = stored.graph
    assert graph is not None
    files = {name: entry["read"][0][1] for name, entry in graph.files.items()}
    assert files == {name: digest for name, digest, _, _ in inputs}
    for rtype, columns in graph.columns.items():
        assert {len(column) for column in columns.values()} == {len(indexes[rtype].ids)}
    return Previous(dataset.version, indexes, bytes(dataset.contents), inputs, stored)


def item_etags(indexes: Mapping[str, ResourceIndex], contents: bytes) -> dict[str, str]:
    """Each resource's item ETag by its key, from a contents map (render.contents_in_order)."""
    keys = [item_key(t, rid) for t in ITEM_SCHEMAS for rid in indexes[t].ids]
    listed = [list_item_key(t, rid) for t in LIST_SCHEMAS for rid in indexes[t].ids]
    assert len(contents) == (len(keys) + len(listed) + 1) * DIGEST  # and the description's
    return {key: contents[n * DIGEST : (n + 1) * DIGEST].hex() for n, key in enumerate(keys)}


def unstamped(indexes: Mapping[str, ResourceIndex]) -> dict[str, ResourceIndex]:
    """The indexes without `updated_in`, which a publish stamps anew (lineage.stamp_indexes):
    a build on copies an index it did not touch, stamps of the version before and all."""
    return {
        t: replace(i, updated_versions=(), updated_numbers=array("I")) for t, i in indexes.items()
    }


def assert_same_version(made: Dataset, full: Dataset, before: Previous, traced: Lineage) -> Lineage:
    """`made` (built on `before`, or loaded with its memo) is the version `full` is, built from
    nothing; returns the lineage a publish traces for it after `traced`, `before`'s."""
    old, new = item_etags(before.indexes, before.contents), item_etags(full.indexes, full.contents)
    ours = item_etags(made.indexes, made.contents)
    differ = [key for key in ours.keys() | new.keys() if ours.get(key) != new.get(key)]
    assert not differ, f"not as a build from nothing makes them: {sorted(differ)}"
    assert made.version == full.version
    assert made.contents == full.contents  # every item's ETag, in the order of the indexes
    assert (made.files, made.inputs) == (full.files, full.inputs)
    assert made.indexes.keys() == full.indexes.keys()
    for rtype, index in unstamped(made.indexes).items():
        mine, theirs = encode_indexes({rtype: index}), encode_indexes({rtype: full.indexes[rtype]})
        assert mine == theirs, f"the {rtype} index differs"
    # Every item made now is the body a build from nothing renders, or, known to the memo, its
    # ETag; a build on makes only what it changed (its `fresh` keys) and the description.
    for key, value in made.items.items():
        assert value == (full.items[key] if is_rendered(value) else full.items[key][:ETAG_LENGTH])
    if made.built_on is not None:
        assert made.built_on == before.version
        assert set(made.items) == made.fresh | {DATASET_KEY}
    else:
        assert set(made.items) == set(full.items)
    lineage = trace(full, traced)
    assert trace(made, traced) == lineage  # from the items it made alone, when built on
    assert trace(made, None) == trace(full, None)  # from its contents map alone
    stored = encode_indexes(stamp_indexes(made.indexes, lineage))
    assert stored == encode_indexes(stamp_indexes(full.indexes, lineage))
    # The change feed, against what the two contents maps say changed.
    changed = {key: "changed" if key in old else "added" for key in new if old.get(key) != new[key]}
    changed |= {key: "removed" for key in old.keys() - new.keys()}
    feed = diff(traced, lineage)
    assert {f"{c.rtype}/{c.rid}": c.kind for c in feed} == changed
    assert all(c.updated_in == full.version for c in feed if c.kind != "removed")
    assert all(lineage.updated_in[key] == traced.updated_in[key] for key in new.keys() - changed)
    return lineage


class Publisher:
    """A seeds folder published version after version as `publish` does it: built on the
    version before when that build settles it, else loaded in full with what the version
    before learnt; each version checked against a build of the folder from nothing."""

    def __init__(self, root: Path) -> None:
        self.folder = EditedFolder(root)
        memo = BuildMemo()
        self.full = load_dataset(root, NOW, memo=memo)
        self.lineage = trace(self.full, None)
        self.previous = read_back(self.full, memo, self.lineage)
        # The ETags of the item bodies written so far (a store that prunes nothing).
        self.stored = {v[:ETAG_LENGTH].decode() for v in self.full.items.values()}
        self.serial = 0

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def resource(self, rtype: str, rid: str) -> Any:
        """The resource as the current version serves it."""
        return orjson.loads(self.full.items[item_key(rtype, rid)][ETAG_LENGTH:])

    def publish(self, edit: str, claimed: Outcome) -> None:
        before, traced = self.previous, self.lineage
        # As the publish reads the folder (service.store.pipeline): once, its changes from it.
        folder = SeedFolder.read(self.folder.root)
        changes = folder.changes_since(before.inputs)
        graph_memo = BuildMemo()
        full = load_dataset(self.folder.root, NOW, memo=graph_memo)
        if changes is not None and changes.none:
            # An edit that wrote the bytes there were (a value set to itself): the publish
            # finds the version current and builds nothing, rightly.
            OUTCOMES[f"{edit}, bytes unchanged", "already current"] += 1
            assert full.version == before.version
            assert build_on(before, self.folder.root, NOW, folder=folder) is None
            return
        built = build_on(before, self.folder.root, NOW, changes=changes, folder=folder)
        outcome = FALLS_BACK if built is None else BUILDS_ON
        OUTCOMES[edit, outcome] += 1
        if currently_in_test_context():
            event(f"{edit}: {outcome}")
        assert outcome == claimed, f"{edit}: a build on claims it {claimed}, it {outcome}"
        # When it cannot build on, the publish loads the folder with the memo of the version
        # before: its renders named by ETag alone, its quotes not searched again.
        made = built or load_dataset(self.folder.root, NOW, memo=before.memo, folder=folder)
        lineage = assert_same_version(made, full, before, traced)
        assert before.memo.graph == graph_memo.graph  # what the next build on reads
        # Only the bodies a version makes are written: every item it lists must have one.
        written = {v[:ETAG_LENGTH].decode() for v in made.items.values() if is_rendered(v)}
        listed = {
            made.contents[at : at + DIGEST].hex() for at in range(0, len(made.contents), DIGEST)
        }
        assert listed <= self.stored | written, "an item listed has no body written"
        self.stored |= written
        self.previous = read_back(made, before.memo, lineage)
        assert self.previous.memo.graph == graph_memo.graph  # and so once stored
        self.lineage = decode_lineage(encode_lineage(lineage))
        self.full = full

    def try_removal(self, edit: str, remove: Callable[[EditedFolder], Outcome]) -> bool:
        """Publish a removal when the folder stays valid without what it removes (nothing
        else names it); else put the folder back as it was and publish nothing."""
        saved = self.folder.root.with_name("saved")
        shutil.copytree(self.folder.root, saved)
        try:
            outcome = remove(self.folder)
            try:
                load_dataset(self.folder.root, NOW)
            except SeedError:
                shutil.rmtree(self.folder.root)
                saved.rename(self.folder.root)
                self.folder = EditedFolder(self.folder.root)
                return False
            self.publish(edit, outcome)
            return True
        finally:
            shutil.rmtree(saved, ignore_errors=True)


def seeds_with(
    root: Path, partnerships: int, organizations: int, per_source: int, later: int
) -> Path:
    """The bundled seeds, a small synthetic folder beside them, and `later` of the dated reports
    on the bundled partnership (in their order: the second is dated after the first)."""
    shutil.copytree(BUNDLED_SEEDS, root)
    write_synthetic_seeds(
        root, partnerships=partnerships, organizations=organizations, per_source=per_source
    )
    for name in (NEGOTIATIONS, TALKS_ENDED)[:later]:
        shutil.copy(LATER_SOURCES / name, root / name)
        text = f"sources/{name.removesuffix('.yaml')}.txt"
        shutil.copy(LATER_SOURCES / text, root / text)
    return root


def titles(n: int) -> st.SearchStrategy[str]:
    # Shared titles and names tie in the lists sorted by them, where ties are ordered by id.
    return st.sampled_from([f"Partnership {n}", "A shared title", "Zeta venture"])


def names(n: int) -> st.SearchStrategy[str]:
    return st.sampled_from([f"Organization {n}", "A shared name", "Honda Motor Co."])


class SeedEdits(RuleBasedStateMachine):
    """Edits of a seeds folder, drawn one after another, each published on the version before."""

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="delta-differential-"))
        self.publisher: Publisher

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    @initialize(
        partnerships=st.integers(2, 8),
        organizations=st.integers(2, 5),
        per_source=st.integers(1, 4),
        later=st.integers(0, 2),
    )
    def start(self, partnerships: int, organizations: int, per_source: int, later: int) -> None:
        root = seeds_with(self.tmp / "seeds", partnerships, organizations, per_source, later)
        self.publisher = Publisher(root)

    @property
    def folder(self) -> EditedFolder:
        return self.publisher.folder

    def _pick(self, data: st.DataObject, choices: list[Any], label: str) -> Any:
        return data.draw(st.sampled_from(choices), label=label)

    @rule(data=st.data())
    def new_article(self, data: st.DataObject) -> None:
        n = self.publisher.next_serial()
        orgs, partnerships = self.folder.ids("organizations"), self.folder.ids("partnerships")
        some = st.sampled_from
        article = data.draw(
            st.builds(
                edits.Article,
                partners=st.lists(some(orgs), min_size=2, max_size=2, unique=True).map(tuple),
                title=titles(n),
                status=some(PARTNERSHIP_STATUSES),
                new_organization=st.booleans(),
                described_again=st.none() | some(orgs),
                event_on=st.none() | some(partnerships),
                event_dated=st.booleans(),
                event_agreement=st.booleans(),
                statement_on=st.none() | some(partnerships),
                related_to=st.none() | some(partnerships),
                makers=st.lists(some(orgs), max_size=2, unique=True).map(tuple),
                fmt=some(["json", "yaml"]),
            ),
            label="article",
        )
        self.publisher.publish("new article", edits.add_article(self.folder, n, article))

    @rule(data=st.data())
    def retitled_partnership(self, data: st.DataObject) -> None:
        pid = self._pick(data, self.folder.ids("partnerships"), "partnership")
        title = data.draw(titles(self.publisher.next_serial()), label="title")
        retitled = edits.retitle_partnership(self.folder, pid, title)
        self.publisher.publish("retitled partnership", retitled)

    @rule(data=st.data())
    def renamed_organization(self, data: st.DataObject) -> None:
        oid = self._pick(data, self.folder.ids("organizations"), "organization")
        name = data.draw(names(self.publisher.next_serial()), label="name")
        renamed = edits.rename_organization(self.folder, oid, name)
        self.publisher.publish("renamed organization", renamed)

    def _restatable(self) -> list[str]:
        """Partnerships whose status one file states, as a bare value."""
        return [
            pid
            for pid in self.folder.ids("partnerships")
            for giving in [self.folder.giving("partnerships", pid)]
            if len(giving) == 1 and isinstance(giving[0][1]["status"], str)
        ]

    @precondition(lambda self: self._restatable())
    @rule(data=st.data())
    def restated_status(self, data: st.DataObject) -> None:
        pid = self._pick(data, self._restatable(), "partnership")
        status = self._pick(data, list(PARTNERSHIP_STATUSES), "status")
        self.publisher.publish("restated status", edits.restate_status(self.folder, pid, status))

    def _latest_sources(self) -> dict[str, str]:
        """Each partnership's source of the latest statement of its status, when one is."""
        latest = {}
        for pid in self.folder.ids("partnerships"):
            history = self.publisher.resource("partnerships", pid)["status_history"]
            last = [e["source"] for e in history if e["position"] == history[-1]["position"]]
            if len(last) == 1:
                latest[pid] = last[0]
        return latest

    @precondition(lambda self: self._latest_sources())
    @rule(data=st.data())
    def status_report(self, data: st.DataObject) -> None:
        latest = self._latest_sources()
        pid = self._pick(data, sorted(latest), "partnership")
        taking_part = {
            part["organization"]
            for _, record in self.folder.giving("partnerships", pid)
            for part in record["participants"]
        }
        newcomers = [o for o in self.folder.ids("organizations") if o not in taking_part]
        report = data.draw(
            st.builds(
                edits.StatusReport,
                partnership=st.just(pid),
                value=st.sampled_from(PARTNERSHIP_STATUSES),
                follows=st.just(latest[pid]),
                dating=st.sampled_from(["follows", "date", "published"]),
                joined=st.none() | st.sampled_from(newcomers),
                agreement=st.booleans(),
            ),
            label="report",
        )
        n = self.publisher.next_serial()
        self.publisher.publish("status report", edits.add_status_report(self.folder, n, report))

    def _later_report(self) -> Path | None:
        """The next dated report on the bundled partnership, when the folder's histories let
        it follow: the first follows the article, the second is dated after the first."""
        seeds = self.folder.seeds
        if COLLABORATION not in self.folder.ids("partnerships") or TALKS_ENDED in seeds:
            return None
        stated = self.publisher.resource("partnerships", COLLABORATION)["status_history"]
        history = [e["source"] for e in stated]
        if NEGOTIATIONS not in seeds:
            return LATER_SOURCES / NEGOTIATIONS if history == [ARTICLE] else None
        # The second also says the Prologue is on sale now, after the article said upcoming.
        if "honda-prologue" not in self.folder.ids("products"):
            return None
        prologue = self.publisher.resource("products", "honda-prologue")["status_history"]
        said = [e["source"] for e in prologue]
        if history == [ARTICLE, "honda-nissan-negotiations"] and said == [ARTICLE]:
            return LATER_SOURCES / TALKS_ENDED
        return None

    @precondition(lambda self: self._later_report() is not None)
    @rule()
    def later_report(self) -> None:
        report = self._later_report()
        assert report is not None
        self.publisher.publish("later report", edits.add_later_report(self.folder, report))

    def _movable(self) -> list[tuple[str, str]]:
        """Events and statements of a partnership (an event of an agreement stays with it)."""
        return [
            (rtype, record["id"])
            for seed in self.folder.seeds.values()
            for rtype in ("events", "statements")
            for record in seed.get(rtype) or ()
            if record.get("partnership") and not record.get("agreement")
        ]

    @precondition(lambda self: self._movable())
    @rule(data=st.data())
    def moved_to_another_partnership(self, data: st.DataObject) -> None:
        rtype, rid = self._pick(data, sorted(self._movable()), "record")
        (_, record), *_ = self.folder.giving(rtype, rid)
        others = [pid for pid in self.folder.ids("partnerships") if pid != record["partnership"]]
        pid = self._pick(data, others, "partnership")
        moved = edits.move_to(self.folder, rtype, rid, pid)
        self.publisher.publish(f"moved {rtype.removesuffix('s')}", moved)

    @precondition(lambda self: self.folder.ids("products"))
    @rule(data=st.data())
    def changed_makers(self, data: st.DataObject) -> None:
        product = self._pick(data, self.folder.ids("products"), "product")
        orgs = st.sampled_from(self.folder.ids("organizations"))
        makers = data.draw(st.lists(orgs, min_size=1, max_size=3, unique=True), label="makers")
        self.publisher.publish("changed makers", edits.change_makers(self.folder, product, makers))

    @rule(data=st.data())
    def related_partnership(self, data: st.DataObject) -> None:
        pid = self._pick(data, self.folder.ids("partnerships"), "partnership")
        giving = self.folder.giving("partnerships", pid)
        name = self._pick(data, [name for name, _ in giving], "file")
        related = {r["partnership"] for _, p in giving for r in p.get("related") or ()}
        others = [o for o in self.folder.ids("partnerships") if o != pid and o not in related]
        if not others:
            return
        other = self._pick(data, others, "related")
        relation = self._pick(data, list(RELATIONS), "relation")
        added = edits.add_related(self.folder, name, pid, other, relation)
        self.publisher.publish("related partnership", added)

    @rule(data=st.data())
    def removed_record(self, data: st.DataObject) -> None:
        """A record taken out of a file, when nothing else needs it there: one that other
        records name and no other file gives, or a status a later one follows, stays."""
        found = [
            (name, rtype, record["id"])
            for name, seed in sorted(self.folder.seeds.items())
            for rtype in edits.RECORD_TYPES
            for record in seed.get(rtype) or ()
        ]
        for name, rtype, rid in data.draw(st.permutations(found), label="records"):
            removal = partial(edits.remove_record, name=name, rtype=rtype, rid=rid)
            if self.publisher.try_removal("removed record", removal):
                return

    @rule(data=st.data())
    def removed_file(self, data: st.DataObject) -> None:
        """A seed file and its text, when no other file names what it gives alone."""
        for name in data.draw(st.permutations(sorted(self.folder.seeds)), label="files"):
            if self.publisher.try_removal("removed file", partial(edits.remove_file, name=name)):
                return

    @rule(data=st.data())
    def moved_text(self, data: st.DataObject) -> None:
        name = self._pick(data, sorted(self.folder.seeds), "file")
        moved = edits.move_text(self.folder, name, self.publisher.next_serial())
        self.publisher.publish("moved source text", moved)

    @rule(data=st.data())
    def changed_text(self, data: st.DataObject) -> None:
        name = self._pick(data, sorted(self.folder.seeds), "file")
        changed = edits.change_text(self.folder, name, self.publisher.next_serial())
        self.publisher.publish("changed source text", changed)

    @rule(data=st.data())
    def described_source_again(self, data: st.DataObject) -> None:
        name = self._pick(data, sorted(self.folder.seeds), "file")
        described = edits.describe_source_again(self.folder, name, self.publisher.next_serial())
        self.publisher.publish("changed source description", described)


def run_edits(examples: int, steps: int, shrink: bool) -> None:
    built_before = sum(n for (_, outcome), n in OUTCOMES.items() if outcome == BUILDS_ON)
    phases = [phase for phase in Phase if shrink or phase is not Phase.shrink]
    run_state_machine_as_test(
        SeedEdits,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,  # a step builds two or three versions
            phases=phases,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    built = sum(n for (_, outcome), n in OUTCOMES.items() if outcome == BUILDS_ON)
    assert built > built_before, "no edit was built on"


def test_drawn_edits_build_on_the_version_before_as_from_nothing() -> None:
    # Shrinking a failure takes minutes here: the quick loop reports the steps as drawn (at
    # most six), and the slow run, which draws many more, shrinks what it finds.
    run_edits(examples=20, steps=6, shrink=False)


@pytest.mark.slow
def test_many_drawn_edits_build_on_the_version_before_as_from_nothing() -> None:
    run_edits(examples=100, steps=10, shrink=True)


def test_each_kind_of_edit_in_turn_builds_as_from_nothing(tmp_path: Path) -> None:
    """Every edit the machine draws, once, each reaching records other files give (an
    organization named by partnerships of other files, a partnership related to by others),
    so a build on that misses one is caught whatever Hypothesis draws."""
    publisher = Publisher(seeds_with(tmp_path / "seeds", 6, 4, 2, 0))
    folder, publish = publisher.folder, publisher.publish
    synthetic = [f"synthetic-partnership-{n:07d}" for n in range(6)]
    article = edits.Article(
        partners=("honda", org_id(1)),
        title="A shared title",
        status="active",
        described_again="nissan",
        event_on=COLLABORATION,
        event_dated=True,
        statement_on=synthetic[2],
        related_to="honda-general-motors-ev-ties",
        makers=("honda", org_id(2)),
    )
    publish("new article", edits.add_article(folder, 1, article))
    # Organization 1 is described by the first synthetic file, and named by the fifth
    # partnership, in the third; Honda is named by the article's partnership.
    publish("renamed organization", edits.rename_organization(folder, org_id(1), "A shared name"))
    publish("renamed organization", edits.rename_organization(folder, "honda", "A shared name"))
    retitled = edits.retitle_partnership(folder, "honda-general-motors-ev-ties", "Zeta venture")
    publish("retitled partnership", retitled)
    publish("later report", edits.add_later_report(folder, LATER_SOURCES / NEGOTIATIONS))
    first = "synthetic-source-00000"
    reports = [
        StatusReport(COLLABORATION, "active", "honda-nissan-negotiations", "date", agreement=True),
        StatusReport(synthetic[1], "terminated", first, "published", joined="general-motors"),
        StatusReport(synthetic[1], "active", "status-report-3", joined=org_id(3)),
    ]
    for n, report in enumerate(reports, 2):
        publish("status report", edits.add_status_report(folder, n, report))
    # An event of the agreement the first report gave.
    event = replace(article, event_on=COLLABORATION, event_agreement=True, described_again=None)
    publish("new article", edits.add_article(folder, 9, event))
    publish("restated status", edits.restate_status(folder, synthetic[3], "proposed"))
    publish("moved event", edits.move_to(folder, "events", "synthetic-event-0000000", synthetic[5]))
    moved = edits.move_to(folder, "statements", "synthetic-statement-0000004", synthetic[0])
    publish("moved statement", moved)
    publish("moved source text", edits.move_text(folder, "synthetic-source-00002.json", 8))
    publish("changed makers", edits.change_makers(folder, "honda-prologue", ["nissan", "honda"]))
    added = edits.add_related(
        folder, "synthetic-source-00001.json", synthetic[2], "nissan-renault-alliance", "successor"
    )
    publish("related partnership", added)
    article_file = "honda-nissan-ev-partnership-article.yaml"
    removed = edits.remove_record(
        folder, article_file, "statements", "honda-nissan-zero-fatalities-goal"
    )
    publish("removed record", removed)
    # Records another file gives too: Nissan (described by the bundled file) and a partnership
    # whose later report is left with nothing (its history shrinks, its newcomer leaves).
    publish(
        "removed record", edits.remove_record(folder, "article-1.json", "organizations", "nissan")
    )
    emptied = "status-report-4.json"
    publish("removed record", edits.remove_record(folder, emptied, "partnerships", synthetic[1]))
    publish("removed file", edits.remove_file(folder, "article-1.json"))
    publish("changed source text", edits.change_text(folder, first + ".json", 5))
    publish("changed source description", edits.describe_source_again(folder, first + ".json", 6))
    # And after falling back, the next edit builds on the version the full load made.
    again = replace(article, partners=(org_id(3), "honda"), described_again=None, fmt="yaml")
    publish("new article", edits.add_article(folder, 7, again))
