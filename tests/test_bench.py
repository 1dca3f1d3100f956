"""The benchmark harness runs end to end on a tiny load and writes every result file, so it
cannot rot between the runs that measure. Figures are not asserted: timings here are noise."""

import json
from pathlib import Path

import pytest

from bench import stock
from bench.output import markdown
from bench.report import build
from bench.run import main
from bench.settings import Settings
from bench.targets import TARGETS
from bench.wrk import Load, WrkResult, parse_wrk

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


@pytest.mark.system
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
    # Every target answered every run as expected; the anchors answered the service's bytes
    # (the harness stops before measuring an anchor that does not).
    for target in TARGETS:
        for endpoint in ("item", "not_modified"):
            row = results["summary"][endpoint][target]
            assert row["rps"] > 0 and row["p99_ms"] >= row["p50_ms"] > 0
            assert row["non_2xx_3xx"] == 0
    item = results["summary"]["item"]
    assert item["service"]["over"] == "stock-memory" and item["service"]["rps_ratio"] > 0
    assert item["redis"]["over"] == "stock-redis" and item["redis"]["rps_ratio"] > 0
    assert item["gateway"]["over"] == "stock-cache" and item["gateway"]["rps_ratio"] > 0
    measured = {g["measure"]: g for g in results["goals"] if g["ratio"] is not None}
    for measure in (
        "item RPS / stock stack",
        "item p99 / stock stack p99",
        "item RPS, Redis / stock stack on Redis",
        "item p99, Redis / stock stack on Redis",
        "item RPS, Redis, local counts / embedded",
        "not_modified gateway / stock proxy_cache RPS",
        "exec to first 200 / baseline app",
    ):
        assert measured[measure]["met"] in (True, False)
    reported = {r["measure"]: r["value"] for r in results["references"]}
    assert reported["item RPS / bare Flask"] > 0
    assert reported["stock stack item RPS / bare Flask"] > 0
    assert reported["stock stack with flask-smorest item RPS / stock stack"] > 0
    assert reported["item RPS / stock stack with flask-smorest"] > 0
    assert reported["item gateway / nginx static RPS"] > 0
    assert set(results["startup_s"]) >= {"service", "baseline"}
    assert all(
        w["rss_kb"] > 0 and w["pss_kb"] > 0 for w in results["memory_kb"]["service"]["workers"]
    )
    assert len(results["memory_kb"]["service"]["workers"]) == 2
    table = (tmp_path / "results.md").read_text()
    assert "| item RPS / stock stack | >= 0.9 |" in table
    assert "| item RPS / bare Flask |" in table
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
    """Each round's service run is divided by the stock stack's run of the same round, never
    by another round's; the table shows the spread and how many rounds met the target alone."""
    runs = [
        *(run(n, "stock-memory", rps) for n, rps in ((1, 100.0), (2, 200.0), (3, 100.0))),
        *(run(n, "service", rps) for n, rps in ((1, 90.0), (2, 140.0), (3, 95.0))),
    ]
    results = build(
        settings=Settings(rounds=3),  # the three rounds of the runs above
        runs=runs,
        startup_s={},
        memory={},
        facts={},
        sizes={"item": 10},
    )
    item = next(g for g in results["goals"] if g["measure"] == "item RPS / stock stack")
    assert item["rounds"] == [0.9, 0.7, 0.95]
    assert (item["ratio"], item["met"], item["rounds_met"]) == (0.9, True, 2)
    assert results["summary"]["item"]["service"]["rps_ratio"] == 0.9
    assert "| item RPS / stock stack | >= 0.9 | 0.90 | 0.70 to 0.95, 2/3 met | met |" in markdown(
        results
    )


def test_an_endpoint_without_the_stock_stack_is_compared_with_bare_flask() -> None:
    """The stock stack runs on some endpoints only: elsewhere the service's row is divided by
    the baseline measured beside it (whose `not_modified` runs are its 200s)."""
    runs = [
        run(1, "baseline", 100.0, 10.0),
        run(1, "stock-memory", 80.0, 10.0),
        run(1, "service", 120.0, 10.0),
        run(1, "baseline", 50.0, 20.0, endpoint="not_modified"),
        run(1, "service", 60.0, 10.0, endpoint="not_modified"),
    ]
    results = build(  # one round, as the runs above
        settings=Settings(rounds=1), runs=runs, startup_s={}, memory={}, facts={}, sizes={}
    )
    item, not_modified = results["summary"]["item"], results["summary"]["not_modified"]
    assert (item["service"]["over"], item["service"]["rps_ratio"]) == ("stock-memory", 1.5)
    assert (item["stock-memory"]["over"], item["stock-memory"]["rps_ratio"]) == ("baseline", 0.8)
    assert not_modified["service"]["over"] == "baseline"
    assert not_modified["service"]["rps_ratio"] == 1.2
    assert not_modified["service"]["p99_ms_ratio"] == 0.5


def test_the_gateway_reports_the_time_it_adds_to_a_stock_cache() -> None:
    """Per round, 1/RPS of the gateway less 1/RPS of the stock proxy_cache, in microseconds:
    what deploy/nginx.conf costs per request beyond caching."""
    runs = [
        run(1, "stock-cache", 125_000.0),
        run(1, "gateway", 100_000.0),  # 10 µs a request against 8
        run(2, "stock-cache", 50_000.0),
        run(2, "gateway", 50_000.0),
    ]
    results = build(  # two rounds, as the runs above
        settings=Settings(rounds=2), runs=runs, startup_s={}, memory={}, facts={}, sizes={}
    )
    added = next(r for r in results["references"] if r["measure"].startswith("item gateway, µs"))
    assert (added["rounds"], added["value"]) == ([2.0, 0.0], 1.0)
    goal = next(g for g in results["goals"] if g["measure"].startswith("item gateway / stock"))
    assert (goal["rounds"], goal["ratio"], goal["met"]) == ([0.8, 1.0], 0.9, True)


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


ITEM = b'{"data":{"id":"x"}}'


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    """A baseline manifest as bench.endpoints.write_baseline writes it: one item, with its ETag."""
    (tmp_path / "item.json").write_bytes(ITEM)
    entry = {"status": 200, "content_type": "application/json", "body": "item.json", "etag": '"v1"'}
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"item": entry}), encoding="utf-8")
    return path


@pytest.mark.parametrize(("documented", "endpoint"), [(False, "answer"), (True, "answers.answer")])
def test_the_stock_stack_answers_the_precomputed_bytes_through_every_stock_library(
    manifest: Path, caplog: pytest.LogCaptureFixture, documented: bool, endpoint: str
) -> None:
    """What the anchor costs is the libraries' work: each must run on every request, with
    flask-smorest's Blueprint too in the documented variant."""
    client = stock.create_app(manifest, "memory://", documented=documented).test_client()
    stock.ACCESS.addHandler(caplog.handler)  # its own handler does not propagate to caplog's
    try:
        first = client.get("/item", headers={"X-Request-ID": "abc-1"})
        again = client.get("/item", headers={"If-None-Match": '"v1"'})
    finally:
        stock.ACCESS.removeHandler(caplog.handler)
    assert (first.status_code, first.data, first.headers["ETag"]) == (200, ITEM, '"v1"')
    assert first.headers["X-Request-ID"] == "abc-1"
    assert (again.status_code, again.data) == (304, b"")
    assert len(again.headers["X-Request-ID"]) == 32  # made, as none was sent
    limit = int(first.headers["X-RateLimit-Limit"])
    assert [int(r.headers["X-RateLimit-Remaining"]) for r in (first, again)] == [
        limit - 1,
        limit - 2,
    ]
    records = [r for r in caplog.records if r.name == stock.ACCESS.name]
    assert [(r.__dict__["request_id"], r.__dict__["status"]) for r in records] == [
        ("abc-1", 200),
        (again.headers["X-Request-ID"], 304),
    ]
    metrics = client.get("/metrics").text
    labels = f'endpoint="{endpoint}",method="GET"'
    assert f'http_requests_total{{{labels},status="200"}} 1.0' in metrics
    assert f'http_requests_total{{{labels},status="304"}} 1.0' in metrics
    assert f"http_request_duration_seconds_count{{{labels}}} 2.0" in metrics
