"""Follows the published version: pub/sub for speed, a poll as a safety net, reconnects with
backoff when Redis fails."""

import logging
import os
import random
import threading
import time
from typing import TYPE_CHECKING

from service.store.keys import REDIS_ERRORS

if TYPE_CHECKING:
    from service.store.redis_store import RedisStore

log = logging.getLogger(__name__)
MAX_BACKOFF = 5.0
# How many forks lie between the first process and this one: one more in each forked child.
# A watcher started in a parent is not running in its child (a thread does not survive fork),
# and comparing this number is no system call, unlike os.getpid() on every request.
_forks = [0]


def _forked() -> None:
    _forks[0] += 1


os.register_at_fork(after_in_child=_forked)


class Watcher:
    def __init__(self, store: "RedisStore", poll_interval: float) -> None:
        self.store = store
        self.poll_interval = poll_interval
        # The fork generation (_forks) of the process that started the thread.
        self._started_in: int | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._start_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._backoff = 0.1

    def ensure_running(self) -> None:
        # Each process (gunicorn worker) starts its own thread, once.
        if self._started_in == _forks[0]:
            return
        with self._start_lock:
            if self._started_in == _forks[0]:
                return
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._run, name="dataset-watcher", daemon=True)
            self._thread.start()
            self._started_in = _forks[0]

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None and self._started_in == _forks[0]:
            self._thread.join(timeout=self.poll_interval + 2)
        self._thread = None
        self._started_in = None

    def _run(self) -> None:
        self._backoff = 0.1
        while not self._stop.is_set():
            try:
                self._follow()
            except REDIS_ERRORS as error:
                self.store.mark_unavailable(error)
            except Exception:
                # Whatever happens, the replica must keep following: log it and retry.
                log.exception("dataset watcher failed; retrying")
            # Jittered, so replicas do not reconnect in lockstep after an outage.
            self._stop.wait(self._backoff * random.uniform(0.5, 1.0))
            self._backoff = min(self._backoff * 2, MAX_BACKOFF)

    def _follow(self) -> None:
        pubsub = self.store.client.pubsub(ignore_subscribe_messages=True)
        try:
            pubsub.subscribe(self.store.keys.channel)
            self.store.refresh()
            self._backoff = 0.1  # connected: the next outage starts its backoff afresh
            next_poll = time.monotonic() + self.poll_interval
            while not self._stop.is_set():
                # Short waits, so a stop (or a fault a request saw) is noticed promptly.
                wait = min(max(0.0, next_poll - time.monotonic()), 0.25)
                message = pubsub.get_message(timeout=wait)
                if message is not None or time.monotonic() >= next_poll or self._wake.is_set():
                    self._wake.clear()
                    self.store.refresh()
                    next_poll = time.monotonic() + self.poll_interval
        finally:
            pubsub.close()
