"""Statements: what the partners said, verbatim, with the source offsets of each quote."""

from typing import Any

from flask import Response

from schemas import api
from schemas.envelope import StatementPage
from schemas.query import StatementQuery
from service.api.listing import item_response, list_response
from service.api.operations import Blueprint, item_operation, list_operation, path_id
from service.api.pinning import read_snapshot

blp = Blueprint("statements", __name__, url_prefix="/statements", description=__doc__)


@blp.route("")
@list_operation(blp, StatementQuery, StatementPage)
def list_statements(**query: Any) -> Response:
    """List statements, filtered by partnership or speaker."""
    return list_response("statements", query)


@blp.route("/<slug:statement_id>", parameters=[path_id("statement_id", "Statement id.")])
@item_operation(blp, api.Statement)
def get_statement(statement_id: str, **query: Any) -> Response:
    """Get one statement with its verbatim quote."""
    return item_response("statements", statement_id, read_snapshot(query))
