"""Every error is RFC 9457 problem+json with the right status, headers and detail."""

from pathlib import Path
from typing import Any

import orjson
import pytest
from flask.testing import FlaskClient

from schemas import api
from service import create_app
from service.api.cursors import binding, encode_cursor
from service.config import Config
from service.dataset import load_dataset
from service.store import EmbeddedStore
from tests.conftest import get_json
from tests.support.seed_files import rewrite_seed


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.data
    assert response.content_type == "application/problem+json"
    assert response.headers["Cache-Control"] == "no-store"
    body: dict[str, Any] = orjson.loads(response.data)
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"]
    return body


@pytest.mark.parametrize(
    ("url", "name", "reason"),
    [
        ("/v1/partnerships?colour=red", "colour", "Unknown parameter."),
        (
            "/v1/partnerships/honda-nissan-ev-collaboration?expand=all",
            "expand",
            "Unknown parameter.",
        ),
        ("/v1/dataset?x=1", "x", "Unknown parameter."),
        ("/v1/partnerships?status=rumoured", "status", "Must be one of: proposed, exploratory"),
        ("/v1/partnerships?limit=0", "limit", "Must be greater than or equal to 1"),
        ("/v1/partnerships?limit=101", "limit", "less than or equal to 100"),
        ("/v1/partnerships?limit=ten", "limit", "Not a valid integer."),
        ("/v1/partnerships?organization=Honda", "organization", "Must be a lowercase slug."),
        ("/v1/partnerships?status=active&status=terminated", "status", "Give this parameter once."),
        ("/v1/organizations?country=japan", "country", "ISO 3166-1 alpha-2"),
        ("/v1/partnerships?scope=ev%0A", "scope", "Must be a lowercase slug."),
        ("/v1/events?q=" + "x" * 201, "q", "Length must be between 1 and 200."),
        ("/v1/events?q=", "q", "Length must be between 1 and 200."),
        ("/v1/events?q=mou%00", "q", "Must not hold control characters."),
        ("/v1/sources?cursor=not-a-cursor", "cursor", "Not a cursor this service issued."),
        ("/v1/sources?cursor=" + "A" * 201, "cursor", "Length must be between 1 and 200."),
    ],
)
def test_bad_query_is_400_naming_the_parameter(
    client: FlaskClient, url: str, name: str, reason: str
) -> None:
    body = problem(client.get(url), 400)
    assert body["title"] == "Bad Request"
    assert body["detail"] == f"The request has invalid parameters: {name}."
    (param,) = body["invalid_params"]
    assert param["name"] == name
    assert param["in"] == "query"
    assert reason in param["reason"]


def test_every_bad_parameter_is_named_at_once(client: FlaskClient) -> None:
    body = problem(client.get("/v1/partnerships?limit=0&colour=red&status=x"), 400)
    assert [p["name"] for p in body["invalid_params"]] == ["colour", "limit", "status"]
    assert body["detail"] == "The request has invalid parameters: colour, limit, status."


# The bound the README promises on every error body, whatever the request held.
PROBLEM_BOUND = 4096
PARTNERSHIP_FIELDS = ", ".join(api.Partnership().fields)


def test_two_thousand_bad_field_names_are_one_short_reason_naming_each_once(
    client: FlaskClient,
) -> None:
    response = client.get("/v1/partnerships?fields=" + ",".join(["a"] * 2000))
    body = problem(response, 400)
    assert len(response.data) <= PROBLEM_BOUND
    assert body["detail"] == "The request has invalid parameters: fields."
    (param,) = body["invalid_params"]
    assert param["name"] == "fields"
    assert "{" not in param["reason"] and "[" not in param["reason"]
    assert param["reason"] == f"Must be one of: {PARTNERSHIP_FIELDS}. Given: 'a' (2,000 times)."


@pytest.mark.parametrize(
    ("query", "name", "reason"),
    [
        (
            "&".join(f"organization=Org{n}" for n in range(50)),
            "organization",
            "Must be a lowercase slug. Given: 'Org0', 'Org1', 'Org2', 'Org3', 'Org4' and 45 more.",
        ),
        (
            "organization=honda&organization=Nissan&organization=Nissan",
            "organization",
            "Must be a lowercase slug. Given: 'Nissan' (2 times).",
        ),
        (
            "fields=id,colour,title&fields=size",
            "fields",
            f"Must be one of: {PARTNERSHIP_FIELDS}. Given: 'colour', 'size'.",
        ),
        (
            "organization=" + "x" * 100 + "-",
            "organization",
            f"Longer than maximum length 80. Must be a lowercase slug. Given: '{'x' * 64}…'.",
        ),
    ],
)
def test_a_bad_list_parameter_is_one_reason_in_words_naming_its_bad_values(
    client: FlaskClient, query: str, name: str, reason: str
) -> None:
    body = problem(client.get(f"/v1/partnerships?{query}"), 400)
    assert body["invalid_params"] == [{"name": name, "in": "query", "reason": reason}]


@pytest.mark.parametrize(
    "query",
    [
        "&".join(f"p{n}=1" for n in range(500)),
        "x" * 3000 + "=1",
        "fields=" + ",".join(f"f{n}" for n in range(700)),
        "&".join("%01" * 60 + f"{n}=1" for n in range(20)),
        "&".join(f"organization=%01{n}" + "%01" * 60 for n in range(20)),
        "&".join("y" * 70 + f"{n}=1" for n in range(40)),
    ],
)
def test_a_problem_body_stays_within_its_bound_whatever_the_request(
    client: FlaskClient, query: str
) -> None:
    response = client.get(f"/v1/partnerships?{query}")
    body = problem(response, 400)
    assert len(response.data) <= PROBLEM_BOUND
    listed = [p["name"] for p in body["invalid_params"]]
    assert 1 <= len(listed) <= 10
    assert all(len(p["name"]) <= 65 and len(p["reason"]) <= 601 for p in body["invalid_params"])
    named = body["detail"].removeprefix("The request has invalid parameters: ")
    assert named.startswith(", ".join(listed)) and named.endswith(".")


def test_many_bad_parameters_list_ten_and_count_the_rest(client: FlaskClient) -> None:
    response = client.get("/v1/partnerships?" + "&".join(f"p{n:03}=1" for n in range(500)))
    body = problem(response, 400)
    listed = [f"p{n:03}" for n in range(10)]
    assert [p["name"] for p in body["invalid_params"]] == listed
    assert body["detail"] == (
        f"The request has invalid parameters: {', '.join(listed)} and 490 more."
    )


def test_a_long_unknown_parameter_name_is_cut_short(client: FlaskClient) -> None:
    body = problem(client.get("/v1/partnerships?" + "x" * 3000 + "=1"), 400)
    assert body["invalid_params"] == [
        {"name": "x" * 64 + "…", "in": "query", "reason": "Unknown parameter."}
    ]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/v1/partnerships/{}", "partnership"),
        ("/v1/organizations/{}/partnerships", "organization"),
        ("/v1/evidence?resource=products/{}", "product"),
    ],
)
def test_a_404_cuts_a_long_id_short(client: FlaskClient, path: str, kind: str) -> None:
    response = client.get(path.format("a" * 3800))
    body = problem(response, 404)
    assert body["detail"] == f"There is no {kind} with id '{'a' * 64}…'."
    assert len(response.data) < 300


def test_query_parameters_are_refused_everywhere_but_probes_metrics_and_docs(
    client: FlaskClient,
) -> None:
    for path, name in [
        ("/", "x"),
        ("/v1", "x"),
        ("/v1/openapi.json", "format"),
        ("/v1/openapi.yaml", "v"),
    ]:
        body = problem(client.get(f"{path}?{name}=1"), 400)
        assert body["invalid_params"] == [
            {"name": name, "in": "query", "reason": "Unknown parameter."}
        ], path
    # Orchestrators, uptime checkers and browsers add cache-busting parameters here: ignored.
    for path in ("/livez", "/readyz", "/metrics", "/docs/"):
        assert client.get(f"{path}?_=1700000000").status_code == 200, path


def test_unknown_route_is_404(client: FlaskClient) -> None:
    body = problem(client.get("/v1/alliances"), 404)
    assert body["title"] == "Not Found"
    problem(client.get("/v2/partnerships"), 404)
    problem(client.get("/v2"), 404)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_write_methods_are_405_with_allow(client: FlaskClient, method: str) -> None:
    response = getattr(client, method)("/v1/partnerships/honda-nissan-ev-collaboration")
    body = problem(response, 405)
    assert body["title"] == "Method Not Allowed"
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_unacceptable_accept_is_406(client: FlaskClient) -> None:
    response = client.get("/v1/partnerships", headers={"Accept": "text/html"})
    body = problem(response, 406)
    assert body["detail"] == "This resource is available as application/json only."


@pytest.mark.parametrize(
    "accept", ["application/json", "*/*", "application/*", "text/html, application/json;q=0.5"]
)
def test_json_compatible_accept_is_served(client: FlaskClient, accept: str) -> None:
    assert client.get("/v1/partnerships", headers={"Accept": accept}).status_code == 200


def test_unexpected_failure_is_500_without_internals() -> None:
    app = create_app(Config(testing=True))  # testing: an escaped error fails the test
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def explode() -> str:
        raise RuntimeError("secret connection string redis://user:pw@host")

    app.add_url_rule("/v1/explode", "explode", explode)
    response = app.test_client().get("/v1/explode")
    body = problem(response, 500)
    assert body["detail"] == "The server met an unexpected condition; the failure has been logged."
    assert b"secret" not in response.data and b"RuntimeError" not in response.data


def test_forged_cursor_of_another_version_is_410(client: FlaskClient) -> None:
    # Made for this very list and query, as the service would have made it in that version.
    made_for = binding("/v1/organizations", {"limit": 2, "sort": "name"})
    cursor = encode_cursor("0123456789abcdef", 1, made_for)
    body = problem(client.get(f"/v1/organizations?limit=2&sort=name&cursor={cursor}"), 410)
    assert body["title"] == "Gone"
    assert "start again from the first page" in body["detail"]


def test_cursor_is_410_after_a_new_dataset_version_replaces_its_own(seeds_copy: Path) -> None:
    app = create_app(Config(testing=True, seeds_dir=seeds_copy))
    client = app.test_client()
    next_url = get_json(client, "/v1/organizations?limit=2")["links"]["next"]
    assert client.get(next_url).status_code == 200

    rewrite_seed(seeds_copy, lambda data: data["organizations"][0].update(aliases=["Honda"]))
    assert app.extensions["partnership_api"].store.publish(load_dataset(seeds_copy))

    problem(client.get(next_url), 410)
    assert get_json(client, "/v1/organizations/honda")["aliases"] == ["Honda"]


def test_no_dataset_yet_is_503_and_not_ready() -> None:
    app = create_app(Config(testing=True))
    app.extensions["partnership_api"].store = EmbeddedStore()  # nothing published
    client = app.test_client()
    body = problem(client.get("/v1/partnerships"), 503)
    assert body["detail"] == "The service cannot answer right now; try again shortly."
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert orjson.loads(ready.data)["status"] == "not-ready"


@pytest.mark.parametrize("query", ["q=%FF", "q=%C3%28", "q=\udcff"])
def test_query_that_is_not_utf8_is_400(client: FlaskClient, query: str) -> None:
    raw = query.encode("utf-8", "surrogateescape").decode("latin-1")
    response = client.get("/v1/organizations", environ_overrides={"QUERY_STRING": raw})
    body = problem(response, 400)
    assert body["detail"] == "The URL is not valid UTF-8, before or after percent-decoding."


@pytest.mark.parametrize("query", ["q=%zz", "q=100%", "q=%4", "q=a%2"])
def test_query_with_a_broken_percent_escape_is_400(client: FlaskClient, query: str) -> None:
    response = client.get("/v1/organizations", environ_overrides={"QUERY_STRING": query})
    body = problem(response, 400)
    assert body["detail"] == "The URL holds a '%' that does not start an escape (%XX)."
