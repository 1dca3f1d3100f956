"""API versions: each is a registry entry, so a new version sits beside the others."""

from dataclasses import dataclass

from flask import Flask

from service.api import v1
from service.api.operations import Blueprint
from service.api.spec import create_version_api, render_spec, spec_response
from service.http import JSON, YAML
from service.state import ServiceState


@dataclass(frozen=True)
class ApiVersion:
    name: str
    title: str
    description: str
    blueprints: tuple[Blueprint, ...]


VERSIONS = (ApiVersion("v1", "Partnership metadata API", v1.DESCRIPTION, v1.BLUEPRINTS),)


def init_app(app: Flask, state: ServiceState) -> None:
    for version in VERSIONS:
        api = create_version_api(app, version.name, version.title, version.description)
        for blp in version.blueprints:
            # A later version reusing a resource module gets its own blueprint name.
            name = blp.name if blp.name not in app.blueprints else f"{version.name}_{blp.name}"
            api.register_blueprint(blp, url_prefix=f"/{version.name}{blp.url_prefix}", name=name)
        state.specs[version.name] = render_spec(api)
        _serve_spec(app, version.name, state)


def _serve_spec(app: Flask, name: str, state: ServiceState) -> None:
    rendered = state.specs[name]
    app.add_url_rule(
        f"/{name}/openapi.json",
        endpoint=f"{name}_openapi_json",
        view_func=lambda: spec_response(rendered["json"], JSON),
    )
    app.add_url_rule(
        f"/{name}/openapi.yaml",
        endpoint=f"{name}_openapi_yaml",
        view_func=lambda: spec_response(rendered["yaml"], YAML),
    )
