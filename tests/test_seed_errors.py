"""Bad seeds are refused with a message naming the file, the path inside it and what is wrong."""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from service.dataset import SeedError, load_dataset
from tests.seed_files import SEED_FILE, rewrite_seed

Seed = dict[str, Any]


def edit(change: Callable[[Seed], None]) -> Callable[[Path], None]:
    """A breakage made by changing the parsed seed file and writing it back."""

    def apply(seeds: Path) -> None:
        rewrite_seed(seeds, change)

    return apply


def write(name: str, content: str | bytes) -> Callable[[Path], None]:
    def apply(seeds: Path) -> None:
        target = seeds / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")

    return apply


def partnership(data: Seed, pid: str = "honda-nissan-ev-collaboration") -> Seed:
    found: Seed = next(p for p in data["partnerships"] if p["id"] == pid)
    return found


def second_file(seeds: Path, body: str) -> None:
    (seeds / "sources" / "second.txt").write_text("Honda is a carmaker.", encoding="utf-8")
    (seeds / "second.yaml").write_text(
        "source: {id: second, title: Second, kind: news-article, text_file: sources/second.txt}\n"
        + body,
        encoding="utf-8",
    )


ARTICLE = "sources/honda-nissan-ev-partnership-article.txt"

# (case, breakage, file named, path named, cause named)
BAD_SEEDS: list[tuple[str, Callable[[Path], None], str, str, str]] = [
    (
        "yaml-syntax",
        write(SEED_FILE, "source: [unclosed\n"),
        SEED_FILE,
        "",
        "invalid YAML",
    ),
    (
        "not-a-mapping",
        write(SEED_FILE, "- just\n- a list\n"),
        SEED_FILE,
        "",
        "expected a mapping at the top, found list",
    ),
    (
        "invalid-utf8",
        write(SEED_FILE, b"source: \xff\xfe\n"),
        SEED_FILE,
        "",
        "not valid UTF-8",
    ),
    (
        "wrong-type",
        edit(lambda d: d["organizations"][0].update(name=42)),
        SEED_FILE,
        "organizations[0].name",
        "Not a valid string.",
    ),
    (
        "unknown-field",
        edit(lambda d: d["organizations"][1].update(founded="1933")),
        SEED_FILE,
        "organizations[1].founded",
        "Unknown field.",
    ),
    (
        "missing-required-field",
        edit(lambda d: partnership(d).pop("status")),
        SEED_FILE,
        "partnerships[0].status",
        "Missing data for required field.",
    ),
    (
        "bad-enum-value",
        edit(lambda d: partnership(d).update(status="rumoured")),
        SEED_FILE,
        "partnerships[0].status",
        "Must be one of: proposed, exploratory",
    ),
    (
        "bad-date-precision",
        edit(lambda d: partnership(d)["agreements"][0]["date"].update(precision="fortnight")),
        SEED_FILE,
        "partnerships[0].agreements[0].date.precision",
        "Must be one of: day, week",
    ),
    (
        "date-value-against-precision",
        edit(
            lambda d: d["events"][1].update(
                date={"text": "this week", "precision": "month", "relative": False, "value": "2024"}
            )
        ),
        SEED_FILE,
        "events[1].date.value",
        "'2024' is not a real date at precision 'month'",
    ),
    (
        "impossible-date",
        edit(
            lambda d: d["events"][1].update(
                date={
                    "text": "this week",
                    "precision": "day",
                    "relative": False,
                    "value": "2024-02-30",
                }
            )
        ),
        SEED_FILE,
        "events[1].date.value",
        "'2024-02-30' is not a real date at precision 'day'",
    ),
    (
        "duplicate-yaml-key",
        write(SEED_FILE, "source:\n  id: a\n  id: b\n"),
        SEED_FILE,
        "",
        "invalid YAML: duplicate key 'id' at line 3",
    ),
    (
        "slug-with-trailing-newline",
        edit(lambda d: d["organizations"][0].update(id="honda\n")),
        SEED_FILE,
        "organizations[0].id",
        "must be a lowercase slug",
    ),
    (
        "nul-in-source-path",
        edit(lambda d: d["source"].update(text_file="sources/a\u0000b.txt")),
        SEED_FILE,
        "source.text_file",
        "cannot be read",
    ),
    (
        "participant-role-conflict-across-files",
        lambda s: second_file(
            s,
            "organizations:\n- id: honda\n  name: Honda Motor Co.\n"
            "  evidence: [{quote: Honda is a carmaker.}]\n"
            "partnerships:\n- id: nissan-renault-alliance\n  title: Nissan and Renault alliance\n"
            "  kind: alliance\n  status: active\n  certainty: stated\n"
            "  participants: [{organization: nissan, role: lead},"
            " {organization: renault, role: partner}]\n"
            "  evidence: [{quote: Honda is a carmaker.}]\n",
        ),
        "second.yaml",
        "partnerships[0].participants[0].role",
        "'lead' conflicts with 'partner'",
    ),
    (
        "id-not-a-slug",
        edit(lambda d: d["organizations"][0].update(id="Honda Motor")),
        SEED_FILE,
        "organizations[0].id",
        "must be a lowercase slug",
    ),
    (
        "duplicate-id",
        edit(lambda d: d["organizations"].append(dict(d["organizations"][0]))),
        SEED_FILE,
        "organizations[6].id",
        "duplicate id 'honda' (also at organizations[0])",
    ),
    (
        "dangling-reference",
        edit(lambda d: partnership(d)["participants"][1].update(organization="toyota")),
        SEED_FILE,
        "partnerships[0].participants[1].organization",
        "unknown organization 'toyota'",
    ),
    (
        "dangling-event-agreement",
        edit(lambda d: d["events"][1].update(agreement="no-such-mou")),
        SEED_FILE,
        "events[1].agreement",
        "unknown agreement 'no-such-mou'",
    ),
    (
        "quote-not-in-source",
        edit(lambda d: d["products"][0]["evidence"][0].update(quote="the Prologue sedan")),
        SEED_FILE,
        "products[0].evidence[0].quote",
        "quote not found verbatim in source",
    ),
    (
        "ambiguous-quote",
        edit(lambda d: d["organizations"][0]["evidence"][0].update(quote="Honda and Nissan")),
        SEED_FILE,
        "organizations[0].evidence[0].quote",
        "quote occurs 4 times",
    ),
    (
        "occurrence-out-of-range",
        edit(lambda d: d["organizations"][0]["evidence"][0].update(occurrence=2)),
        SEED_FILE,
        "organizations[0].evidence[0].occurrence",
        "occurrence 2 asked for, but the quote occurs 1 time(s)",
    ),
    (
        "unknown-evidence-source",
        edit(lambda d: d["products"][0]["evidence"][0].update(source="press-release")),
        SEED_FILE,
        "products[0].evidence[0].source",
        "unknown source 'press-release'",
    ),
    (
        "supports-names-no-field",
        edit(lambda d: d["organizations"][0]["evidence"][0].update(supports=["revenue"])),
        SEED_FILE,
        "organizations[0].evidence[0].supports",
        "'revenue' is not a field here",
    ),
    (
        "date-words-not-quoted",
        edit(lambda d: d["events"][2]["date"].update(text="in 2023")),
        SEED_FILE,
        "events[2].date.text",
        "'in 2023' is not in any of this item's evidence quotes",
    ),
    (
        "agreement-party-not-participant",
        edit(lambda d: partnership(d)["agreements"][0]["parties"].append("renault")),
        SEED_FILE,
        "partnerships[0].agreements[0].parties[2]",
        "'renault' is not a participant",
    ),
    (
        "too-few-participants",
        edit(lambda d: partnership(d)["participants"].pop()),
        SEED_FILE,
        "partnerships[0].participants",
        "Shorter than minimum length 2",
    ),
    (
        "empty-source",
        write(ARTICLE, "  \n"),
        SEED_FILE,
        "source.text_file",
        "is empty",
    ),
    (
        "missing-source-text",
        edit(lambda d: d["source"].update(text_file="sources/missing.txt")),
        SEED_FILE,
        "source.text_file",
        "'sources/missing.txt' does not exist",
    ),
    (
        "source-outside-seeds",
        edit(lambda d: d["source"].update(text_file="../../etc/passwd")),
        SEED_FILE,
        "source.text_file",
        "lies outside the seeds folder",
    ),
    (
        "conflict-across-files",
        lambda s: second_file(
            s,
            "organizations:\n- id: honda\n  name: Honda Co.\n"
            "  evidence: [{quote: Honda is a carmaker.}]\n",
        ),
        "second.yaml",
        "organizations[0].name",
        "'Honda Co.' conflicts with 'Honda Motor Co.'",
    ),
    (
        "duplicate-source-id",
        write(
            "copy.yaml",
            "source: {id: honda-nissan-ev-partnership-article, title: Copy, kind: news-article,"
            f" text_file: {ARTICLE}}}\n",
        ),
        SEED_FILE,  # files load in name order: copy.yaml comes first
        "source.id",
        "duplicate source id, also in copy.yaml",
    ),
]


@pytest.mark.parametrize(
    ("breakage", "file", "path", "cause"),
    [pytest.param(*case[1:], id=case[0]) for case in BAD_SEEDS],
)
def test_bad_seed_is_refused_naming_file_path_and_cause(
    seeds_copy: Path, breakage: Callable[[Path], None], file: str, path: str, cause: str
) -> None:
    breakage(seeds_copy)
    with pytest.raises(SeedError) as raised:
        load_dataset(seeds_copy)
    message = str(raised.value)
    expected_start = f"{file}: {path}:" if path else f"{file}:"
    assert any(line.startswith(expected_start) for line in message.splitlines()), message
    assert cause in message


def test_there_are_at_least_fifteen_kinds_of_bad_seed() -> None:
    assert len({case[0] for case in BAD_SEEDS}) >= 15


def test_every_problem_is_reported_at_once(seeds_copy: Path) -> None:
    def two_problems(d: Seed) -> None:
        d["organizations"][0]["name"] = 42
        d["products"][0]["status"] = "rumoured"

    edit(two_problems)(seeds_copy)
    with pytest.raises(SeedError) as raised:
        load_dataset(seeds_copy)
    paths = [p.path for p in raised.value.problems]
    assert paths == ["organizations[0].name", "products[0].status"]


def test_empty_seeds_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SeedError, match="no seed files"):
        load_dataset(tmp_path)


def test_a_second_source_is_one_more_file_and_merges_shared_organizations(
    seeds_copy: Path,
) -> None:
    second_file(
        seeds_copy,
        "organizations:\n- id: honda\n  name: Honda Motor Co.\n"
        "  evidence: [{quote: Honda is a carmaker.}]\n",
    )
    dataset = load_dataset(seeds_copy)
    assert dataset.counts["sources"] == 2
    assert dataset.counts["organizations"] == 6
    honda = dataset.items["organizations/honda"].decode()
    assert '"sources":["honda-nissan-ev-partnership-article","second"]' in honda


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service", *args], capture_output=True, text=True, check=False
    )


def test_cli_check_seeds_exits_non_zero_naming_the_problem(seeds_copy: Path) -> None:
    edit(lambda d: partnership(d).update(status="rumoured"))(seeds_copy)
    result = run_cli("check-seeds", str(seeds_copy))
    assert result.returncode == 1
    assert f"error: {SEED_FILE}: partnerships[0].status: Must be one of" in result.stderr
    assert "1 problem(s)" in result.stderr
    assert result.stdout == ""


def test_cli_check_seeds_accepts_the_bundled_seeds() -> None:
    result = run_cli("check-seeds")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")
    assert "3 partnerships" in result.stdout
