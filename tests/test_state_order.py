"""The seed rules for states that change: how statements of a state are written, dated and
ordered, what is refused (and with which words), and products with several makers."""

import textwrap
from pathlib import Path
from typing import Any

import orjson
import pytest

from service.dataset import SeedError, load_dataset
from service.dataset.build import Dataset
from service.dataset.render import split_tagged

SECOND = "Synthetic test text. Honda and Nissan are in talks. Nissan and Renault remain allied."


def add_source(
    seeds: Path, name: str, body: str, *, text: str = SECOND, published: str = "null"
) -> None:
    """A seed file `name`.yaml of a fictional source with `text`, and the facts in `body`."""
    (seeds / "sources" / f"{name}.txt").write_text(text, encoding="utf-8")
    head = (
        f"source: {{id: {name}, title: Test source, kind: synthetic, "
        f"text_file: sources/{name}.txt, published: {published}}}\n"
    )
    (seeds / f"{name}.yaml").write_text(head + textwrap.dedent(body), encoding="utf-8")


ALLIANCE = """\
partnerships:
  - id: nissan-renault-alliance
    title: Nissan and Renault alliance
    kind: alliance
    participants: [{organization: nissan, role: partner}, {organization: renault, role: partner}]
    evidence: [{quote: Nissan and Renault remain allied., supports: [participants, status]}]
"""


def refusal(seeds: Path) -> str:
    with pytest.raises(SeedError) as raised:
        load_dataset(seeds)
    return str(raised.value)


def resource(dataset: Dataset, key: str) -> Any:
    return orjson.loads(split_tagged(dataset.items[key])[1])


def test_an_order_must_be_cited(seeds_copy: Path) -> None:
    add_source(
        seeds_copy,
        "second",
        ALLIANCE
        + """\
    status:
      value: terminated
      certainty: stated
      follows: honda-nissan-ev-partnership-article
      evidence: [{quote: Nissan and Renault remain allied.}]
""",
    )
    assert (
        "second.yaml: partnerships[0].status.follows: an order must be cited: list 'follows' in "
        "the `supports` of the evidence that says which came first." in refusal(seeds_copy)
    )


def test_follows_must_name_a_source_that_states_the_same_state(seeds_copy: Path) -> None:
    add_source(
        seeds_copy,
        "second",
        ALLIANCE
        + """\
    status:
      value: terminated
      certainty: stated
      follows: no-such-source
      evidence: [{quote: Nissan and Renault remain allied., supports: [value, follows]}]
""",
    )
    assert (
        "second.yaml: partnerships[0].status.follows: 'no-such-source' states no status of "
        "partnership 'nissan-renault-alliance' for this to follow." in refusal(seeds_copy)
    )


def test_dates_and_a_cited_order_that_contradict_are_refused(seeds_copy: Path) -> None:
    add_source(seeds_copy, "second", ALLIANCE + "    status: active\n    certainty: stated\n",
               published="2031-05-01")  # fmt: skip
    add_source(
        seeds_copy,
        "third",
        ALLIANCE
        + """\
    status:
      value: terminated
      certainty: stated
      follows: second
      evidence: [{quote: Nissan and Renault remain allied., supports: [value, follows]}]
""",
        published="2031-01-01",
    )
    message = refusal(seeds_copy)
    assert (
        "third.yaml: partnerships[0].status: the status of partnership 'nissan-renault-alliance' "
        "is placed both before and after 'active' in second.yaml (partnerships[0].status): the "
        "sources' dates and `follows` contradict each other." in message
    )


def test_sources_that_agree_need_no_order(seeds_copy: Path) -> None:
    add_source(seeds_copy, "second", ALLIANCE + "    status: active\n    certainty: hedged\n")
    alliance = resource(load_dataset(seeds_copy), "partnerships/nissan-renault-alliance")
    assert alliance["status"] == "active"
    # The article states it; that a later source hedges it does not make it less certain.
    assert alliance["certainty"] == "stated"
    assert [(e["position"], e["source"], e["certainty"]) for e in alliance["status_history"]] == [
        (1, "honda-nissan-ev-partnership-article", "stated"),
        (1, "second", "hedged"),
    ]


def test_a_date_in_words_is_kept_and_resolved_from_the_sources_own_date(
    seeds_copy: Path,
) -> None:
    text = (
        "Synthetic test text. Nissan and Renault remain allied. It was active; it ended last month."
    )
    add_source(
        seeds_copy,
        "second",
        ALLIANCE
        + """\
    status:
      value: terminated
      certainty: stated
      date: {text: last month, precision: month, relative: true}
      follows: honda-nissan-ev-partnership-article
      evidence: [{quote: It was active; it ended last month., supports: [value, date, follows]}]
""",
        text=text,
        published="2031-05-20",
    )
    add_source(seeds_copy, "third", ALLIANCE + "    status: active\n    certainty: stated\n",
               text=text, published="2031-03-02")  # fmt: skip
    alliance = resource(load_dataset(seeds_copy), "partnerships/nissan-renault-alliance")
    assert alliance["status"] == "terminated"
    last = alliance["status_history"][-1]
    assert (last["dated_by"], last["date"]) == (
        "quote",
        {"text": "last month", "precision": "month", "relative": True, "resolved": "2031-04"},
    )
    assert [e["source"] for e in alliance["status_history"]] == [
        "honda-nissan-ev-partnership-article",
        "third",
        "second",
    ]


def test_a_claim_date_must_be_in_its_own_quotes(seeds_copy: Path) -> None:
    add_source(
        seeds_copy,
        "second",
        ALLIANCE
        + """\
    status:
      value: terminated
      certainty: stated
      date: {text: last month, precision: month, relative: true}
      evidence: [{quote: Nissan and Renault remain allied.}]
""",
    )
    assert (
        "second.yaml: partnerships[0].status.date.text: 'last month' is not in any of this "
        "item's evidence quotes." in refusal(seeds_copy)
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (
            "    status: {value: active, certainty: stated, evidence: "
            "[{quote: Nissan and Renault remain allied.}]}\n    certainty: stated\n",
            "second.yaml: partnerships[0].certainty: give the certainty inside `status` when it "
            "is a claim, not beside it.",
        ),
        (
            "    status: active\n",
            "second.yaml: partnerships[0].certainty: Missing data for required field.",
        ),
        (
            "    status: 42\n    certainty: stated\n",
            "second.yaml: partnerships[0].status: must be a value, or a mapping with value, "
            "certainty and evidence (and optionally date and follows).",
        ),
        (
            "    status: {value: dormant, certainty: stated, evidence: "
            "[{quote: Nissan and Renault remain allied.}]}\n",
            "second.yaml: partnerships[0].status.value: Must be one of: proposed, exploratory, "
            "negotiating, active, terminated.",
        ),
    ],
)
def test_malformed_statuses_are_refused_naming_the_field(
    seeds_copy: Path, status: str, expected: str
) -> None:
    add_source(seeds_copy, "second", ALLIANCE + status)
    assert expected in refusal(seeds_copy)


def test_a_bare_status_needs_a_quote_that_supports_it(seeds_copy: Path) -> None:
    add_source(seeds_copy, "second", ALLIANCE + "    status: active\n    certainty: stated\n")
    path = seeds_copy / "second.yaml"
    path.write_text(path.read_text().replace("[participants, status]", "[participants]"))
    assert (
        "second.yaml: partnerships[0].status: no evidence here supports 'status': list it in "
        "the `supports` of a quote that says it, or give status as a claim with its own "
        "evidence." in refusal(seeds_copy)
    )


def test_identity_facts_still_refuse_a_conflict_naming_both_files(seeds_copy: Path) -> None:
    add_source(
        seeds_copy,
        "second",
        ALLIANCE.replace("kind: alliance", "kind: joint-venture")
        + "    status: active\n    certainty: stated\n",
    )
    assert (
        "second.yaml: partnerships[0].kind: 'joint-venture' conflicts with 'alliance' at "
        "honda-nissan-ev-partnership-article.yaml: partnerships[2]." in refusal(seeds_copy)
    )


FINAL_AGREEMENT = """\
partnerships:
  - id: honda-nissan-ev-collaboration
    title: Honda and Nissan next-generation EV collaboration
    kind: joint-development
    status: exploratory
    certainty: hedged
    participants:
      - {organization: honda, role: memorandum-signatory}
      - {organization: nissan, role: memorandum-signatory}
    evidence: [{quote: Honda and Nissan are in talks., supports: [participants, status]}]
    agreements:
      - id: honda-nissan-ev-final-agreement
        type: definitive-agreement
        parties: [honda, nissan]
        summary: >-
          If reached, would catalyze streamlined EV programs and next-generation
          automotive software; concrete details are pending negotiations.
        state:
          value: signed
          certainty: stated
          follows: honda-nissan-ev-partnership-article
          evidence:
            - {quote: They signed the definitive agreement they had not reached before.,
               supports: [value, follows]}
        evidence: [{quote: They signed the definitive agreement}]
"""


def test_an_agreement_state_has_a_history_too(seeds_copy: Path) -> None:
    text = SECOND + " They signed the definitive agreement they had not reached before."
    add_source(seeds_copy, "second", FINAL_AGREEMENT, text=text, published="2031-06-01")
    partnership = resource(load_dataset(seeds_copy), "partnerships/honda-nissan-ev-collaboration")
    final = next(a for a in partnership["agreements"] if a["type"] == "definitive-agreement")
    assert (final["state"], final["certainty"]) == ("signed", "stated")
    assert [(e["value"], e["position"], e["follows"]) for e in final["state_history"]] == [
        ("not-reached", 1, None),
        ("signed", 2, "honda-nissan-ev-partnership-article"),
    ]
    # Both sources said it was exploratory: the status did not change.
    assert partnership["status"] == "exploratory"
    assert [e["position"] for e in partnership["status_history"]] == [1, 1]


PLATFORM = """\
products:
  - id: honda-nissan-shared-platform
    name: Shared EV platform
    kind: platform
    makers: [honda, nissan]
    status: upcoming
    certainty: hedged
    evidence: [{quote: Honda and Nissan are in talks.}]
"""


def test_a_product_may_have_several_makers(seeds_copy: Path) -> None:
    add_source(seeds_copy, "second", PLATFORM)
    dataset = load_dataset(seeds_copy)
    platform = resource(dataset, "products/honda-nissan-shared-platform")
    assert (platform["maker"], platform["makers"]) == ("honda", ["honda", "nissan"])
    prologue = resource(dataset, "products/honda-prologue")
    assert (prologue["maker"], prologue["makers"]) == ("honda", ["honda"])
    by_maker = dataset.indexes["products"].filters["maker"]
    assert list(by_maker.get("nissan")) == [dataset.indexes["products"].ids.find(platform["id"])]
    assert resource(dataset, "organizations/nissan")["products"] == [platform["id"]]
    assert resource(dataset, "organizations/honda")["products"] == [
        "honda-nissan-shared-platform",
        "honda-prologue",
    ]


@pytest.mark.parametrize(
    ("makers", "expected"),
    [
        (
            "maker: honda\n    makers: [nissan]",
            "products[0].makers: give `maker` or `makers`, not both.",
        ),
        ("# no maker", "products[0].maker: give the maker (`maker`) or the makers (`makers`)."),
        ("makers: [honda, honda]", "products[0].makers[1]: 'honda' is named twice."),
        ("makers: [honda, toyota]", "products[0].makers[1]: unknown organization 'toyota'."),
        ("makers: []", "products[0].makers: Shorter than minimum length 1."),
    ],
)
def test_makers_are_named_one_way_each_once(seeds_copy: Path, makers: str, expected: str) -> None:
    add_source(seeds_copy, "second", PLATFORM.replace("makers: [honda, nissan]", makers))
    assert f"second.yaml: {expected}" in refusal(seeds_copy)
