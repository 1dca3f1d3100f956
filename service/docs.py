"""Interactive API docs: Swagger UI from the locally installed assets, no CDN.

Its pages ignore any query string, unlike the API: they are for browsers, whose links and
bookmarks pick up tracking and cache-busting parameters, and the page is the same for all."""

from flask import Blueprint, Flask
from flask_swagger_ui import get_swaggerui_blueprint

DOCS_PATH = "/docs"


def init_app(app: Flask) -> Blueprint:
    blueprint: Blueprint = get_swaggerui_blueprint(
        DOCS_PATH,
        "/v1/openapi.json",
        config={"app_name": "Partnership metadata API", "tryItOutEnabled": True},
    )
    app.register_blueprint(blueprint)
    return blueprint
