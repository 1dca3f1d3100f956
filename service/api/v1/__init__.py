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

DESCRIPTION = """Structured, evidence-backed facts about corporate partnerships: who partners with
whom, on what, how far along, what was said, and where each fact comes from.

Every fact carries `evidence`: the id of a source, the exact quote, and its `start` and `end`
offsets, so that `source.text[start:end] == quote` can be checked by any client against
`GET /v1/sources/{source_id}`. Claims the source hedges ("could extend", "if reached") have
`certainty: hedged`.

Lists return `{data, links, meta}`; follow `links.next` to page. Errors are RFC 9457
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
