"""Headers for gateways and browsers: request ids, security headers, CORS, rate limits,
deprecation of a retiring version, and the bounds on a request."""

import re
import time

import orjson
import pytest
from flask.testing import FlaskClient

import service.api as api_registry
from service import create_app
from service.api import ApiVersion
from service.api import v1 as v1_module
from service.config import Config, ConfigError

# Every app made here is in Flask's testing mode (testing=True): an error that escapes the error
# handlers fails the test. Each sets besides it the one setting its test is about.


def test_request_id_is_generated_and_echoed(client: FlaskClient) -> None:
    first = client.get("/v1/products").headers["X-Request-ID"]
    second = client.get("/v1/products").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_well_formed_request_id_is_kept(client: FlaskClient) -> None:
    response = client.get("/v1/products", headers={"X-Request-ID": "gw-7f3a.1:2"})
    assert response.headers["X-Request-ID"] == "gw-7f3a.1:2"
    assert client.get("/v1/nope", headers={"X-Request-ID": "abc"}).headers["X-Request-ID"] == "abc"


@pytest.mark.parametrize("given", ["has space", "x" * 129, "inj\u00e9cted", "a;b", ""])
def test_malformed_request_id_is_replaced_not_echoed(client: FlaskClient, given: str) -> None:
    response = client.get("/v1/products", headers={"X-Request-ID": given})
    assert response.status_code == 200
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


@pytest.mark.parametrize(
    "url", ["/v1/products", "/v1/nope", "/readyz", "/v1/openapi.json", "/docs/", "/docs"]
)
def test_security_headers_on_every_response(client: FlaskClient, url: str) -> None:
    headers = client.get(url).headers
    # Once each: they are added to every answer, never set over a value already there.
    fields = ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")
    assert [headers.getlist(name) for name in fields] == [["nosniff"], ["no-referrer"], ["DENY"]]
    (policy,) = headers.getlist("Content-Security-Policy")
    if not url.startswith("/docs"):  # the docs pages have their own, checked below
        assert policy == "default-src 'none'; frame-ancestors 'none'"


def test_docs_page_policy_allows_only_its_own_assets(client: FlaskClient) -> None:
    policy = client.get("/docs/").headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'self'; script-src 'self' 'unsafe-inline'")
    assert "http" not in policy


def test_no_cors_headers_unless_origins_are_configured(client: FlaskClient) -> None:
    response = client.get("/v1/products", headers={"Origin": "https://app.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_allows_get_from_configured_origins_only() -> None:
    app = create_app(Config(testing=True, cors_origins="https://app.example"))  # unset: no CORS
    client = app.test_client()
    allowed = client.get("/v1/products", headers={"Origin": "https://app.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.example"
    exposed = allowed.headers["Access-Control-Expose-Headers"]
    assert {"ETag", "Link", "X-Request-ID", "RateLimit-Remaining"} <= set(exposed.split(", "))
    assert "Origin" in allowed.headers["Vary"]
    other = client.get("/v1/products", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options(
        "/v1/products",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )
    assert preflight.status_code == 200
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Max-Age"] == "600"


def test_rate_limit_headers_then_429_problem_with_retry_after() -> None:
    app = create_app(Config(testing=True, rate_limit="3 per minute"))  # run out within the test
    client = app.test_client()
    remaining = []
    for _ in range(3):
        response = client.get("/v1/products")
        assert response.status_code == 200
        assert response.headers["RateLimit-Limit"] == "3"
        assert 0 < int(response.headers["RateLimit-Reset"]) <= 60
        remaining.append(response.headers["RateLimit-Remaining"])
    assert remaining == ["2", "1", "0"]
    refused = client.get("/v1/partnerships")  # one limit per client across the API
    assert refused.status_code == 429
    assert refused.content_type == "application/problem+json"
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    body = orjson.loads(refused.data)
    assert body["title"] == "Too Many Requests"
    assert body["detail"].startswith("Rate limit of 3 per 1 minute exceeded")
    # Health probes are never limited.
    assert client.get("/readyz").status_code == 200
    assert client.get("/livez").status_code == 200


def test_every_answer_is_counted_and_carries_the_rate_limit_fields() -> None:
    # Seven: one for each answer below, then a 429; a 300-character bound, cheap to exceed.
    app = create_app(Config(testing=True, rate_limit="7 per minute", max_url_length=300))
    client = app.test_client()
    traced = {"X-Request-ID": "trace-406"}
    answers = [
        client.get("/v1/no-such-thing"),
        client.post("/v1/products"),
        client.get("/v1/products", headers={"Accept": "text/html", **traced}),
        client.get("/v1/organizations?q=" + "a" * 300),
        client.get("/v1/organizations?q=%zz"),
        client.get("/v1/products?limit=0"),
        client.get("/v1/products"),
    ]
    assert [a.status_code for a in answers] == [404, 405, 406, 414, 400, 400, 200]
    assert [a.headers["RateLimit-Remaining"] for a in answers] == [str(n) for n in range(6, -1, -1)]
    assert all(a.headers["RateLimit-Limit"] == "7" for a in answers)
    assert answers[2].headers["X-Request-ID"] == "trace-406"
    assert client.get("/v1/no-such-thing").status_code == 429


def test_probes_metrics_and_docs_are_not_counted() -> None:
    # One a minute: a second request would be refused, were it counted.
    app = create_app(Config(testing=True, rate_limit="1 per minute"))
    client = app.test_client()
    for path in ("/livez", "/readyz", "/metrics", "/docs/"):
        for _ in range(2):
            response = client.get(path)
            assert response.status_code == 200, path
            assert "RateLimit-Remaining" not in response.headers
    assert client.get("/v1/products").headers["RateLimit-Remaining"] == "0"


def test_clients_are_counted_apart_and_forwarded_for_is_ignored_by_default() -> None:
    # One a minute: each client's second request is refused.
    app = create_app(Config(testing=True, rate_limit="1 per minute"))
    client = app.test_client()
    one = {"REMOTE_ADDR": "10.0.0.1"}
    assert client.get("/v1/products", environ_base=one).status_code == 200
    assert client.get("/v1/products", environ_base=one).status_code == 429
    assert client.get("/v1/products", environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 200
    # Without trusted proxies, X-Forwarded-For cannot buy a fresh allowance.
    spoofed = client.get("/v1/products", environ_base=one, headers={"X-Forwarded-For": "192.0.2.9"})
    assert spoofed.status_code == 429


def test_trusted_proxy_forwarded_for_names_the_client() -> None:
    # One proxy trusted, so X-Forwarded-For names the client; one request a minute each.
    app = create_app(Config(testing=True, rate_limit="1 per minute", trusted_proxies=1))
    client = app.test_client()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for address in ("192.0.2.1", "192.0.2.2"):
        headers = {"X-Forwarded-For": address}
        assert client.get("/v1/products", environ_base=proxy, headers=headers).status_code == 200
    again = client.get("/v1/products", environ_base=proxy, headers={"X-Forwarded-For": "192.0.2.1"})
    assert again.status_code == 429


def test_deprecated_version_announces_deprecation_and_sunset() -> None:
    # The README's example: v1 retiring, so its headers are sent.
    app = create_app(Config(testing=True, api_deprecations="v1=2026-12-01/2027-06-01"))
    client = app.test_client()
    response = client.get("/v1/organizations?limit=1")
    assert response.headers["Deprecation"] == "@1796083200"  # 2026-12-01T00:00:00Z
    assert response.headers["Sunset"] == "Tue, 01 Jun 2027 00:00:00 GMT"
    links = response.headers["Link"]
    assert '</docs/>; rel="deprecation"; type="text/html"' in links
    assert 'rel="next"' in links  # paging links are kept beside it
    assert "Deprecation" not in client.get("/readyz").headers


def test_undeprecated_version_sends_no_deprecation(client: FlaskClient) -> None:
    headers = client.get("/v1/products").headers
    assert "Deprecation" not in headers and "Sunset" not in headers


def test_deprecating_an_unknown_version_stops_start_up() -> None:
    with pytest.raises(ConfigError, match="API_DEPRECATIONS: there is no API version 'v7'"):
        # A version that does not exist: its refusal is under test.
        create_app(Config(testing=True, api_deprecations="v7=2026-12-01/2027-06-01"))


def test_a_v2_sits_beside_v1_from_one_registry_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    v2 = ApiVersion("v2", "2.0.0", "Partnership metadata API", "Version 2.", v1_module.BLUEPRINTS)
    monkeypatch.setattr(api_registry, "VERSIONS", (*api_registry.VERSIONS, v2))
    # v1 retiring, so it names its successor.
    app = create_app(Config(testing=True, api_deprecations="v1=2026-12-01/2027-06-01"))
    client = app.test_client()
    assert client.get("/v2/partnerships/nissan-renault-alliance").status_code == 200
    assert orjson.loads(client.get("/v2/openapi.json").data)["info"]["version"] == "2.0.0"
    v1 = client.get("/v1/products")
    assert '</v2/openapi.json>; rel="successor-version"' in v1.headers["Link"]
    assert "Deprecation" not in client.get("/v2/products").headers


def test_url_longer_than_the_bound_is_414_problem() -> None:
    app = create_app(Config(testing=True, max_url_length=300))  # a low bound, cheap to exceed
    client = app.test_client()
    response = client.get("/v1/organizations?q=" + "a" * 300)
    assert response.status_code == 414
    assert response.content_type == "application/problem+json"
    assert orjson.loads(response.data)["detail"] == "The URL is longer than 300 characters."
    assert client.get("/v1/organizations?q=" + "a" * 100).status_code == 200


def test_rate_limit_window_resets(monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(Config(testing=True, rate_limit="1 per second"))  # a window to wait out
    client = app.test_client()
    assert client.get("/v1/products").status_code == 200
    assert client.get("/v1/products").status_code == 429
    time.sleep(1.1)
    assert client.get("/v1/products").status_code == 200


@pytest.mark.parametrize(
    ("url", "location"),
    [("/docs", "/docs/"), ("/v1//partnerships?limit=1", "/v1/partnerships?limit=1")],
)
def test_redirects_are_relative_and_cacheable_whatever_the_host(
    client: FlaskClient, url: str, location: str
) -> None:
    response = client.get(url, headers={"Host": "evil.example"})
    assert response.status_code == 308
    assert response.headers["Location"] == location
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    assert "X-Request-ID" in response.headers
