"""Seed files are validated by `SeedFile().load`: many at once in worker processes, with the
same data and the same messages as one by one; a file validated before is read back from its
kept form instead, exactly."""

import datetime as dt
import decimal
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson
import pytest

from bench.synthetic import write_synthetic_seeds
from service.dataset import SeedError
from service.dataset import parse as parse_module
from service.dataset.forms import NotStorable, decode_form, encode_form, schema_fingerprint
from service.dataset.parse import POOL_FROM, parse_seeds


class Forms:
    """Known forms in a dict: what the Redis store keeps, without a store."""

    def __init__(self, forms: Mapping[str, bytes] | None = None) -> None:
        self.forms = dict(forms or {})
        self.kept: dict[str, bytes] = {}

    def lookup(self, digests: Sequence[str]) -> Mapping[str, bytes]:
        return {d: self.forms[d] for d in digests if d in self.forms}

    def keep(self, digest: str, form: bytes) -> None:
        self.kept[digest] = form


@pytest.fixture(scope="module")
def many_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """More seed files than are validated in this process: they go to worker processes."""
    folder = tmp_path_factory.mktemp("many")
    write_synthetic_seeds(folder, partnerships=2 * POOL_FROM, organizations=9, per_source=2)
    assert len(list(folder.glob("*.json"))) == POOL_FROM
    return folder


@pytest.mark.system
def test_files_validated_in_worker_processes_are_those_validated_here(
    many_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spread = Forms()
    in_workers = parse_seeds(many_files, known=spread)
    monkeypatch.setattr(parse_module, "POOL_FROM", 10**6)
    here = Forms()
    in_one = parse_seeds(many_files, known=here)
    assert [(d.file, d.files, d.data) for d in in_workers] == [
        (d.file, d.files, d.data) for d in in_one
    ]
    # Every file validated, its form kept: the same forms either way.
    assert spread.kept == here.kept and len(spread.kept) == POOL_FROM


def break_file(folder: Path, name: str, change: Any) -> None:
    path = folder / name
    data = orjson.loads(path.read_bytes())
    change(data)
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))


@pytest.mark.system
def test_problems_found_in_worker_processes_are_reported_as_here(
    many_files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(many_files, folder)
    break_file(
        folder, "synthetic-source-00003.json", lambda d: d["partnerships"][1].update(title=42)
    )
    break_file(folder, "synthetic-source-00020.json", lambda d: d["events"][0].pop("summary"))
    (folder / "synthetic-source-00007.json").write_text("{not json", encoding="utf-8")
    expected = [
        "synthetic-source-00003.json: partnerships[1].title: Not a valid string.",
        "synthetic-source-00007.json: invalid JSON: unexpected character, expected a string key "
        "at line 1, column 2.",
        "synthetic-source-00020.json: events[0].summary: Missing data for required field.",
    ]
    with pytest.raises(SeedError) as in_workers:
        parse_seeds(folder)
    monkeypatch.setattr(parse_module, "POOL_FROM", 10**6)
    with pytest.raises(SeedError) as in_one:
        parse_seeds(folder)
    assert [str(p) for p in in_workers.value.problems] == expected
    assert in_one.value.problems == in_workers.value.problems


def test_a_known_form_is_read_instead_of_validating_its_file(many_files: Path) -> None:
    first = Forms()
    documents = parse_seeds(many_files, known=first)
    again = Forms(first.kept)
    assert [d.data for d in parse_seeds(many_files, known=again)] == [d.data for d in documents]
    assert again.kept == {}  # nothing validated: every file was known
    # What is read is the form: one that says otherwise is believed (it names the file's bytes).
    digest = documents[0].files[0][1]
    data = {**documents[0].data, "organizations": []}
    told = parse_seeds(many_files, known=Forms({**first.kept, digest: encode_form(data)}))
    assert told[0].data == data


def test_a_form_this_code_cannot_read_is_validated_again_and_kept_anew(many_files: Path) -> None:
    first = Forms()
    documents = parse_seeds(many_files, known=first)
    digest = documents[5].files[0][1]
    broken = Forms({**first.kept, digest: b"not a form"})
    assert [d.data for d in parse_seeds(many_files, known=broken)] == [d.data for d in documents]
    assert broken.kept == {digest: first.kept[digest]}


def test_a_form_gives_back_its_data_exactly_dates_included() -> None:
    data = {
        "source": {"id": "s", "published": dt.date(2025, 3, 1), "url": None},
        "events": [{"at": dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC), "n": 2**63, "x": 1.5}],
        "flags": [True, False, None],
    }
    back = decode_form(encode_form(data))
    assert back == data
    assert type(back["source"]["published"]) is dt.date
    assert type(back["events"][0]["at"]) is dt.datetime


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (decimal.Decimal("1.5"), "a value of type Decimal at ['v']"),
        (2**64, "an integer beyond 64 bits at ['v']"),
        (float("nan"), "a float that is not finite at ['v']"),
        ((1, 2), "a value of type tuple at ['v']"),
        ({1: "a"}, "a key of type int at ['v']"),
    ],
)
def test_data_json_would_change_is_not_kept_as_a_form(value: Any, reason: str) -> None:
    with pytest.raises(NotStorable) as raised:
        encode_form({"v": value})
    assert str(raised.value) == reason


def test_the_rules_fingerprint_names_the_schemas_parser_and_libraries() -> None:
    assert len(schema_fingerprint()) == 16
    assert int(schema_fingerprint(), 16) >= 0
