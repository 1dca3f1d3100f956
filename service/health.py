"""Health endpoints for orchestrators: the process answers, and it has a dataset to serve.

They ignore any query string, unlike the API: a probe or uptime checker may add one (often to
bust a cache), and a 400 there would mark a healthy replica down over a parameter that changes
nothing in the answer."""

from collections.abc import Mapping

import orjson
from flask import Blueprint, Flask, Response

from service.state import service_state
from service.store import health_of

blp = Blueprint("health", __name__)


@blp.get("/livez")
def livez() -> Response:
    """The process answers."""
    return _json({"status": "ok"}, 200)


@blp.get("/readyz")
def readyz() -> Response:
    """Whether a dataset is served, which version, and the store's state."""
    health = health_of(service_state().store)
    body = {
        "status": health.state.status,
        "store": health.state.store,
        "reason": health.state.reason,
        "dataset_version": health.version,
    }
    return _json(body, 503 if health.state.status == "not-ready" else 200)


def _json(body: Mapping[str, object], status: int) -> Response:
    response = Response(orjson.dumps(body), status=status, content_type="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(blp)
