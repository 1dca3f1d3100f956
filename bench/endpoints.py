"""The measured endpoints, found on a running service, and the bytes the anchors answer with."""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

# Endpoints the gateway may cache (the others are no-store) and nginx can serve as files.
CACHEABLE = ("item", "list", "fields", "not_modified")


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    baseline: str = ""  # the baseline endpoint it is compared with: itself unless said

    @property
    def compared_with(self) -> str:
        return self.baseline or self.name


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str, headers: dict[str, str] | None = None) -> Answer:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        # nosec: the harness builds every URL itself, http on loopback (bandit B310 flags any
        # urlopen for the file: scheme it could be given).
        with urllib.request.urlopen(request, timeout=10) as response:  # nosec B310
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, dict(error.headers), error.read())


def discover(base: str) -> list[Endpoint]:
    """The six measured endpoints, on the first partnership of whatever dataset `base` serves."""
    first = json.loads(fetch(f"{base}/v1/partnerships?limit=1").body)["data"][0]
    item = f"/v1/partnerships/{first['id']}"
    organization = first["participants"][0]["organization"]
    etag = fetch(base + item).headers["ETag"]
    return [
        Endpoint("item", item, 200),
        Endpoint("list", f"/v1/partnerships?organization={organization}&limit=20", 200),
        Endpoint("fields", "/v1/partnerships?fields=id,title,status&limit=20", 200),
        Endpoint("not_modified", item, 304, {"If-None-Match": etag}, baseline="item"),
        Endpoint("not_found", "/v1/partnerships/no-such-partnership", 404),
        Endpoint("readyz", "/readyz", 200),
    ]


def check(base: str, endpoints: list[Endpoint]) -> dict[str, Answer]:
    """Each endpoint answers as expected before it is measured (a 429 or 503 would lie)."""
    answers = {}
    for endpoint in endpoints:
        answer = fetch(base + endpoint.path, endpoint.headers)
        if answer.status != endpoint.status:
            raise RuntimeError(
                f"{base}{endpoint.path}: {answer.status}, expected {endpoint.status}"
            )
        answers[endpoint.name] = answer
    return answers


def write_baseline(folder: Path, answers: dict[str, Answer]) -> Path:
    """The service's bodies as files: the Flask baseline's manifest and nginx's static root."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for name, answer in answers.items():
        if answer.status == 304:
            continue  # compared with the 200 it stands for
        (folder / f"{name}.json").write_bytes(answer.body)
        manifest[name] = {
            "status": answer.status,
            "content_type": answer.headers.get("Content-Type", "application/json"),
            "etag": answer.headers.get("ETag", ""),
            "body": f"{name}.json",
        }
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return path


def same_answers(request: tuple[str, dict[str, str]], expected: Answer) -> None:
    """An anchor answers the request with the status and body bytes the service answered."""
    url, headers = request
    answer = fetch(url, headers)
    if (answer.status, answer.body) != (expected.status, expected.body):
        raise RuntimeError(
            f"{url}: {answer.status} with {len(answer.body)} bytes, while the service answered "
            f"{expected.status} with {len(expected.body)} bytes"
        )
