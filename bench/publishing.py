"""Publishing measured on the synthetic folder, each figure from Redis servers of its own: a full
publish; an article added and published (its time, and the items it wrote beside those it
changed); Redis memory for three retained versions that differ by an article each, against
one; and the share of a version's items each node of a three-node Cluster holds."""

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis

from bench.servers import ROOT, Server, start_redis, start_redis_cluster
from service.store.contents import digests_of
from service.store.keys import Keys

PREFIX = "bench-publish"
SEEDS = re.compile(r"seed files: (\d+) validated, (\d+) known")
ITEMS = re.compile(r"items: (\d+) written, (\d+) stored already")
MEMO = re.compile(
    r"build memo: quotes (\d+) searched, (\d+) known; records (\d+) rendered, (\d+) known"
)


def publish(seeds: Path, url: str, log: Path, cluster: bool = False) -> dict[str, Any]:
    """`python -m service publish SEEDS`, as an operator runs it: its time and its report."""
    env = {
        **os.environ,
        "REDIS_URL": url,
        "REDIS_CLUSTER": str(cluster).lower(),
        "REDIS_PREFIX": PREFIX,
        "SEEDS_DIR": str(seeds),
    }
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "service", "publish", str(seeds)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.monotonic() - started
    with log.open("a", encoding="utf-8") as out:
        out.write(done.stdout + done.stderr)
    if done.returncode != 0:
        raise RuntimeError(f"publish failed ({done.returncode}): {done.stderr[-2000:]}")
    seeds_found, items_found = SEEDS.search(done.stdout), ITEMS.search(done.stdout)
    figures = [int(n) for n in seeds_found.groups()] if seeds_found else [0, 0]
    figures += [int(n) for n in items_found.groups()] if items_found else [0, 0]
    memo_found = MEMO.search(done.stderr)  # absent when the folder was not loaded at all
    figures += [int(n) for n in memo_found.groups()] if memo_found else [0, 0, 0, 0]
    return {
        "seconds": round(seconds, 2),
        "changed": not done.stdout.startswith("already current"),
        "files_validated": figures[0],
        "files_known": figures[1],
        "items_written": figures[2],
        "items_stored_already": figures[3],
        # What its build did itself, and what it took from the current version's memo.
        "quotes_searched": figures[4],
        "quotes_known": figures[5],
        "records_rendered": figures[6],
        "records_known": figures[7],
    }


def _memory(client: Any) -> int:
    return int(client.info("memory")["used_memory"])


def _writes(client: Any) -> int:
    """Keys changed since the server started (it never saves, so never resets the count)."""
    return int(client.info("persistence")["rdb_changes_since_last_save"])


def _contents(client: Any, version: str) -> set[bytes]:
    raw = client.get(Keys(PREFIX).contents(version))
    return digests_of(raw) if raw else set()


def _current(client: Any) -> str:
    return str(client.get(Keys(PREFIX).current).decode())


def measure_publishing(seeds: Path, add_article: Callable[[], Any], work: Path) -> dict[str, Any]:
    """Every publishing figure on the folder `seeds`; `add_article` adds one to it (it is
    called twice)."""
    log = work / "publishing.log"
    server = start_redis(work / "publishing-redis")
    try:
        figures = _on_one_redis(server, seeds, add_article, log)
    finally:
        server.stop()
    cluster = start_redis_cluster(work / "publishing-cluster")
    try:
        figures["cluster"] = _on_a_cluster(cluster, seeds, log)
    finally:
        cluster.stop()
    return figures


def _on_one_redis(
    server: Server, seeds: Path, add_article: Callable[[], Any], log: Path
) -> dict[str, Any]:
    client = redis.Redis.from_url(server.base)
    try:
        empty = _memory(client)
        full = publish(seeds, server.base, log)
        one = _memory(client) - empty
        first = _current(client)
        writes = _writes(client)
        unchanged = publish(seeds, server.base, log)
        unchanged["keys_written"] = _writes(client) - writes
        add_article()
        writes = _writes(client)
        article = publish(seeds, server.base, log)
        article["keys_written"] = _writes(client) - writes
        # The items that differ from the version before: what the publish had to write.
        article["items_changed"] = len(
            _contents(client, _current(client)) - _contents(client, first)
        )
        add_article()
        publish(seeds, server.base, log)
        three = _memory(client) - empty
        retained = client.zcard(Keys(PREFIX).history)
    finally:
        client.close()
    return {
        "full": full,
        "unchanged": unchanged,
        "article": article,
        "memory": {"one_version_bytes": one, "three_versions_bytes": three, "retained": retained},
    }


def _on_a_cluster(cluster: Server, seeds: Path, log: Path) -> dict[str, Any]:
    report = publish(seeds, cluster.base, log, cluster=True)
    items = report["items_written"] + report["items_stored_already"]
    held = []
    for url in cluster.nodes:
        with redis.Redis.from_url(url) as node:
            held.append(sum(1 for _ in node.scan_iter(f"{PREFIX}:item:*", count=10_000)))
    return {"items": items, "per_node": held, "shares": [round(n / items, 4) for n in held]}


Target = tuple[str, float | None, str, float]  # what, measured, bound, limit


def publishing_targets(figures: dict[str, Any]) -> list[Target]:
    """The targets the publishing figures are held to."""
    if not figures:
        return []
    full, article = figures["full"], figures["article"]
    memory, cluster = figures["memory"], figures["cluster"]
    changed = article["items_changed"]
    return [
        (f"full publish of {figures['partnerships']} partnerships (s)", full["seconds"],
         "<=", 120),
        ("one-article publish / full publish (time)",
         article["seconds"] / full["seconds"] if full["seconds"] else None, "<=", 0.1),
        ("items the one-article publish wrote / items it changed",
         article["items_written"] / changed if changed else None, "==", 1.0),
        ("keys a publish of the current version wrote", figures["unchanged"]["keys_written"],
         "==", 0),
        ("Redis memory, three retained versions / one",
         memory["three_versions_bytes"] / memory["one_version_bytes"], "<=", 1.2),
        ("Cluster: least share of a version's items on one node", min(cluster["shares"]),
         ">=", 0.2),
        ("Cluster: most share of a version's items on one node", max(cluster["shares"]),
         "<=", 0.5),
    ]  # fmt: skip
