"""The OpenAPI document: generated from the code, committed without drift, valid and complete."""

import re
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from tests.conftest import get_json
from tests.test_api_resources import LISTS

COMMITTED = Path(__file__).resolve().parents[1] / "openapi.yaml"


@pytest.fixture(scope="module")
def document(app: Flask) -> dict[str, Any]:
    result: dict[str, Any] = orjson.loads(app.test_client().get("/v1/openapi.json").data)
    return result


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, item in document["paths"].items()
        for method, op in item.items()
        if method != "parameters"
    ]


def test_committed_openapi_yaml_matches_the_code(client: FlaskClient) -> None:
    served = client.get("/v1/openapi.yaml").data.decode()
    assert COMMITTED.read_text(encoding="utf-8") == served, "run `make openapi` and commit"


def test_info_version_is_the_changelogs_latest_release(document: dict[str, Any]) -> None:
    """The document's version is semantic and released: the SDKs take it as theirs."""
    changelog = (COMMITTED.parent / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", changelog, re.M)
    assert releases, "CHANGELOG.md has no release heading"
    assert document["info"]["version"] == releases[0]


def test_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_json_and_yaml_are_the_same_document(client: FlaskClient, document: dict[str, Any]) -> None:
    response = client.get("/v1/openapi.yaml")
    assert response.content_type == "application/yaml"
    assert yaml.safe_load(response.data) == document


def test_every_operation_is_documented(document: dict[str, Any]) -> None:
    ops = operations(document)
    assert {(p, m) for p, m, _ in ops} == {
        ("/v1/partnerships", "get"),
        ("/v1/partnerships/{partnership_id}", "get"),
        ("/v1/organizations", "get"),
        ("/v1/organizations/{organization_id}", "get"),
        ("/v1/organizations/{organization_id}/partnerships", "get"),
        ("/v1/events", "get"),
        ("/v1/events/{event_id}", "get"),
        ("/v1/statements", "get"),
        ("/v1/statements/{statement_id}", "get"),
        ("/v1/products", "get"),
        ("/v1/products/{product_id}", "get"),
        ("/v1/sources", "get"),
        ("/v1/sources/{source_id}", "get"),
        ("/v1/dataset", "get"),
        ("/v1/dataset/versions", "get"),
        ("/v1/changes", "get"),
        ("/v1/export", "get"),
        ("/v1/evidence", "get"),
    }
    operation_ids = [op["operationId"] for _, _, op in ops]
    assert len(set(operation_ids)) == len(operation_ids)
    for path, method, op in ops:
        assert op["summary"].endswith("."), (path, method)
        for status, response in op["responses"].items():
            if "$ref" not in response:
                assert response["description"], (path, status)
        assert "200" in op["responses"] and "304" in op["responses"]
        for status in ("400", "406", "500", "503"):
            assert status in op["responses"], (path, status)


def test_every_parameter_has_a_description_and_schema(document: dict[str, Any]) -> None:
    for path, item in document["paths"].items():
        params = list(item.get("parameters", []))
        for _, _, op in [(p, m, o) for p, m, o in operations(document) if p == path]:
            params += op.get("parameters", [])
        assert params, path
        for param in params:
            if "$ref" in param:
                param = document["components"]["parameters"][param["$ref"].rsplit("/", 1)[1]]
            assert param.get("description"), (path, param["name"])
            assert param.get("schema"), (path, param["name"])


def test_errors_are_documented_as_problem_json(document: dict[str, Any]) -> None:
    bad_request = document["components"]["responses"]["BAD_REQUEST"]
    assert list(bad_request["content"]) == ["application/problem+json"]
    for _, _, op in operations(document):
        for status, response in op["responses"].items():
            if int(status) >= 400 and "content" in response:
                assert list(response["content"]) == ["application/problem+json"]


def test_every_schema_has_an_example_that_validates(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for name, schema in schemas.items():
        assert "example" in schema, name
        # Resolve $refs against the document's own components.
        wrapped = {**schema, "components": document["components"]}
        errors = list(OAS31Validator(wrapped).iter_errors(schema["example"]))
        assert not errors, (name, errors[0].message)


def test_served_responses_validate_against_their_documented_schemas(
    client: FlaskClient, document: dict[str, Any]
) -> None:
    samples = {
        "/v1/partnerships": "/v1/partnerships",
        "/v1/partnerships/{partnership_id}": "/v1/partnerships/honda-nissan-ev-collaboration",
        "/v1/organizations": "/v1/organizations",
        "/v1/organizations/{organization_id}": "/v1/organizations/general-motors",
        "/v1/organizations/{organization_id}/partnerships": "/v1/organizations/nissan/partnerships",
        "/v1/events": "/v1/events",
        "/v1/events/{event_id}": "/v1/events/honda-general-motors-ev-ties-severed",
        "/v1/statements": "/v1/statements",
        "/v1/statements/{statement_id}": "/v1/statements/honda-nissan-zero-fatalities-goal",
        "/v1/products": "/v1/products",
        "/v1/products/{product_id}": "/v1/products/honda-prologue",
        "/v1/sources": "/v1/sources",
        "/v1/sources/{source_id}": "/v1/sources/honda-nissan-ev-partnership-article",
        "/v1/dataset": "/v1/dataset",
        "/v1/dataset/versions": "/v1/dataset/versions",
        "/v1/evidence": "/v1/evidence?resource=partnerships/honda-nissan-ev-collaboration",
    }
    for path, url in samples.items():
        schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        wrapped = {**schema["schema"], "components": document["components"]}
        body = orjson.loads(client.get(url).data)
        errors = list(OAS31Validator(wrapped).iter_errors(body))
        assert not errors, (url, errors[0].message)
    line_schema = document["paths"]["/v1/export"]["get"]["responses"]["200"]["content"]
    wrapped = {
        **line_schema["application/x-ndjson"]["schema"],
        "components": document["components"],
    }
    lines = client.get("/v1/export").data.splitlines()
    assert len(lines) == 1 + sum(LISTS.values())
    for line in lines:
        errors = list(OAS31Validator(wrapped).iter_errors(orjson.loads(line)))
        assert not errors, (line[:80], errors[0].message)
    problem_schema = {
        "$ref": "#/components/schemas/Problem",
        "components": document["components"],
    }
    for url in ("/v1/partnerships?limit=0", "/v1/partnerships/none"):
        body = orjson.loads(client.get(url).data)
        assert not list(OAS31Validator(problem_schema).iter_errors(body)), url


def test_response_vocabularies_are_extensible_and_filters_closed(
    document: dict[str, Any], client: FlaskClient
) -> None:
    """The compatibility policy, as the document states it: a response field from a vocabulary
    is a string listing its known values in `x-extensible-enum`; only the change feed's kinds
    are a closed `enum`. Query filters stay closed, and say which values they know."""
    closed, extensible = [], {}
    for name, schema in document["components"]["schemas"].items():
        for field, prop in schema.get("properties", {}).items():
            if "enum" in prop:
                closed.append(f"{name}.{field}")
            if "x-extensible-enum" in prop:
                assert "string" in (
                    prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
                )
                assert "Extensible" in prop["description"], f"{name}.{field}"
                extensible[f"{name}.{field}"] = prop["x-extensible-enum"]
    assert closed == ["Change.change"]
    assert extensible["Participant.role"] == [
        "memorandum-signatory",
        "partner",
        "lead",
        "investor",
        "supplier",
    ]
    assert extensible["Partnership.status"] == extensible["PartnershipStatusEntry.value"]
    assert {
        "Agreement.state",
        "Product.status",
        "Organization.kind",
        "Event.type",
    } <= extensible.keys()
    parameters = document["paths"]["/v1/partnerships"]["get"]["parameters"]
    status = next(p for p in parameters if p["name"] == "status")
    assert status["schema"]["enum"] == extensible["Partnership.status"]
    refused = client.get("/v1/partnerships?status=paused")
    assert refused.status_code == 400
    assert orjson.loads(refused.data)["invalid_params"] == [
        {
            "name": "status",
            "in": "query",
            "reason": "Must be one of: proposed, exploratory, negotiating, active, terminated.",
        }
    ]


def test_product_maker_is_deprecated_beside_makers(document: dict[str, Any]) -> None:
    product = document["components"]["schemas"]["Product"]
    assert product["properties"]["maker"]["deprecated"] is True
    assert product["properties"]["makers"]["type"] == "array"
    assert {"maker", "makers"} <= set(product["required"])


def as_the_document_says(parameter: dict[str, Any], values: list[str]) -> str:
    """A query array serialized by its `style: form` and `explode`: one pair per value when
    exploded (OpenAPI's default for the form style), else one pair, the values comma-separated."""
    assert parameter.get("style", "form") == "form"
    if parameter.get("explode", True):
        return "&".join(f"{parameter['name']}={value}" for value in values)
    return f"{parameter['name']}={','.join(values)}"


def test_array_parameters_are_described_as_the_server_reads_them(
    document: dict[str, Any], client: FlaskClient
) -> None:
    """`fields` is documented comma-separated (a client that repeats it is still understood, and
    its description says so); `organization` is repeated, as a comma in it is refused. Each,
    sent the way the document describes, is read as its example means."""
    described = {}
    for path, _, op in operations(document):
        for param in op.get("parameters", []):
            if param.get("in") != "query" or param["schema"].get("type") != "array":
                continue
            described[path, param["name"]] = param.get("explode", True)
            example = param["schema"]["example"]
            url = path.replace("{organization_id}", "nissan")
            page = get_json(client, f"{url}?{as_the_document_says(param, example)}")
            assert page["data"], (path, param["name"])
            if param["name"] == "fields":
                assert "repeated" in param["description"], path
                assert all(list(item) == example for item in page["data"]), path
    lists_with_fields = {path for path, name in described if name == "fields"}
    assert len(lists_with_fields) == 7
    assert {name: explode for (_, name), explode in described.items()} == {
        "fields": False,
        "organization": True,
    }
    get_json(client, "/v1/partnerships?organization=honda,nissan", status=400)
