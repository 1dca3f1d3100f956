"""OPTIONS answers from the app itself: the methods in Allow, in the order a 405 lists them, and
no body, so no content type (Flask's automatic answer was an empty text/html page)."""

import socket
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from service import create_app
from service.config import Config
from service.headers import REQUEST_ID
from tests.support.live_server import gunicorn_process

ALLOWED = "GET, HEAD, OPTIONS"


@pytest.fixture(scope="module")
def app_client() -> Iterator[FlaskClient]:
    """The app on its embedded store: an OPTIONS answer reads no data, so one store will do."""
    # Testing mode: an error that escapes the error handlers fails the test.
    yield create_app(Config(testing=True)).test_client()


@pytest.mark.parametrize(
    "path",
    ["/v1/partnerships", "/v1/partnerships/honda-nissan-ev-collaboration", "/", "/docs/", "/livez"],
)
def test_options_answers_allow_and_no_html(app_client: FlaskClient, path: str) -> None:
    response = app_client.options(path)
    assert (response.status_code, response.headers["Allow"], response.data) == (200, ALLOWED, b"")
    assert "Content-Type" not in response.headers
    assert REQUEST_ID.fullmatch(response.headers["X-Request-ID"])


def test_options_asterisk_answers_what_the_service_allows(app_client: FlaskClient) -> None:
    # The test client sends every target as a path (`/*`); gunicorn keeps the one sent in
    # RAW_URI, as the live test below shows.
    response = app_client.open("*", method="OPTIONS", environ_overrides={"RAW_URI": "*"})
    assert (response.status_code, response.headers["Allow"], response.data) == (200, ALLOWED, b"")
    assert "Content-Type" not in response.headers
    # A path that only looks like it is an unknown path.
    assert app_client.open("/*", method="OPTIONS").status_code == 404


def test_a_cors_preflight_carries_allow_and_no_html() -> None:
    app = create_app(Config(testing=True, cors_origins="https://app.example"))
    response = app.test_client().options(
        "/v1/products",
        headers={"Origin": "https://app.example", "Access-Control-Request-Method": "GET"},
    )
    assert (response.status_code, response.headers["Allow"]) == (200, ALLOWED)
    assert response.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert "Content-Type" not in response.headers


@pytest.mark.system
def test_gunicorn_passes_options_asterisk_to_the_app() -> None:
    with gunicorn_process() as server:
        host, port = server.base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(b"OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            received = b""
            for _ in range(100):  # bounded: gunicorn closes the connection after the answer
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v for k, v in (line.split(": ", 1) for line in lines)}
    assert (status_line.split()[1], headers.get("allow"), body) == ("200", ALLOWED, b"")
    assert "content-type" not in headers
