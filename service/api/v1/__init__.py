"""Version 1 of the API: its resources, one module each."""

from service.api.v1 import (
    changes,
    dataset,
    events,
    evidence,
    export,
    organizations,
    partnerships,
    products,
    sources,
    statements,
)

# This version's OpenAPI document, as `info.version` names it (see ApiVersion.release).
RELEASE = "1.1.0"

DESCRIPTION = """Structured, evidence-backed facts about corporate partnerships: who partners with
whom, on what, how far along, what was said, and where each fact comes from.

Every fact carries `evidence`: the id of a source, the exact quote, and its `start` and `end`
offsets, so that `source.text[start:end] == quote` can be checked by any client against
`GET /v1/sources/{source_id}`. Claims the source hedges ("could extend", "if reached") have
`certainty: hedged`.

A state that changes over time (a partnership's `status`, an agreement's `state`, a product's
`status`) is served as its current value, the latest the sources establish, beside its history
(`status_history`, `state_history`): every source's statement of it, oldest first, each with
when it held, its source, certainty and evidence. Filters such as `status` match the current
value.

Fields whose values come from a vocabulary (roles, statuses, kinds, types) are extensible: the
known values are listed in `x-extensible-enum`, and new ones may appear within v1. Treat a value
you do not know as unknown, not as an error. Query filters accept only the listed values.

`GET /v1/evidence?resource={type}/{id}` lists a resource's evidence with its source's SHA-256:
check the SHA-256 of the source's UTF-8 `text` first, then slice it (offsets count Unicode code
points).

To keep a copy in sync: download `GET /v1/export` (NDJSON) and note its `X-Dataset-Version`;
then follow `GET /v1/changes?since=<version>`, fetching each added or changed resource and
dropping each removed one. Every resource carries `updated_in`, the version in which it last
changed. A 410 from the feed means the version is no longer retained: download the export again.

Every read but the change feed and the versions list takes `version`: the answer from that
retained version, which never changes (cached as immutable). A version no longer retained is a
410, one never published a 404.

Lists return `{data, links, meta}`; follow `links.next` to page; a cursor reads its own version
for as long as it is retained. Errors are RFC 9457
`application/problem+json`."""

BLUEPRINTS = (
    partnerships.blp,
    organizations.blp,
    events.blp,
    statements.blp,
    products.blp,
    sources.blp,
    evidence.blp,
    dataset.blp,
    changes.blp,
    export.blp,
)
