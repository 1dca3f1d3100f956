"""The baseline: the cheapest Flask app that answers each measured endpoint with precomputed bytes.

BENCH_BASELINE names a JSON file (endpoint -> status, content type, ETag, body file) written from
the service's own answers, so every response is the same size; nothing runs per request but
Flask. The ETag is sent as it is (no conditional logic here), so a stock proxy cache in front
of this app can answer 304s from its cache as the gateway does."""

import json
import os
from pathlib import Path
from typing import NamedTuple

from flask import Flask, Response


class Precomputed(NamedTuple):
    body: bytes
    status: int
    content_type: str
    etag: str  # the service's ETag for this answer, "" when it sends none


def read_answers(manifest: Path) -> dict[str, Precomputed]:
    """Each endpoint's answer, as bench.endpoints.write_baseline wrote it."""
    return {
        name: Precomputed(
            (manifest.parent / entry["body"]).read_bytes(),
            entry["status"],
            entry["content_type"],
            entry.get("etag", ""),
        )
        for name, entry in json.loads(manifest.read_text(encoding="utf-8")).items()
    }


def create_app(manifest: Path | None = None) -> Flask:
    manifest = manifest or Path(os.environ["BENCH_BASELINE"])
    app = Flask(__name__)
    answers: dict[str, tuple[bytes, int, dict[str, str]]] = {}
    for name, found in read_answers(manifest).items():
        headers = {"Content-Type": found.content_type}
        if found.etag:
            headers["ETag"] = found.etag
        answers[name] = (found.body, found.status, headers)

    @app.get("/<name>")
    def answer(name: str) -> Response:
        body, status, headers = answers[name]
        return Response(body, status=status, headers=headers)

    return app
