"""The conditional-request cache: answers to GETs that carried an ETag, by URL, so that the
next GET of that URL asks `If-None-Match` and a 304 is answered from here."""

import time
from collections import OrderedDict
from dataclasses import dataclass, field

import httpx

# What the SDK marks an answer made from the cache with, in httpx.Response.extensions.
FROM_CACHE = "partnership_client.cache"
# Headers of a 304 that describe its own (empty) body, not the stored one.
BODY_HEADERS = frozenset({"content-length", "content-encoding", "transfer-encoding"})


@dataclass
class Stored:
    etag: str
    headers: httpx.Headers
    body: bytes  # decoded: the headers say nothing of a content coding or length
    stored_at: float = field(default_factory=time.monotonic)

    def fresh_for_ever(self) -> bool:
        """An answer sent as `immutable` (a read naming its `version`) needs no asking again
        while its max-age lasts, less the time it spent in caches on the way (`Age`):
        RFC 8246, RFC 9111 §4.2."""
        directives = cache_control(self.headers)
        if "immutable" not in directives or "no-cache" in directives:
            return False
        max_age = directives.get("max-age")
        if max_age is None:
            return False
        age = self.headers.get("age", "0")
        spent = float(age) if age.isdigit() else 0.0
        return time.monotonic() - self.stored_at < max_age - spent

    def answer(self, request: httpx.Request, how: str | None) -> httpx.Response:
        """The stored answer as a 200; `how` it was reused ("revalidated", "fresh") is in
        its extensions, None for the answer just stored."""
        return httpx.Response(
            200,
            headers=self.headers,
            content=self.body,
            request=request,
            extensions={} if how is None else {FROM_CACHE: how},
        )


class ConditionalCache:
    """At most `size` answers, the least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._answers: OrderedDict[str, Stored] = OrderedDict()
        self.revalidated = 0  # answers a 304 confirmed
        self.fresh = 0  # immutable answers served without a request

    def __len__(self) -> int:
        return len(self._answers)

    def lookup(self, url: str) -> Stored | None:
        stored = self._answers.get(url)
        if stored is not None:
            self._answers.move_to_end(url)
        return stored

    def store(self, url: str, response: httpx.Response, body: bytes) -> Stored | None:
        """Keep a 200 and its decoded body; None when it is not to be kept."""
        etag = response.headers.get("etag")
        if self.size <= 0 or etag is None or "no-store" in cache_control(response.headers):
            return None
        headers = httpx.Headers(
            [(k, v) for k, v in response.headers.multi_items() if k.lower() not in BODY_HEADERS]
        )
        stored = self._answers[url] = Stored(etag, headers, body)
        self._answers.move_to_end(url)
        while len(self._answers) > self.size:
            self._answers.popitem(last=False)
        return stored

    def confirmed(self, url: str, stored: Stored, not_modified: httpx.Response) -> Stored:
        """The stored answer, its headers updated by the 304's (RFC 9111 §4.3.4)."""
        headers = httpx.Headers(stored.headers)
        for name, value in not_modified.headers.items():
            if name.lower() not in BODY_HEADERS:
                headers[name] = value
        renewed = Stored(stored.etag, headers, stored.body)
        self._answers[url] = renewed
        self.revalidated += 1
        return renewed


def cache_control(headers: httpx.Headers) -> dict[str, float | None]:
    """Cache-Control's directives, by lower-case name; max-age as seconds."""
    directives: dict[str, float | None] = {}
    for part in headers.get("cache-control", "").split(","):
        name, _, value = part.strip().partition("=")
        if not name:
            continue
        try:
            directives[name.lower()] = float(value.strip('"')) if value else None
        except ValueError:
            directives[name.lower()] = None
    return directives
