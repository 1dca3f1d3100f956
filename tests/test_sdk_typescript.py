"""The official TypeScript SDK (clients/typescript): generated from the committed openapi.yaml
without drift, packed, and used from Node against live services: lists pinned to one version
while a publish happens, reads revalidated from its cache, 429s waited out, typed errors, and
vocabulary values the spec does not list."""

import json
import shutil
import subprocess
import tarfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.live_server import ROOT
from tests.support.newer_values import COLLABORATION, NEW_VALUES, newer_values_service
from tests.support.sdk_live import (
    Service,
    changed_seeds,
    counted,
    publishing_service,
    rate_limited_service,
)

pytestmark = pytest.mark.system

PACKAGE = ROOT / "clients" / "typescript"
BIN = PACKAGE / "node_modules" / ".bin"
# package.json's `generate` script, run here into a file of the test's own.
GENERATE = "openapi-typescript ../../openapi.yaml -o src/schema.ts"


def run(args: list[str], stdin: str | None = None, timeout: float = 120) -> str:
    result = subprocess.run(
        args, cwd=PACKAGE, input=stdin, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def node_modules() -> Path:
    """The dev dependencies package-lock.json pins, installed once."""
    if shutil.which("npm") is None:
        pytest.fail("the TypeScript SDK needs Node and npm: install Debian's npm")
    if not (BIN / "tsc").exists():
        run(["npm", "ci", "--no-audit", "--no-fund"], timeout=300)
    return PACKAGE / "node_modules"


@pytest.fixture(scope="module")
def tarball(node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`npm pack`, which builds dist/ first (prepack); the live scripts import that dist/."""
    folder = tmp_path_factory.mktemp("pack")
    # What a module since removed from src/ left behind: a build starts from an empty dist/.
    (PACKAGE / "dist").mkdir(exist_ok=True)
    (PACKAGE / "dist" / "removed.js").write_text("export {};\n")
    run(["npm", "pack", "--pack-destination", str(folder)], timeout=300)
    (packed,) = folder.glob("*.tgz")
    return packed


def node(script: str, *args: str) -> dict[str, Any]:
    """Run test/`script` with Node; its last line of output is JSON."""
    output = run(["node", f"test/{script}", *args])
    parsed: dict[str, Any] = json.loads(output.splitlines()[-1])
    return parsed


def spec_version() -> str:
    return str(yaml.safe_load((ROOT / "openapi.yaml").read_text())["info"]["version"])


def test_the_committed_schema_is_what_the_pinned_generator_makes_of_openapi_yaml(
    node_modules: Path, tmp_path: Path
) -> None:
    package = json.loads((PACKAGE / "package.json").read_text())
    assert package["scripts"]["generate"] == GENERATE
    *command, _, _ = GENERATE.split()
    run([str(BIN / command[0]), *command[1:], "-o", str(tmp_path / "schema.ts")])
    assert (tmp_path / "schema.ts").read_bytes() == (PACKAGE / "src" / "schema.ts").read_bytes()


def test_the_package_takes_its_version_from_the_api() -> None:
    package = json.loads((PACKAGE / "package.json").read_text())
    lock = json.loads((PACKAGE / "package-lock.json").read_text())
    assert package["version"] == lock["version"] == lock["packages"][""]["version"]
    assert package["version"] == spec_version()


def test_the_tarball_holds_the_built_package_and_its_readme_only(tarball: Path) -> None:
    assert tarball.name == f"partnership-api-client-{spec_version()}.tgz"
    with tarfile.open(tarball) as packed:
        names = set(packed.getnames())
    assert {"package/dist/index.js", "package/dist/index.d.ts", "package/README.md"} <= names
    assert not [n for n in names if n.startswith(("package/src/", "package/node_modules/"))]
    assert "package/dist/removed.js" not in names


def test_callers_get_typed_calls_and_lists_and_any_vocabulary_value(tarball: Path) -> None:
    # test/types.ts compiles only if typed calls are accepted and wrong ones refused (each
    # `@ts-expect-error` must meet its error), against dist/ as a caller's install has it.
    run([str(BIN / "tsc"), "-p", "test"])


def test_the_cache_retries_and_errors_follow_their_rules_against_a_stand_in_server(
    tarball: Path,
) -> None:
    # test/transport.test.mjs: what a live service cannot easily be made to answer (an HTTP-date
    # Retry-After, a network failure, a gateway's HTML page, a list that changes version).
    output = run(["npm", "test", "--silent"])
    assert "# fail 0" in output and "# pass 0" not in output, output


def test_the_readme_example_compiles_against_the_package(tarball: Path, tmp_path: Path) -> None:
    readme = (PACKAGE / "README.md").read_text()
    example = readme.split("```ts\n", 1)[1].split("```", 1)[0]
    assert "iterate(" in example and "NotFoundError" in example
    (tmp_path / "example.ts").write_text(example)
    # An ES module (its top-level await) in a folder of the test's own, the package found by
    # its name as an install would find it.
    (tmp_path / "package.json").write_text('{"type": "module"}')
    config = {
        "extends": str(PACKAGE / "tsconfig.json"),
        "compilerOptions": {
            "noEmit": True,
            "rootDir": str(tmp_path),
            "paths": {"partnership-api-client": [str(PACKAGE / "dist" / "index.d.ts")]},
        },
        "include": [str(tmp_path / "example.ts")],
    }
    (tmp_path / "tsconfig.json").write_text(json.dumps(config))
    run([str(BIN / "tsc"), "-p", str(tmp_path / "tsconfig.json")])


@pytest.fixture(scope="module")
def service(shared_redis_url: str) -> Iterator[Service]:
    with publishing_service(shared_redis_url) as live:
        yield live


def test_a_list_read_while_a_publish_happens_comes_from_one_version(
    tarball: Path, service: Service, tmp_path: Path
) -> None:
    before = service.current_version()
    script = subprocess.Popen(
        ["node", "test/pinning.mjs", service.base],
        cwd=PACKAGE, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert script.stdout is not None
        line = script.stdout.readline()
        assert line, script.stderr.read() if script.stderr else ""
        first = json.loads(line)
        assert first == {"first": {"id": first["first"]["id"], "version": before, "asked": None}}
        after = service.publish(changed_seeds(tmp_path / "seeds"))
        output, errors = script.communicate("go on\n", timeout=60)
    finally:
        script.kill()
    assert script.returncode == 0, errors
    listed = json.loads(output.splitlines()[-1])
    assert after != before and service.current_version() == after
    organizations = listed["organizations"]
    assert len(organizations) == 6
    assert {item["version"] for item in organizations} == {before}
    assert len({item["id"] for item in organizations}) == 6
    # Pinned by the client, not only by the cursors: every later page named the first's version.
    assert [item["asked"] for item in organizations] == [None] + [before] * 5
    # Afresh, the list is the new version's: its partnerships, the renamed alliance among them.
    partnerships = listed["partnerships"]
    assert {item["version"] for item in partnerships} == {after}
    ids = [item["id"] for item in partnerships]
    assert "renault-nissan-alliance" in ids and "nissan-renault-alliance" not in ids
    with urllib.request.urlopen(f"{service.base}/v1/partnerships?limit=100&fields=id") as served:
        assert ids == [item["id"] for item in json.loads(served.read())["data"]]


def test_a_second_read_is_revalidated_and_answered_from_the_cache(
    tarball: Path, service: Service
) -> None:
    not_modified = service.counted("partnership_http_request_total", status="304")
    read = node("cache.mjs", service.base, COLLABORATION)
    assert service.counted("partnership_http_request_total", status="304") == not_modified + 1
    assert read["first"]["status"] == read["second"]["status"] == 200
    assert read["second"]["body"] == read["first"]["body"]
    assert read["first"]["body"]["id"] == COLLABORATION
    etag = read["sent"][1]
    assert read["sent"] == [None, etag] and etag.startswith('"')


def test_errors_arrive_as_their_typed_classes(tarball: Path, service: Service) -> None:
    caught = node("errors.mjs", service.base)
    missing = caught["missing"]
    assert missing["class"] == "NotFoundError" and missing["problemError"] is True
    assert missing["status"] == 404
    assert missing["detail"] == "There is no partnership with id 'no-such-partnership'."
    limit_zero = caught["limitZero"]
    assert limit_zero["class"] == "BadRequestError" and limit_zero["badRequest"] is True
    assert [p["name"] for p in limit_zero["invalidParams"]] == ["limit"]
    never_published = caught["neverPublished"]
    assert never_published["class"] == "NotFoundError" and never_published["status"] == 404


def test_reads_refused_for_the_rate_limit_are_retried_after_retry_after(tarball: Path) -> None:
    with rate_limited_service() as base:
        refusals = counted(base, "partnership_rate_limit_refusals_total")
        read = node("retries.mjs", base)
        assert counted(base, "partnership_rate_limit_refusals_total") > refusals
    assert len(read["versions"]) == 4 and len(set(read["versions"])) == 1
    assert read["retries"], read
    for retry in read["retries"]:
        assert retry["status"] == 429 and retry["retryAfter"] >= 1
        assert retry["wait"] == retry["retryAfter"]
        # Node's timers may fire up to a millisecond before their time.
        assert retry["waited"] >= retry["retryAfter"] - 0.002, retry
    assert read["requests"] == 4 + len(read["retries"])


def test_vocabulary_values_the_spec_does_not_list_arrive_as_strings(
    tarball: Path, shared_redis_url: str
) -> None:
    with newer_values_service(shared_redis_url) as base:
        read = node("vocabulary.mjs", base, COLLABORATION)
    paused = NEW_VALUES[("partnership", "status")]
    assert read == {"got": paused, "listed": paused}
