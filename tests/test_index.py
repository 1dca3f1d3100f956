"""The compact indexes answer every list query exactly as a plain scan of the resources does,
in memory and after the trip through Redis's encoding."""

import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from bench.synthetic import write_synthetic_seeds
from schemas.vocabulary import SORT_KEYS
from service.config import BUNDLED_SEEDS
from service.dataset.assemble import assemble
from service.dataset.index import (
    FILTERS,
    SEARCH_FIELDS,
    ResourceIndex,
    _texts,
    build_index,
    sort_value,
)
from service.dataset.link import link_documents
from service.dataset.parse import parse_seeds
from service.store import codec
from service.store.codec import decode_indexes, encode_indexes
from tests.support.redis_support import Target, served_version, store_of


def scan(
    rtype: str,
    resources: Mapping[str, dict[str, Any]],
    filters: dict[str, list[str]],
    q: str | None,
    sort: str,
) -> list[str]:
    """The reference: look at every resource."""
    chosen = []
    for rid, record in resources.items():
        if not all(v in FILTERS[rtype][name](record) for name, vs in filters.items() for v in vs):
            continue
        text = " ".join(_texts(record[f] for f in SEARCH_FIELDS[rtype])).casefold()
        if q and q.casefold() not in text:
            continue
        chosen.append(rid)
    key = sort.removeprefix("-")
    ordered = sorted(
        chosen, key=lambda rid: rid if key == "id" else sort_value(resources[rid], key)
    )
    return ordered[::-1] if sort.startswith("-") else ordered


def queries(
    rtype: str, resources: Mapping[str, dict[str, Any]], rng: random.Random
) -> list[tuple[dict[str, list[str]], str | None, str]]:
    values = {
        name: sorted({v for r in resources.values() for v in extract(r)} | {"no-such-value"})
        for name, extract in FILTERS[rtype].items()
    }
    words = sorted({w for r in resources.values() for w in str(r["id"]).split("-")}) or ["x"]
    found = []
    for _ in range(40):
        names = rng.sample(sorted(values), rng.randint(0, min(2, len(values))))
        filters = {
            name: rng.sample(values[name], rng.randint(1, min(2, len(values[name]))))
            for name in names
        }
        q = rng.choice([None, None, rng.choice(words), rng.choice(words).upper(), "zzz"])
        sort = rng.choice(["id", *SORT_KEYS[rtype]])
        found.append((filters, q, rng.choice(["", "-"]) + sort))
    return found


def resources_of(folder: Path) -> dict[str, dict[str, dict[str, Any]]]:
    return assemble(*link_documents(parse_seeds(folder)))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_synthetic_seeds(
        tmp_path_factory.mktemp("synthetic"), partnerships=60, organizations=9, per_source=20
    )


@pytest.mark.parametrize("folder", ["bundled", "synthetic"])
def test_every_query_selects_what_a_scan_selects(
    folder: str, synthetic: Path, request: pytest.FixtureRequest
) -> None:
    resources = resources_of(BUNDLED_SEEDS if folder == "bundled" else synthetic)
    rng = random.Random(folder)
    built = {rtype: build_index(rtype, resources[rtype]) for rtype in FILTERS}
    decoded = decode_indexes(encode_indexes(built))
    for rtype, index in built.items():
        for filters, q, sort in queries(rtype, resources[rtype], rng):
            expected = scan(rtype, resources[rtype], filters, q, sort)
            for kept in (index, decoded[rtype]):
                for _ in range(2):  # the second time from the selection cache
                    got = kept.select(filters, q, sort)
                    assert list(got) == expected, (rtype, filters, q, sort)
                    assert len(got) == len(expected)
                    assert got[1:4] == expected[1:4]


def test_members_are_exactly_the_ids(synthetic: Path) -> None:
    resources = resources_of(synthetic)["partnerships"]
    index: ResourceIndex = build_index("partnerships", resources)
    assert list(index.ids) == sorted(resources)
    assert index.ids[-1] == max(resources)
    assert all(rid in index.members for rid in resources)
    for stranger in ("", "synthetic", "synthetic-partnership-9999999", "zzz"):
        assert stranger not in index.members


def test_a_page_of_a_selection_reads_like_a_list_slice(synthetic: Path) -> None:
    index = build_index("partnerships", resources_of(synthetic)["partnerships"])
    for sort in ("id", "-id", "title", "-status"):
        whole = list(index.select({}, None, sort))
        selection = index.select({}, None, sort)
        for start, stop in ((0, 20), (15, 35), (55, 90), (-5, None), (70, 80)):
            assert selection[start:stop] == whole[start:stop]
        assert selection[-1] == whole[-1]
        assert selection[0] == whole[0]


def test_a_replica_reads_a_large_index_in_pieces(
    target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(codec, "INDEX_PIECE", 300)  # the bundled index is several pieces
    app = target.app()
    store = store_of(app)
    index_key = target.keys.index(served_version(app))
    assert target.client().strlen(index_key) > 5 * codec.INDEX_PIECE
    raw = codec.read_index(target.client(), index_key)
    assert raw == target.client().get(index_key)
    assert store.state().status == "ready"
    page = app.test_client().get("/v1/partnerships?organization=honda")
    assert [p["id"] for p in page.get_json()["data"]] == [
        "honda-general-motors-ev-ties",
        "honda-nissan-ev-collaboration",
    ]


def test_a_missing_index_reads_as_none(target: Target) -> None:
    assert codec.read_index(target.client(), target.keys.index("0000000000000000")) is None


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b'{"format": 1, "types": {}}',
        b'{"format": %d, "types": {"events": {"ids": ["a", "b"]}}}' % codec.INDEX_FORMAT,
    ],
)
def test_an_index_this_code_cannot_read_is_refused_not_misread(raw: bytes) -> None:
    with pytest.raises(codec.IndexFormatError):
        decode_indexes(raw)


@pytest.mark.parametrize("child_fails", [False, True])
def test_indexes_built_apart_are_the_ones_built_inline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child_fails: bool
) -> None:
    """The command line's load indexes in a forked child while it renders; the dataset is the
    same, and a child that fails leaves the parent to build the indexes itself."""
    from service.dataset import load_dataset

    write_synthetic_seeds(tmp_path, partnerships=40, organizations=9, per_source=7)
    inline = load_dataset(tmp_path)
    if child_fails:  # only the child encodes: the parent decodes what it is sent

        def broken(indexes: Any) -> bytes:
            raise RuntimeError("the child fails")

        monkeypatch.setattr(codec, "encode_indexes", broken)
    apart = load_dataset(tmp_path, now=inline.loaded_at, apart_indexing=True)
    monkeypatch.undo()
    assert apart.version == inline.version
    assert apart.items == inline.items
    assert encode_indexes(apart.indexes) == encode_indexes(inline.indexes)
