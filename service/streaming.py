"""Streamed answers (the export) are judged when their last byte is sent, not when they start:
the access log and the metrics record a body cut short as a failure, never as its 200."""

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from flask import Response, g

log = logging.getLogger(__name__)


@dataclass
class Stream:
    """How far a streamed body got."""

    sent: int = 0
    failed: str | None = None  # why it stopped short; None while (or once) it is whole


def watched(chunks: Iterable[bytes], what: str) -> Iterator[bytes]:
    """`chunks`, watched for this request: a failure mid-way is logged and raised again, so the
    server drops the connection and the client sees the body end without its last chunk (a
    body that simply stopped would look complete)."""
    stream = g.stream = Stream()
    return _watch(chunks, stream, what)


def _watch(chunks: Iterable[bytes], stream: Stream, what: str) -> Iterator[bytes]:
    try:
        for chunk in chunks:
            stream.sent += len(chunk)
            yield chunk
    except Exception as error:
        stream.failed = f"{type(error).__name__}: {error}"
        log.error("%s cut short after %d bytes: %s", what, stream.sent, stream.failed)
        raise


def when_sent(response: Response, record: Callable[[int], None]) -> None:
    """Call `record` with the status to record: now, or for a streamed body once the server has
    sent it (or given up), with 500 for a body cut short."""
    stream: Stream | None = g.get("stream")
    if stream is None or not response.is_streamed:
        record(response.status_code)
        return
    status = response.status_code
    response.call_on_close(lambda: record(500 if stream.failed else status))
