"""gunicorn settings, read from the environment so containers and `make run` share them."""

import contextlib
import gc
import os
import re
import shutil
import sys
import tempfile

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

from service.config import Config, ConfigError  # noqa: E402  (after the folders above)


def _setting(variable: str, default: int) -> int:
    """A whole-number setting; a bad value stops start-up naming its variable."""
    raw = os.environ.get(variable, str(default)).strip()
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{variable}: {raw!r} is not a positive whole number")
    return int(raw)


# A bad setting stops start-up with one line naming it, before any worker starts.
try:
    _config = Config.from_env()
except ConfigError as error:
    print(f"error: {error}", file=sys.stderr)
    raise SystemExit(2) from None

if _config.redis_url is None:
    # The embedded store's dataset is loaded here, once, as data: the workers forked after
    # share it, and bad seeds stop start-up before any of them starts. (Each worker makes its
    # own app around it: connections, threads and locks are the worker's own.)
    from service.dataset import SeedError
    from service.dataset.bundled import preload
    from service.dataset.locations import describe

    try:
        preload(_config.seeds_dir)
    except SeedError as error:
        for problem in error.problems:
            print(describe(problem, _config.seeds_dir), file=sys.stderr)
        print(f"{len(error.problems)} problem(s) in {_config.seeds_dir}", file=sys.stderr)
        raise SystemExit(1) from None
    # Out of the cycle collector's reach: it would walk these objects in every worker again
    # and again, and write to the memory pages the workers share with this process.
    gc.freeze()

wsgi_app = "service.wsgi:app"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

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
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
workers = _setting("WEB_CONCURRENCY", 2)
threads = _setting("GUNICORN_THREADS", 1)
timeout = _setting("GUNICORN_TIMEOUT", 30)
# On SIGTERM, workers finish the requests in flight for up to this long.
graceful_timeout = _setting("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Longer than the app's own URL bound (MAX_URL_LENGTH, 4096 by default), so a long URL gets the
# app's 414 problem+json; gunicorn's parser refuses only lines beyond 8190 bytes.
limit_request_line = 8190
# Recycle workers now and then, at different moments, so no slow leak grows without bound.
max_requests = _setting("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = _setting("GUNICORN_MAX_REQUESTS_JITTER", 1000)

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
