"""`make run` started as the README writes it, on a free PORT, and stopped as Ctrl-C stops it."""

import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.live_server import ROOT, Server, wait_until_answering
from tests.support.redis_servers import free_port


def operators_environment(**shown: str) -> dict[str, str]:
    """A shell's bare environment (a PATH that finds make and python, a HOME) plus what the
    README's command line sets; nothing of the test run's own leaks in (no REDIS_URL, say)."""
    return {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), **shown}


@contextmanager
def make_run(*arguments: str, **shown: str) -> Iterator[Server]:
    """`make run ARGUMENTS` with the variables `shown` on its command line, in a session of its
    own so that stopping it signals make and gunicorn together. Leaving the block stops it and
    waits until gunicorn has stopped too."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="make-run-", suffix=".log")[1])
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "run", *arguments],
            cwd=ROOT, env=operators_environment(PORT=str(port), **shown),
            stdout=out, stderr=subprocess.PIPE, start_new_session=True,
        )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_until_answering(server.base, process, limit=60)
        yield server
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=30)
        _wait_for_group_to_end(process.pid)
    finally:
        if process.poll() is None or _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        if process.stderr:
            process.stderr.close()
        log.unlink(missing_ok=True)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_for_group_to_end(group: int) -> None:
    """gunicorn's master outlives make for as long as its workers take to finish."""
    deadline = time.monotonic() + 30
    while _group_alive(group):
        assert time.monotonic() < deadline, "gunicorn did not stop within 30 s"
        time.sleep(0.05)
