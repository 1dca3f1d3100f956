"""Bad seeds are refused with a message naming the file, the path inside it and what is wrong.

The corpus: tests/data/bad-seeds/<kind>/, each a whole seeds folder broken one way, with its
REASON (one line) and EXPECTED (the file, path and cause the refusal must name)."""

import json
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
from click.testing import CliRunner

from service.cli import main
from service.config import BUNDLED_SEEDS
from service.dataset import SeedError, load_dataset
from service.store.keys import Keys
from tests.conftest import delete_prefix, new_prefix
from tests.support.seed_files import SEED_FILE, rewrite_seed

Seed = dict[str, Any]


def edit(change: Callable[[Seed], None]) -> Callable[[Path], None]:
    """A breakage made by changing the parsed seed file and writing it back."""

    def apply(seeds: Path) -> None:
        rewrite_seed(seeds, change)

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


CORPUS = Path(__file__).parent / "data" / "bad-seeds"
BAD_SEEDS = sorted(CORPUS.iterdir())


@dataclass(frozen=True)
class Expected:
    """What the refusal of one bad seeds folder must name: the file, the path in it, the cause."""

    file: str
    path: str
    cause: str

    @classmethod
    def of(cls, folder: Path) -> "Expected":
        lines = (folder / "EXPECTED").read_text(encoding="utf-8").splitlines()
        fields = {key: value.strip() for key, _, value in (line.partition(":") for line in lines)}
        return cls(fields["file"], fields["path"], fields["cause"])

    def assert_located_in(self, stderr: str) -> None:
        """As the command line prints it: `file:line:column: ...: cause`, or `file: cause`."""
        located = re.compile(rf"{re.escape(self.file)}(:\d+:\d+)?: ")
        assert any(located.match(line) and self.cause in line for line in stderr.splitlines()), (
            stderr
        )

    def assert_named_in(self, message: str, prefix: str = "") -> None:
        start = prefix + (f"{self.file}: {self.path}:" if self.path else f"{self.file}:")
        assert any(line.startswith(start) for line in message.splitlines()), message
        assert self.cause in message


@pytest.mark.parametrize("folder", BAD_SEEDS, ids=[f.name for f in BAD_SEEDS])
def test_bad_seed_is_refused_naming_file_path_and_cause(folder: Path) -> None:
    with pytest.raises(SeedError) as raised:
        load_dataset(folder)
    Expected.of(folder).assert_named_in(str(raised.value))


def test_the_corpus_holds_thirty_kinds_each_with_its_reason() -> None:
    assert len(BAD_SEEDS) >= 30
    for folder in BAD_SEEDS:
        (reason,) = (folder / "REASON").read_text(encoding="utf-8").splitlines()
        assert reason.endswith("."), folder.name
        assert Expected.of(folder).cause, folder.name


@pytest.fixture
def published(shared_redis_url: str) -> Iterator[dict[str, str]]:
    """The bundled seeds published under a prefix of this test's own; the publish command's
    environment for it."""
    env = {"REDIS_URL": shared_redis_url, "REDIS_PREFIX": new_prefix()}
    result = CliRunner().invoke(main, ["publish", str(BUNDLED_SEEDS)], env=env)
    assert result.exit_code == 0, result.output
    yield env
    delete_prefix(shared_redis_url, env["REDIS_PREFIX"])


def test_publishing_any_bad_seed_exits_non_zero_and_leaves_redis_unchanged(
    published: dict[str, str],
) -> None:
    keys = Keys(published["REDIS_PREFIX"])
    with redis.Redis.from_url(published["REDIS_URL"]) as client:
        before = (client.get(keys.current), client.zrange(keys.history, 0, -1))
        for folder in BAD_SEEDS:
            result = CliRunner().invoke(main, ["publish", str(folder)], env=published)
            assert result.exit_code == 1, folder.name
            Expected.of(folder).assert_located_in(result.stderr)
            assert "problem(s) in" in result.stderr and "nothing published" in result.stderr
            assert (client.get(keys.current), client.zrange(keys.history, 0, -1)) == before


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


@pytest.mark.system
def test_cli_check_seeds_exits_non_zero_naming_the_problem(seeds_copy: Path) -> None:
    edit(lambda d: partnership(d).update(status="rumoured"))(seeds_copy)
    result = run_cli("check-seeds", str(seeds_copy))
    assert result.returncode == 1
    text = (seeds_copy / SEED_FILE).read_text(encoding="utf-8").splitlines()
    line = next(n for n, content in enumerate(text, 1) if "status: rumoured" in content)
    column = text[line - 1].index("rumoured") + 1
    assert (
        f"{SEED_FILE}:{line}:{column}: partnerships[honda-nissan-ev-collaboration]: status: "
        "Must be one of: proposed, exploratory, negotiating, active, terminated."
    ) in result.stderr.splitlines()
    assert "1 problem(s)" in result.stderr
    assert result.stdout == ""


@pytest.mark.system
def test_cli_check_seeds_accepts_the_bundled_seeds() -> None:
    result = run_cli("check-seeds")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")
    assert "3 partnerships" in result.stdout


def refusal(seeds: Path) -> list[str]:
    """Every problem the load of `seeds` names, as the command line prints them."""
    with pytest.raises(SeedError) as raised:
        load_dataset(seeds)
    return [str(problem) for problem in raised.value.problems]


def point_text_file(seeds: Path, text_file: str) -> None:
    rewrite_seed(seeds, lambda data: data["source"].update(text_file=text_file))


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda s: (s / "sources" / "loop").symlink_to("loop"), "is a symbolic link that loops."),
        (lambda s: os.mkfifo(s / "sources" / "loop"), "is not a regular file (a pipe, a socket"),
        (lambda s: (s / "sources" / "loop").mkdir(), "is a folder, not a file."),
        (lambda s: (s / "sources" / "loop").symlink_to("gone"), "is a symbolic link to nothing."),
    ],
    ids=["symlink-loop", "fifo", "folder", "dangling-symlink"],
)
def test_a_source_text_that_is_not_a_regular_file_is_named_for_what_it_is(
    seeds_copy: Path, make: Callable[[Path], None], problem: str
) -> None:
    make(seeds_copy)
    point_text_file(seeds_copy, "sources/loop")
    (found,) = refusal(seeds_copy)
    assert found.startswith(f"{SEED_FILE}: source.text_file: 'sources/loop' {problem}")


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda s: (s / "z.yaml").symlink_to("z.yaml"), "'z.yaml' is a symbolic link that loops."),
        (
            lambda s: (s / "z.yaml").symlink_to("gone.yaml"),
            "'z.yaml' is a symbolic link to nothing.",
        ),
        (
            lambda s: (s / "z.yaml").symlink_to(s.parent / "o.yaml"),
            "'z.yaml' lies outside the seeds",
        ),
        (lambda s: (s / "z.yaml").mkdir(), "'z.yaml' is a folder, not a file."),
        (lambda s: (s / "z.yaml").symlink_to("sources"), "'z.yaml' is a folder, not a file."),
    ],
    ids=["symlink-loop", "dangling-symlink", "outside", "folder", "symlink-to-folder"],
)
def test_a_seed_file_that_is_not_a_file_of_the_folder_is_refused_not_skipped(
    seeds_copy: Path, make: Callable[[Path], None], problem: str
) -> None:
    (seeds_copy.parent / "o.yaml").write_bytes((seeds_copy / SEED_FILE).read_bytes())
    make(seeds_copy)
    (found,) = refusal(seeds_copy)
    assert found.startswith(f"z.yaml: {problem}")


def test_a_file_name_holding_a_line_break_cannot_split_a_report_line(seeds_copy: Path) -> None:
    (seeds_copy / "a\nb.yaml").write_text("source: [1, 2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check-seeds", str(seeds_copy)])
    assert result.exit_code == 1
    progress = ("reading seeds:", "linking evidence:")
    shown = [line for line in result.stderr.splitlines() if not line.startswith(progress)]
    assert len(shown) == 4, shown
    # The name quoted as Python writes it, so it reads back as the very name.
    assert shown[0].startswith("'a\\nb.yaml':2:1: invalid YAML: ")
    assert shown[1].startswith("note: not linked, because of the problems above: a\\nb.yaml. ")
    assert shown[3] == f"1 problem(s) in {seeds_copy}; nothing loaded."


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("? [a, b]\n: 1\n", "a key must be a name, not a list or a mapping at line 1, column 3."),
        ("source: " + "9" * 5000 + "\n", "cannot be read (Exceeds the limit (4300 digits)"),
        ("source: 2026-02-30\n", "cannot be read (day is out of range for month) at line 1"),
    ],
    ids=["list-as-key", "huge-integer", "impossible-timestamp"],
)
def test_yaml_the_loader_cannot_build_is_a_problem_not_a_traceback(
    seeds_copy: Path, body: str, problem: str
) -> None:
    (seeds_copy / "z.yaml").write_text(body, encoding="utf-8")
    (found,) = refusal(seeds_copy)
    assert found.startswith("z.yaml: invalid YAML: ")
    assert problem in found


def test_a_seed_file_past_the_size_bound_is_refused_before_it_is_read(seeds_copy: Path) -> None:
    with (seeds_copy / "z.json").open("wb") as out:
        out.truncate(16 * 1024 * 1024 + 1)
    assert refusal(seeds_copy) == [
        "z.json: 'z.json' is 16,777,217 bytes, over the bound of 16 MiB."
    ]


@pytest.mark.parametrize(
    ("change", "hint"),
    [
        (
            lambda q: unicodedata.normalize("NFD", q),
            "differs from the source only in Unicode normalization: the quote is decomposed (NFD)",
        ),
        (lambda q: q.replace("'", "\u2019"), "differs from the source only in typographic quotes"),
        (lambda q: q.replace(" ", "  ", 1), "differs from the source only in whitespace"),
        (lambda q: q.replace("Nissan", "Nisan", 1), "the closest passage of the source is at "),
    ],
    ids=["nfd", "curly-apostrophe", "double-space", "misspelt"],
)
def test_a_quote_not_found_says_how_it_differs_or_where_it_comes_closest(
    tmp_path: Path, change: Callable[[str], str], hint: str
) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "sources").mkdir(parents=True)
    text = "Nissan's chief said the café would open. Then Nissan's partner agreed."
    (seeds / "sources" / "a.txt").write_text(unicodedata.normalize("NFC", text), encoding="utf-8")
    quote = change("Nissan's chief said the café would open")
    (seeds / "a.yaml").write_text(
        "source: {id: a, title: A, kind: synthetic, text_file: sources/a.txt}\n"
        "organizations:\n"
        "- id: nissan\n  name: Nissan\n  evidence:\n"
        f"  - quote: {json.dumps(quote)}\n",
        encoding="utf-8",
    )
    (found,) = refusal(seeds)
    assert found.startswith("a.yaml: organizations[0].evidence[0].quote: quote not found verbatim")
    assert hint in found


def place_of(seed: Path, text: str) -> str:
    """`line:column` where `text` first appears in a seed file, found by reading it."""
    lines = seed.read_text(encoding="utf-8").splitlines()
    line = next(n for n, content in enumerate(lines, 1) if text in content)
    return f"{line}:{lines[line - 1].index(text) + 1}"


def test_every_stage_reports_in_one_run_as_editors_jump_to_it(seeds_copy: Path) -> None:
    """A schema problem and a quote not in its source in one file; a quote not found and a
    reference to nothing in another: one run names every one, each where an editor jumps."""

    def broken(data: Seed) -> None:
        partnership(data)["kind"] = "merger"
        partnership(data)["evidence"][0]["quote"] = "Honda and Nissan merged"

    edit(broken)(seeds_copy)
    second_file(
        seeds_copy,
        "products:\n- id: city-car\n  name: City\n  kind: sedan\n  maker: hondda\n"
        "  status: upcoming\n  certainty: stated\n  evidence: [{quote: Honda makes cars}]\n",
    )
    result = CliRunner().invoke(main, ["check-seeds", str(seeds_copy)])
    assert result.exit_code == 1
    first, second = seeds_copy / SEED_FILE, seeds_copy / "second.yaml"
    owner = "partnerships[honda-nissan-ev-collaboration]"
    progress = ("reading seeds:", "linking evidence:", "assembling:", "rendering:", "indexing:")
    shown = [line for line in result.stderr.splitlines() if not line.startswith(progress)]
    assert shown == [
        f"{SEED_FILE}:{place_of(first, 'merger')}: {owner}: kind: Must be one of: "
        "joint-development, ev-collaboration, alliance, joint-venture, supply, licensing, "
        "investment.",
        f"{SEED_FILE}:{place_of(first, 'Honda and Nissan merged')}: {owner}: evidence[0].quote: "
        "quote not found verbatim in source 'honda-nissan-ev-partnership-article': 'Honda and "
        "Nissan merged'; the closest passage of the source is at 0-23: 'Honda and Nissan "
        "Explor'.",
        f"second.yaml:{place_of(second, 'Honda makes cars')}: products[city-car]: "
        "evidence[0].quote: quote not found verbatim in source 'second': 'Honda makes cars'; "
        "the closest passage of the source is at 0-16: 'Honda is a carma'.",
        f"second.yaml:{place_of(second, 'hondda')}: products[city-car]: maker: "
        "unknown organization 'hondda'.",
        f"note: not linked, because of the problems above: {SEED_FILE}. Their quotes of their "
        "own source are checked; their references, merges and the rest of their quotes are "
        "checked once they load, and what other files name in them may be reported as unknown "
        "until then.",
        "note: the order of statuses and states is checked once these are fixed.",
        f"4 problem(s) in {seeds_copy}; nothing loaded.",
    ]


def test_an_unknown_field_lists_the_fields_allowed_there(seeds_copy: Path) -> None:
    edit(lambda data: partnership(data)["scope"][0].update(weight=3))(seeds_copy)
    assert refusal(seeds_copy) == [
        f"{SEED_FILE}: partnerships[0].scope[0].weight: unknown field 'weight'; the fields "
        "here are: certainty, evidence, id, label."
    ]
