"""JSON logs: one line per request, and the application's own records, through the logging
library (python-json-logger), never hand-formatted."""

import logging
import sys
import time

import orjson
from flask import Flask, Response, g, request
from pythonjsonlogger.json import JsonFormatter

ACCESS = logging.getLogger("service.access")
ACCESS_FIELDS = (
    "request_id",
    "method",
    "path",
    "query",
    "status",
    "duration_ms",
    "dataset_version",
    "remote_addr",
)
# The environ key of a request the service makes of itself (to keep an answer, service.replay):
# it is not logged, counted in metrics or rate-limited; the client's request it serves is.
INTERNAL = "service.internal"
FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"
RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}


class JsonLines(JsonFormatter):
    """python-json-logger's formatter, with the one line per request made in one orjson call:
    its fields are known, so nothing is searched for or encoded twice. Same keys, same order."""

    def format(self, record: logging.LogRecord) -> str:
        if record.name != ACCESS.name or record.exc_info or self.rename_fields != RENAMED:
            return super().format(record)
        line: dict[str, object] = {
            "time": self.formatTime(record, self.datefmt),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        values = record.__dict__
        for name in ACCESS_FIELDS:
            line[name] = values.get(name)
        return orjson.dumps(line).decode()


def json_handler() -> logging.Handler:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonLines(FIELDS, rename_fields=RENAMED, datefmt="%Y-%m-%dT%H:%M:%S%z"))
    return handler


def configure(level: str) -> None:
    """Every record reaching the root logger is written as JSON to stdout, once: handlers
    others put there (a test's log capture) are left alone."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        root.addHandler(json_handler())
    root.setLevel(level)


def init_app(app: Flask) -> None:
    @app.before_request
    def start_clock() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        if request.environ.get(INTERNAL):
            return response
        log_access(
            g.get("request_id"),
            request.method,
            request.path,
            request.query_string.decode("latin-1"),
            response.status_code,
            g.get("started"),
            g.get("dataset_version"),
            request.remote_addr,
        )
        return response


def log_access(
    request_id: str | None,
    method: str,
    path: str,
    query: str,
    status: int,
    started: float | None,
    dataset_version: str | None,
    remote_addr: str | None,
) -> None:
    """The one line per request, whichever way the request was answered."""
    if not ACCESS.isEnabledFor(logging.INFO):
        return
    fields = {
        "request_id": request_id,
        "method": method,
        "path": path,
        "query": query[:512],
        "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 3)
        if started is not None
        else None,
        "dataset_version": dataset_version,
        "remote_addr": remote_addr,
    }
    # Made and handled directly: Logger.info would walk the stack for the caller's file and
    # line, on every request, to find this function.
    record = ACCESS.makeRecord(
        ACCESS.name, logging.INFO, __file__, 0, "request", (), None, extra=fields
    )
    ACCESS.handle(record)
