"""A mixed read load on a live server (items, filtered lists, conditional GETs, 404s) from a few
threads, tallying every answer per phase and checking that no answer mixes dataset versions."""

import http.client
import random
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import orjson

# Answers the load expects; anything else counts as a failure of its kind.
EXPECTED = {200, 304, 404}
LISTS = (
    "/v1/partnerships?status=active&limit=50",
    "/v1/partnerships?organization={org}",
    "/v1/organizations?limit=100",
    "/v1/events?limit=20&sort=-type",
    "/v1/partnerships?sort=-title&limit=100",
    "/v1/statements?q=deal&limit=30",
    "/v1/sources",
)


@dataclass
class Tally:
    """What one phase of the load saw."""

    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    connection_errors: Counter[str] = field(default_factory=Counter)
    mixed_versions: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def failures(self) -> dict[str, int]:
        """Failed requests by kind: unexpected statuses and connection errors."""
        found = {f"status {s}": n for s, n in self.statuses.items() if s not in EXPECTED}
        return found | {f"connection: {kind}": n for kind, n in self.connection_errors.items()}

    def note(self, example: str) -> None:
        if len(self.examples) < 5:
            self.examples.append(example)


class ReadLoad:
    """Threads reading `base` until stopped; `phase(name)` starts a new tally."""

    def __init__(self, base: str, ids: dict[str, list[str]], markers: dict[str, str]) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.address = (host, int(port))
        self.ids = ids
        self.markers = markers  # dataset version -> the word every item of it carries
        self.tallies: dict[str, Tally] = {}
        self.current = self.phase("warm-up")
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def phase(self, name: str) -> Tally:
        self.current = self.tallies.setdefault(name, Tally())
        return self.current

    def start(self, threads: int = 4) -> None:
        for n in range(threads):
            thread = threading.Thread(target=self._run, args=(random.Random(n),), daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def _run(self, rng: random.Random) -> None:
        etags: dict[str, str] = {}
        while not self._stop.is_set():
            path, headers = self._pick(rng, etags)
            tally = self.current
            try:
                status, answer_headers, body = self._get(path, headers)
            except (OSError, http.client.HTTPException) as error:
                with self._lock:
                    tally.requests += 1
                    tally.connection_errors[type(error).__name__] += 1
                    tally.note(f"{path}: {type(error).__name__}: {error}")
                continue
            problem = self._check(path, status, answer_headers, body)
            if status == 200 and "etag" in answer_headers:
                etags[path] = answer_headers["etag"]
            with self._lock:
                tally.requests += 1
                tally.statuses[status] += 1
                if problem:
                    tally.mixed_versions += 1
                    tally.note(f"{path}: {problem}")
                elif status not in EXPECTED:
                    tally.note(f"{path}: {status} {body[:200]!r}")

    def _pick(self, rng: random.Random, etags: dict[str, str]) -> tuple[str, dict[str, str]]:
        roll = rng.random()
        if roll < 0.45:
            rtype = rng.choice(list(self.ids))
            return f"/v1/{rtype}/{rng.choice(self.ids[rtype])}", {}
        if roll < 0.75:
            org = rng.choice(self.ids["organizations"])
            return rng.choice(LISTS).format(org=org), {}
        if roll < 0.9 and etags:
            path = rng.choice(list(etags))
            return path, {"If-None-Match": etags[path]}
        return f"/v1/{rng.choice(list(self.ids))}/no-such-item-{rng.randint(0, 999)}", {}

    def _get(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(*self.address, timeout=15)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            connection.close()

    def _check(self, path: str, status: int, headers: dict[str, str], body: bytes) -> str | None:
        """Why this answer mixes versions, or None: every item must carry its version's marker."""
        if status != 200:
            return None
        version = headers.get("x-dataset-version", "")
        marker = self.markers.get(version)
        if marker is None:
            return f"unknown X-Dataset-Version {version!r}"
        others = [m for v, m in self.markers.items() if v != version]
        if any(other.encode() in body for other in others):
            return f"a {version} answer holds another version's marker"
        parsed: Any = orjson.loads(body)
        if "data" not in parsed:
            return None if marker.encode() in body else f"an item of {version} lacks {marker}"
        if parsed["meta"]["dataset_version"] != version:
            return f"meta.dataset_version {parsed['meta']['dataset_version']} != {version}"
        unmarked = [i["id"] for i in parsed["data"] if marker.encode() not in orjson.dumps(i)]
        return f"{path} items {unmarked[:3]} lack {marker}" if unmarked else None
