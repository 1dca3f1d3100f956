"""Products: what the partners make or plan, such as an upcoming model."""

from typing import Any

from flask import Response

from schemas import api
from schemas.envelope import ProductPage
from schemas.query import ProductQuery
from service.api.listing import item_response, list_response
from service.api.operations import Blueprint, item_operation, list_operation, path_id
from service.api.pinning import read_snapshot

blp = Blueprint("products", __name__, url_prefix="/products", description=__doc__)


@blp.route("")
@list_operation(blp, ProductQuery, ProductPage)
def list_products(**query: Any) -> Response:
    """List products, filtered by maker, status or kind."""
    return list_response("products", query)


@blp.route("/<slug:product_id>", parameters=[path_id("product_id", "Product id.")])
@item_operation(blp, api.Product)
def get_product(product_id: str, **query: Any) -> Response:
    """Get one product with its maker and evidence."""
    return item_response("products", product_id, read_snapshot(query))
