"""Real Redis servers for the tests: the one configured or running, or ones started here."""

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis

from bench.servers import cluster_port

SHARED_URL = "redis://127.0.0.1:6379/0"
free_port = cluster_port


def answers(url: str) -> bool:
    try:
        client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        with client:
            return bool(client.ping())
    except redis.RedisError:
        return False


def redis_server_binary() -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(
            "no Redis for the tests: REDIS_URL is unset, nothing answers on 127.0.0.1:6379, "
            "and redis-server is not installed (apt-get install redis-server)"
        )
    return binary


@dataclass
class RedisServer:
    """A redis-server process of our own, on a loopback port, in its own folder."""

    folder: Path
    port: int = field(default_factory=free_port)
    extra: tuple[str, ...] = ()
    password: str | None = None
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.folder.mkdir(parents=True, exist_ok=True)
        args = [
            redis_server_binary(),
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.folder),
            # Nothing on disk unless a test asks (SAVE): restarted, it comes back empty.
            "--save", "",
            "--appendonly", "no",
            *(("--requirepass", self.password) if self.password else ()),
            *self.extra,
        ]  # fmt: skip
        log = (self.folder / "redis.log").open("ab")
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + 10
        while not answers(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"redis-server on port {self.port} did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        self.start()

    def pause(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGCONT)


@dataclass
class RedisCluster:
    """Three masters on loopback ports, joined with `redis-cli --cluster create`."""

    folder: Path
    nodes: list[RedisServer] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.nodes[0].url.removesuffix("/0")

    def pause(self) -> None:
        for node in self.nodes:
            node.pause()

    def resume(self) -> None:
        for node in self.nodes:
            node.resume()

    def start(self, size: int = 3) -> "RedisCluster":
        try:
            return self._start(size)
        except BaseException:
            self.stop()
            raise

    def _start(self, size: int) -> "RedisCluster":
        for n in range(size):
            node = RedisServer(
                self.folder / f"node-{n}",
                extra=("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"),
            )
            self.nodes.append(node.start())
        addresses = [f"127.0.0.1:{node.port}" for node in self.nodes]
        subprocess.run(
            ["redis-cli", "--cluster", "create", *addresses, "--cluster-replicas", "0",
             "--cluster-yes"],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        """Until every node reports cluster_state:ok (after a start, or a node restarted)."""
        deadline = time.monotonic() + 30
        while not self._ready():
            if time.monotonic() > deadline:
                raise RuntimeError("the Redis cluster did not reach cluster_state:ok")
            time.sleep(0.1)

    def _ready(self) -> bool:
        for node in self.nodes:
            with redis.Redis(port=node.port) as client:
                if client.cluster("INFO").get("cluster_state") != "ok":
                    return False
        return True

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()

    def restart(self) -> None:
        """Start the stopped nodes again on their ports; nodes.conf brings the cluster back."""
        for node in self.nodes:
            node.start()
        self.wait_ready()
