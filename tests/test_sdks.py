"""SDKs generated from the committed openapi.yaml call a live gunicorn and get typed results
for every operation, a 404 and a 304 included: one from openapi-python-client, one from
OpenAPI Generator (its Python client). Each is generated here under a name of its own
(`generated_client`, `partnership_sdk`), apart from the official SDKs in clients/, which
test_sdk_python.py and test_sdk_typescript.py test."""

import importlib
import json
import os
import shutil
import subprocess
import sys
import typing
import urllib.request
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.live_server import ROOT, gunicorn
from tests.support.newer_values import COLLABORATION, NEW_VALUES, newer_values_service

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
    for name in [m for m in sys.modules if m.startswith(("generated_client", "partnership_sdk"))]:
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
         "--output-path", "generated_client", "--meta", "none"],
        sdk_root,
    )  # fmt: skip
    return importlib.import_module("generated_client")


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
    models = importlib.import_module("generated_client.models")
    for operation, (tag, kwargs) in CALLS.items():
        module = importlib.import_module(f"generated_client.api.{tag}.{operation}")
        if operation == "list_changes":
            kwargs = with_since(kwargs, server)
        response = module.sync_detailed(client=client, **typed(module.sync_detailed, kwargs))
        assert response.status_code == 200, (operation, response.content)
        assert type(response.parsed).__module__.startswith("generated_client.models"), operation
        if operation.startswith("list_"):
            assert type(response.parsed).__name__.endswith(("Page", "List")), operation
            assert bool(response.parsed.data) is (operation not in EMPTY), operation
    partnership = importlib.import_module("generated_client.api.partnerships.get_partnership")
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
    export = importlib.import_module("generated_client.api.export.get_export")
    response = export.sync_detailed(client=python_client.Client(base_url=server))
    lines = [json.loads(line) for line in response.content.splitlines()]
    assert response.status_code == 200 and lines[0]["type"] == "dataset"
    # OpenAPI Generator would parse the body as one ExportLine; the raw response is the lines.
    sdk = generator_client
    api = sdk.ExportApi(sdk.ApiClient(sdk.Configuration(host=server)))
    raw = api.get_export_without_preload_content()
    assert raw.status == 200
    assert raw.data.splitlines() == response.content.splitlines()


@pytest.fixture(scope="module")
def newer_server(shared_redis_url: str) -> Iterator[str]:
    with newer_values_service(shared_redis_url) as base:
        yield base


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
        module = importlib.import_module(f"generated_client.api.{tag}.{operation}")
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
