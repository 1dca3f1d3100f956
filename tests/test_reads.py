"""What each resource reads of others is declared once, beside its assembler
(service.dataset.assemble), and both builds follow from the declarations: an assembler is
handed only what it declares, so a read it does not declare fails in a build from nothing;
the index filters that find who links to a record hold the links' own ids; and what a read
sees of a record is the same read back from the build graph's JSON."""

import shutil
from dataclasses import replace
from typing import Any

import orjson
import pytest

from bench.synthetic import write_synthetic_seeds
from service.config import BUNDLED_SEEDS
from service.dataset.assemble import (
    ASSEMBLERS,
    ORDER,
    READS,
    Record,
    assemble,
    assemble_partnership,
)
from service.dataset.index import FILTERS
from service.dataset.link import link_documents
from service.dataset.parse import parse_seeds
from service.dataset.reads import MissingRecord, UndeclaredRead, project
from tests.test_state_history import LATER_SOURCES

Linked = tuple[dict[str, Any], dict[str, list[Record]]]


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Linked:
    """The bundled seeds with their later reports, and a small synthetic folder beside them."""
    folder = tmp_path_factory.mktemp("reads") / "seeds"
    shutil.copytree(BUNDLED_SEEDS, folder)
    shutil.copytree(LATER_SOURCES, folder, dirs_exist_ok=True)
    write_synthetic_seeds(folder, partnerships=12, organizations=5, per_source=4)
    return link_documents(parse_seeds(folder))


def test_each_filter_a_link_names_holds_the_ids_of_the_link(linked: Linked) -> None:
    # A build on the previous version finds the records naming a record by the filter.
    sources, merged = linked
    resources = assemble(sources, merged)
    for reader, read in READS:
        holder, link = read.holder(reader), read.link
        if link.filter is None:
            continue
        extract = FILTERS[holder][link.filter]
        for record in merged[holder]:
            assert sorted(extract(resources[holder][record["id"]])) == sorted(link.ids(record))


def test_what_a_read_sees_is_the_same_read_back_from_the_graph(linked: Linked) -> None:
    _, merged = linked
    for _, read in READS:
        if not read.whole:
            for record in merged[read.of]:
                seen = project(record, read.seen)
                assert orjson.loads(orjson.dumps(seen)) == seen


def test_an_assembler_reading_what_it_does_not_declare_fails(
    linked: Linked, monkeypatch: pytest.MonkeyPatch
) -> None:
    def with_countries(p: Record, read: Any, published: Any) -> Record:
        countries = [read["participants"][x["organization"]]["country"] for x in p["participants"]]
        return {**assemble_partnership(p, read, published), "countries": countries}

    declared = ASSEMBLERS["partnerships"]
    monkeypatch.setitem(ASSEMBLERS, "partnerships", replace(declared, make=with_countries))
    with pytest.raises(UndeclaredRead, match="'country' is read but not declared"):
        assemble(*linked)


def test_a_link_to_a_record_no_build_holds_is_an_error_naming_it(linked: Linked) -> None:
    sources, merged = linked
    without = {
        **merged,
        "organizations": [o for o in merged["organizations"] if o["id"] != "honda"],
    }
    with pytest.raises(MissingRecord, match="organization 'honda' is not in"):
        assemble(sources, without)


def test_each_type_is_assembled_after_those_it_reads_whole() -> None:
    for reader, read in READS:
        if read.whole:
            assert ORDER.index(read.of) < ORDER.index(reader)
