"""Keep a local copy of the partnership dataset in sync, then check every quote in it.

    make sync-example SERVICE=http://127.0.0.1:8000 COPY=copy.json

The first run downloads the export. Later runs ask the change feed what changed since the
copy's version and fetch only that; when the service no longer retains that version, they
download the export again. Then every piece of evidence is checked as the API documents it:
the source text's SHA-256 matches, and `text[start:end]` is the quote. The summary is printed
as JSON; the exit status is 1 when a quote fails its check.

It uses the Python SDK generated from the service's openapi.yaml, which `make sync-example`
generates into build/sdk before it runs this with that folder on PYTHONPATH. By hand:

    openapi-python-client generate --path openapi.yaml --output-path build/sdk/partnership_client \\
        --meta none
    PYTHONPATH=build/sdk python examples/sync.py http://127.0.0.1:8000 copy.json
"""

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from partnership_client import Client
from partnership_client.api.changes import list_changes
from partnership_client.api.events import get_event
from partnership_client.api.organizations import get_organization
from partnership_client.api.partnerships import get_partnership
from partnership_client.api.products import get_product
from partnership_client.api.sources import get_source
from partnership_client.api.statements import get_statement
from partnership_client.types import UNSET, Unset

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
ATTEMPTS = 5  # a publish during a sync restarts it; this many in a row is an error


class Moved(Exception):
    """The service published another version while this sync read; start over."""


class Gone(Exception):
    """The service no longer retains the copy's version: download the export."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("copy", type=Path)
    args = parser.parse_args()
    client = Client(base_url=args.base_url, raise_on_unexpected_status=True)
    copy = json.loads(args.copy.read_text()) if args.copy.exists() else None
    for _ in range(ATTEMPTS):
        try:
            copy, how = sync(client, copy)
            break
        except Moved:
            continue
    else:
        raise SystemExit(f"the dataset kept changing during {ATTEMPTS} attempts")
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


def sync(client: Client, copy: dict[str, Any] | None) -> tuple[dict[str, Any], str]:
    if copy is not None:
        try:
            return follow_changes(client, copy), "changes"
        except Gone:
            pass
    return download(client), "export"


def download(client: Client) -> dict[str, Any]:
    """The whole dataset from the export, streamed line by line."""
    # The SDK has no model for NDJSON; its HTTP client streams the body.
    with client.get_httpx_client().stream("GET", "/v1/export") as response:
        response.raise_for_status()
        lines = (json.loads(line) for line in response.iter_lines() if line)
        first = next(lines)
        resources = {f"{line['type']}/{line['id']}": line["data"] for line in lines}
    return {"version": first["id"], "resources": resources}


def follow_changes(client: Client, copy: dict[str, Any]) -> dict[str, Any]:
    """The copy brought to the current version: fetch what changed, drop what was removed."""
    resources = dict(copy["resources"])
    target = None
    for change in changes_since(client, copy["version"]):
        target = target or change["version"]
        key = f"{change['type']}/{change['id']}"
        if change["change"] == "removed":
            resources.pop(key, None)
            continue
        response = GET[change["type"]].sync_detailed(change["id"], client=client)
        # Read from the version the feed described, and exactly the representation it named.
        if response.headers.get("x-dataset-version") != change["version"]:
            raise Moved()
        if response.headers.get("etag") != f'"{change["etag"]}"':
            raise Moved()
        resources[key] = json.loads(response.content)
    return {"version": target or copy["version"], "resources": resources}


def changes_since(client: Client, version: str) -> Iterator[dict[str, Any]]:
    """Every change since `version`, page by page, each with the version it leads to."""
    cursor: str | Unset = UNSET
    while True:
        response = list_changes.sync_detailed(
            client=client, since=version, limit=PAGE_SIZE, cursor=cursor
        )
        if response.status_code == 410:
            # Either the copy's version is no longer retained, or a publish replaced the
            # version these pages belong to (the cursor names it): re-sync or start over.
            if isinstance(cursor, Unset):
                raise Gone()
            raise Moved()
        page = json.loads(response.content)
        for change in page["data"]:
            yield {**change, "version": page["meta"]["dataset_version"]}
        if not page["links"]["next"]:
            return
        cursor = _cursor_of(page["links"]["next"])


def _cursor_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["cursor"][0]


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
