"""The dataset: which version is served, when it was loaded, and what it holds."""

from typing import Any

from flask import Response

from schemas import api
from service.api.listing import current_snapshot, tagged_response
from service.api.operations import Blueprint, NoQuery, json_operation
from service.dataset.build import DATASET_KEY

blp = Blueprint("dataset", __name__, url_prefix="/dataset", description=__doc__)


@blp.route("")
@json_operation(blp, NoQuery, api.DatasetInfo, ())
def get_dataset(**_: Any) -> Response:
    """Get the served dataset's version (a content hash), load time and counts."""
    return tagged_response(current_snapshot(), DATASET_KEY)
