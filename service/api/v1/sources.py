"""Sources: the documents every fact quotes, with their full text and its SHA-256."""

from typing import Any

from flask import Response

from schemas import api
from schemas.envelope import SourcePage
from schemas.query import SourceQuery
from service.api.listing import item_response, list_response
from service.api.operations import Blueprint, item_operation, list_operation, path_id
from service.api.pinning import read_snapshot

blp = Blueprint("sources", __name__, url_prefix="/sources", description=__doc__)


@blp.route("")
@list_operation(blp, SourceQuery, SourcePage)
def list_sources(**query: Any) -> Response:
    """List source documents, without their text."""
    return list_response("sources", query)


@blp.route("/<slug:source_id>", parameters=[path_id("source_id", "Source id.")])
@item_operation(blp, api.Source)
def get_source(source_id: str, **query: Any) -> Response:
    """Get one source document with its full text, against which evidence offsets are checked."""
    return item_response("sources", source_id, read_snapshot(query))
