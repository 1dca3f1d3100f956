"""The official Python SDK (clients/python): generated from the committed openapi.yaml with no
drift, built as a wheel that holds what it needs, and, against a live service, the habits it
promises: one dataset version per walk of a list even across a publish, 304s answered from
its cache, 429s retried after Retry-After, problems as typed errors, new vocabulary values
as strings."""

import asyncio
import filecmp
import json
import re
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from partnership_client import (
    FROM_CACHE,
    BadRequest,
    NotFound,
    PartnershipClient,
    RateLimited,
    Retry,
    __version__,
)
from partnership_client.openapi.api.dataset import list_dataset_versions
from partnership_client.openapi.api.organizations import get_organization, list_organizations
from partnership_client.openapi.api.partnerships import get_partnership, list_partnerships
from partnership_client.openapi.models import Partnership

from tests.support.live_server import ROOT
from tests.support.newer_values import COLLABORATION, newer_values_service
from tests.support.sdk_live import (
    Service,
    changed_seeds,
    counted,
    publishing_service,
    rate_limited_service,
)

pytestmark = pytest.mark.system

PACKAGE = ROOT / "clients" / "python"
GENERATED = Path("python/partnership_client/openapi")


def api_version() -> str:
    return str(yaml.safe_load((ROOT / "openapi.yaml").read_text())["info"]["version"])


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ, or are only on one side, between two trees (caches aside)."""
    compared = filecmp.dircmp(left, right, ignore=["__pycache__"])
    found = [*compared.left_only, *compared.right_only, *compared.diff_files]
    for name, sub in compared.subdirs.items():
        found += [f"{name}/{path}" for path in differences(Path(sub.left), Path(sub.right))]
    return found


def test_the_committed_package_is_what_openapi_yaml_generates(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "clients" / "generate.py"), "--into", str(tmp_path)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert differences(ROOT / "clients" / GENERATED, tmp_path / GENERATED) == []
    version_file = Path("python/partnership_client/_version.py")
    assert (tmp_path / version_file).read_text() == (ROOT / "clients" / version_file).read_text()
    assert __version__ == api_version()


def test_the_wheel_holds_the_package_and_runs_on_its_own(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
         str(tmp_path), str(PACKAGE)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("partnership_api_client-*.whl")
    assert wheel.name.startswith(f"partnership_api_client-{api_version()}-py3-none-any")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(n for n in names if n.endswith("METADATA"))
        headers = archive.read(metadata).decode()
        archive.extractall(tmp_path / "unpacked")
    held = ("__init__.py", "py.typed", "session.py", "openapi/client.py",
            "openapi/api/partnerships/get_partnership.py", "openapi/models/problem.py")  # fmt: skip
    for name in held:
        assert f"partnership_client/{name}" in names, name
    assert not [n for n in names if n.startswith(("tests/", "clients/"))]
    assert f"Version: {api_version()}" in headers
    assert "Requires-Dist: httpx" in headers
    # Imported from the unpacked wheel (PYTHONPATH comes before the editable install).
    imported = subprocess.run(
        [sys.executable, "-c",
         "import partnership_client as p; print(p.__file__, p.__version__)"],
        env={"PYTHONPATH": str(tmp_path / "unpacked")},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    where, version = imported.stdout.split()
    assert where.startswith(str(tmp_path / "unpacked")) and version == api_version()


@pytest.fixture(scope="module")
def service(shared_redis_url: str) -> Iterator[Service]:
    with publishing_service(shared_redis_url) as live:
        yield live


def test_a_walk_of_a_list_stays_in_its_version_across_a_publish(
    service: Service, tmp_path: Path
) -> None:
    first = service.current_version()
    organizations = []
    with PartnershipClient(service.base) as api:
        pages = api.pages(list_organizations, limit=1)
        page = next(pages)
        organizations += page.data
        newer = service.publish(changed_seeds(tmp_path / "seeds"))
        assert newer != first and service.current_version() == newer
        walked = [page, *pages]
        organizations += [o for p in walked[1:] for o in p.data]
        assert {p.meta.dataset_version for p in walked} == {first}
        pinned = [o.id for o in api.iterate(list_organizations, version=first)]
        assert [o.id for o in organizations] == pinned and len(pinned) == 6
        # A walk begun now is of the new version: the alliance under its new id.
        ids = [p.id for p in api.iterate(list_partnerships, limit=1)]
        assert "renault-nissan-alliance" in ids and "nissan-renault-alliance" not in ids
        # Lists that take no `version` walk by their cursors alone.
        versions = [v.version for v in api.iterate(list_dataset_versions, limit=1)]
        assert versions[:2] == [newer, first]


def test_a_second_get_is_answered_from_the_cache_on_a_304(service: Service) -> None:
    with PartnershipClient(service.base) as api:
        first = get_partnership.sync_detailed(COLLABORATION, client=api.client)
        before = service.counted("partnership_http_request_total", status="304")
        second = get_partnership.sync_detailed(COLLABORATION, client=api.client)
        assert service.counted("partnership_http_request_total", status="304") == before + 1
        assert (second.status_code, second.content) == (200, first.content)
        assert isinstance(second.parsed, Partnership)
        assert second.headers["etag"] == first.headers["etag"]
        assert api.cache.revalidated == 1
        # A caller's own If-None-Match is passed through: the 304 is theirs.
        own = get_partnership.sync_detailed(
            COLLABORATION, client=api.client, if_none_match=first.headers["etag"]
        )
        assert own.status_code == 304


def test_a_pinned_answer_is_reused_without_asking_again(service: Service) -> None:
    version = service.current_version()
    with PartnershipClient(service.base) as api:
        pinned = api.call(get_organization, "honda", version=version)
        before = service.counted("partnership_http_request_total")
        again = get_organization.sync_detailed("honda", client=api.client, version=version)
        # Sent as immutable: no request at all, not even a conditional one.
        assert service.counted("partnership_http_request_total") == before
        assert again.parsed == pinned and api.cache.fresh == 1


def test_problems_are_typed_errors(service: Service) -> None:
    with PartnershipClient(service.base) as api:
        with pytest.raises(NotFound) as missing:
            api.call(get_partnership, "no-such-partnership")
        assert missing.value.status == 404
        assert missing.value.detail == "There is no partnership with id 'no-such-partnership'."
        with pytest.raises(BadRequest) as refused:
            api.call(list_partnerships, limit=0)
        assert [p["name"] for p in refused.value.invalid_params] == ["limit"]
        with pytest.raises(NotFound):
            api.call(get_partnership, COLLABORATION, version="0" * 16)


def test_the_export_streams_one_version(service: Service) -> None:
    with PartnershipClient(service.base) as api:
        lines = list(api.export())
    assert lines[0]["type"] == "dataset" and lines[0]["id"] == service.current_version()
    assert {line["type"] for line in lines[1:]} >= {"partnerships", "organizations", "sources"}


def test_a_429_is_retried_after_its_retry_after() -> None:
    retries: list[Retry] = []
    with rate_limited_service() as base, PartnershipClient(base, on_retry=retries.append) as api:
        before = counted(base, "partnership_rate_limit_refusals_total")
        started = time.monotonic()
        found = [api.call(get_organization, name).id for name in ("honda", "nissan", "renault")]
        took = time.monotonic() - started
        assert found == ["honda", "nissan", "renault"]
        assert counted(base, "partnership_rate_limit_refusals_total") == before + len(retries)
    assert retries and {r.status for r in retries} == {429}
    assert took >= sum(r.wait for r in retries) >= 1


def test_a_retry_after_past_the_bound_is_the_callers_error() -> None:
    with (
        rate_limited_service() as base,
        PartnershipClient(base, max_retry_wait=0.1) as api,
        pytest.raises(RateLimited) as refused,
    ):
        for name in ("honda", "nissan", "renault"):
            api.call(get_organization, name)
    assert refused.value.status == 429
    assert refused.value.retry_after is not None and refused.value.retry_after >= 1


def test_values_the_spec_does_not_list_arrive_as_strings(shared_redis_url: str) -> None:
    with newer_values_service(shared_redis_url) as base, PartnershipClient(base) as api:
        found = api.call(get_partnership, COLLABORATION)
        walked = next(p for p in api.iterate(list_partnerships, limit=1) if p.id == COLLABORATION)
    for partnership in (found, walked):
        assert partnership.status == "paused" and isinstance(partnership.status, str)
        assert partnership.participants[0].role == "co-developer"


def test_the_cache_marks_what_it_answered(service: Service) -> None:
    with PartnershipClient(service.base) as api:
        http = api.client.get_httpx_client()
        first = http.get(f"/v1/partnerships/{COLLABORATION}")
        second = http.get(f"/v1/partnerships/{COLLABORATION}")
    assert FROM_CACHE not in first.extensions
    assert second.extensions[FROM_CACHE] == "revalidated"
    assert second.json() == first.json()


def test_the_example_brings_a_copy_from_a_to_b_and_checks_every_quote(
    shared_redis_url: str, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.json"

    def run_example(base: str) -> dict[str, Any]:
        # As the README says to run it, with a copy of the test's own.
        # --no-print-directory: under `make test`, make would print its folder on stdout.
        result = subprocess.run(
            ["make", "--no-print-directory", "sync-example", f"SERVICE={base}", f"COPY={copy}"],
            cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        summary: dict[str, Any] = json.loads(result.stdout)
        return summary

    with publishing_service(shared_redis_url) as live:
        first = run_example(live.base)
        assert first == {**first, "how": "export", "version": live.current_version()}
        b = live.publish(changed_seeds(tmp_path / "seeds-b"))
        second = run_example(live.base)
        assert second == {**second, "how": "changes", "version": b, "quotes_failed": 0}
        assert second["quotes_checked"] > 40
        with urllib.request.urlopen(f"{live.base}/v1/export") as response:
            lines = [json.loads(line) for line in response.read().splitlines()]
    exported = {f"{line['type']}/{line['id']}": line["data"] for line in lines[1:]}
    assert json.loads(copy.read_text()) == {"version": b, "resources": exported}


def test_the_readme_example_runs_as_written(service: Service) -> None:
    readme = (PACKAGE / "README.md").read_text(encoding="utf-8")
    example, asyncio_example = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    assert len(example.splitlines()) <= 12
    printed = run_as_written(example, service)
    assert printed[-1] == "404 There is no partnership with id 'no-such-partnership'."
    assert any(line.startswith(f"{COLLABORATION} ") for line in printed[:-1])
    assert sorted(run_as_written(asyncio_example, service)) == sorted(printed[:-1])


def run_as_written(example: str, service: Service) -> list[str]:
    """What the example prints. The README's address is `make run`'s; the live service
    answers on a port of its own."""
    source = example.replace("http://127.0.0.1:8000", service.base)
    ran = subprocess.run(
        [sys.executable, "-c", source], capture_output=True, text=True, timeout=60, check=False
    )
    assert ran.returncode == 0, ran.stderr
    return ran.stdout.splitlines()


def test_asyncio_calls_revalidate_and_stream_against_a_live_service(service: Service) -> None:
    async def use() -> tuple[Any, Any, float, list[dict[str, Any]]]:
        async with PartnershipClient(service.base) as api:
            first = await api.response_async(get_organization, "honda")
            before = service.counted("partnership_http_request_total", status="304")
            again = await api.response_async(get_organization, "honda")
            counted = service.counted("partnership_http_request_total", status="304") - before
            return first, again, counted, [line async for line in api.export_async()]

    first, again, counted, lines = asyncio.run(use())
    assert counted == 1 and again.content == first.content and again.parsed == first.parsed
    assert lines[0]["type"] == "dataset" and lines[0]["id"] == service.current_version()
