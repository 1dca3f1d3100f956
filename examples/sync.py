"""Keep a local copy of the partnership dataset in sync, then check every quote in it.

    make sync-example SERVICE=http://127.0.0.1:8000 COPY=copy.json

The first run downloads the export. Later runs ask the change feed what changed since the
copy's version and fetch only that, each resource read in the version the feed leads to;
when the service no longer retains a version the sync needs, it downloads the export again.
Then every piece of evidence is checked as the API documents it: the source text's SHA-256
matches, and `text[start:end]` is the quote. The summary is printed as JSON; the exit status
is 1 when a quote fails its check.

It uses the official Python SDK (clients/python), which `make` installs. By hand:

    pip install ./clients/python
    python examples/sync.py http://127.0.0.1:8000 copy.json
"""

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from partnership_client import Gone, PartnershipClient
from partnership_client.openapi.api.changes import list_changes
from partnership_client.openapi.api.events import get_event
from partnership_client.openapi.api.organizations import get_organization
from partnership_client.openapi.api.partnerships import get_partnership
from partnership_client.openapi.api.products import get_product
from partnership_client.openapi.api.sources import get_source
from partnership_client.openapi.api.statements import get_statement

# Resource type -> the SDK operation that reads one, by id.
GET = {
    "organizations": get_organization,
    "partnerships": get_partnership,
    "events": get_event,
    "statements": get_statement,
    "products": get_product,
    "sources": get_source,
}
PAGE_SIZE = 100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("copy", type=Path)
    args = parser.parse_args()
    copy = json.loads(args.copy.read_text()) if args.copy.exists() else None
    with PartnershipClient(args.base_url) as api:
        copy, how = sync(api, copy)
    args.copy.write_text(json.dumps(copy, sort_keys=True))
    checked, failed = verify(copy["resources"])
    summary = {
        "version": copy["version"],
        "how": how,
        "resources": len(copy["resources"]),
        "quotes_checked": checked,
        "quotes_failed": failed,
    }
    print(json.dumps(summary))
    return 1 if failed else 0


def sync(api: PartnershipClient, copy: dict[str, Any] | None) -> tuple[dict[str, Any], str]:
    if copy is not None:
        try:
            return follow_changes(api, copy), "changes"
        except Gone:
            pass  # the copy's version, or the one the feed led to, is no longer retained
    return download(api), "export"


def download(api: PartnershipClient) -> dict[str, Any]:
    """The whole dataset from the export, streamed line by line."""
    lines = api.export()
    first = next(lines)
    resources = {f"{line['type']}/{line['id']}": line["data"] for line in lines}
    return {"version": first["id"], "resources": resources}


def follow_changes(api: PartnershipClient, copy: dict[str, Any]) -> dict[str, Any]:
    """The copy brought to the version the feed leads to: every page of the feed comes from
    that one version, and each changed resource is read in it by name, so a publish during
    the sync changes nothing of what it reads."""
    resources = dict(copy["resources"])
    target = copy["version"]
    for page in api.pages(list_changes, since=copy["version"], limit=PAGE_SIZE):
        target = page.meta.dataset_version
        for change in page.data:
            key = f"{change.type_}/{change.id}"
            if change.change == "removed":
                resources.pop(key, None)
                continue
            response = api.response(GET[change.type_], change.id, version=target)
            # Exactly the representation the feed named.
            if response.headers.get("etag") != f'"{change.etag}"':
                raise SystemExit(f"{key}: the feed named ETag {change.etag}, the read another")
            resources[key] = json.loads(response.content)
    return {"version": target, "resources": resources}


def verify(resources: dict[str, Any]) -> tuple[int, int]:
    """Check every quote against its source text; return (checked, failed)."""
    texts = {
        key.split("/", 1)[1]: data["text"]
        for key, data in resources.items()
        if key.startswith("sources/")
    }
    hashes = {sid: hashlib.sha256(text.encode("utf-8")).hexdigest() for sid, text in texts.items()}
    checked = failed = 0
    for key, data in resources.items():
        if key.startswith("sources/"):
            if hashes[data["id"]] != data["sha256"]:
                print(f"{key}: text does not match its sha256", file=sys.stderr)
                failed += 1
            continue
        for path, evidence in _evidence(data):
            checked += 1
            text = texts.get(evidence["source"])
            # Offsets count Unicode code points: Python's str indexing.
            if text is None or text[evidence["start"] : evidence["end"]] != evidence["quote"]:
                print(f"{key}{path}: quote not found at its offsets", file=sys.stderr)
                failed += 1
    return checked, failed


def _evidence(value: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(value, dict):
        for name, item in value.items():
            if name == "evidence":
                yield from ((f"{path}/evidence/{n}", e) for n, e in enumerate(item))
            else:
                yield from _evidence(item, f"{path}/{name}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _evidence(item, f"{path}/{n}")


if __name__ == "__main__":
    sys.exit(main())
