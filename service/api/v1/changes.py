"""The change feed: what was added, changed and removed since a version the client holds."""

import threading
from typing import Any

import orjson
from cachetools import LRUCache
from flask import Response, request
from werkzeug.exceptions import ServiceUnavailable

from schemas.envelope import ChangePage
from schemas.query import ChangeQuery
from service.api.listing import cached_page, current_snapshot, make_page, page_bounds
from service.api.operations import Blueprint, list_operation
from service.dataset.lineage import Change, diff
from service.errors import VersionNotRetained
from service.pages import Page
from service.store import Snapshot
from service.store.base import StoreUnavailable

blp = Blueprint("changes", __name__, url_prefix="/changes", description=__doc__)

# Diffs by (since, revision served): both name fixed content, so a diff never goes stale.
# Clients polling from the same version share one; a new publish brings new keys.
_diffs: LRUCache[tuple[str, str], list[Change]] = LRUCache(maxsize=8)
_diffs_lock = threading.Lock()


@blp.route("")
@list_operation(blp, ChangeQuery, ChangePage)
def list_changes(**query: Any) -> Response:
    """List what was added, changed and removed since a retained version.

    Each change names the resource, what happened to it between that version and the current
    one, and its ETag and `updated_in` now. A version no longer retained is a 410: re-sync from
    `/v1/export`, then follow the feed from the export's version. Pages like every list."""
    snapshot = current_snapshot()
    return cached_page(snapshot, lambda: _changes_page(snapshot, query))


def _changes_page(snapshot: Snapshot, query: dict[str, Any]) -> Page:
    changes = changes_since(snapshot, query["since"])
    if "type" in query:
        changes = [c for c in changes if c.rtype == query["type"]]
    start, limit = page_bounds(query, snapshot)
    prefix = _api_prefix()
    bodies = [orjson.dumps(_as_json(c, prefix)) for c in changes[start : start + limit]]
    return make_page(snapshot, bodies, start, limit, len(changes), since=query["since"])


def changes_since(snapshot: Snapshot, since: str) -> list[Change]:
    if since == snapshot.version:
        return []
    if since not in {record.version for record in snapshot.history}:
        raise VersionNotRetained(since, _export_path())
    key = (since, snapshot.revision)
    with _diffs_lock:
        found = _diffs.get(key)
    if found is not None:
        return found
    try:
        old, new = snapshot.lineage(since), snapshot.lineage(snapshot.version)
    except StoreUnavailable:
        raise ServiceUnavailable() from None
    if old is None:  # pruned since this snapshot was taken
        raise VersionNotRetained(since, _export_path())
    if new is None or new.revision != snapshot.revision:
        raise ServiceUnavailable()  # replaced while we read: the next request sees the new one
    changes = diff(old, new)
    with _diffs_lock:
        _diffs[key] = changes
    return changes


def _api_prefix() -> str:
    # The API version this feed is served under ("/v1"): its links stay within it.
    return request.path.rsplit("/", 1)[0]


def _export_path() -> str:
    return f"{_api_prefix()}/export"


def _as_json(change: Change, prefix: str) -> dict[str, Any]:
    return {
        "type": change.rtype,
        "id": change.rid,
        "change": change.kind,
        "etag": change.etag,
        "updated_in": change.updated_in,
        "href": None if change.kind == "removed" else f"{prefix}/{change.rtype}/{change.rid}",
    }
