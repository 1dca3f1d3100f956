"""SDKs generated from the committed openapi.yaml call a live gunicorn and get typed results
for every operation, a 404 and a 304 included: one from openapi-python-client, one from
OpenAPI Generator (its Python client)."""

import importlib
import json
import os
import shutil
import subprocess
import sys
import time
import typing
import urllib.request
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import redis

from service.config import BUNDLED_SEEDS
from service.dataset import load_dataset
from service.dataset.assemble import assemble
from service.dataset.build import Dataset, build_dataset
from service.dataset.link import link_documents
from service.dataset.parse import parse_seeds
from service.store.keys import Keys
from service.store.publish import publish_dataset
from tests.conftest import delete_prefix, new_prefix
from tests.support.live_server import ROOT, gunicorn
from tests.support.seed_files import change_three_partnerships

pytestmark = pytest.mark.system

SPEC = ROOT / "openapi.yaml"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    # A limit out of the way of the SDKs' calls: rate limits are not what this checks.
    with gunicorn(RATE_LIMIT="100000 per minute") as base:
        yield base


@pytest.fixture(scope="module")
def sdk_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("sdks")
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))
    for name in [m for m in sys.modules if m.startswith(("partnership_client", "partnership_sdk"))]:
        del sys.modules[name]


def generate(args: list[str], cwd: Path) -> None:
    # The generators run ruff (openapi-python-client) and Java (OpenAPI Generator).
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def python_client(sdk_root: Path) -> ModuleType:
    generate(
        [str(BIN / "openapi-python-client"), "generate", "--path", str(SPEC),
         "--output-path", "partnership_client", "--meta", "none"],
        sdk_root,
    )  # fmt: skip
    return importlib.import_module("partnership_client")


@pytest.fixture(scope="module")
def generator_client(sdk_root: Path) -> ModuleType:
    if shutil.which("java") is None:
        pytest.fail("OpenAPI Generator needs Java: install Debian's default-jre-headless")
    out = sdk_root / "generator"
    generate(
        [str(BIN / "openapi-generator-cli"), "generate", "-i", str(SPEC), "-g", "python",
         "-o", str(out), "--package-name", "partnership_sdk"],
        sdk_root,
    )  # fmt: skip
    sys.path.insert(0, str(out))
    return importlib.import_module("partnership_sdk")


# operation -> arguments of a call that finds something
CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "list_partnerships": ("partnerships", {"organization": ["honda", "nissan"], "limit": 5}),
    "get_partnership": ("partnerships", {"partnership_id": "honda-nissan-ev-collaboration"}),
    "list_organizations": ("organizations", {"country": "JP", "sort": "-name"}),
    "get_organization": ("organizations", {"organization_id": "renault"}),
    "list_organization_partnerships": ("organizations", {"organization_id": "honda"}),
    "list_events": ("events", {"type": "agreement-signed"}),
    "get_event": ("events", {"event_id": "honda-nissan-mou-signed"}),
    "list_statements": ("statements", {"speaker": "nissan"}),
    "get_statement": ("statements", {"statement_id": "honda-nissan-zero-fatalities-goal"}),
    "list_products": ("products", {"maker": "honda"}),
    "get_product": ("products", {"product_id": "honda-prologue"}),
    "list_sources": ("sources", {"fields": ["id", "sha256"]}),
    "get_source": ("sources", {"source_id": "honda-nissan-ev-partnership-article"}),
    "get_dataset": ("dataset", {}),
    "list_dataset_versions": ("dataset", {}),
    "list_evidence": ("evidence", {"resource": "partnerships/honda-nissan-ev-collaboration"}),
    # `since` is the version served, filled in by each test: the feed from it is empty.
    "list_changes": ("changes", {"type": "partnerships"}),
}
EMPTY = {"list_changes"}


def with_since(kwargs: dict[str, Any], server: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{server}/v1/dataset") as response:
        return {**kwargs, "since": json.loads(response.read())["version"]}


def typed(function: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The call's arguments as the generated signature types them: enums stay enums."""
    hints = typing.get_type_hints(function)
    out = {}
    for given, value in kwargs.items():
        name = given if given in hints else f"{given}_"  # `type` becomes `type_`
        options = typing.get_args(hints[name]) or (hints[name],)
        enum = next((o for o in options if isinstance(o, type) and issubclass(o, Enum)), None)
        items = next((typing.get_args(o)[0] for o in options if typing.get_origin(o) is list), None)
        if enum is not None:
            value = enum(value)
        elif isinstance(items, type) and issubclass(items, Enum):
            value = [items(v) for v in value]
        out[name] = value
    return out


def test_openapi_python_client_types_every_operation(
    python_client: ModuleType, server: str
) -> None:
    client = python_client.Client(base_url=server)
    models = importlib.import_module("partnership_client.models")
    for operation, (tag, kwargs) in CALLS.items():
        module = importlib.import_module(f"partnership_client.api.{tag}.{operation}")
        if operation == "list_changes":
            kwargs = with_since(kwargs, server)
        response = module.sync_detailed(client=client, **typed(module.sync_detailed, kwargs))
        assert response.status_code == 200, (operation, response.content)
        assert type(response.parsed).__module__.startswith("partnership_client.models"), operation
        if operation.startswith("list_"):
            assert type(response.parsed).__name__.endswith(("Page", "List")), operation
            assert bool(response.parsed.data) is (operation not in EMPTY), operation
    partnership = importlib.import_module("partnership_client.api.partnerships.get_partnership")
    found = partnership.sync_detailed("honda-nissan-ev-collaboration", client=client)
    assert isinstance(found.parsed, models.Partnership)
    assert found.parsed.agreements[0].date.text == "this week"
    missing = partnership.sync_detailed("no-such-partnership", client=client)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, models.Problem)
    assert missing.parsed.detail == "There is no partnership with id 'no-such-partnership'."
    cached = partnership.sync_detailed(
        "honda-nissan-ev-collaboration", client=client, if_none_match=found.headers["etag"]
    )
    assert cached.status_code == 304
    assert cached.parsed is None


def test_openapi_generator_client_types_every_operation(
    generator_client: ModuleType, server: str
) -> None:
    sdk = generator_client
    api_client = sdk.ApiClient(sdk.Configuration(host=server))
    apis = {
        tag: getattr(sdk, f"{tag.capitalize()}Api")(api_client)
        for tag in {tag for tag, _ in CALLS.values()} | {"export"}
    }
    for operation, (tag, kwargs) in CALLS.items():
        if operation == "list_changes":
            kwargs = with_since(kwargs, server)
        result = getattr(apis[tag], operation)(**kwargs)
        assert type(result).__module__.startswith("partnership_sdk.models"), operation
        if operation.startswith("list_"):
            assert type(result).__name__.endswith(("Page", "List")), operation
            assert bool(result.data) is (operation not in EMPTY), operation
    partnerships = apis["partnerships"]
    found = partnerships.get_partnership_with_http_info("honda-nissan-ev-collaboration")
    assert isinstance(found.data, sdk.Partnership)
    assert found.data.participants[0].organization == "honda"
    with pytest.raises(sdk.exceptions.NotFoundException) as missing:
        partnerships.get_partnership("no-such-partnership")
    assert missing.value.status == 404
    assert isinstance(missing.value.data, sdk.Problem)
    assert missing.value.data.title == "Not Found"
    # This generator raises for any status outside 2xx; a 304 arrives as that exception.
    with pytest.raises(sdk.exceptions.ApiException) as cached:
        partnerships.get_partnership(
            "honda-nissan-ev-collaboration", if_none_match=found.headers["ETag"]
        )
    assert cached.value.status == 304
    assert cached.value.headers["ETag"] == found.headers["ETag"]


def test_sdks_download_the_export_as_ndjson(
    python_client: ModuleType, generator_client: ModuleType, server: str
) -> None:
    export = importlib.import_module("partnership_client.api.export.get_export")
    response = export.sync_detailed(client=python_client.Client(base_url=server))
    lines = [json.loads(line) for line in response.content.splitlines()]
    assert response.status_code == 200 and lines[0]["type"] == "dataset"
    # OpenAPI Generator would parse the body as one ExportLine; the raw response is the lines.
    sdk = generator_client
    api = sdk.ExportApi(sdk.ApiClient(sdk.Configuration(host=server)))
    raw = api.get_export_without_preload_content()
    assert raw.status == 200
    assert raw.data.splitlines() == response.content.splitlines()


def test_the_example_brings_a_copy_from_a_to_b_and_checks_every_quote(
    python_client: ModuleType, sdk_root: Path, tmp_path: Path, shared_redis_url: str
) -> None:
    seeds_b = tmp_path / "seeds-b"
    shutil.copytree(BUNDLED_SEEDS, seeds_b)
    change_three_partnerships(seeds_b)
    b = load_dataset(seeds_b).version
    prefix = new_prefix()
    # The shared Redis, under a prefix of its own: the server and the publish below meet there.
    env = {"REDIS_URL": shared_redis_url, "REDIS_PREFIX": prefix}
    copy = tmp_path / "copy.json"

    def run_example(base: str) -> dict[str, Any]:
        # As the README says to run it; the SDK and the copy in folders of the test's own.
        # --no-print-directory: under `make test`, make would print its folder on stdout.
        result = subprocess.run(
            ["make", "--no-print-directory", "sync-example", f"SERVICE={base}",
             f"COPY={copy}", f"SDK_DIR={sdk_root / 'example'}"],
            cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        summary: dict[str, Any] = json.loads(result.stdout)
        return summary

    try:
        # One worker: every request then sees the version the test waited for (workers follow
        # a publish each on its own, within milliseconds, but not at one instant). A poll every
        # 0.2 s, should the notice be missed; a limit out of the way of the example's calls.
        with gunicorn(
            RATE_LIMIT="100000 per minute", POLL_INTERVAL="0.2", WEB_CONCURRENCY="1", **env
        ) as base:
            first = run_example(base)
            assert first["how"] == "export"
            assert first["version"] == load_dataset(BUNDLED_SEEDS).version
            published = subprocess.run(
                [sys.executable, "-m", "service", "publish", str(seeds_b)],
                env={**os.environ, **env}, cwd=ROOT, capture_output=True, timeout=60, check=False,
            )  # fmt: skip
            assert published.returncode == 0, published.stderr
            wait_for_version(base, b)
            second = run_example(base)
            assert second == {**second, "how": "changes", "version": b, "quotes_failed": 0}
            assert second["quotes_checked"] > 40
            with urllib.request.urlopen(f"{base}/v1/export") as response:
                lines = [json.loads(line) for line in response.read().splitlines()]
            exported = {f"{line['type']}/{line['id']}": line["data"] for line in lines[1:]}
            assert json.loads(copy.read_text()) == {"version": b, "resources": exported}
    finally:
        delete_prefix(shared_redis_url, prefix)


def wait_for_version(base: str, version: str, limit: float = 15) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{base}/v1/dataset") as response:
            if json.loads(response.read())["version"] == version:
                return
        time.sleep(0.1)
    raise AssertionError(f"{base} did not serve {version} within {limit} s")


# Values a later version of the vocabularies might add, none of them in the committed
# openapi.yaml: (resource, field) -> the new value.
NEW_VALUES = {
    ("partnership", "status"): "paused",
    ("partnership", "kind"): "merger",
    ("participant", "role"): "co-developer",
    ("agreement", "type"): "framework-agreement",
    ("agreement", "state"): "lapsed",
    ("scope", "certainty"): "rumoured",
    ("driver", "kind"): "supply-shortage",
    ("related", "relation"): "rival-partnership",
    ("event", "type"): "talks-ended",
    ("product", "kind"): "van",
    ("product", "status"): "recalled",
    ("product", "powertrain"): "plug-in-hybrid",
    ("organization", "kind"): "startup",
    ("source", "kind"): "blog-post",
}


def dataset_with_new_values() -> Dataset:
    """The bundled facts with every vocabulary grown by a value, as a server with newer
    vocabularies would serve them (the seed schemas of this one refuse such values, so the
    linked records are changed before they are assembled and rendered)."""
    sources, merged = link_documents(parse_seeds(BUNDLED_SEEDS))
    new = NEW_VALUES.__getitem__
    partnership = next(p for p in merged["partnerships"] if p["id"] == COLLABORATION)
    partnership["status"] = partnership["status_history"][0]["value"] = new(
        ("partnership", "status")
    )
    partnership["kind"] = new(("partnership", "kind"))
    partnership["participants"][0]["role"] = new(("participant", "role"))
    agreement = partnership["agreements"][0]
    agreement["type"] = new(("agreement", "type"))
    agreement["state"] = agreement["state_history"][0]["value"] = new(("agreement", "state"))
    partnership["scope"][0]["certainty"] = new(("scope", "certainty"))
    partnership["drivers"][0]["kind"] = new(("driver", "kind"))
    partnership["related"][0]["relation"] = new(("related", "relation"))
    event = next(e for e in merged["events"] if e["id"] == "honda-nissan-mou-signed")
    event["type"] = new(("event", "type"))
    (product,) = merged["products"]
    product["kind"] = new(("product", "kind"))
    product["status"] = product["status_history"][0]["value"] = new(("product", "status"))
    product["powertrain"] = new(("product", "powertrain"))
    renault = next(o for o in merged["organizations"] if o["id"] == "renault")
    renault["kind"] = new(("organization", "kind"))
    for source in sources.values():
        source["kind"] = new(("source", "kind"))
    return build_dataset(assemble(sources, merged))


COLLABORATION = "honda-nissan-ev-collaboration"


@pytest.fixture(scope="module")
def newer_server(shared_redis_url: str) -> Iterator[str]:
    """A live gunicorn serving, from Redis, a dataset with values openapi.yaml does not list."""
    prefix = new_prefix()
    with redis.Redis.from_url(shared_redis_url) as client:
        assert publish_dataset(client, Keys(prefix), dataset_with_new_values())
    try:
        # From Redis, under the prefix the dataset was published to; a limit out of the way.
        with gunicorn(
            RATE_LIMIT="100000 per minute", REDIS_URL=shared_redis_url, REDIS_PREFIX=prefix
        ) as base:
            yield base
    finally:
        delete_prefix(shared_redis_url, prefix)


def test_the_committed_spec_lists_none_of_the_new_values() -> None:
    """The premise of the next two tests: every new value is one the SDKs were not told of."""
    spec = SPEC.read_text(encoding="utf-8")
    for value in NEW_VALUES.values():
        assert value not in spec, value
    assert "x-extensible-enum" in spec


def test_openapi_python_client_accepts_values_the_spec_does_not_list(
    python_client: ModuleType, newer_server: str
) -> None:
    client = python_client.Client(base_url=newer_server, raise_on_unexpected_status=True)

    def call(tag: str, operation: str, *args: Any, **kwargs: Any) -> Any:
        module = importlib.import_module(f"partnership_client.api.{tag}.{operation}")
        response = module.sync_detailed(*args, client=client, **kwargs)
        assert response.status_code == 200, (operation, response.content)
        return response.parsed

    listed = call("partnerships", "list_partnerships", limit=100).data
    found = call("partnerships", "get_partnership", COLLABORATION)
    for partnership in (next(p for p in listed if p.id == COLLABORATION), found):
        assert_new_values_in_partnership(partnership)
    honda = call("organizations", "get_organization", "honda")
    assert [p.role for p in honda.partnerships if p.id == COLLABORATION] == ["co-developer"]
    renault = call("organizations", "list_organizations", limit=100).data
    assert [o.kind for o in renault if o.id == "renault"] == ["startup"]
    (event,) = call("events", "list_events", partnership=COLLABORATION, q="memorandum").data
    assert event.type_ == call("events", "get_event", event.id).type_ == "talks-ended"
    product = call("products", "get_product", "honda-prologue")
    (listed_product,) = call("products", "list_products").data
    for p in (product, listed_product):
        assert (p.kind, p.status, p.powertrain) == ("van", "recalled", "plug-in-hybrid")
        assert p.status_history[0].value == "recalled"
    (source,) = call("sources", "list_sources").data
    assert source.kind == call("sources", "get_source", source.id).kind == "blog-post"


def test_openapi_generator_client_accepts_values_the_spec_does_not_list(
    generator_client: ModuleType, newer_server: str
) -> None:
    sdk = generator_client
    api_client = sdk.ApiClient(sdk.Configuration(host=newer_server))
    partnerships = sdk.PartnershipsApi(api_client)
    listed = partnerships.list_partnerships(limit=100).data
    found = partnerships.get_partnership(COLLABORATION)
    for partnership in (next(p for p in listed if p.id == COLLABORATION), found):
        assert_new_values_in_partnership(partnership)
    organizations = sdk.OrganizationsApi(api_client)
    honda = organizations.get_organization("honda")
    assert [p.role for p in honda.partnerships if p.id == COLLABORATION] == ["co-developer"]
    renault = organizations.list_organizations(limit=100).data
    assert [o.kind for o in renault if o.id == "renault"] == ["startup"]
    events = sdk.EventsApi(api_client)
    (event,) = events.list_events(partnership=COLLABORATION, q="memorandum").data
    assert event.type == events.get_event(event.id).type == "talks-ended"
    products = sdk.ProductsApi(api_client)
    for p in (products.get_product("honda-prologue"), *products.list_products().data):
        assert (p.kind, p.status, p.powertrain) == ("van", "recalled", "plug-in-hybrid")
        assert p.status_history[0].value == "recalled"
    sources = sdk.SourcesApi(api_client)
    (source,) = sources.list_sources().data
    assert source.kind == sources.get_source(source.id).kind == "blog-post"


def assert_new_values_in_partnership(partnership: Any) -> None:
    """The new values as either SDK's partnership model holds them: plain strings."""
    assert partnership.status == "paused"
    assert partnership.status_history[0].value == "paused"
    assert partnership.kind == "merger"
    assert partnership.participants[0].role == "co-developer"
    agreement = partnership.agreements[0]
    assert (agreement.type_ if hasattr(agreement, "type_") else agreement.type) == (
        "framework-agreement"
    )
    assert agreement.state == agreement.state_history[0].value == "lapsed"
    assert partnership.scope[0].certainty == "rumoured"
    assert partnership.drivers[0].kind == "supply-shortage"
    assert partnership.related[0].relation == "rival-partnership"
