"""The baseline: the cheapest Flask app that answers each measured endpoint with precomputed bytes.

BENCH_BASELINE names a JSON file (endpoint -> status, content type, body file) written from the
service's own answers, so every response is the same size; nothing runs per request but Flask."""

import json
import os
from pathlib import Path

from flask import Flask, Response


def create_app(manifest: Path | None = None) -> Flask:
    manifest = manifest or Path(os.environ["BENCH_BASELINE"])
    app = Flask(__name__)
    answers: dict[str, tuple[bytes, int, str]] = {}
    for name, entry in json.loads(manifest.read_text(encoding="utf-8")).items():
        body = (manifest.parent / entry["body"]).read_bytes()
        answers[name] = (body, entry["status"], entry["content_type"])

    @app.get("/<name>")
    def answer(name: str) -> Response:
        body, status, content_type = answers[name]
        return Response(body, status=status, content_type=content_type)

    return app
