"""The service's root: `GET /` names what the service offers, as API roots do, and each API
version's root (`GET /v1`) names its collections."""

import hashlib
from collections.abc import Iterable

import orjson
from flask import Blueprint, Flask, request

from service.api.operations import refuse_query
from service.docs import DOCS_PATH
from service.http import json_response

NAME = "Partnership metadata API"


def _answer(body: dict[str, object]) -> tuple[bytes, str]:
    data = orjson.dumps(body)
    return data, hashlib.sha256(data).hexdigest()[:32]


def init_app(app: Flask, versions: dict[str, Iterable[Blueprint]]) -> None:
    """Register `/` and one root per API version (the last named is the current one)."""
    blp = Blueprint("root", __name__)
    latest = list(versions)[-1]
    index = _answer(
        {
            "name": NAME,
            "links": {
                "api": f"/{latest}",
                "docs": f"{DOCS_PATH}/",
                "openapi": f"/{latest}/openapi.json",
                "livez": "/livez",
                "readyz": "/readyz",
            },
            "versions": {name: f"/{name}" for name in versions},
        }
    )
    blp.add_url_rule("/", "index", lambda: json_response(*index))
    for name, blueprints in versions.items():
        root = _answer(
            {
                "name": NAME,
                "version": name,
                "links": {
                    **{b.name: f"/{name}{b.url_prefix}" for b in blueprints},
                    "openapi": f"/{name}/openapi.json",
                    "docs": f"{DOCS_PATH}/",
                },
            }
        )
        blp.add_url_rule(f"/{name}", f"{name}_root", lambda answer=root: json_response(*answer))
    app.register_blueprint(blp)
    _refuse_query_on_documents(app, list(versions))


def _refuse_query_on_documents(app: Flask, versions: list[str]) -> None:
    """The roots and the OpenAPI documents take no parameters, so one given is a 400 as on any
    API path: a client asking `/v1/openapi.json?format=yaml` learns it gets no YAML that way."""
    documents = {"/"} | {
        path
        for name in versions
        for path in (f"/{name}", f"/{name}/openapi.json", f"/{name}/openapi.yaml")
    }

    @app.before_request
    def refuse_query_on_documents() -> None:
        # By the rule matched, so a path no route answers keeps its 404 or 405.
        if request.url_rule is not None and request.url_rule.rule in documents:
            refuse_query()
