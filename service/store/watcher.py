"""Follows the published version: pub/sub for speed, a poll as a safety net, reconnects with
backoff when Redis fails."""

import logging
import os
import random
import threading
import time
import weakref
from typing import TYPE_CHECKING

from service.store.keys import REDIS_ERRORS

if TYPE_CHECKING:
    from service.store.redis_store import RedisStore

log = logging.getLogger(__name__)
MAX_BACKOFF = 5.0


class Watcher:
    def __init__(self, store: "RedisStore", poll_interval: float) -> None:
        self.store = store
        self.poll_interval = poll_interval
        # Whether this process started the thread: set when it starts, cleared in a forked
        # child (a thread does not survive fork), so the check on every request is no system
        # call.
        self._running = threading.Event()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._start_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._backoff = 0.1
        # Registered for good (there is no unregistering): it must not keep the watcher alive.
        forked = weakref.WeakMethod(self._forked)

        def after_fork() -> None:
            method = forked()
            if method is not None:
                method()

        os.register_at_fork(after_in_child=after_fork)

    def _forked(self) -> None:
        # In the child, alone: no thread of this watcher runs here, and a lock another thread
        # held at the fork would never be released.
        self._running = threading.Event()
        self._start_lock = threading.Lock()

    def ensure_running(self) -> None:
        # Each process (gunicorn worker) starts its own thread, once.
        if self._running.is_set():
            return
        with self._start_lock:
            if self._running.is_set():
                return
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._run, name="dataset-watcher", daemon=True)
            self._thread.start()
            self._running.set()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None and self._running.is_set():
            self._thread.join(timeout=self.poll_interval + 2)
        self._thread = None
        self._running.clear()

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
