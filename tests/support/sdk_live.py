"""Live services the official SDKs (clients/) are tested against: one on Redis that a test can
publish a new version to while a client reads, and one whose rate limit a client meets."""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from service.config import BUNDLED_SEEDS
from service.dataset import load_dataset
from tests.conftest import SUITE_RATE_LIMIT, delete_prefix, new_prefix
from tests.support.live_server import ROOT, gunicorn
from tests.support.live_server import counted as counted_in
from tests.support.seed_files import change_three_partnerships

# The limit the rate-limited service refuses past: a third request within a second.
TIGHT_RATE_LIMIT = "2 per second"


@dataclass
class Service:
    base: str
    redis_url: str
    prefix: str

    def publish(self, seeds: Path) -> str:
        """Publish `seeds` as the README says (`python -m service publish`); return the new
        version once the service serves it."""
        env = {**os.environ, "REDIS_URL": self.redis_url, "REDIS_PREFIX": self.prefix}
        published = subprocess.run(
            [sys.executable, "-m", "service", "publish", str(seeds)],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert published.returncode == 0, published.stderr
        version = load_dataset(seeds).version
        wait_for_version(self.base, version)
        return version

    def current_version(self) -> str:
        with urllib.request.urlopen(f"{self.base}/v1/dataset", timeout=10) as response:
            return str(json.loads(response.read())["version"])

    def counted(self, name: str, **labels: str) -> float:
        """The sum of a /metrics counter's samples whose labels include `labels`."""
        return counted(self.base, name, **labels)


def counted(base: str, name: str, **labels: str) -> float:
    """The same, read from the service at `base`."""
    with urllib.request.urlopen(f"{base}/metrics", timeout=10) as response:
        return counted_in(response.read().decode(), name, **labels)


def wait_for_version(base: str, version: str, limit: float = 15) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{base}/v1/dataset", timeout=10) as response:
            if json.loads(response.read())["version"] == version:
                return
        time.sleep(0.1)
    raise AssertionError(f"{base} did not serve {version} within {limit} s")


def changed_seeds(folder: Path) -> Path:
    """A copy of the bundled seeds with three partnerships changed: another version."""
    shutil.copytree(BUNDLED_SEEDS, folder)
    change_three_partnerships(folder)
    return folder


@contextmanager
def publishing_service(redis_url: str) -> Iterator[Service]:
    """A gunicorn on Redis serving the bundled seeds, under a prefix of the test's own."""
    prefix = new_prefix()
    try:
        # The shared Redis under a prefix of its own; a limit out of the way of the clients'
        # calls; one worker, so that every answer after a publish comes from the version the
        # test waited for; a poll every 0.2 s, should a publish notice be missed.
        with gunicorn(
            REDIS_URL=redis_url,
            REDIS_PREFIX=prefix,
            RATE_LIMIT=SUITE_RATE_LIMIT,
            WEB_CONCURRENCY="1",
            POLL_INTERVAL="0.2",
        ) as base:
            yield Service(base, redis_url, prefix)
    finally:
        delete_prefix(redis_url, prefix)


@contextmanager
def rate_limited_service() -> Iterator[str]:
    """A gunicorn on the embedded store that refuses a client's third request in a second.
    One worker, so that the count is one count."""
    with gunicorn(RATE_LIMIT=TIGHT_RATE_LIMIT, WEB_CONCURRENCY="1") as base:
        yield base
