"""Answers replayed: a read of a dataset resource is a function of the snapshot served, the path
and the query string (its Accept header only decides whether it is refused, with a 406, before
it is read), so once Flask has made one, the same read is answered from the bytes and headers it
produced.

A replay is made in front of Flask, as WSGI: routing, the request context, hooks and response
objects are what an answer costs once its body is made. What differs per request is worked out
again each time, by the same functions the Flask hooks call: the request id, the rate-limit
count and headers (a refused request goes on to Flask, already counted, for its 429), the 304
for a client that holds the ETag, the metrics and the access log line.

Only views that say so are replayed (`allow`), with their 200 and 404 answers to a plain GET: a
view streaming its body (the export) or reading more of the request than the key holds never
says so. A HEAD or conditional read has no body to keep; once one has shown its key replayable,
the next asks Flask for the plain GET itself, as an internal request. A request is replayed only
with an Accept header Flask has let through before (a few are remembered); requests with an
Origin header, when CORS is on, always go to Flask (Flask-CORS answers per origin). Answers are
kept per process, up to a byte budget (ANSWER_CACHE_MB; 0 turns replay off), for the snapshot
served; a new snapshot starts afresh.

The probes (`/livez`, `/readyz`) are replayed the same way, for the store's health they were
made from (`allow_probe`): an orchestrator's probe costs what an API read does, and a change of
state or version is answered by Flask at once. Like their Flask answers, they are logged, and
neither rate-limited nor counted in the metrics.
"""

import io
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from cachetools import LRUCache
from flask import request
from werkzeug.http import HTTP_STATUS_CODES, remove_entity_headers

from service.headers import request_id
from service.http import holds
from service.logs import INTERNAL, log_access
from service.metrics import UNCOUNTED, RequestMetrics, StoreMetrics
from service.ratelimit import (
    COUNTED,
    EXEMPT_PREFIXES,
    RateLimiter,
    client_of,
    rate_limit_fields,
)
from service.store import DatasetStore, Snapshot, health_of

# The environ key a view sets to let its answer be replayed: (snapshot or health, endpoint).
ALLOWED = "service.replay"
REPLAYED_STATUSES = (200, 404)
PROBE_STATUSES = (200, 503)
# Headers made per request: never kept, made again on each replay.
PER_REQUEST = frozenset(
    ("x-request-id", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "retry-after")
)
NOT_MODIFIED = f"304 {HTTP_STATUS_CODES[304].upper()}"

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]
Key = tuple[str, str]
# Accept headers let through before, remembered per process; clients send few distinct ones,
# and one longer than this is never remembered, so a client cannot grow the set.
ACCEPTS_KEPT = 64
ACCEPT_LENGTH = 512
# Keys known to be replayable whose answer is not kept (their reads so far were HEADs or
# conditional), remembered per process up to this many.
KNOWN_KEPT = 4096


def allow(snapshot: Snapshot) -> None:
    """Called by a view whose answer is a function of `snapshot` and the key alone."""
    request.environ[ALLOWED] = (snapshot, request.endpoint)


def allow_probe(health: Hashable) -> None:
    """Called by a probe whose answer is a function of `health` alone (what the replayer finds
    for its path: `health_of` the store for readiness, None for liveness)."""
    request.environ[ALLOWED] = (health, request.endpoint)


@dataclass(frozen=True)
class Answer:
    status_line: str
    headers: list[tuple[str, str]]
    # What a 304 carries instead: the same headers, less the entity headers (as werkzeug sends).
    not_modified: list[tuple[str, str]]
    body: bytes
    etag: str | None
    endpoint: str
    version: str | None  # for the access log
    key_length: int

    @property
    def status(self) -> int:
        return status_of(self.status_line)

    def size(self) -> int:
        headers = sum(len(k) + len(v) + 100 for k, v in self.headers)
        return len(self.body) + headers + 2 * self.key_length + 400


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
        exempt = EXEMPT_PREFIXES + UNCOUNTED
        if any(p.startswith(exempt) for p in prefixes) or any(
            e.startswith(prefixes) for e in exempt
        ):
            # A replay is always rate-limited and counted, as API reads are.
            raise ValueError(f"API paths {prefixes} overlap paths exempt from limits or metrics")
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
        self._known: LRUCache[Key, bool] = LRUCache(maxsize=KNOWN_KEPT)
        self._snapshot: Snapshot | None = None
        self._accepts: set[str | None] = set()
        self._lock = threading.Lock()  # cachetools caches are not thread-safe
        # Each probe's health now, and its answer with the health it was made for.
        self._health: dict[str, Callable[[], Hashable]] = {
            "/livez": lambda: None,
            "/readyz": partial(health_of, store),
        }
        self._probes: dict[str, tuple[Hashable, Answer]] = {}

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        path = environ.get("PATH_INFO", "")
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD") or (
            self._cors and "HTTP_ORIGIN" in environ
        ):
            return self.app(environ, start_response)
        if not path.startswith(self._prefixes):
            if path in self._health:
                return self._probe(path, started, environ, start_response)
            return self.app(environ, start_response)
        key = (path, environ.get("QUERY_STRING", ""))
        accept = environ.get("HTTP_ACCEPT")
        answer = self._kept(key, accept)
        if answer is None and self._bodiless(environ) and self._known.get(key):
            answer = self._make(key, environ)
        if answer is None:
            return self._record(key, environ, start_response)
        return self._replay(answer, started, environ, start_response)

    @staticmethod
    def _bodiless(environ: Environ) -> bool:
        """A read whose answer from Flask could not be kept: a HEAD, or a conditional GET."""
        return environ["REQUEST_METHOD"] == "HEAD" or "HTTP_IF_NONE_MATCH" in environ

    def _make(self, key: Key, environ: Environ) -> Answer | None:
        """Keep the answer to a plain GET of a key known to be replayable, asked of Flask as an
        internal request (not logged, counted or rate-limited): clients that only ever
        revalidate (a gateway, a worker's first requests after a restart) are replayed too."""
        plain = {k: v for k, v in environ.items() if k != "HTTP_IF_NONE_MATCH"}
        plain.update({"REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO(), INTERNAL: True})
        answered = self._record(key, plain, lambda *_: None)
        close = getattr(answered, "close", None)
        if close is not None:  # not kept (a 503, say): the client's request goes to Flask
            close()
        return self._kept(key, environ.get("HTTP_ACCEPT"))

    def _kept(self, key: Key, accept: str | None) -> Answer | None:
        with self._lock:
            # Read under the lock: a thread holding an older snapshot must not start afresh
            # after another thread has moved on to the newer one.
            try:
                snapshot = self._store.snapshot()
            except LookupError:
                return None
            if snapshot is not self._snapshot:
                # Another version (or its lineage) is served: no kept answer speaks for it.
                self._answers = LRUCache(maxsize=self._max_bytes, getsizeof=Answer.size)
                self._known = LRUCache(maxsize=KNOWN_KEPT)
                self._snapshot = snapshot
                return None
            if accept not in self._accepts:
                return None
            return self._answers.get(key)

    def _record(self, key: Key, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        sent: list[Any] = []
        body = self.app(environ, _capturing(start_response, sent))
        allowed = environ.get(ALLOWED)
        if allowed is None or not sent:
            return body
        snapshot, endpoint = allowed
        if self._bodiless(environ):
            # No body to keep; the next such read of this key asks for one (`_make`).
            with self._lock:
                if snapshot is self._snapshot:
                    self._known[key] = True
            return body
        status_line, headers = sent
        if status_of(status_line) not in REPLAYED_STATUSES:
            return body
        answer = _answer(status_line, headers, body, endpoint, snapshot.version, key)
        accept = environ.get("HTTP_ACCEPT")
        with self._lock:
            # Made from the snapshot served now, or it would be replayed for another.
            if snapshot is self._snapshot and answer.size() <= self._max_bytes:
                self._answers[key] = answer
                # Flask let this Accept through to a JSON read: it lets it through to any.
                if len(self._accepts) < ACCEPTS_KEPT and len(accept or "") <= ACCEPT_LENGTH:
                    self._accepts.add(accept)
                self._metrics.looked_up("answer", 0, 1)
        return [answer.body]

    def _probe(
        self, path: str, started: float, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        health = self._health[path]()
        kept = self._probes.get(path)
        if kept is not None and kept[0] == health:
            return self._send(kept[1], started, environ, start_response, ())
        if environ["REQUEST_METHOD"] != "GET":
            return self.app(environ, start_response)  # no body to keep
        sent: list[Any] = []
        body = self.app(environ, _capturing(start_response, sent))
        allowed = environ.get(ALLOWED)
        # Kept only when made for the health found before Flask ran: a state that changed
        # meanwhile is answered by Flask again on the next probe.
        if allowed is None or allowed[0] != health or not sent:
            return body
        status_line, headers = sent
        if status_of(status_line) not in PROBE_STATUSES:
            return body
        answer = _answer(status_line, headers, body, allowed[1], None, (path, ""))
        self._probes[path] = (health, answer)  # one store: atomic under the GIL
        return [answer.body]

    def _replay(
        self, answer: Answer, started: float, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        now = self._clock()
        current = self._limiter.hit(client_of(environ), now)
        if current.breached:
            environ[COUNTED] = current  # Flask answers the 429, without counting it twice
            return self.app(environ, start_response)
        self._metrics.looked_up("answer", 1, 0)
        limits = rate_limit_fields(current, now).items()
        return self._send(answer, started, environ, start_response, limits, counted=True)

    def _send(
        self,
        answer: Answer,
        started: float,
        environ: Environ,
        start_response: StartResponse,
        limits: Iterable[tuple[str, str]],
        *,
        counted: bool = False,
    ) -> Iterable[bytes]:
        """Send a kept answer with this request's own id, and log it (and count it in the
        request metrics, for API reads)."""
        rid = request_id(environ.get("HTTP_X_REQUEST_ID", ""))
        method = environ["REQUEST_METHOD"]
        if answer.etag is not None and holds(environ.get("HTTP_IF_NONE_MATCH"), answer.etag):
            status, status_line, headers, body = 304, NOT_MODIFIED, answer.not_modified, b""
        else:
            status, status_line, headers = answer.status, answer.status_line, answer.headers
            body = b"" if method == "HEAD" else answer.body
        sent = [*headers, ("X-Request-ID", rid), *limits]
        if counted:
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


def status_of(status_line: str) -> int:
    """The code of a WSGI status line ("200 OK")."""
    return int(status_line[:3])


def _capturing(start_response: StartResponse, sent: list[Any]) -> StartResponse:
    """`start_response`, also putting the status and headers sent into `sent`."""

    def capture(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
        sent[:] = [status, list(headers)]  # a copy: the server may change its own
        return start_response(status, headers, *exc_info)

    return capture


def _answer(
    status_line: str,
    headers: list[tuple[str, str]],
    body: Iterable[bytes],
    endpoint: str,
    version: str | None,
    key: Key,
) -> Answer:
    """What Flask sent, as kept: less the headers made per request, with the 304's headers."""
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
    return Answer(
        status_line,
        kept,
        not_modified,
        data,
        etag,
        endpoint,
        version,
        len(key[0]) + len(key[1]),
    )
