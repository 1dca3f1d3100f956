"""Results as files: results.json, results.md (the table of targets) and results.png."""

import json
from pathlib import Path
from typing import Any

from bench.settings import ENDPOINTS
from bench.targets import TARGETS


def write(results: dict[str, Any], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (folder / "results.md").write_text(markdown(results), encoding="utf-8")
    chart(results, folder / "results.png")


def _cell(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _spread(rounds: list[float], met: int) -> str:
    """The lowest and highest round's ratio, and how many rounds met the target."""
    if not rounds:
        return ""
    return f"{min(rounds):.2f} to {max(rounds):.2f}, {met}/{len(rounds)} met"


def markdown(results: dict[str, Any]) -> str:
    s, m, d = results["settings"], results["machine"], results["dataset"]
    partnerships = d.get("partnerships", {})
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {m['cores']} cores, {m['cpu']}, {m['memory_gib']} GiB, Linux {m['kernel']}, "
        f"Python {m['python']}; load average at the end {m['load_average']}; "
        f"code at commit {m['commit']}.",
        "Versions: "
        + ", ".join(f"{k} {v}" for k, v in m["versions"].items())
        + "; "
        + "; ".join(m["tools"].values())
        + ".",
        f"Load: wrk -t{s['threads']} -c{s['connections']} -d{s['duration_s']}s --latency, "
        f"{s['rounds']} rounds, targets interleaved; figures are medians over rounds, ratios "
        "the median of each round's ratio; `rounds` gives the lowest and highest round's ratio "
        "and how many rounds met the target on their own.",
        f"Large dataset: {partnerships.get('served')} synthetic partnerships "
        f"(requested {partnerships.get('requested')}).",
        "",
        "## Targets",
        "",
        "| measure | target | measured | rounds | |",
        "|---|---|---|---|---|",
    ]
    for goal in results["goals"]:
        verdict = {True: "met", False: "missed", None: "not measured"}[goal["met"]]
        lines.append(
            f"| {goal['measure']} | {goal['bound']} {goal['limit']} | {_cell(goal['ratio'])} "
            f"| {_spread(goal.get('rounds', []), goal.get('rounds_met', 0))} | {verdict} |"
        )
    lines += references_lines(results.get("references", []))
    lines += [
        "",
        "## Per endpoint",
        "",
        "Median RPS, p50 and p99 (ms); the ratios are to the target in `compared with`, median "
        "of the rounds. stock-memory and stock-redis are the stock stack (bench/stock.py) with "
        "its limits counted in memory and in Redis; stock-documented is the stock stack in "
        "memory with its route in a flask-smorest Blueprint; stock-cache is a stock nginx "
        "proxy_cache in front of the bare Flask baseline; redis-local is the Redis store "
        "counting its rate limits in each process.",
        "",
        "| endpoint | target | RPS | p50 | p99 | compared with | RPS ratio | p99 ratio "
        "| bytes (one article) | non-2xx/3xx |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for endpoint in ENDPOINTS:
        for target in TARGETS:
            row = results["summary"].get(endpoint, {}).get(target)
            if row is None:
                continue
            lines.append(
                f"| {endpoint} | {target} | {row['rps']:.0f} | {row['p50_ms']:.2f} "
                f"| {row['p99_ms']:.2f} | {row.get('over', '')} "
                f"| {_cell(row.get('rps_ratio'))} | {_cell(row.get('p99_ms_ratio'))} "
                f"| {results['response_bytes'].get(endpoint, '')} | {row['non_2xx_3xx']} |"
            )
    lines += publishing_lines(d.get("publishing"))
    lines += ["", "## Start-up (exec to first 200, s) and memory (kB)", ""]
    samples = d.get("startup_samples_s", {})
    if samples:
        lines.append(
            "Service and baseline: the median of "
            + ", ".join(f"{name} {values}" for name, values in samples.items())
            + "; the others: one start."
        )
        lines.append("")
    lines += [f"- {name}: {seconds:.2f} s" for name, seconds in results["startup_s"].items()]
    for name, seconds in d.get("publish_s", {}).items():
        lines.append(f"- publish {name} dataset into Redis: {seconds:.2f} s")
    lines.append("")
    lines += ["| server | process | RSS | PSS |", "|---|---|---|---|"]
    for name, found in results["memory_kb"].items():
        master = found["master"]
        lines.append(f"| {name} | master | {master.get('rss_kb')} | {master.get('pss_kb')} |")
        for worker in found["workers"]:
            lines.append(f"| {name} | worker | {worker.get('rss_kb')} | {worker.get('pss_kb')} |")
    return "\n".join(lines) + "\n"


def references_lines(references: list[dict[str, Any]]) -> list[str]:
    """The figures reported without a bound, each the median of its rounds."""
    if not references:
        return []
    lines = [
        "",
        "## References",
        "",
        "Reported without a bound: ratios, or µs added per request (the difference of 1/RPS).",
        "",
        "| measure | measured | rounds |",
        "|---|---|---|",
    ]
    for row in references:
        rounds = row["rounds"]
        spread = f"{min(rounds):.2f} to {max(rounds):.2f}" if rounds else ""
        lines.append(f"| {row['measure']} | {_cell(row['value'])} | {spread} |")
    return lines


def publishing_lines(publishing: dict[str, Any] | None) -> list[str]:
    """What each publish did: `python -m service publish` on a synthetic folder, one Redis of
    its own, then a three-node Cluster of its own."""
    if not publishing:
        return []
    full, unchanged, article = publishing["full"], publishing["unchanged"], publishing["article"]
    memory, cluster = publishing["memory"], publishing["cluster"]
    mb = 1024 * 1024

    def did(run: dict[str, Any]) -> str:
        return (
            f"{run['seconds']:.2f} s; seed files {run['files_validated']} validated, "
            f"{run['files_known']} known; items {run['items_written']} written, "
            f"{run['items_stored_already']} stored already; quotes {run['quotes_searched']} "
            f"searched, {run['quotes_known']} known; records {run['records_rendered']} "
            f"rendered, {run['records_known']} known"
        )

    return [
        "",
        "## Publishing",
        "",
        f"`python -m service publish` on {publishing['partnerships']} synthetic partnerships, "
        "on a Redis of its own (keys written: Redis's own count of changes, "
        "`rdb_changes_since_last_save`).",
        "",
        f"- full publish, Redis empty: {did(full)}",
        f"- the same folder again: {unchanged['seconds']:.2f} s; seed files "
        f"{unchanged['files_validated']} validated, {unchanged['files_known']} known; "
        f"already current; keys written {unchanged['keys_written']}",
        f"- one article added: {did(article)}; items the article changed "
        f"{article['items_changed']}; keys written {article['keys_written']}",
        f"- Redis memory (`used_memory` over an empty server): one version "
        f"{memory['one_version_bytes'] / mb:.1f} MB, three retained versions (an article "
        f"apart) {memory['three_versions_bytes'] / mb:.1f} MB",
        f"- three-node Cluster, after a full publish: items per node {cluster['per_node']} of "
        f"{cluster['items']}, shares {cluster['shares']}",
    ]


def chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    summary = results["summary"]
    endpoints = [e for e in ENDPOINTS if e in summary]
    targets = [t for t in TARGETS if any(t in summary[e] for e in endpoints)]
    figure, (rps_axis, p99_axis) = plt.subplots(2, 1, figsize=(11, 8))
    width = 0.8 / max(1, len(targets))
    for offset, target in enumerate(targets):
        xs = [i + offset * width for i in range(len(endpoints))]
        rps = [summary[e].get(target, {}).get("rps", 0) for e in endpoints]
        p99 = [summary[e].get(target, {}).get("p99_ms", 0) for e in endpoints]
        rps_axis.bar(xs, rps, width, label=target)
        p99_axis.bar(xs, p99, width, label=target)
    for axis, title in (
        (rps_axis, "requests per second, log scale (higher is better)"),
        (p99_axis, "p99 latency in ms, log scale (lower is better)"),
    ):
        axis.set_title(title)
        axis.set_yscale("log")  # nginx answers tens of times faster than any Python app
        axis.set_xticks([i + width * (len(targets) - 1) / 2 for i in range(len(endpoints))])
        axis.set_xticklabels(endpoints)
    # One legend for both, below them, clear of the bars.
    handles, labels = rps_axis.get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=len(targets), fontsize="small")
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    figure.savefig(path, dpi=90)
    plt.close(figure)
