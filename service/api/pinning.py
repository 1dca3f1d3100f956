"""Which dataset version a read answers from: the current one, or the one the request names
(its `version`, or its cursor's), for as long as that version is retained."""

from collections.abc import Mapping
from typing import Any

from flask import g, request
from webargs.flaskparser import abort
from werkzeug.exceptions import NotFound, ServiceUnavailable

from service.api.cursors import cursor_version
from service.errors import VersionGone, shortened
from service.state import service_state
from service.store import Snapshot
from service.store.base import StoreUnavailable


def current_snapshot() -> Snapshot:
    try:
        snapshot = service_state().store.snapshot()
    except LookupError:
        raise ServiceUnavailable() from None
    g.dataset_version = snapshot.version  # for the response header and the request log
    return snapshot


def read_snapshot(query: Mapping[str, Any]) -> Snapshot:
    """The snapshot a read answers from: the version `version` names (an answer that never
    changes, so it is cached as immutable), else the cursor's while it is retained, else the
    current one. One snapshot per request, so an answer never mixes versions."""
    current = current_snapshot()
    named = query.get("version")
    made_in = cursor_version(query["cursor"]) if "cursor" in query else None
    if named is not None and made_in is not None and named != made_in:
        reason = (
            f"The cursor belongs to dataset version {shortened(made_in)}, not {named}: "
            "leave `version` out, or page with the links of the version you read."
        )
        abort(400, messages={"query": {"cursor": [reason], "version": [reason]}})
    if named is not None:
        snapshot = _named(current, named)
    elif made_in is not None and made_in != current.version:
        # A cursor of a pruned version falls through to the current one: page_bounds then
        # checks its binding first (a cursor of another list is a 400 in any version), and
        # answers 410 for the version.
        snapshot = _held(made_in) or current
    else:
        return current
    g.dataset_version = snapshot.version
    return snapshot


def _named(current: Snapshot, version: str) -> Snapshot:
    snapshot = _held(version)
    if snapshot is not None:
        return snapshot
    # Retained (yet not held) is known in memory; only a version pruned since asks Redis.
    if any(record.version == version for record in current.history) or _ever_published(version):
        raise VersionGone(version, current.version, export_path())
    raise NotFound(f"Dataset version {version} was never published here.")


def _ever_published(version: str) -> bool:
    try:
        return service_state().store.ever_published(version)
    except StoreUnavailable:
        raise ServiceUnavailable() from None


def _held(version: str) -> Snapshot | None:
    try:
        return service_state().store.pinned(version)
    except (StoreUnavailable, LookupError):
        raise ServiceUnavailable() from None


def export_path() -> str:
    # Within the API version asked ("/v1/export"): where a client re-syncs from.
    return f"/{request.path.split('/')[1]}/export"
