"""Events: what happened in a partnership, with dates as the sources give them."""

from typing import Any

from flask import Response

from schemas import api
from schemas.envelope import EventPage
from schemas.query import EventQuery
from service.api.listing import item_response, list_response
from service.api.operations import Blueprint, item_operation, list_operation, path_id
from service.api.pinning import read_snapshot

blp = Blueprint("events", __name__, url_prefix="/events", description=__doc__)


@blp.route("")
@list_operation(blp, EventQuery, EventPage)
def list_events(**query: Any) -> Response:
    """List events, filtered by type, partnership or organization."""
    return list_response("events", query)


@blp.route("/<slug:event_id>", parameters=[path_id("event_id", "Event id.")])
@item_operation(blp, api.Event)
def get_event(event_id: str, **query: Any) -> Response:
    """Get one event with its date and evidence."""
    return item_response("events", event_id, read_snapshot(query))
