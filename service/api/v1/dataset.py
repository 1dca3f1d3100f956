"""The dataset: which version is served, when it was loaded, what it holds, and its history."""

import hashlib
from typing import Any

import orjson
from flask import Response

from schemas import api
from schemas.envelope import DatasetVersionList
from service.api.listing import current_snapshot, tagged_response
from service.api.operations import Blueprint, NoQuery, json_operation
from service.dataset.build import DATASET_KEY
from service.http import json_response

blp = Blueprint("dataset", __name__, url_prefix="/dataset", description=__doc__)


@blp.route("")
@json_operation(blp, NoQuery, api.DatasetInfo, ())
def get_dataset(**_: Any) -> Response:
    """Get the served dataset's version (a content hash), load time and counts."""
    return tagged_response(current_snapshot(), DATASET_KEY)


@blp.route("/versions")
@json_operation(blp, NoQuery, DatasetVersionList, ())
def list_dataset_versions(**_: Any) -> Response:
    """List the retained dataset versions, newest first: when each was published, the files
    (with SHA-256) it was built from, and its counts. `/v1/changes` answers from any of them."""
    snapshot = current_snapshot()
    data = [
        {**record.to_json(), "current": record.version == snapshot.version}
        for record in snapshot.history
    ]
    meta = {"count": len(data), "dataset_version": snapshot.version}
    body = orjson.dumps({"data": data, "meta": meta})
    return json_response(body, hashlib.sha256(body).hexdigest()[:32], snapshot.loaded_at)
