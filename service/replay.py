"""Answers replayed: a read of a dataset resource is a function of the snapshot served, the path,
the query string and the Accept header, so once Flask has made one, the same read is answered
from the bytes and headers it produced.

A replay is made in front of Flask, as WSGI: routing, the request context, hooks and response
objects are what an answer costs once its body is made. What differs per request is worked out
again each time, by the same functions the Flask hooks call: the request id, the rate-limit
count and headers (a refused request goes on to Flask, already counted, for its 429), the 304
for a client that holds the ETag, the metrics and the access log line.

Only views that say so are replayed (`allow`), with their 200 and 404 answers: a view streaming
its body (the export) or reading more of the request than the key holds never says so. Requests
with an Origin header, when CORS is on, always go to Flask (Flask-CORS answers per origin).
Answers are kept per process, up to a byte budget (ANSWER_CACHE_MB; 0 turns replay off), for the
snapshot served; a new snapshot starts afresh.
"""

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache
from flask import request
from werkzeug.http import HTTP_STATUS_CODES, remove_entity_headers

from service.headers import request_id
from service.http import holds
from service.logs import log_access
from service.metrics import RequestMetrics, StoreMetrics
from service.ratelimit import COUNTED, RateLimiter, client_of, rate_limit_fields
from service.store import DatasetStore, Snapshot

# The environ key a view sets to let its answer be replayed: (snapshot, endpoint).
ALLOWED = "service.replay"
REPLAYED_STATUSES = (200, 404)
# Headers made per request: never kept, made again on each replay.
PER_REQUEST = frozenset(
    ("x-request-id", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "retry-after")
)
NOT_MODIFIED = f"304 {HTTP_STATUS_CODES[304].upper()}"

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]
Key = tuple[str, str, str | None]


def allow(snapshot: Snapshot) -> None:
    """Called by a view whose answer is a function of `snapshot` and the key alone."""
    request.environ[ALLOWED] = (snapshot, request.endpoint)


@dataclass(frozen=True)
class Answer:
    status: int
    status_line: str
    headers: list[tuple[str, str]]
    # What a 304 carries instead: the same headers, less the entity headers (as werkzeug sends).
    not_modified: list[tuple[str, str]]
    body: bytes
    etag: str | None
    endpoint: str
    version: str

    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) + 100 for k, v in self.headers) + 300


class Replayer:
    def __init__(
        self,
        app: WsgiApp,
        store: DatasetStore,
        prefixes: tuple[str, ...],
        limiter: RateLimiter,
        requests: RequestMetrics,
        metrics: StoreMetrics,
        *,
        cors: bool,
        clock: Callable[[], float] = time.time,
        max_bytes: int,
    ) -> None:
        self.app = app
        self._store = store
        self._prefixes = prefixes
        self._limiter = limiter
        self._requests = requests
        self._metrics = metrics
        self._cors = cors
        self._clock = clock
        self._max_bytes = max_bytes
        self._answers: LRUCache[Key, Answer] = LRUCache(maxsize=max_bytes, getsizeof=Answer.size)
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()  # cachetools caches are not thread-safe

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if (
            environ["REQUEST_METHOD"] not in ("GET", "HEAD")
            or not path.startswith(self._prefixes)
            or (self._cors and "HTTP_ORIGIN" in environ)
        ):
            return self.app(environ, start_response)
        key = (path, environ.get("QUERY_STRING", ""), environ.get("HTTP_ACCEPT"))
        answer = self._kept(key)
        self._metrics.looked_up("answer", int(answer is not None), int(answer is None))
        if answer is None:
            return self._record(key, environ, start_response)
        return self._replay(answer, environ, start_response)

    def _kept(self, key: Key) -> Answer | None:
        try:
            snapshot = self._store.snapshot()
        except LookupError:
            return None
        with self._lock:
            if snapshot is not self._snapshot:
                # Another version (or its lineage) is served: no kept answer speaks for it.
                self._answers = LRUCache(maxsize=self._max_bytes, getsizeof=Answer.size)
                self._snapshot = snapshot
                return None
            return self._answers.get(key)

    def _record(self, key: Key, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        sent: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            sent[:] = [status, headers]
            return start_response(status, headers, *exc_info)

        body = self.app(environ, capture)
        allowed = environ.get(ALLOWED)
        if allowed is None or environ["REQUEST_METHOD"] != "GET" or not sent:
            return body
        status_line, headers = sent
        status = int(status_line.split(" ", 1)[0])
        snapshot, endpoint = allowed
        if status not in REPLAYED_STATUSES:
            return body
        try:
            data = b"".join(body)  # one precomputed chunk: joined without a copy
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        kept = [(k, v) for k, v in headers if k.lower() not in PER_REQUEST]
        not_modified = list(kept)
        remove_entity_headers(not_modified)
        etag = next((v for k, v in kept if k.lower() == "etag"), None)
        answer = Answer(
            status, status_line, kept, not_modified, data, etag, endpoint, snapshot.version
        )
        with self._lock:
            if snapshot is self._snapshot and answer.size() <= self._max_bytes:
                self._answers[key] = answer
        return [data]

    def _replay(
        self, answer: Answer, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        started = time.perf_counter()
        current = self._limiter.hit(client_of(environ), self._clock())
        if current.breached:
            environ[COUNTED] = current  # Flask answers the 429, without counting it twice
            return self.app(environ, start_response)
        rid = request_id(environ.get("HTTP_X_REQUEST_ID", ""))
        method = environ["REQUEST_METHOD"]
        if answer.etag is not None and holds(environ.get("HTTP_IF_NONE_MATCH"), answer.etag):
            status, status_line, headers, body = 304, NOT_MODIFIED, answer.not_modified, b""
        else:
            status, status_line, headers = answer.status, answer.status_line, answer.headers
            body = b"" if method == "HEAD" else answer.body
        sent = [*headers, ("X-Request-ID", rid), *rate_limit_fields(current, self._clock()).items()]
        self._requests.observe(method, answer.endpoint, status, time.perf_counter() - started)
        log_access(
            rid,
            method,
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            status,
            started,
            answer.version,
            environ.get("REMOTE_ADDR"),
        )
        start_response(status_line, sent)
        return [body] if body else []
