"""The benchmark harness runs end to end on a tiny load and writes every result file, so it
cannot rot between the runs that measure. Figures are not asserted: timings here are noise."""

import json
from pathlib import Path

import pytest

from bench.output import markdown
from bench.report import build
from bench.run import main
from bench.settings import Settings
from bench.wrk import Load, WrkResult, parse_wrk

pytestmark = pytest.mark.system

WRK_REPORT = """Running 1s test @ http://127.0.0.1:8000/v1/partnerships/x
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.10ms    2.00ms  40.00ms   90.00%
    Req/Sec     1.00k   100.00     1.20k    70.00%
  Latency Distribution
     50%    4.50ms
     75%    6.00ms
     90%    8.00ms
     99%    1.20s
  2000 requests in 1.00s, 3.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 7
Requests/sec:   1998.50
Transfer/sec:      3.00MB
"""


def test_wrk_report_is_read_into_figures() -> None:
    result = parse_wrk(WRK_REPORT)
    assert (result.rps, result.p50_ms, result.p99_ms) == (1998.5, 4.5, 1200.0)
    assert (result.requests, result.non_2xx_3xx, result.socket_errors) == (2000, 7, 3)


def test_wrk_report_without_percentiles_is_refused() -> None:
    with pytest.raises(ValueError, match="50th percentile"):
        parse_wrk("Requests/sec: 10\n  10 requests in 1.00s\n")


def test_bench_writes_results_with_every_target(tmp_path: Path) -> None:
    # The README's tiny load: seconds rather than `make bench`'s minutes, written to a folder
    # of the test's own, never over bench/results/.
    settings = Settings(
        load=Load(duration_s=1, connections=4, threads=1),
        rounds=1,
        warmup_s=0,
        endpoints=("item", "not_modified"),
        partnerships=24,
        fallback_partnerships=24,
        startups=2,
        output=tmp_path,
    )
    main(settings)
    assert {p.name for p in tmp_path.iterdir()} == {"results.json", "results.md", "results.png"}
    assert (tmp_path / "results.png").read_bytes().startswith(b"\x89PNG")
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["dataset"]["partnerships"] == {"requested": 24, "served": 24}
    samples = results["dataset"]["startup_samples_s"]
    assert {name: len(values) for name, values in samples.items()} == {"service": 2, "baseline": 2}
    for target in ("service", "baseline", "redis", "gateway", "static", "large"):
        row = results["summary"]["item"][target]
        assert row["rps"] > 0 and row["p99_ms"] >= row["p50_ms"] > 0
        assert row["non_2xx_3xx"] == 0
    assert results["summary"]["not_modified"]["service"]["rps"] > 0
    assert results["summary"]["item"]["service"]["rps_ratio"] > 0  # to the baseline's round
    measured = {g["measure"]: g for g in results["goals"] if g["ratio"] is not None}
    for measure in (
        "item RPS / baseline",
        "item p99 / baseline p99",
        "not_modified gateway / nginx static RPS",
        "exec to first 200 / baseline app",
    ):
        assert measured[measure]["met"] in (True, False)
    assert set(results["startup_s"]) >= {"service", "baseline"}
    assert all(
        w["rss_kb"] > 0 and w["pss_kb"] > 0 for w in results["memory_kb"]["service"]["workers"]
    )
    assert len(results["memory_kb"]["service"]["workers"]) == 2
    table = (tmp_path / "results.md").read_text()
    assert "| item RPS / baseline | >= 0.6 |" in table
    assert "24 synthetic partnerships" in table
    publishing = results["dataset"]["publishing"]
    full, unchanged, article = publishing["full"], publishing["unchanged"], publishing["article"]
    # Figures that are counts, not timings, are exact at any scale.
    assert full["files_validated"] == 1 and full["items_stored_already"] == 0
    assert (unchanged["changed"], unchanged["files_known"], unchanged["keys_written"]) == (
        False,
        1,
        0,
    )
    assert (article["files_validated"], article["files_known"]) == (1, 1)
    assert article["items_written"] == article["items_changed"] > 150  # 50 partnerships' worth
    # The full publish searched and rendered everything; the article's, only what it changed.
    assert full["quotes_known"] == full["records_known"] == 0 < full["records_rendered"]
    assert article["quotes_searched"] > 0 and article["quotes_known"] > 0
    # Built on the full publish's version: no record rendered that the article left as it was.
    assert 0 < article["records_rendered"] <= article["items_changed"]
    assert article["keys_written"] > article["items_written"]  # and the version's own keys
    assert publishing["memory"]["retained"] == 3
    assert publishing["memory"]["three_versions_bytes"] > publishing["memory"]["one_version_bytes"]
    cluster = publishing["cluster"]
    assert sum(cluster["per_node"]) == cluster["items"] > full["items_written"]  # two articles on
    assert len(cluster["per_node"]) == 3 and all(cluster["per_node"])
    for measure in (
        "full publish of 24 partnerships (s)",
        "one-article publish / full publish (time)",
        "items the one-article publish wrote / items it changed",
        "keys a publish of the current version wrote",
        "Redis memory, three retained versions / one",
        "Cluster: least share of a version's items on one node",
        "Cluster: most share of a version's items on one node",
    ):
        assert measured[measure]["met"] in (True, False)
    assert measured["items the one-article publish wrote / items it changed"]["met"] is True
    assert measured["keys a publish of the current version wrote"]["met"] is True
    assert "## Publishing" in table and "- one article added: " in table


def run(
    round_: int, target: str, rps: float, p99_ms: float = 10.0, endpoint: str = "item"
) -> dict[str, object]:
    """One wrk run as `Bench.measure` records it."""
    result = WrkResult(rps, 1.0, p99_ms, int(rps), non_2xx_3xx=0, socket_errors=0)
    return {"round": round_, "target": target, "endpoint": endpoint, **result.as_dict()}


def test_a_ratio_is_the_median_of_its_rounds_with_their_spread() -> None:
    """Each round's service run is divided by the baseline run of the same round, never by
    another round's; the table shows the spread and how many rounds met the target alone."""
    runs = [
        *(run(n, "baseline", rps) for n, rps in ((1, 100.0), (2, 200.0), (3, 100.0))),
        *(run(n, "service", rps) for n, rps in ((1, 60.0), (2, 140.0), (3, 50.0))),
    ]
    results = build(
        settings=Settings(rounds=3),  # the three rounds of the runs above
        runs=runs,
        startup_s={},
        memory={},
        facts={},
        sizes={"item": 10},
    )
    item = next(g for g in results["goals"] if g["measure"] == "item RPS / baseline")
    assert item["rounds"] == [0.6, 0.7, 0.5]
    assert (item["ratio"], item["met"], item["rounds_met"]) == (0.6, True, 2)
    assert results["summary"]["item"]["service"]["rps_ratio"] == 0.6
    assert "| item RPS / baseline | >= 0.6 | 0.60 | 0.50 to 0.70, 2/3 met | met |" in markdown(
        results
    )


def test_304s_are_divided_by_the_baseline_200s_measured_beside_them() -> None:
    """The baseline's `not_modified` runs are its 200s, run next to the service's 304s."""
    runs = [
        run(1, "baseline", 100.0, 10.0),
        run(1, "service", 120.0, 10.0),
        run(1, "baseline", 50.0, 20.0, endpoint="not_modified"),
        run(1, "service", 60.0, 10.0, endpoint="not_modified"),
    ]
    results = build(  # one round, as the runs above
        settings=Settings(rounds=1), runs=runs, startup_s={}, memory={}, facts={}, sizes={}
    )
    assert results["summary"]["not_modified"]["service"]["rps_ratio"] == 1.2
    assert results["summary"]["not_modified"]["service"]["p99_ms_ratio"] == 0.5


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("BENCH_STARTUPS", "0", "BENCH_STARTUPS: '0' is not a whole number of at least 1"),
        ("BENCH_ROUNDS", "many", "BENCH_ROUNDS: 'many' is not a whole number of at least 1"),
        ("BENCH_ENDPOINTS", "item,nope", "BENCH_ENDPOINTS: 'item,nope' is not a list from"),
    ],
)
def test_a_bad_setting_stops_the_benchmark_naming_it(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)  # a bad value: its refusal is under test
    with pytest.raises(SystemExit) as raised:
        Settings.from_env()
    assert str(raised.value).startswith(message)
