"""What the soak and fault runs drive: marked synthetic datasets, the publish command, worker
memory, and waits for a live gunicorn over its own Redis to settle."""

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import orjson
import redis

from bench.synthetic import write_synthetic_seeds
from service.dataset import Dataset
from service.dataset.render import stamped
from service.store.keys import Keys
from tests.support.live_server import ROOT, Server, get
from tests.support.redis_servers import RedisServer


def marked_seeds(out: Path, marker: str, partnerships: int) -> Path:
    """Synthetic seeds whose every item carries `marker` (in names, titles, quotes and text)."""
    write_synthetic_seeds(out, partnerships=partnerships, organizations=max(2, partnerships // 4))
    for path in [*out.glob("*.json"), *out.glob("*.yaml"), *out.glob("sources/*.txt")]:
        text = path.read_text(encoding="utf-8")
        for word in ("Synthetic", "deal ", "Deal "):
            text = text.replace(word, f"{marker} {word.lower()}")
        path.write_text(text, encoding="utf-8")
    return out


def item_keys(dataset: Dataset) -> list[str]:
    """`rtype/id` of every item served at /v1/rtype/id (not the summary or list renderings)."""
    return [key for key in dataset.items if "/" in key and "." not in key.split("/")[0]]


@dataclass
class Rig:
    """One gunicorn (the production config) over one redis-server of our own."""

    server: Server
    redis: RedisServer
    prefix: str

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            # The rig's own Redis, under the prefix its gunicorn serves.
            "REDIS_URL": self.redis.url,
            "REDIS_PREFIX": self.prefix,
            # A dead publisher's lock lapses soon, so the next publish need not wait long.
            "PUBLISH_LOCK_TTL": "3",
        }

    def publisher(self, seeds: Path) -> subprocess.Popen[str]:
        """`python -m service publish SEEDS`, as an operator runs it."""
        return subprocess.Popen(
            [sys.executable, "-m", "service", "publish", str(seeds)],
            cwd=ROOT, env=self.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    def publish(self, seeds: Path) -> None:
        process = self.publisher(seeds)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert "dataset version" in out

    def kill_publisher_mid_publish(self, seeds: Path) -> str:
        """Start a publish and SIGKILL it once it reports some, not all, items written to Redis;
        its last report. Items go out in pipelined rounds, so `seeds` must need more than one."""
        with self.publisher(seeds) as process:
            assert process.stderr is not None
            for line in process.stderr:
                found = re.match(r"writing to redis: (\d+)/(\d+)", line)
                if found and int(found[1]) > 0:
                    process.send_signal(signal.SIGKILL)
                    process.wait(timeout=30)
                    assert int(found[1]) < int(found[2]), f"{seeds} fits one round: {line}"
                    return line.strip()
            raise AssertionError(f"the publisher ended before writing: {process.wait()}")

    def save_redis(self) -> None:
        """Write Redis's data to disk, so a restart brings it back."""
        with redis.Redis.from_url(self.redis.url) as client:
            client.save()

    def current_version(self) -> str | None:
        with redis.Redis.from_url(self.redis.url) as client:
            value = client.get(Keys(self.prefix).current)
        return value.decode() if value else None

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        return get(self.server, path)

    def wait_until(self, version: str, limit: float = 60) -> float:
        """Seconds until several answers in a row say `ready` and serve `version`."""
        start = time.monotonic()
        in_a_row = 0
        while in_a_row < 6:
            status, _, body = self.get("/readyz")
            answer = orjson.loads(body) if status == 200 else {}
            settled = answer.get("status") == "ready" and answer["dataset_version"] == version
            in_a_row = in_a_row + 1 if settled else 0
            assert time.monotonic() - start < limit, f"not {version} and ready: {answer}"
            time.sleep(0.05)
        return time.monotonic() - start

    def differences(self, dataset: Dataset) -> list[str]:
        """How what is served differs from `dataset`: Redis's pointer and every item's body."""
        current = self.current_version()
        found = [] if current == dataset.version else [f"Redis current is {current}"]
        for key in item_keys(dataset):
            status, headers, served = self.get(f"/v1/{key}")
            # The stored body, with the `updated_in` the publish history gave it (a version's
            # own or an earlier one: the rig alternates two datasets).
            updated_in = orjson.loads(served).get("updated_in", "") if status == 200 else ""
            etag, body = stamped(dataset.items[key], updated_in)
            answer = (status, headers.get("X-Dataset-Version"), headers.get("ETag"), served)
            if answer != (200, dataset.version, f'"{etag}"', body) or len(updated_in) != 16:
                found.append(f"/v1/{key}: {answer[:3]} {served[:120]!r}")
        return found

    def workers(self) -> list[int]:
        master = self.server.process.pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return [int(pid) for pid in children]

    def all_workers(self, count: int, limit: float = 60) -> list[int]:
        """The workers, once `count` of them run (gunicorn answers before it forked them all)."""
        deadline = time.monotonic() + limit
        while len(workers := self.workers()) < count:
            assert time.monotonic() < deadline, f"{len(workers)} of {count} workers running"
            time.sleep(0.05)
        return workers

    def workers_rss_mb(self) -> float:
        """The resident memory of every worker, summed."""
        total_kb = 0
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:  # recycled between the listing and the read
                continue
            line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
            total_kb += int(line.split()[1])
        return total_kb / 1024
