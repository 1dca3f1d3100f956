"""API versions: each is a registry entry, so a new version sits beside the others."""

from dataclasses import dataclass

from flask import Flask, Response, request
from werkzeug.http import http_date

from service import root
from service.api import v1
from service.api.operations import Blueprint
from service.api.spec import create_version_api, render_spec, spec_response
from service.config import ConfigError
from service.http import JSON, YAML
from service.state import ServiceState


@dataclass(frozen=True)
class ApiVersion:
    name: str  # the path prefix: /v1
    # The OpenAPI document's `info.version` (semantic): its minor part grows with each
    # compatible addition within the path version, as CHANGELOG.md records; the SDKs in
    # clients/ take their own version from it.
    release: str
    title: str
    description: str
    blueprints: tuple[Blueprint, ...]


VERSIONS = (
    ApiVersion("v1", v1.RELEASE, "Partnership metadata API", v1.DESCRIPTION, v1.BLUEPRINTS),
)


def init_app(app: Flask, state: ServiceState, versions: tuple[ApiVersion, ...] = ()) -> None:
    versions = versions or VERSIONS
    state.api_prefixes = tuple(f"/{v.name}/" for v in versions)
    _announce_deprecations(app, state, versions)
    for version in versions:
        api = create_version_api(
            app, version.name, version.release, version.title, version.description
        )
        for blp in version.blueprints:
            # A later version reusing a resource module gets its own blueprint name.
            name = blp.name if blp.name not in app.blueprints else f"{version.name}_{blp.name}"
            api.register_blueprint(blp, url_prefix=f"/{version.name}{blp.url_prefix}", name=name)
        state.specs[version.name] = render_spec(api)
        _serve_spec(app, version.name, state)
    root.init_app(app, {version.name: version.blueprints for version in versions})


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


def _announce_deprecations(
    app: Flask, state: ServiceState, versions: tuple[ApiVersion, ...]
) -> None:
    """Deprecation (RFC 9745), Sunset (RFC 8594) and their links on a retiring version."""
    names = [v.name for v in versions]
    announced: dict[str, dict[str, str]] = {}
    for name, (since, sunset) in state.config.deprecations.items():
        if name not in names:
            raise ConfigError("API_DEPRECATIONS", f"there is no API version {name!r}")
        links = ['</docs/>; rel="deprecation"; type="text/html"']
        later = names[names.index(name) + 1 :]
        if later:
            links.append(f'</{later[0]}/openapi.json>; rel="successor-version"')
        announced[f"/{name}/"] = {
            "Deprecation": f"@{int(since.timestamp())}",
            "Sunset": http_date(sunset),
            "Link": ", ".join(links),
        }
    if not announced:
        return

    @app.after_request
    def deprecation_headers(response: Response) -> Response:
        for prefix, fields in announced.items():
            if request.path.startswith(prefix):
                response.headers["Deprecation"] = fields["Deprecation"]
                response.headers["Sunset"] = fields["Sunset"]
                existing = response.headers.get("Link")
                response.headers["Link"] = (
                    f"{existing}, {fields['Link']}" if existing else fields["Link"]
                )
        return response
