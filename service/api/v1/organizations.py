"""Organizations: the companies that take part in partnerships."""

from typing import Any

from flask import Response

from schemas import api
from schemas.envelope import OrganizationPage, PartnershipPage
from schemas.query import OrganizationPartnershipQuery, OrganizationQuery
from service.api.listing import item_response, list_response
from service.api.operations import Blueprint, item_operation, list_operation, path_id
from service.api.pinning import read_snapshot

blp = Blueprint("organizations", __name__, url_prefix="/organizations", description=__doc__)
ORGANIZATION_ID = [path_id("organization_id", "Organization id.")]


@blp.route("")
@list_operation(blp, OrganizationQuery, OrganizationPage)
def list_organizations(**query: Any) -> Response:
    """List organizations, filtered by country, kind or partnership."""
    return list_response("organizations", query)


@blp.route("/<slug:organization_id>", parameters=ORGANIZATION_ID)
@item_operation(blp, api.Organization)
def get_organization(organization_id: str, **query: Any) -> Response:
    """Get one organization with the partnerships it takes part in."""
    return item_response("organizations", organization_id, read_snapshot(query))


@blp.route("/<slug:organization_id>/partnerships", parameters=ORGANIZATION_ID)
@list_operation(blp, OrganizationPartnershipQuery, PartnershipPage, errors=(404,))
def list_organization_partnerships(organization_id: str, **query: Any) -> Response:
    """List the partnerships one organization takes part in."""
    snapshot = read_snapshot(query)  # one version for the check and the list
    if organization_id not in snapshot.indexes["organizations"].members:
        return item_response("organizations", organization_id, snapshot)  # its 404
    return list_response("partnerships", {**query, "organization": [organization_id]}, snapshot)
