"""JSON logs: one line per request, and the application's own records, through the logging
library (python-json-logger), never hand-formatted."""

import logging
import sys
import time

from flask import Flask, Response, g, request
from pythonjsonlogger.core import BaseJsonFormatter
from pythonjsonlogger.orjson import OrjsonFormatter

from service.streaming import when_sent

ACCESS = logging.getLogger("service.access")
FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"
RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}


def json_formatter() -> BaseJsonFormatter:
    """python-json-logger's formatter that writes with orjson: a line per request, quickly."""
    return OrjsonFormatter(FIELDS, rename_fields=RENAMED, datefmt="%Y-%m-%dT%H:%M:%S%z")


def configure(level: str) -> None:
    """Every record reaching the root logger is written as JSON to stdout, once: handlers
    others put there (gunicorn's, a test's log capture) are left alone."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, BaseJsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(json_formatter())
        root.addHandler(handler)
    root.setLevel(level)


def init_app(app: Flask) -> None:
    @app.before_request
    def start_clock() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        request_id, method, path = g.get("request_id"), request.method, request.path
        query = request.query_string.decode("latin-1")[:512]
        version, remote_addr = g.get("dataset_version"), request.remote_addr
        started = g.get("started", time.perf_counter())

        def record(status: int) -> None:
            fields = {
                "request_id": request_id,
                "method": method,
                "path": path,
                "query": query,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 3),
                "dataset_version": version,
                "remote_addr": remote_addr,
            }
            ACCESS.info("request", extra=fields)

        when_sent(response, record)
        return response
