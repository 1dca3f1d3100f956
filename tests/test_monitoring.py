"""What an operator watches: the metrics at /metrics, read through the app on both stores and
under gunicorn; the alert rules, checked and unit-tested by promtool; and the dashboard, whose
every query names a metric the service really exposes."""

import datetime as dt
import json
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import redis
import yaml
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from service import create_app
from service.config import Config
from service.store.keys import Keys
from tests.conftest import SUITE_RATE_LIMIT, delete_prefix, new_prefix
from tests.support.live_server import ROOT, gunicorn_process
from tests.support.live_server import get as get_live
from tests.support.redis_support import store_of, with_alias

DEPLOY = ROOT / "deploy"
RULES: dict[str, Any] = yaml.safe_load((DEPLOY / "alerts.yml").read_text(encoding="utf-8"))
RULE_TESTS: dict[str, Any] = yaml.safe_load((DEPLOY / "alerts.test.yml").read_text("utf-8"))
DASHBOARD: dict[str, Any] = json.loads((DEPLOY / "grafana-dashboard.json").read_text("utf-8"))
ALERTS = [rule for group in RULES["groups"] for rule in group["rules"] if "alert" in rule]
RECORDED = {rule["record"]: rule for group in RULES["groups"] for rule in group["rules"]
            if "record" in rule}  # fmt: skip
ITEM = "/v1/partnerships/honda-nissan-ev-collaboration"

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(text: str) -> Samples:
    """Every sample of an exposition: (name, labels) to value."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def metrics_of(client: FlaskClient) -> Samples:
    response = client.get("/metrics")
    assert response.status_code == 200
    return scrape(response.data.decode())


def value(samples: Samples, name: str, **labels: str) -> float:
    """The one sample of `name` with exactly these labels."""
    return samples[(name, frozenset(labels.items()))]


def readyz(client: FlaskClient) -> tuple[int, dict[str, Any]]:
    response = client.get("/readyz")
    return response.status_code, orjson.loads(response.data)


# -- the metrics, through the app ----------------------------------------------------------------


# The Redis one is a system test, as conftest's `app` fixture makes it: it may start a Redis.
@pytest.fixture(params=["embedded", pytest.param("redis", marks=pytest.mark.system)])
def make_app(request: pytest.FixtureRequest) -> Iterator[Callable[..., Flask]]:
    """Apps of the test's own on one store (the shared Redis, under a prefix of their own), so
    the values they expose are the test's traffic alone."""
    url = request.getfixturevalue("shared_redis_url") if request.param == "redis" else None
    made: list[tuple[Flask, Config]] = []

    def make(**settings: Any) -> Flask:
        # A limit out of the tests' reach, as conftest's `app` has, unless a test sets its own.
        chosen: dict[str, Any] = {"testing": True, "rate_limit": SUITE_RATE_LIMIT}
        if url is not None:
            # As `make run` does, an empty prefix gets the bundled seeds.
            chosen |= {
                "redis_url": url,
                "redis_prefix": new_prefix(),
                "publish_seeds_if_empty": True,
            }
        config = Config(**(chosen | settings))
        app = create_app(config)
        made.append((app, config))
        return app

    yield make
    for app, config in made:
        app.extensions["partnership_api"].store.close()
        if config.redis_url is not None:
            delete_prefix(config.redis_url, config.redis_prefix)


def test_the_served_version_and_when_it_was_published_are_exposed(
    make_app: Callable[..., Flask], seeds_copy: Path
) -> None:
    app = make_app()
    client = app.test_client()
    first = client.get("/v1/dataset/versions").json
    assert first is not None
    (current,) = [v for v in first["data"] if v["current"]]
    samples = metrics_of(client)
    assert value(samples, "partnership_dataset_info", version=current["version"]) == 1
    published = dt.datetime.fromisoformat(current["published_at"]).timestamp()
    assert value(samples, "partnership_dataset_published_timestamp_seconds") == pytest.approx(
        published, abs=0.001
    )
    assert value(samples, "partnership_dataset_behind") == 0

    # A new version: the old one drops to 0, the new one's publish time replaces the old.
    app.extensions["partnership_api"].store.publish(with_alias(seeds_copy, "Monitored"))
    newer = client.get("/v1/dataset/versions").json
    assert newer is not None
    latest = newer["data"][0]
    assert latest["current"] and latest["version"] != current["version"]
    samples = metrics_of(client)
    assert value(samples, "partnership_dataset_info", version=current["version"]) == 0
    assert value(samples, "partnership_dataset_info", version=latest["version"]) == 1
    assert value(samples, "partnership_dataset_published_timestamp_seconds") == pytest.approx(
        dt.datetime.fromisoformat(latest["published_at"]).timestamp(), abs=0.001
    )
    assert latest["published_at"] > current["published_at"]


def test_readiness_is_exposed_as_readyz_reports_it(make_app: Callable[..., Flask]) -> None:
    client = make_app().test_client()
    status, body = readyz(client)
    assert (status, body["status"]) == (200, "ready")
    samples = metrics_of(client)
    assert value(samples, "partnership_ready") == 1
    assert value(samples, "partnership_store_degraded") == 0


def test_rate_limit_refusals_are_counted(make_app: Callable[..., Flask]) -> None:
    # Limits the test runs into on purpose: the shorter one first.
    client = make_app(rate_limit="3 per minute;10 per hour").test_client()
    samples = metrics_of(client)
    assert not [name for name, _ in samples if name == "partnership_rate_limit_refusals_total"]
    statuses = [client.get("/v1/partnerships").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    samples = metrics_of(client)  # /metrics is exempt: it is neither counted nor refused
    refused = [(dict(labels), found) for (name, labels), found in samples.items()
               if name == "partnership_rate_limit_refusals_total"]  # fmt: skip
    assert refused == [({"limit": "3 per 1 minute"}, 2)]
    assert value(samples, "partnership_http_request_total", method="GET", status="429") == 2
    assert value(samples, "partnership_http_request_total", method="GET", status="200") == 3


@pytest.fixture
def redis_app(shared_redis_url: str) -> Iterator[Callable[..., Flask]]:
    """Apps on the shared Redis, each under a prefix of its own."""
    made: list[tuple[Flask, str]] = []

    def make(**settings: Any) -> Flask:
        prefix = new_prefix()
        config = Config(
            testing=True,
            redis_url=shared_redis_url,
            redis_prefix=prefix,
            rate_limit=SUITE_RATE_LIMIT,  # out of the tests' reach, as conftest's `app` has it
            # A poll every 0.2 s: a changed pointer is seen within the tests' short waits.
            poll_interval=0.2,
            **settings,
        )
        app = create_app(config)
        made.append((app, prefix))
        return app

    yield make
    for app, prefix in made:
        store_of(app).close()
        delete_prefix(shared_redis_url, prefix)


def test_a_replica_with_nothing_published_is_not_ready_until_a_publish(
    redis_app: Callable[..., Flask], seeds_copy: Path
) -> None:
    app = redis_app(publish_seeds_if_empty=False)
    client = app.test_client()
    status, body = readyz(client)
    assert (status, body["status"]) == (503, "not-ready")
    samples = metrics_of(client)
    assert value(samples, "partnership_ready") == 0
    assert value(samples, "partnership_store_degraded") == 0

    store_of(app).publish(with_alias(seeds_copy, "Published later"))  # the publish job's work
    assert readyz(client)[0] == 200
    assert value(metrics_of(client), "partnership_ready") == 1


def wait_for_status(client: FlaskClient, status: str, limit: float = 15.0) -> None:
    deadline = time.monotonic() + limit
    while readyz(client)[1]["status"] != status:
        assert time.monotonic() < deadline, readyz(client)
        time.sleep(0.05)


def test_a_current_version_that_cannot_be_loaded_is_behind_degraded_and_counted(
    redis_app: Callable[..., Flask], shared_redis_url: str
) -> None:
    app = redis_app(publish_seeds_if_empty=True)
    client = app.test_client()
    served = client.get("/v1/dataset").json
    assert served is not None
    keys = Keys(app.extensions["partnership_api"].config.redis_prefix)
    errors_before = value(metrics_of(client), "partnership_store_errors_total", store="redis")
    assert errors_before == 0
    with redis.Redis.from_url(shared_redis_url) as direct:
        # A pointer to a version Redis does not hold, as a Redis that lost data leaves it.
        direct.set(keys.current, "0123456789abcdef")
        direct.publish(keys.channel, "0123456789abcdef")
        wait_for_status(client, "degraded")
        samples = metrics_of(client)
        assert value(samples, "partnership_dataset_behind") == 1
        assert value(samples, "partnership_store_degraded") == 1
        assert value(samples, "partnership_ready") == 1  # degraded still answers /readyz 200
        assert value(samples, "partnership_store_errors_total", store="redis") > errors_before
        assert value(samples, "partnership_dataset_info", version=served["version"]) == 1

        direct.set(keys.current, served["version"])
    wait_for_status(client, "ready")
    samples = metrics_of(client)
    assert value(samples, "partnership_dataset_behind") == 0
    assert value(samples, "partnership_store_degraded") == 0


def test_redis_calls_are_timed_by_operation(
    redis_app: Callable[..., Flask], seeds_copy: Path
) -> None:
    app = redis_app(publish_seeds_if_empty=True)
    client = app.test_client()

    def count(operation: str) -> float:
        samples = metrics_of(client)
        total = value(samples, "partnership_redis_call_duration_seconds_count", operation=operation)
        # Every call falls in a bucket: the +Inf bucket is the count.
        inf = value(
            samples,
            "partnership_redis_call_duration_seconds_bucket",
            operation=operation,
            le="+Inf",
        )
        assert inf == total
        return total

    assert count("load") >= 1 and count("pointer") >= 1  # at start-up
    before = count("items")
    assert client.get(ITEM).status_code == 200  # not held yet: one read from Redis
    assert count("items") == before + 1
    assert client.get(ITEM).status_code == 200  # held in the worker's memory: none
    assert count("items") == before + 1

    first = client.get("/v1/dataset").json
    assert first is not None
    # A version of its own (diffs are kept per process, by version): changes since the first
    # read both versions' lineages from Redis.
    store_of(app).publish(with_alias(seeds_copy, f"Timed {uuid.uuid4().hex}"))
    lineage = count("lineage")
    assert client.get(f"/v1/changes?since={first['version']}").status_code == 200
    assert count("lineage") == lineage + 2


# -- the rules and the dashboard, as files ---------------------------------------------------------


def test_every_alert_says_how_bad_what_it_means_and_what_to_do() -> None:
    assert len(ALERTS) >= 10
    for rule in ALERTS:
        assert re.fullmatch(r"\d+m", rule["for"]), rule["alert"]
        assert rule["labels"]["severity"] in ("critical", "warning"), rule["alert"]
        assert set(rule["annotations"]) == {"summary", "description"}, rule["alert"]
        assert len(rule["annotations"]["description"]) > 100, rule["alert"]


def test_every_alert_is_tested_firing_and_quiet_and_every_recording_too() -> None:
    assert RULE_TESTS["rule_files"] == ["alerts.yml"]
    cases = [c for test in RULE_TESTS["tests"] for c in test.get("alert_rule_test", [])]
    for rule in ALERTS:
        expected = [c["exp_alerts"] for c in cases if c["alertname"] == rule["alert"]]
        assert any(expected), f"{rule['alert']} is never shown firing"
        assert [] in expected, f"{rule['alert']} is never shown quiet"
    queried = {c["expr"] for test in RULE_TESTS["tests"] for c in test.get("promql_expr_test", [])}
    assert set(RECORDED) <= queried


def test_the_readme_says_what_each_alert_means() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    monitoring = readme.split("\n## Monitoring\n", 1)[1].split("\n## ", 1)[0]
    for rule in ALERTS:
        assert f"`{rule['alert']}`" in monitoring


@pytest.mark.system
def test_promtool_finds_the_rules_and_the_config_valid() -> None:
    promtool = shutil.which("promtool")
    assert promtool is not None, "promtool is missing: make system-tools installs it"
    rules = subprocess.run(
        [promtool, "check", "rules", "alerts.yml"],
        cwd=DEPLOY, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert rules.returncode == 0, rules.stdout + rules.stderr
    assert f"SUCCESS: {len(ALERTS) + len(RECORDED)} rules found" in rules.stdout
    config = subprocess.run(
        [promtool, "check", "config", "prometheus.yml"],
        cwd=DEPLOY, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert config.returncode == 0, config.stdout + config.stderr
    assert "SUCCESS: 1 rule files found" in config.stdout


@pytest.mark.system
def test_promtool_unit_tests_of_the_alerts_pass() -> None:
    promtool = shutil.which("promtool")
    assert promtool is not None, "promtool is missing: make system-tools installs it"
    result = subprocess.run(
        [promtool, "test", "rules", "alerts.test.yml"],
        cwd=DEPLOY, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


# -- every name the rules and the dashboard read is one the service exposes ------------------------

# PromQL words that are not metric names; functions and aggregations are told by their "(".
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
            "unless", "offset", "inf", "nan"}  # fmt: skip
STRING = r'"(?:[^"\\]|\\.)*"'
MATCHERS = re.compile(r"\{((?:[^{}\"]|" + STRING + r")*)\}")
GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
NAME = re.compile(r"(?<![\w.:$])([A-Za-z_:][\w:]*)(?![\w:])(\s*\{\d+\})?(?!\s*\()")
LABEL = re.compile(r"([A-Za-z_]\w*)\s*(?:=~|!~|!=|=)")
# Labels Prometheus adds as it scrapes, not the service.
TARGET_LABELS = {"job", "instance"}


def selectors(expr: str) -> list[tuple[str, set[str]]]:
    """The metric names an expression reads, each with the labels its matchers name."""
    blocks: list[set[str]] = []

    def hold(match: re.Match[str]) -> str:
        blocks.append(set(LABEL.findall(re.sub(STRING, '""', match.group(1)))))
        return f"{{{len(blocks) - 1}}}"

    text = MATCHERS.sub(hold, expr)
    text = re.sub(STRING, '""', text)
    text = re.sub(r"\[[^\]]*\]", "", text)  # ranges, $__rate_interval included
    text = GROUPING.sub("", text)
    found = []
    for name, block in NAME.findall(text):
        if name in KEYWORDS:
            continue
        found.append((name, blocks[int(block.strip()[1:-1])] if block else set()))
    return found


def rule_expressions() -> list[str]:
    return [rule["expr"] for group in RULES["groups"] for rule in group["rules"]]


def dashboard_expressions() -> list[str]:
    return [target["expr"] for panel in DASHBOARD["panels"] for target in panel["targets"]]


def test_selectors_are_read_out_of_promql() -> None:
    expr = (
        'histogram_quantile(0.99, sum by (instance, le) (rate(x_bucket{endpoint!="a{b}",'
        ' le=~"1|2"}[5m]))) / on(instance) group_left y offset 5m > bool 1e-3 or time() - z'
    )
    assert selectors(expr) == [("x_bucket", {"endpoint", "le"}), ("y", set()), ("z", set())]
    assert selectors("partnership:cache_hit_ratio:rate5m") == [
        ("partnership:cache_hit_ratio:rate5m", set())
    ]


def test_the_dashboard_shows_every_metric_an_alert_reads() -> None:
    shown = {name for expr in dashboard_expressions() for name, _ in selectors(expr)}
    for rule in ALERTS:
        for name, _ in selectors(rule["expr"]):
            assert name in shown, f"{rule['alert']} reads {name}, which no panel shows"
    for panel in DASHBOARD["panels"]:
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
        assert panel["targets"] and panel["description"], panel["title"]


# Gauges a replica reports once, whatever its number of workers.
PER_REPLICA = (
    "partnership_ready",
    "partnership_store_degraded",
    "partnership_dataset_behind",
    "partnership_dataset_published_timestamp_seconds",
)


def eventually_both_workers(server: Any, version: str, limit: float = 15) -> Samples:
    """/metrics once both of gunicorn's workers (WEB_CONCURRENCY's default) report the version
    they serve, each under its pid."""
    deadline = time.monotonic() + limit
    while True:
        status, _, body = get_live(server, "/metrics")
        assert status == 200
        samples = scrape(body.decode())
        serving = [
            dict(labels) for (name, labels), found in samples.items()
            if name == "partnership_dataset_info" and found == 1
        ]  # fmt: skip
        if len(serving) == 2:
            assert {s["version"] for s in serving} == {version}
            assert len({s["pid"] for s in serving}) == 2
            return samples
        assert time.monotonic() < deadline, serving
        time.sleep(0.1)


@pytest.mark.system
def test_every_metric_the_rules_and_the_dashboard_name_is_exposed(shared_redis_url: str) -> None:
    prefix = new_prefix()
    exposed: Samples = {}
    try:
        # Both stores: only the Redis store makes Redis calls.
        for env in ({}, {"REDIS_URL": shared_redis_url, "REDIS_PREFIX": prefix}):
            # A limit the traffic runs into: refusals are counted once there is one.
            with gunicorn_process(RATE_LIMIT="10 per minute", **env) as server:
                for path in (ITEM, "/v1/partnerships?organization=honda", f"/no/{uuid.uuid4()}"):
                    get_live(server, path)
                versions = orjson.loads(get_live(server, "/v1/dataset/versions")[2])["data"]
                (current,) = [v for v in versions if v["current"]]
                assert get_live(server, f"/v1/changes?since={current['version']}")[0] == 200
                refused = [get_live(server, "/v1/events")[0] for _ in range(30)]
                assert 429 in refused
                samples = eventually_both_workers(server, current["version"])
                # The workers added up: one value per replica, no worker's pid on it.
                for gauge in PER_REPLICA:
                    assert [labels for name, labels in samples if name == gauge] == [frozenset()]
                assert value(samples, "partnership_ready") == 1
                published = dt.datetime.fromisoformat(current["published_at"]).timestamp()
                assert value(
                    samples, "partnership_dataset_published_timestamp_seconds"
                ) == pytest.approx(published, abs=0.001)
                exposed |= samples
    finally:
        delete_prefix(shared_redis_url, prefix)
    labels: dict[str, set[str]] = {}
    for name, sample_labels in exposed:
        labels.setdefault(name, set()).update(label for label, _ in sample_labels)
    read = [(e, s) for e in rule_expressions() + dashboard_expressions() for s in selectors(e)]
    assert read
    for expr, (name, matched) in read:
        if name == "up":  # Prometheus's own, per target
            continue
        if name in RECORDED:
            continue  # its labels come from the recording rule's own expression, checked here too
        assert name in labels, f"{name} (in {expr!r}) is not exposed"
        assert matched - TARGET_LABELS <= labels[name], f"{name} has no label {matched}"


@pytest.mark.system
def test_a_worker_file_left_empty_does_not_break_metrics(tmp_path: Path) -> None:
    # The metrics folder named, so the test can put a file in it.
    with gunicorn_process(PROMETHEUS_MULTIPROC_DIR=str(tmp_path)) as server:
        assert get_live(server, ITEM)[0] == 200
        # What a worker killed while creating a file leaves: the file, never sized.
        (tmp_path / "counter_999999.db").touch()
        for _ in range(4):  # whichever worker answers
            status, _, body = get_live(server, "/metrics")
            assert status == 200
            samples = scrape(body.decode())
            assert value(samples, "partnership_http_request_total", method="GET", status="200") == 1
