"""The dataset: which version is served, when it was loaded, what it holds, and its history."""

from typing import Any

import orjson
from flask import Response

from schemas import api
from schemas.envelope import DatasetVersionList
from schemas.query import ReadQuery, VersionQuery
from service.api.listing import cached_page, make_page, page_bounds, tagged_response
from service.api.operations import Blueprint, json_operation, list_operation
from service.api.pinning import current_snapshot, read_snapshot
from service.dataset.build import DATASET_KEY
from service.pages import Page
from service.store import Snapshot

blp = Blueprint("dataset", __name__, url_prefix="/dataset", description=__doc__)


@blp.route("")
@json_operation(blp, ReadQuery, api.DatasetInfo, ())
def get_dataset(**query: Any) -> Response:
    """Get the served dataset's version (a content hash), load time and counts.

    The version changes whenever any served fact changes; every answer names the version that
    made it in `X-Dataset-Version`. `sources` lists each source text with its SHA-256."""
    return tagged_response(read_snapshot(query), DATASET_KEY)


@blp.route("/versions")
@list_operation(blp, VersionQuery, DatasetVersionList)
def list_dataset_versions(**query: Any) -> Response:
    """List the retained dataset versions, newest first.

    Each with when it was published, the files (with SHA-256) it was built from, and its
    counts. `/v1/changes` answers from any of them, and every read takes any of them as its
    `version`. The list itself is always the current one (it has no `version`: what is
    retained changes with every publish). Pages like every list."""
    snapshot = current_snapshot()
    return cached_page(snapshot, lambda: _versions_page(snapshot, query))


def _versions_page(snapshot: Snapshot, query: dict[str, Any]) -> Page:
    records = snapshot.history
    start, limit = page_bounds(query, snapshot)
    bodies = [
        orjson.dumps({**record.to_json(), "current": record.version == snapshot.version})
        for record in records[start : start + limit]
    ]
    return make_page(snapshot, bodies, start, limit, len(records))
