"""The change feed: what was added, changed and removed since a version the client holds."""

import threading
from typing import Any

import orjson
from cachetools import LRUCache
from flask import Response, request
from webargs.flaskparser import abort
from werkzeug.exceptions import ServiceUnavailable

from schemas.envelope import ChangePage
from schemas.query import ChangeQuery
from service.api.listing import cached_page, make_page, page_bounds
from service.api.operations import Blueprint, list_operation
from service.api.pinning import current_snapshot, export_path
from service.dataset.lineage import Change, Lineage, diff
from service.errors import VersionNotRetained
from service.pages import Page
from service.store import Snapshot
from service.store.base import StoreUnavailable

blp = Blueprint("changes", __name__, url_prefix="/changes", description=__doc__)

# Diffs by (since, revision of until): both name fixed content, so a diff never goes stale.
# Clients polling from the same version share one; a new publish brings new keys. (Only the
# content of `since` counts, and a version's content is fixed by its name.)
_diffs: LRUCache[tuple[str, str], list[Change]] = LRUCache(maxsize=8)
_diffs_lock = threading.Lock()


@blp.route("")
@list_operation(blp, ChangeQuery, ChangePage)
def list_changes(**query: Any) -> Response:
    """List what was added, changed and removed between two retained versions.

    From `since` to `until` (by default the current version): each change names the resource,
    what happened to it between the two, and its ETag and `updated_in` in `until`. Its `href`
    is the item's path, which serves the current version (with `version=` it serves the one
    named). `since` and `until` must both be retained (listed by `/v1/dataset/versions`): any
    other version is a 410, whether it was pruned or never published here, since either way a
    client re-syncs from `/v1/export`, then follows the feed from the export's version.
    `since` published after `until` is a 400; `since` equal to `until` lists nothing. It
    takes no `version`: `since` and `until` name the versions it reads. Pages like every
    list."""
    snapshot = current_snapshot()
    return cached_page(snapshot, lambda: _changes_page(snapshot, query))


def _changes_page(snapshot: Snapshot, query: dict[str, Any]) -> Page:
    since, until = query["since"], query.get("until", snapshot.version)
    changes = changes_between(snapshot, since, until)
    if "type" in query:
        changes = [c for c in changes if c.rtype == query["type"]]
    start, limit = page_bounds(query, snapshot)
    prefix = _api_prefix()
    bodies = [orjson.dumps(_as_json(c, prefix)) for c in changes[start : start + limit]]
    return make_page(snapshot, bodies, start, limit, len(changes), since=since, until=until)


def changes_between(snapshot: Snapshot, since: str, until: str) -> list[Change]:
    """The changes from `since` to `until`, both retained as of `snapshot`."""
    since_at = _published_at(snapshot, since, "since")
    until_at = _published_at(snapshot, until, "until")
    if since == until:
        return []
    if since_at < until_at:
        # Listing them backwards would give `updated_in` older than the version the client
        # holds, and would roll a copy back that swapped the two by mistake.
        reason = f"since must not be newer than until: {since} was published after {until}."
        abort(400, messages={"query": {"since": [reason], "until": [reason]}})
    # The lineage of `until` as of the snapshot: a version published again gets a new one.
    revision = (
        snapshot.revision if until == snapshot.version else snapshot.history[until_at].revision
    )
    key = (since, revision)
    with _diffs_lock:
        found = _diffs.get(key)
    if found is not None:
        return found
    old, new = _lineage(snapshot, since, "since"), _lineage(snapshot, until, "until")
    if new.revision != revision:
        raise ServiceUnavailable()  # replaced while we read: the next request sees the new one
    changes = diff(old, new)
    with _diffs_lock:
        _diffs[key] = changes
    return changes


def _published_at(snapshot: Snapshot, version: str, parameter: str) -> int:
    """Where `version` is in the snapshot's history, which is newest first and names each
    retained version once, as last published; 410 when it is not retained."""
    for n, record in enumerate(snapshot.history):
        if record.version == version:
            return n
    if version == snapshot.version:
        return -1  # current, though the history does not list it yet
    raise VersionNotRetained(version, parameter, export_path())


def _lineage(snapshot: Snapshot, version: str, parameter: str) -> Lineage:
    try:
        lineage = snapshot.lineage(version)
    except StoreUnavailable:
        raise ServiceUnavailable() from None
    if lineage is None:  # pruned since this snapshot was taken
        raise VersionNotRetained(version, parameter, export_path())
    return lineage


def _api_prefix() -> str:
    # The API version this feed is served under ("/v1"): its links stay within it.
    return request.path.rsplit("/", 1)[0]


def _as_json(change: Change, prefix: str) -> dict[str, Any]:
    return {
        "type": change.rtype,
        "id": change.rid,
        "change": change.kind,
        "etag": change.etag,
        "updated_in": change.updated_in,
        "href": None if change.kind == "removed" else f"{prefix}/{change.rtype}/{change.rid}",
    }
