"""`make bench`: the service beside its anchors under wrk, rounds interleaved, results written.

Targets measured, each on its own loopback port:
  service       the API, embedded store, one-article dataset (the bundled seeds)
  baseline      a bare Flask app answering the same bytes (bench/baseline.py), same gunicorn
  stock-memory  the stock stack (bench/stock.py) answering the same bytes, limits in memory
  stock-redis   the same, counting its limits in the Redis of `redis`
  stock-documented  the stock stack with flask-smorest, its route in a Blueprint, in memory
  redis         the API on the Redis store (its own redis-server), warm in-process cache
  redis-local   the same, counting its rate limits in each process (RATE_LIMIT_STORAGE=local)
  static        Debian's nginx serving the same bytes as files
  gateway       deploy/nginx.conf in front of `service`, answering from its cache
  stock-cache   a stock nginx proxy_cache in front of `baseline` (bench/servers.py)
  large         the API, embedded store, on the synthetic dataset (bench/synthetic.py)

Then publishing, on Redis servers of its own (bench/publishing.py): a full publish of the
synthetic folder, an article added and published, Redis memory for three retained versions,
and the spread of a version's items over a three-node Cluster.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench import output, report
from bench.endpoints import (
    CACHEABLE,
    Answer,
    Endpoint,
    check,
    discover,
    fetch,
    same_answers,
    write_baseline,
)
from bench.publishing import measure_publishing
from bench.servers import (
    ROOT,
    Server,
    free_port,
    gateway_conf,
    memory_kb,
    proxy_cache_conf,
    start_gunicorn,
    start_nginx,
    start_redis,
    static_conf,
)
from bench.settings import Settings
from bench.synthetic import add_synthetic_article, write_synthetic_seeds
from bench.wrk import Load, run_wrk

# Targets whose caches fill on first reads: the Redis store's in-process cache, the gateways'.
WARMED = ("redis", "redis-local", "gateway", "stock-cache")
# Rate limiting stays on, as in production, with a limit no run reaches.
SERVICE_ENV = {"RATE_LIMIT": "1000000000 per minute", "LOG_LEVEL": "INFO"}
# The endpoints the stock stack and the Redis store with local counts are measured on: an
# item, a list page and a 304 (the others run the same pipeline; they would add minutes).
ANCHORED = ("item", "list", "not_modified")
# Their order in a round on those endpoints: each target beside what it is divided by.
BESIDE_ANCHORS: tuple[str, ...] = (
    "baseline", "stock-documented", "stock-memory", "service", "redis-local", "redis",
    "stock-redis",
)  # fmt: skip
# Answering the baseline's bytes by endpoint name rather than by the service's paths.
BY_NAME = ("baseline", "stock-memory", "stock-documented", "stock-redis", "stock-cache")
STOCK_APP = "bench.stock:create_app()"
DOCUMENTED_APP = "bench.stock:create_documented_app()"


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def publish(folder: Path, seeds: Path, redis_url: str, prefix: str) -> float:
    """Publish `seeds` into Redis with the service's own command; seconds taken."""
    env = {"REDIS_URL": redis_url, "REDIS_PREFIX": prefix, "SEEDS_DIR": str(seeds)}
    started = time.monotonic()
    with (folder / f"publish-{prefix}.log").open("wb") as out:
        subprocess.run(
            [sys.executable, "-m", "service", "publish", str(seeds)],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=out,
            check=True,
        )
    return time.monotonic() - started


class Bench:
    def __init__(self, settings: Settings, work: Path, stack: ExitStack) -> None:
        self.settings = settings
        self.work = work
        self.stack = stack
        self.servers: dict[str, Server] = {}
        self.endpoints: dict[str, list[Endpoint]] = {}
        self.facts: dict[str, Any] = {}
        self.answers: dict[str, Answer] = {}

    def keep(self, server: Server) -> Server:
        self.stack.callback(server.stop)
        self.servers[server.name] = server
        say(f"{server.name} answers at {server.base} ({server.startup_s:.2f} s from exec)")
        return server

    def start(self) -> None:
        service = self.keep(start_gunicorn("service", self.work, "/readyz", SERVICE_ENV))
        self.endpoints["service"] = discover(service.base)
        self.answers = check(service.base, self.endpoints["service"])
        manifest = write_baseline(self.work / "static", self.answers)
        # Exec to the first 200 of a measured endpoint, for the service and the bare app alike.
        item = self.endpoints["service"][0].path
        service.stop()
        starts: dict[str, Callable[[], Server]] = {
            "service": lambda: start_gunicorn("service", self.work, item, SERVICE_ENV),
            "baseline": lambda: start_gunicorn(
                "baseline",
                self.work,
                "/item",
                {"BENCH_BASELINE": str(manifest)},
                app="bench.baseline:create_app()",
            ),
        }
        # One start is one sample of a noisy figure: each is started several times, in turn,
        # and its median kept (the last start is the server measured after).
        samples: dict[str, list[float]] = {name: [] for name in starts}
        for _ in range(self.settings.startups - 1):
            for name, start in starts.items():
                server = start()
                samples[name].append(server.startup_s)
                server.stop()
        for name, start in starts.items():
            server = start()
            samples[name].append(server.startup_s)
            server.startup_s = statistics.median(samples[name])
            self.keep(server)
        self.facts["startup_samples_s"] = {n: [round(s, 3) for s in v] for n, v in samples.items()}
        service = self.servers["service"]
        stock_env = {"BENCH_BASELINE": str(manifest), "RATE_LIMIT": SERVICE_ENV["RATE_LIMIT"]}
        self.keep(start_gunicorn("stock-memory", self.work, "/item", stock_env, app=STOCK_APP))
        self.keep(
            start_gunicorn("stock-documented", self.work, "/item", stock_env, app=DOCUMENTED_APP)
        )
        port = free_port()
        self.keep(
            start_nginx(
                "static",
                self.work,
                static_conf(port, manifest.parent, self.work / "static"),
                "/item.json",
            )
        )
        port = free_port()
        self.keep(
            start_nginx(
                "gateway",
                self.work,
                gateway_conf(service.base, port, self.work / "gateway"),
                "/livez",
            )
        )
        port = free_port()
        home = self.work / "stock-cache"
        upstream = self.servers["baseline"].base
        self.keep(
            start_nginx("stock-cache", self.work, proxy_cache_conf(upstream, port, home), "/item")
        )
        redis = self.keep(start_redis(self.work))
        bundled = ROOT / "seeds"
        self.facts["publish_s"] = {
            "one-article": publish(self.work, bundled, redis.base, "bench-one")
        }
        redis_env = {**SERVICE_ENV, "REDIS_URL": redis.base, "REDIS_PREFIX": "bench-one"}
        self.keep(start_gunicorn("redis", self.work, item, redis_env))
        local_env = {**redis_env, "RATE_LIMIT_STORAGE": "local"}
        self.keep(start_gunicorn("redis-local", self.work, item, local_env))
        stock_redis = {**stock_env, "BENCH_STOCK_STORAGE": redis.base}
        self.keep(start_gunicorn("stock-redis", self.work, "/item", stock_redis, app=STOCK_APP))
        self.start_large(redis.base)
        for name, server in self.servers.items():
            if name in ("service", "redis", "redis-local", "gateway", "large"):
                check(server.base, self.endpoints["large" if name == "large" else "service"])
        # The anchors answer what the service answers, byte for byte, or they measure nothing.
        for name in ("stock-memory", "stock-documented", "stock-redis", "stock-cache"):
            for endpoint in self.endpoints["service"]:
                if name != "stock-cache" or endpoint.name in CACHEABLE:
                    same_answers(self.url(name, endpoint), self.answers[endpoint.name])

    def start_large(self, redis_url: str) -> None:
        for size in dict.fromkeys(
            (self.settings.partnerships, self.settings.fallback_partnerships)
        ):
            seeds = self.work / f"synthetic-{size}"
            started = time.monotonic()
            write_synthetic_seeds(seeds, partnerships=size, organizations=max(2, size // 5))
            say(f"wrote {size} synthetic partnerships in {time.monotonic() - started:.1f} s")
            try:
                large = start_gunicorn(
                    "large",
                    self.work,
                    "/readyz",
                    {**SERVICE_ENV, "SEEDS_DIR": str(seeds)},
                    limit=self.settings.start_timeout_s,
                )
            except TimeoutError:
                say(f"{size} partnerships did not load within {self.settings.start_timeout_s} s")
                continue
            self.keep(large)
            self.facts["partnerships"] = {"requested": self.settings.partnerships, "served": size}
            self.endpoints["large"] = discover(large.base)
            self.facts["publish_s"]["large"] = publish(self.work, seeds, redis_url, "bench-large")
            env = {
                **SERVICE_ENV,
                "REDIS_URL": redis_url,
                "REDIS_PREFIX": "bench-large",
                "SEEDS_DIR": str(seeds),
            }
            large_redis = self.keep(start_gunicorn("large-redis", self.work, "/readyz", env))
            check(large_redis.base, self.endpoints["large"])
            return
        raise RuntimeError("no synthetic dataset loaded in time")

    def url(self, target: str, endpoint: Endpoint) -> tuple[str, dict[str, str]]:
        base = self.servers[target].base
        if target == "baseline":
            return f"{base}/{endpoint.compared_with}", {}  # its 304s are its 200s
        if target in BY_NAME:
            return f"{base}/{endpoint.compared_with}", endpoint.headers
        if target == "static":
            if endpoint.status == 304:
                etag = fetch(f"{base}/item.json").headers["ETag"]
                return f"{base}/item.json", {"If-None-Match": etag}
            return f"{base}/{endpoint.name}.json", {}
        return base + endpoint.path, endpoint.headers

    def plan(self) -> list[tuple[str, Endpoint]]:
        """Every (target, endpoint) measured in one round, each next to what it is divided by:
        the service between the stock stack and its Redis variants, each Redis variant beside
        the stock stack on Redis or the service, the gateway beside the stock cache. On a
        shared machine, neighbours see the same load."""
        runs = []
        for index, endpoint in enumerate(self.endpoints["service"]):
            if endpoint.name not in self.settings.endpoints:
                continue
            targets = (
                BESIDE_ANCHORS if endpoint.name in ANCHORED else ("baseline", "service", "redis")
            )
            runs += [(t, endpoint) for t in targets]
            runs.append(("large", self.endpoints["large"][index]))
            if endpoint.name in CACHEABLE:
                runs += [(t, endpoint) for t in ("gateway", "stock-cache", "static")]
        return runs

    def measure(self) -> list[dict[str, Any]]:
        load = self.settings.load
        plan = self.plan()
        if self.settings.warmup_s:
            cached = [(t, e) for t, e in plan if t in WARMED]
            say(f"warming {len(cached)} targets with caches")
            for target, endpoint in cached:
                url, headers = self.url(target, endpoint)
                run_wrk(url, Load(self.settings.warmup_s, load.connections, load.threads), headers)
        runs = []
        for round_ in range(1, self.settings.rounds + 1):
            # Every other round backwards, so drift on a shared machine does not favour one side.
            ordered = plan if round_ % 2 else plan[::-1]
            say(f"round {round_}/{self.settings.rounds}: {len(plan)} runs of {load.duration_s} s")
            for target, endpoint in ordered:
                url, headers = self.url(target, endpoint)
                result = run_wrk(url, load, headers)
                runs.append(
                    {
                        "round": round_,
                        "target": target,
                        "endpoint": endpoint.name,
                        **result.as_dict(),
                    }
                )
        return runs

    def publishing(self) -> dict[str, Any]:
        """The publishing figures, on a folder of the requested size of its own."""
        partnerships, organizations = self.settings.partnerships, self.settings.organizations
        seeds = write_synthetic_seeds(
            self.work / "publishing-seeds", partnerships=partnerships, organizations=organizations
        )
        say(f"publishing {partnerships} partnerships: in full, then an article at a time")
        figures = measure_publishing(
            seeds,
            lambda: add_synthetic_article(
                seeds, partnerships=partnerships, organizations=organizations
            ),
            self.work,
        )
        figures["partnerships"] = partnerships
        return figures

    def sizes(self) -> dict[str, int]:
        """Body bytes of each endpoint's answer, as the service sends it."""
        base = self.servers["service"].base
        return {
            e.name: len(fetch(base + e.path, e.headers).body) for e in self.endpoints["service"]
        }

    def memory(self) -> dict[str, Any]:
        found = {}
        for name in ("service", "baseline", "stock-memory", "redis", "large", "large-redis"):
            server = self.servers[name]
            found[name] = {
                "master": memory_kb(server.process.pid),
                "workers": [memory_kb(pid) for pid in server.worker_pids()],
            }
        return found


def main(settings: Settings | None = None) -> dict[str, Any]:
    settings = settings or Settings.from_env()
    work = Path(tempfile.mkdtemp(prefix="partnership-bench-"))
    try:
        with ExitStack() as stack:
            bench = Bench(settings, work, stack)
            bench.start()
            runs = bench.measure()
            bench.facts["publishing"] = bench.publishing()
            results = report.build(
                settings=settings,
                runs=runs,
                startup_s={n: s.startup_s for n, s in bench.servers.items() if s.startup_s},
                memory=bench.memory(),
                facts=bench.facts,
                sizes=bench.sizes(),
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    output.write(results, settings.output)
    say(f"results in {settings.output}")
    return results


if __name__ == "__main__":
    main()
