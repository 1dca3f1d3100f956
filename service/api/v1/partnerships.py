"""Partnerships: who works with whom, on what, how far along."""

from typing import Any

from flask import Response

from schemas import api
from schemas.envelope import PartnershipPage
from schemas.query import PartnershipQuery
from service.api.listing import item_response, list_response
from service.api.operations import Blueprint, item_operation, list_operation, path_id
from service.api.pinning import read_snapshot

blp = Blueprint("partnerships", __name__, url_prefix="/partnerships", description=__doc__)


@blp.route("")
@list_operation(blp, PartnershipQuery, PartnershipPage)
def list_partnerships(**query: Any) -> Response:
    """List partnerships, filtered by organization, status, scope or kind."""
    return list_response("partnerships", query)


@blp.route("/<slug:partnership_id>", parameters=[path_id("partnership_id", "Partnership id.")])
@item_operation(blp, api.Partnership)
def get_partnership(partnership_id: str, **query: Any) -> Response:
    """Get one partnership with its participants, scope, agreements, events and evidence."""
    return item_response("partnerships", partnership_id, read_snapshot(query))
