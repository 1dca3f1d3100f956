"""The processes the benchmark drives, each on its own loopback port: gunicorn (the service,
the baseline or the stock stack), redis-server, and nginx (static files, the gateway config in
front of the API, or a stock cache in front of the baseline)."""

import compileall
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GATEWAY_CONF = ROOT / "deploy" / "nginx.conf"


def free_port() -> int:
    """A free loopback port below the ephemeral range, so a poll never connects to itself."""
    while True:
        port = random.randint(23000, 30000)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


@dataclass
class Server:
    name: str
    base: str
    process: subprocess.Popen[bytes]
    log: Path
    startup_s: float = 0.0  # from exec to the first 200 on its probe URL
    extra: list[subprocess.Popen[bytes]] = field(default_factory=list)
    nodes: list[str] = field(default_factory=list)  # a Redis Cluster's nodes, one URL each

    def stop(self) -> None:
        for process in (self.process, *self.extra):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (self.process, *self.extra):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def worker_pids(self) -> list[int]:
        """The master's children: gunicorn's workers, or nginx's."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []


def wait_for_200(url: str, process: subprocess.Popen[bytes], limit: float, log: Path) -> None:
    deadline = time.monotonic() + limit
    while True:
        try:
            # nosec: a loopback http URL the harness builds itself (B310 flags any urlopen).
            with urllib.request.urlopen(url, timeout=2) as response:  # nosec B310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{url}: the server exited ({process.returncode}):\n{tail}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} gave no 200 within {limit:.0f} s")
        time.sleep(0.01)


def start_gunicorn(
    name: str,
    folder: Path,
    probe: str,
    env: dict[str, str],
    app: str | None = None,
    limit: float = 60.0,
) -> Server:
    """gunicorn with gunicorn.conf.py, as `make run` serves; `app` swaps in another WSGI app."""
    port = free_port()
    environment = {**os.environ, **env, "HOST": "127.0.0.1", "PORT": str(port)}
    if "REDIS_URL" not in env:
        environment.pop("REDIS_URL", None)
    # Each server counts its own metrics.
    environment["PROMETHEUS_MULTIPROC_DIR"] = str(folder / f"metrics-{name}")
    command = [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"]
    if app is not None:
        command.append(app)
    log = folder / f"{name}.log"
    # Bytecode as the image ships it (the Dockerfile compiles it). Where PYTHONDONTWRITEBYTECODE
    # is set nothing else writes it, and every start would time compiling each module again.
    for package in ("schemas", "service", "bench"):
        compileall.compile_dir(ROOT / package, quiet=2)
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=out, stderr=out)
    server = Server(name, f"http://127.0.0.1:{port}", process, log)
    try:
        wait_for_200(server.base + probe, process, limit, log)
    except BaseException:
        server.stop()
        raise
    server.startup_s = time.monotonic() - started
    return server


def redis_binary(name: str = "redis-server") -> str:
    binary = shutil.which(name)
    if binary is None:
        raise RuntimeError(f"{name} is missing: apt-get install redis-server")
    return binary


def start_redis(folder: Path, port: int | None = None, *extra: str) -> Server:
    """A redis-server of the benchmark's own in `folder`, keeping nothing on disk."""
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log = folder / "redis.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                redis_binary(),
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(folder),
                "--save",
                "",
                "--appendonly",
                "no",
                *extra,
            ],
            stdout=out,
            stderr=out,
        )
    deadline = time.monotonic() + 10
    while True:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"redis-server did not start: {log.read_text()[-1000:]}")
        time.sleep(0.02)
    return Server("redis-server", f"redis://127.0.0.1:{port}/0", process, log)


def start_redis_cluster(folder: Path, size: int = 3) -> Server:
    """`size` masters joined by `redis-cli --cluster create`, as the suite's test cluster."""
    nodes: list[Server] = []
    try:
        for n in range(size):
            port = cluster_port()
            options = ("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf")
            nodes.append(start_redis(folder / f"node-{n}", port, *options))
        addresses = [node.base.removeprefix("redis://").removesuffix("/0") for node in nodes]
        subprocess.run(
            [redis_binary("redis-cli"), "--cluster", "create", *addresses,
             "--cluster-replicas", "0", "--cluster-yes"],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        _wait_for_cluster(addresses)
    except BaseException:
        for node in nodes:
            node.stop()
        raise
    first, *others = nodes
    cluster = Server("redis-cluster", first.base.removesuffix("/0"), first.process, first.log)
    cluster.extra = [node.process for node in others]
    cluster.nodes = [node.base for node in nodes]
    return cluster


def cluster_port() -> int:
    """A loopback port that is free, and whose cluster bus port (port + 10000) is free too.

    Below the kernel's ephemeral range (32768 and up here): polling a port nobody listens on
    yet can otherwise connect the client to itself and read its own request back."""
    while True:
        port = random.randint(12000, 22000)
        if all(_bindable(p) for p in (port, port + 10000)):
            return port


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _wait_for_cluster(addresses: list[str]) -> None:
    deadline = time.monotonic() + 30
    while True:
        states = []
        for address in addresses:
            done = subprocess.run(
                [redis_binary("redis-cli"), "-u", f"redis://{address}", "cluster", "info"],
                capture_output=True, text=True, timeout=10, check=False,
            )  # fmt: skip
            states.append("cluster_state:ok" in done.stdout)
        if all(states):
            return
        if time.monotonic() > deadline:
            raise RuntimeError("the benchmark's Redis Cluster did not reach cluster_state:ok")
        time.sleep(0.1)


def nginx_binary() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        raise RuntimeError("nginx is missing: apt-get install nginx-light")
    return found


def start_nginx(name: str, folder: Path, conf_text: str, probe: str) -> Server:
    # Not a private temporary folder: nginx's workers drop root and must read it.
    home = folder / name
    home.mkdir(parents=True, exist_ok=True)
    for path in (folder, home):
        path.chmod(0o755)
    conf = home / "nginx.conf"
    conf.write_text(conf_text, encoding="utf-8")
    log = home / "stderr.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [nginx_binary(), "-c", str(conf), "-p", str(home), "-g", "daemon off;"],
            stdout=out,
            stderr=out,
        )
    base = "http://" + conf_text.split("listen ", 1)[1].split(";", 1)[0]
    server = Server(name, base, process, log)
    try:
        wait_for_200(base + probe, process, 10, log)
    except BaseException:
        server.stop()
        raise
    return server


def gateway_conf(api: str, port: int, home: Path) -> str:
    """deploy/nginx.conf with its upstream, port and paths pointed at loopback, as its test does."""
    swaps = {
        "server api:8000;": f"server {api.removeprefix('http://')};",
        "listen 8080;": f"listen 127.0.0.1:{port};",
        "/var/cache/nginx/partnership": str(home / "cache"),
        "pid /run/nginx-partnership.pid;": f"pid {home / 'nginx.pid'};",
    }
    text = GATEWAY_CONF.read_text(encoding="utf-8")
    for old, new in swaps.items():
        if text.count(old) != 1:
            raise RuntimeError(f"deploy/nginx.conf no longer has {old!r}")
        text = text.replace(old, new)
    return text


def static_conf(port: int, root: Path, home: Path) -> str:
    """nginx serving files as they are: the ceiling for the gateway's cache hits."""
    return f"""worker_processes auto;
pid {home / "nginx.pid"};
error_log stderr warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type application/json;
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
"""


def proxy_cache_conf(upstream: str, port: int, home: Path) -> str:
    """A stock nginx cache in front of `upstream`: the anchor for the gateway. Only what a
    cache needs (a zone, how long a 200 keeps) and where this instance writes; nginx's defaults
    for the rest, its access log in the combined format included."""
    return f"""worker_processes auto;
pid {home / "nginx.pid"};
error_log stderr warn;
events {{ worker_connections 1024; }}
http {{
    access_log {home / "access.log"};
    proxy_cache_path {home / "cache"} keys_zone=stock:10m;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass {upstream};
            proxy_cache stock;
            proxy_cache_valid 200 1m;
        }}
    }}
}}
"""


def memory_kb(pid: int) -> dict[str, int]:
    """Rss and Pss of one process, from /proc/<pid>/smaps_rollup, in kB."""
    found: dict[str, int] = {}
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return found
    for line in lines:
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss"):
            found[key.lower() + "_kb"] = int(rest.split()[0])
    return found
