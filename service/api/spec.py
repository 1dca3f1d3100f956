"""The OpenAPI document: generated from the schemas and views, finished here, served as bytes."""

import hashlib
import http
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import flask_smorest
import orjson
import yaml
from flask import Flask, Response
from flask_smorest.utils import prepare_response

from schemas.envelope import Problem
from service.api.examples import register_examples
from service.api.operations import IF_NONE_MATCH, SlugConverter, slug_param_schema
from service.errors import PROBLEM_JSON
from service.http import json_response

OPENAPI_VERSION = "3.1.0"


class VersionApi(flask_smorest.Api):  # type: ignore[misc]
    """One API version: its routes are registered with the app at once, its OpenAPI document
    is generated when first asked for; its errors are documented as problem+json.

    Generating the document (every schema and operation converted, with the examples) costs
    more than the rest of making the app, and a worker may never serve it. So each process
    generates it on its first request for it: the same steps flask-smorest takes as views are
    registered, in the same order, so the same document."""

    ERROR_SCHEMA = Problem
    DEFAULT_ERROR_RESPONSE_NAME = None

    def __init__(self, app: Flask, *, config_prefix: str) -> None:
        self._undocumented: list[Callable[[], None]] = []
        super().__init__(app, config_prefix=config_prefix)

    def document_later(self, step: Callable[[], None]) -> None:
        self._undocumented.append(step)

    def register_blueprint(
        self, blp: flask_smorest.Blueprint, *, parameters: Any = None, **options: Any
    ) -> None:
        """flask-smorest's own, with the views' documentation put off until document()."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)

        def document_views() -> None:
            blp.register_views_in_doc(self, self._app, self.spec, name=name, parameters=parameters)
            self.spec.tag({"name": name, "description": blp.description})

        self.document_later(document_views)

    def document(self) -> dict[str, Any]:
        """The finished document; made once (finishing changes the spec's own dicts)."""
        for step in self._undocumented:
            step()
        self._undocumented.clear()
        return finish_document(self.spec.to_dict())

    def _register_responses(self) -> None:
        # Called as the spec is made, so first in line, as it was when run at once.
        self.document_later(self._document_error_responses)

    def _document_error_responses(self) -> None:
        for status in http.HTTPStatus:
            if status < 400:
                continue
            response = {"description": status.phrase, "schema": self.ERROR_SCHEMA}
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)


def create_version_api(app: Flask, name: str, title: str, description: str) -> VersionApi:
    prefix = f"{name.upper()}_"
    app.config.update(
        {
            f"{prefix}API_TITLE": title,
            f"{prefix}API_VERSION": name,
            f"{prefix}OPENAPI_VERSION": OPENAPI_VERSION,
            f"{prefix}API_SPEC_OPTIONS": {
                "info": {"description": description},
                "servers": [{"url": "/", "description": "This service"}],
            },
        }
    )
    api = VersionApi(app, config_prefix=prefix)
    api.register_converter(SlugConverter, slug_param_schema)
    app.url_map.converters["slug"] = SlugConverter
    # First, as before the views: registering a schema names the schemas it nests.
    api.document_later(lambda: register_examples(api.spec))
    return api


class RenderedSpec(Mapping[str, tuple[bytes, str]]):
    """The document as JSON and YAML bytes, each with its ETag, by format.

    The document is generated on first use, and each format's bytes are made on first use and
    kept: the YAML emitter alone costs more than the rest of making the app, for a format most
    processes never serve. Both formats come from one document object: the objects it shares
    between places are what the YAML writes as anchors."""

    def __init__(self, api: VersionApi) -> None:
        self._api = api
        self._document: dict[str, Any] | None = None
        self._rendered: dict[str, tuple[bytes, str]] = {}
        # A threaded worker's first requests generate and render once.
        self._lock = threading.Lock()

    def __getitem__(self, fmt: str) -> tuple[bytes, str]:
        with self._lock:
            rendered = self._rendered.get(fmt)
            if rendered is None:
                if self._document is None:
                    self._document = self._api.document()
                body = _RENDERERS[fmt](self._document)
                rendered = self._rendered[fmt] = (body, _etag(body))
            return rendered

    def __iter__(self) -> Iterator[str]:
        return iter(_RENDERERS)

    def __len__(self) -> int:
        return len(_RENDERERS)


def render_spec(api: VersionApi) -> RenderedSpec:
    """The document as served, made once per app, when first asked for."""
    return RenderedSpec(api)


def finish_document(document: dict[str, Any]) -> dict[str, Any]:
    """What flask-smorest cannot be told per operation: shared headers, tidy components."""
    for path_item in document["paths"].values():
        for method, operation in path_item.items():
            if method == "parameters":
                continue
            # Added here: a manual `parameters` doc would replace the query parameters instead.
            operation.setdefault("parameters", []).append(IF_NONE_MATCH)
    components = document.get("components", {})
    # flask-smorest registers its own pagination schema; this API pages by cursor instead.
    components.get("schemas", {}).pop("PaginationMetadata", None)
    leading = ("openapi", "info", "servers", "tags", "paths", "components")
    return {key: document[key] for key in leading if key in document} | document


# libyaml's emitter writes the same bytes as the pure-Python one, in a tenth of the start-up time.
SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def spec_yaml(document: dict[str, Any]) -> str:
    return yaml.dump(document, Dumper=SafeDumper, sort_keys=False, allow_unicode=True, width=100)


_RENDERERS: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "json": lambda document: orjson.dumps(document, option=orjson.OPT_INDENT_2),
    "yaml": lambda document: spec_yaml(document).encode(),
}


def spec_response(rendered: tuple[bytes, str], content_type: str) -> Response:
    body, etag = rendered
    response = json_response(body, etag)
    if response.status_code == 200:
        response.content_type = content_type
    return response


def _etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'
