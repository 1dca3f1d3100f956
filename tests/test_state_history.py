"""A partnership followed across sources: the bundled article and two later (fictional, dated)
reports move it from exploratory to negotiating to terminated. The current status is served
with its whole history; undated reports that disagree are refused, naming both files."""

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.cli import main
from service.config import BUNDLED_SEEDS, Config
from service.dataset import SeedError, load_dataset
from tests.conftest import SUITE_RATE_LIMIT, delete_prefix, get_all, get_json, new_prefix
from tests.support.redis_support import Target

LATER_SOURCES = Path(__file__).parent / "data" / "partnership-history"
NEGOTIATIONS = "honda-nissan-negotiations.yaml"
TALKS_ENDED = "honda-nissan-talks-ended.yaml"
ARTICLE = "honda-nissan-ev-partnership-article"
COLLABORATION = "/v1/partnerships/honda-nissan-ev-collaboration"


def with_later_sources(folder: Path) -> Path:
    """The bundled seeds and the two later reports, in `folder`."""
    shutil.copytree(BUNDLED_SEEDS, folder)
    shutil.copytree(LATER_SOURCES, folder, dirs_exist_ok=True)
    return folder


def undate(folder: Path, *names: str) -> None:
    """Remove the publication date of the seed files `names`, as if their sources gave none."""
    for name in names:
        path = folder / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["source"]["published"] = None
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


@pytest.fixture
def history_seeds(tmp_path: Path) -> Path:
    return with_later_sources(tmp_path / "seeds")


@pytest.fixture
def client(history_seeds: Path) -> Iterator[FlaskClient]:
    """A client of the service over the three sources (embedded store)."""
    # The three sources' folder; testing mode (an error past the handlers fails the test) and
    # a limit out of reach.
    app = create_app(Config(testing=True, seeds_dir=history_seeds, rate_limit=SUITE_RATE_LIMIT))
    yield app.test_client()
    app.extensions["partnership_api"].store.close()


def test_three_sources_make_terminated_current_with_a_three_entry_history(
    client: FlaskClient,
) -> None:
    partnership = get_json(client, COLLABORATION)
    assert partnership["status"] == "terminated"
    assert partnership["certainty"] == "stated"
    history = partnership["status_history"]
    assert [
        (e["position"], e["value"], e["source"], e["follows"], e["dated_by"], e["certainty"])
        for e in history
    ] == [
        (1, "exploratory", ARTICLE, None, None, "hedged"),
        (2, "negotiating", "honda-nissan-negotiations", ARTICLE, "publication", "stated"),
        (3, "terminated", "honda-nissan-talks-ended", None, "publication", "stated"),
    ]
    # The article gives no date of its own, and none is made up for it.
    assert history[0]["date"] is None
    assert history[1]["date"] == {
        "text": "2031-03-03",
        "precision": "day",
        "relative": False,
        "resolved": "2031-03-03",
    }
    assert history[2]["date"]["resolved"] == "2031-09-15"
    assert partnership["sources"] == [
        ARTICLE,
        "honda-nissan-negotiations",
        "honda-nissan-talks-ended",
    ]


def test_every_history_entry_quotes_its_own_source_exactly(client: FlaskClient) -> None:
    history = get_json(client, COLLABORATION)["status_history"]
    texts = {e["source"]: get_json(client, f"/v1/sources/{e['source']}")["text"] for e in history}
    for entry in history:
        assert entry["evidence"], entry["source"]
        for evidence in entry["evidence"]:
            assert evidence["source"] == entry["source"]
            assert texts[entry["source"]][evidence["start"] : evidence["end"]] == evidence["quote"]
    # The order the negotiations report states is cited, and what is cited says so.
    (cited,) = [e for e in history[1]["evidence"] if "follows" in e["supports"]]
    assert cited["quote"].startswith("The talks had been exploratory since")


def test_the_status_filter_answers_by_the_current_status(client: FlaskClient) -> None:
    def listed(status: str) -> list[str]:
        return [p["id"] for p in get_all(client, f"/v1/partnerships?status={status}")]

    assert listed("terminated") == ["honda-general-motors-ev-ties", "honda-nissan-ev-collaboration"]
    assert listed("exploratory") == []
    assert listed("negotiating") == []
    honda = get_json(client, "/v1/organizations/honda")["partnerships"]
    assert [(p["id"], p["status"]) for p in honda] == [
        ("honda-general-motors-ev-ties", "terminated"),
        ("honda-nissan-ev-collaboration", "terminated"),
    ]


def test_past_statuses_are_read_from_the_history_not_filtered(client: FlaskClient) -> None:
    """As the README says: `status=` is the current status; past ones come with `fields`."""
    page = get_all(client, "/v1/partnerships?fields=status,status_history")
    ever_negotiating = [
        p["id"] for p in page if any(e["value"] == "negotiating" for e in p["status_history"])
    ]
    assert ever_negotiating == ["honda-nissan-ev-collaboration"]
    refused = client.get("/v1/partnerships?status_history=negotiating")
    assert refused.status_code == 400
    assert refused.content_type == "application/problem+json"


def test_a_product_history_follows_the_order_its_source_cites(client: FlaskClient) -> None:
    product = get_json(client, "/v1/products/honda-prologue")
    assert (product["status"], product["maker"], product["makers"]) == (
        "on-sale",
        "honda",
        ["honda"],
    )
    assert [(e["value"], e["follows"]) for e in product["status_history"]] == [
        ("upcoming", None),
        ("on-sale", ARTICLE),
    ]


def test_the_timeline_keeps_its_own_rule(client: FlaskClient) -> None:
    """Statements of a status order the status, not the events: the timeline is as before."""
    bundled = create_app(Config(testing=True, rate_limit=SUITE_RATE_LIMIT))  # as `client`'s, above
    try:
        before = get_json(bundled.test_client(), COLLABORATION)["timeline"]
    finally:
        bundled.extensions["partnership_api"].store.close()
    assert get_json(client, COLLABORATION)["timeline"] == before


def test_undated_disagreeing_sources_are_refused_naming_both_files(history_seeds: Path) -> None:
    undate(history_seeds, NEGOTIATIONS, TALKS_ENDED)
    with pytest.raises(SeedError) as raised:
        load_dataset(history_seeds)
    message = str(raised.value)
    line = next(
        line for line in message.splitlines() if NEGOTIATIONS in line and TALKS_ENDED in line
    )
    assert line.startswith(f"{TALKS_ENDED}: partnerships[0].status: the status of partnership")
    assert "cannot be ordered: 'terminated' here and 'negotiating' in" in line
    assert "To settle it, date both statements" in line
    # Published, the same folder is refused with the same words and a non-zero exit.
    result = CliRunner().invoke(main, ["check-seeds", str(history_seeds)])
    assert result.exit_code == 1
    located = line.replace(
        f"{TALKS_ENDED}: partnerships[0].status:",
        f"{TALKS_ENDED}:{status_line(history_seeds / TALKS_ENDED)}: "
        "partnerships[honda-nissan-ev-collaboration]: status:",
    )
    assert located in result.stderr.splitlines()


def status_line(seed: Path) -> str:
    """`line:column` of the first partnership status in a seed file, found by reading it."""
    text = seed.read_text(encoding="utf-8").splitlines()
    line = next(n for n, content in enumerate(text, 1) if content.strip().startswith("status:"))
    content = text[line - 1]
    column = content.index("status:") + len("status:") + 1
    while column <= len(content) and content[column - 1] == " ":
        column += 1
    return f"{line}:{column}"


def test_dating_either_report_alone_does_not_settle_it(history_seeds: Path) -> None:
    undate(history_seeds, TALKS_ENDED)
    with pytest.raises(SeedError) as raised:
        load_dataset(history_seeds)
    assert f"{TALKS_ENDED}: partnerships[0].status:" in str(raised.value)
    assert "'terminated' here and 'negotiating' in honda-nissan-negotiations.yaml" in str(
        raised.value
    )


@pytest.fixture(params=["embedded", "standalone"])
def app_at_bundled(request: pytest.FixtureRequest) -> Iterator[Flask]:
    """A service that has published the bundled seeds only."""
    if request.param == "embedded":
        # Testing mode (an error past the handlers fails the test); a limit out of reach.
        app = create_app(Config(testing=True, rate_limit=SUITE_RATE_LIMIT))
        yield app
        app.extensions["partnership_api"].store.close()
        return
    url = request.getfixturevalue("shared_redis_url")
    target = Target(url, False, new_prefix())
    yield target.app(rate_limit=SUITE_RATE_LIMIT)  # a limit out of reach, as Target's own
    target.close()
    delete_prefix(url, target.prefix)


def test_the_change_feed_reports_the_new_status_as_changed(
    app_at_bundled: Flask, history_seeds: Path
) -> None:
    client = app_at_bundled.test_client()
    before = get_json(client, "/v1/dataset")["version"]
    etag_before = client.get(COLLABORATION).headers["ETag"]
    assert app_at_bundled.extensions["partnership_api"].store.publish(load_dataset(history_seeds))
    changes: dict[str, Any] = {
        f"{c['type']}/{c['id']}": c for c in get_all(client, f"/v1/changes?since={before}")
    }
    change = changes["partnerships/honda-nissan-ev-collaboration"]
    assert change["change"] == "changed"
    current = client.get(change["href"])
    assert current.headers["ETag"] == f'"{change["etag"]}"' != etag_before
    assert get_json(client, change["href"])["status"] == "terminated"
    assert changes["products/honda-prologue"]["change"] == "changed"
    assert changes["sources/honda-nissan-negotiations"]["change"] == "added"
    assert changes["sources/honda-nissan-talks-ended"]["change"] == "added"
    # A client holding the old copy revalidates and gets the new one.
    assert client.get(COLLABORATION, headers={"If-None-Match": etag_before}).status_code == 200
