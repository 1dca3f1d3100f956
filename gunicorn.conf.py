"""gunicorn settings, read from the environment so containers and `make run` share them."""

import contextlib
import gc
import os
import re
import shutil
import sys
import tempfile
from typing import NoReturn

# Folders this instance makes for itself in the temp dir, removed when it stops (on_exit).
_made_here: list[str] = []


def _own_folder(variable: str, prefix: str) -> str:
    """The folder `variable` names, or a fresh one of this instance's, named in the environment
    so the workers (and a reload of this file) find the same one."""
    if variable not in os.environ:
        os.environ[variable] = tempfile.mkdtemp(prefix=prefix)
        _made_here.append(os.environ[variable])
    return os.environ[variable]


# Metrics from every worker are summed through files in one folder (prometheus_client's
# multiprocess mode). prometheus_client chooses between that and in-memory counts once, when it
# is first imported, so the folder is named here, before anything below imports the service
# (and prometheus_client with it): named later, every worker counts in its own memory and
# /metrics reads an empty folder.
METRICS_DIR = _own_folder("PROMETHEUS_MULTIPROC_DIR", "partnership-metrics-")

# A folder of this instance's own, shared by its workers: each records there the dataset version
# it serves, so one that replaces another never serves an older one (service.store.served).
_own_folder("INSTANCE_DIR", "partnership-instance-")

from service.config import Config, ConfigError, ServerSettings  # noqa: E402  (after the folders)


def _stop(lines: list[str], status: int) -> NoReturn:
    """Stop before gunicorn starts, saying why on stderr. on_exit runs only once gunicorn has
    started, so the folders this instance made above are removed here."""
    for line in lines:
        print(line, file=sys.stderr)
    for folder in _made_here:
        shutil.rmtree(folder, ignore_errors=True)
    raise SystemExit(status)


# A bad setting stops start-up with one line naming it, before any worker starts. gunicorn's own
# settings are read by the service's config (one parser, one form of message), which can only be
# imported once the folders above are named: anything under `service` imports prometheus_client.
try:
    _server = ServerSettings.from_env()
    _config = Config.from_env()
except ConfigError as error:
    _stop([f"error: {error}"], 2)

if _config.redis_url is None:
    # The embedded store's dataset is loaded here, once, as data: the workers forked after
    # share it, and bad seeds stop start-up before any of them starts. (Each worker makes its
    # own app around it: connections, threads and locks are the worker's own.)
    from service.dataset import SeedError
    from service.dataset.bundled import preload
    from service.dataset.locations import describe, shown_name

    try:
        preload(_config.seeds_dir)
    except SeedError as error:
        report = [describe(problem, _config.seeds_dir) for problem in error.problems]
        summary = f"{len(error.problems)} problem(s) in {shown_name(str(_config.seeds_dir))}"
        _stop([*report, summary], 1)
    # Out of the cycle collector's reach: it would walk these objects in every worker again
    # and again, and write to the memory pages the workers share with this process.
    gc.freeze()

wsgi_app = "service.wsgi:app"
bind = _server.bind

# gunicorn's control socket (for gunicornc) defaults to ~/.gunicorn/gunicorn.ctl: one path for
# every instance on the host, so the newest takes it over and stopping any one removes it, and
# the image's user has no home to create it in. Each instance gets its own, named by the address
# it binds (two running instances never share one), in a folder of the user's under the temp
# dir; GUNICORN_CONTROL_SOCKET names another path, or `off` turns the socket off.
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
_control_folder = ""  # the default's folder, ours to remove when empty
if _control_socket.lower() == "off":
    control_socket_disable = True
elif _control_socket:
    control_socket = _control_socket
else:
    _control_folder = os.path.join(tempfile.gettempdir(), f"partnership-api-{os.getuid()}")
    control_socket = os.path.join(
        _control_folder, f"gunicorn-{re.sub(r'[^A-Za-z0-9.-]', '_', bind)}.ctl"
    )

# Sync workers, one per core: every request is CPU-bound work on bytes already in memory (or
# one Redis round trip). Measured on 2 cores with wrk, gthread (2 workers x 4 threads) gave
# the same throughput with a higher p99, and 4 sync workers less of both. Slow clients are
# the gateway's job.
worker_class = _server.worker_class
# gunicorn reads WEB_CONCURRENCY itself as it is imported, before this file: a value that is not
# a whole number stops it there, with its own traceback. Checked here is the rest (0, say).
workers = _server.workers
threads = _server.threads
timeout = _server.timeout
# On SIGTERM, workers finish the requests in flight for up to this long.
graceful_timeout = _server.graceful_timeout
keepalive = 5
# Longer than the app's own URL bound (MAX_URL_LENGTH, 4096 by default), so a long URL gets the
# app's 414 problem+json; gunicorn's parser refuses only lines beyond 8190 bytes.
limit_request_line = 8190
# Recycle workers now and then, at different moments, so no slow leak grows without bound
# (GUNICORN_MAX_REQUESTS=0 never recycles them).
max_requests = _server.max_requests
max_requests_jitter = _server.max_requests_jitter

# Each worker makes its own app: its Redis connections, rate-limit storage, watcher thread and
# locks are its own from the start, and a worker that replaces another loads the dataset
# version current now, not the one the master would have loaded at start-up.
preload_app = False

# The app writes one JSON line per request (with the request id and dataset version), so
# gunicorn's own access log is off unless GUNICORN_ACCESS_LOG asks for it; its error log is
# JSON on stdout too.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "service.logs.json_formatter",
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    # The service's own records reach the root logger; it writes them as JSON lines too.
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        # With a logging config gunicorn writes its access line whenever the logger lets it.
        "gunicorn.access": {
            "handlers": ["stdout"],
            "level": "INFO" if accesslog else "WARNING",
            "propagate": False,
        },
    },
}


def on_starting(server):  # type: ignore[no-untyped-def]
    """Counts start from nothing: a metrics folder named by the operator is emptied, once, as the
    master starts (not on a reload, which would drop the running workers' counts)."""
    if METRICS_DIR not in _made_here:
        shutil.rmtree(METRICS_DIR, ignore_errors=True)
        os.makedirs(METRICS_DIR, exist_ok=True)


def on_exit(server):  # type: ignore[no-untyped-def]
    """A clean stop leaves nothing of this instance's behind in the temp dir."""
    for folder in _made_here:
        shutil.rmtree(folder, ignore_errors=True)
    if _control_folder:
        # The user's folder of control sockets, once no other instance has one in it.
        with contextlib.suppress(OSError):
            os.rmdir(_control_folder)


def child_exit(server, worker):  # type: ignore[no-untyped-def]
    """A worker that is gone stops counting in the live gauges."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def when_ready(server):  # type: ignore[no-untyped-def]
    """Say where the service answers, and where its interactive docs are."""
    for address in server.cfg.bind:
        server.log.info("serving http://%s/ with the API docs at http://%s/docs/", address, address)
