"""The bundled facts: every quote slices its source exactly, and the article's claims are there."""

import hashlib
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import get_all, get_json

RESOURCE_TYPES = ("organizations", "partnerships", "events", "statements", "products")


def walk_evidence(value: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every (path, evidence) pair under `value`."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "evidence":
                found.extend((f"{path}.evidence[{i}]", e) for i, e in enumerate(item))
            else:
                found.extend(walk_evidence(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(walk_evidence(item, f"{path}[{i}]"))
    return found


@pytest.fixture(scope="module")
def source_texts(app: Any) -> dict[str, str]:
    client = app.test_client()
    sources = get_all(client, "/v1/sources")
    return {s["id"]: get_json(client, f"/v1/sources/{s['id']}")["text"] for s in sources}


@pytest.mark.parametrize("rtype", RESOURCE_TYPES)
def test_every_quote_slices_its_source_exactly(
    client: FlaskClient, rtype: str, source_texts: dict[str, str]
) -> None:
    items = get_all(client, f"/v1/{rtype}")
    assert items
    for item in items:
        evidence = walk_evidence(get_json(client, f"/v1/{rtype}/{item['id']}"), item["id"])
        assert evidence, f"{rtype}/{item['id']} has no evidence"
        for path, e in evidence:
            text = source_texts[e["source"]]
            assert text[e["start"] : e["end"]] == e["quote"], path


def test_every_claim_carries_evidence_and_certainty(client: FlaskClient) -> None:
    for item in get_all(client, "/v1/partnerships"):
        for group in ("scope", "objectives", "drivers", "agreements"):
            for claim in item[group]:
                assert claim["evidence"], f"{item['id']}.{group}.{claim['id']}"
                assert claim["certainty"] in ("stated", "hedged")


def test_source_is_the_article_verbatim_with_its_sha256(client: FlaskClient) -> None:
    article = Path(__file__).resolve().parents[1] / "seeds" / "sources"
    text = (article / "honda-nissan-ev-partnership-article.txt").read_text(encoding="utf-8")
    source = get_json(client, "/v1/sources/honda-nissan-ev-partnership-article")
    assert source["text"] == text
    assert source["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert source["length"] == len(text)
    assert source["publisher"] is None and source["published"] is None


@pytest.fixture(scope="module")
def mou_partnership(app: Any) -> dict[str, Any]:
    result: dict[str, Any] = get_json(
        app.test_client(), "/v1/partnerships/honda-nissan-ev-collaboration"
    )
    return result


def test_parties_and_status_of_the_honda_nissan_collaboration(
    mou_partnership: dict[str, Any],
) -> None:
    assert mou_partnership["status"] == "exploratory"
    assert [(p["organization"], p["role"]) for p in mou_partnership["participants"]] == [
        ("honda", "memorandum-signatory"),
        ("nissan", "memorandum-signatory"),
    ]


def test_the_memorandum_keeps_the_articles_relative_date(mou_partnership: dict[str, Any]) -> None:
    mou = next(a for a in mou_partnership["agreements"] if a["id"] == "honda-nissan-ev-mou")
    assert mou["type"] == "memorandum-of-understanding"
    assert mou["state"] == "signed"
    assert mou["certainty"] == "stated"
    # The article is undated, so "this week" stays unresolved rather than guessed.
    assert mou["date"] == {
        "text": "this week",
        "precision": "week",
        "relative": True,
        "resolved": None,
    }


def test_hedged_claims_are_marked_hedged(mou_partnership: dict[str, Any]) -> None:
    certainty = {s["id"]: s["certainty"] for s in mou_partnership["scope"]}
    assert certainty == {
        # The memorandum is to evaluate the feasibility of joint design, not to design jointly.
        "shared-ev-platform": "hedged",
        "core-components": "hedged",
        "software-safety": "hedged",
        "software-autonomous-driving": "hedged",
        "software-other-technologies": "hedged",
    }
    final = next(a for a in mou_partnership["agreements"] if a["type"] == "definitive-agreement")
    assert (final["state"], final["certainty"]) == ("not-reached", "hedged")
    assert any("if reached" in e["quote"] for e in final["evidence"])


def test_the_platform_scope_says_the_memorandum_is_a_feasibility_study(
    mou_partnership: dict[str, Any],
) -> None:
    scope = {s["id"]: s for s in mou_partnership["scope"]}
    for sid in ("shared-ev-platform", "core-components"):
        assert scope[sid]["label"].startswith("Evaluating the feasibility of jointly designing")
        (evidence,) = scope[sid]["evidence"]
        assert "evaluate the feasibility of jointly designing" in evidence["quote"]
    assert "core components" in scope["core-components"]["label"]


def test_the_signatory_role_cites_the_signing_of_the_memorandum(
    mou_partnership: dict[str, Any],
) -> None:
    for_participants = [
        e["quote"] for e in mou_partnership["evidence"] if "participants" in e["supports"]
    ]
    assert "The two Japanese automotive titans signed a memorandum of understanding this week" in (
        for_participants
    )


def test_objectives_and_drivers_name_the_articles_pressures_and_rivals(
    mou_partnership: dict[str, Any],
) -> None:
    assert {o["id"] for o in mou_partnership["objectives"]} == {
        "accelerate-innovation",
        "reduce-development-costs",
        "enhance-competitiveness",
        "sustainable-mobility",
        "zero-traffic-fatalities",
    }
    drivers = {d["id"]: d for d in mou_partnership["drivers"]}
    assert drivers["chinese-competition"]["kind"] == "market-pressure"
    assert drivers["rival-ev-programs"]["organizations"] == ["volkswagen", "stellantis"]


def test_joint_statement_is_quoted_verbatim(client: FlaskClient) -> None:
    statement = get_json(client, "/v1/statements/honda-nissan-complementary-relationship")
    assert statement["quote"] == (
        "This mutually complementary relationship will become increasingly indispensable"
    )
    assert statement["speakers"] == ["honda", "nissan"]
    assert statement["evidence"][0]["supports"] == ["quote"]
    assert statement["evidence"][0]["quote"] == statement["quote"]


def test_related_partnerships_cover_general_motors_and_renault(client: FlaskClient) -> None:
    gm = get_json(client, "/v1/partnerships/honda-general-motors-ev-ties")
    renault = get_json(client, "/v1/partnerships/nissan-renault-alliance")
    assert gm["status"] == "terminated"
    assert renault["status"] == "active"
    severed = get_json(client, "/v1/events/honda-general-motors-ev-ties-severed")
    assert severed["type"] == "ties-severed"
    assert severed["date"]["text"] == "last year"
    assert severed["date"]["precision"] == "year"


def test_prologue_is_an_upcoming_honda_product(client: FlaskClient) -> None:
    prologue = get_json(client, "/v1/products/honda-prologue")
    assert (prologue["maker"], prologue["status"], prologue["kind"]) == ("honda", "upcoming", "suv")
    assert get_json(client, "/v1/organizations/honda")["products"] == ["honda-prologue"]
