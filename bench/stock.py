"""The stock stack: the libraries the service is built on, put together as their docs show,
answering the baseline's precomputed bytes. The anchor the service's own pipeline is judged by.

Flask-Limiter with its headers on and one application-wide limit (RATE_LIMIT, as the service
reads it), counted in BENCH_STOCK_STORAGE (`memory://` unless set, or a Redis URL);
prometheus_client's request counter and latency histogram in before/after_request hooks
(summed over gunicorn's workers through PROMETHEUS_MULTIPROC_DIR when it is set); one JSON line
per request through python-json-logger; an X-Request-ID kept from the client or made; ETags
and 304s by Werkzeug's conditional responses. `create_documented_app` is the same stack with
flask-smorest, which the service documents its routes with: the route in a Blueprint."""

import logging
import os
import sys
import time
import uuid
from pathlib import Path

from flask import Flask, Response, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_smorest import Api, Blueprint
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from pythonjsonlogger.json import JsonFormatter

from bench.baseline import read_answers

ACCESS = logging.getLogger("bench.stock.access")


def access_log() -> logging.Logger:
    """One JSON object per line on stdout, once per process however many apps are made."""
    if not ACCESS.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        ACCESS.addHandler(handler)
        ACCESS.setLevel(logging.INFO)
        ACCESS.propagate = False
    return ACCESS


def create_app(
    manifest: Path | None = None, storage: str | None = None, documented: bool = False
) -> Flask:
    manifest = manifest or Path(os.environ["BENCH_BASELINE"])
    storage = storage or os.environ.get("BENCH_STOCK_STORAGE", "memory://")
    app = Flask(__name__)
    answers = read_answers(manifest)
    Limiter(
        get_remote_address,
        app=app,
        application_limits=[os.environ.get("RATE_LIMIT", "100 per minute")],
        storage_uri=storage,
        headers_enabled=True,
    )
    # The app's own registry, so apps made side by side never clash; in multiprocess mode the
    # values go to the shared files whatever the registry.
    registry = CollectorRegistry()
    requests = Counter(
        "http_requests_total", "Requests.", ["method", "endpoint", "status"], registry=registry
    )
    latency = Histogram(
        "http_request_duration_seconds", "Latency.", ["method", "endpoint"], registry=registry
    )
    log = access_log()

    @app.before_request
    def start() -> None:
        g.started = time.perf_counter()
        g.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex

    @app.after_request
    def finish(response: Response) -> Response:
        seconds = time.perf_counter() - g.get("started", time.perf_counter())
        endpoint = request.endpoint or "unmatched"
        requests.labels(request.method, endpoint, str(response.status_code)).inc()
        latency.labels(request.method, endpoint).observe(seconds)
        response.headers["X-Request-ID"] = g.request_id
        log.info(
            "request",
            extra={
                "request_id": g.request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 3),
                "remote_addr": request.remote_addr,
            },
        )
        return response

    @app.get("/metrics")
    def metrics() -> Response:
        if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
            summed = CollectorRegistry()
            MultiProcessCollector(summed)  # type: ignore[no-untyped-call]  # unannotated
            return Response(generate_latest(summed), content_type=CONTENT_TYPE_LATEST)
        return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)

    def answer(name: str) -> Response:
        found = answers[name]
        response = Response(found.body, status=found.status, content_type=found.content_type)
        if found.etag:
            response.headers["ETag"] = found.etag
        response.make_conditional(request)  # a 304 when If-None-Match names the ETag
        return response

    if not documented:
        app.get("/<name>")(answer)
        return app
    # As the service's routes are: in a flask-smorest Blueprint, the answer documented. A
    # Blueprint makes Flask-Limiter look up the limits and exemptions of the blueprint and of
    # its parents on every request, where an app route has none to look up.
    app.config.update(API_TITLE="stock", API_VERSION="1", OPENAPI_VERSION="3.1.0")
    api = Api(app)
    answers_blp = Blueprint("answers", __name__)
    answers_blp.route("/<name>", methods=["GET"])(answers_blp.response(200)(answer))
    api.register_blueprint(answers_blp)
    return app


def create_documented_app() -> Flask:
    """The stock stack with flask-smorest: its route in a Blueprint of an Api."""
    return create_app(documented=True)
