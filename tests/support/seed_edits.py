"""Edits of a seeds folder that keep it valid, as a person editing seeds makes them: every new
quote is written into a new source text, and a fact that several files repeat (a title, a
name, a product's makers) is changed in all of them. Each edit says what a build on the
version before claims to do with it (tests/test_delta_differential.py checks the claim)."""

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from service.dataset.files import seed_files

Seed = dict[str, Any]
# A build on the version before claims additions and changes of records; removals, changed
# source texts and changed source descriptions are left to a build from nothing.
Outcome = Literal["builds on", "falls back"]
BUILDS_ON: Outcome = "builds on"
FALLS_BACK: Outcome = "falls back"
RECORD_TYPES = ("organizations", "partnerships", "events", "statements", "products")
# PyYAML's C loader and dumper when it has them: the edits read and write a folder each step.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class EditedFolder:
    """A seeds folder's seed files, parsed, each written back in the format it was read in."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.seeds: dict[str, Seed] = {path.name: _parsed(path) for path in seed_files(root)}

    def write(self, name: str, seed: Seed) -> None:
        path = self.root / name
        if path.suffix == ".json":
            path.write_text(json.dumps(seed, indent=1, default=str), encoding="utf-8")
        else:
            text = yaml.dump(seed, Dumper=_Dumper, sort_keys=False, width=1000)
            path.write_text(text, encoding="utf-8")
        self.seeds[name] = seed

    def text_of(self, name: str) -> Path:
        text_file: str = self.seeds[name]["source"]["text_file"]
        return self.root / text_file

    def agreements(self, pid: str) -> list[str]:
        """The agreements of a partnership, as every file that gives it lists them."""
        return sorted(
            {
                a["id"]
                for _, p in self.giving("partnerships", pid)
                for a in p.get("agreements") or ()
            }
        )

    def giving(self, rtype: str, rid: str) -> list[tuple[str, Seed]]:
        """Each file that gives the record, with the record as it gives it."""
        return [
            (name, record)
            for name, seed in sorted(self.seeds.items())
            for record in seed.get(rtype) or ()
            if record["id"] == rid
        ]

    def ids(self, rtype: str) -> list[str]:
        return sorted({r["id"] for seed in self.seeds.values() for r in seed.get(rtype) or ()})

    def change_everywhere(self, rtype: str, rid: str, change: Callable[[Seed], None]) -> None:
        """Change the record in every file that gives it, so that the files still agree."""
        for name in {name for name, _ in self.giving(rtype, rid)}:
            seed = self.seeds[name]
            for record in seed[rtype]:
                if record["id"] == rid:
                    change(record)
            self.write(name, seed)

    def add_source(
        self,
        name: str,
        lines: list[str],
        facts: dict[str, list[Seed]],
        fmt: str = "json",
        **source: Any,
    ) -> None:
        """A new source text of `lines` and the seed file giving the `facts` it supports."""
        text_file = f"sources/{name}.txt"
        (self.root / text_file).write_text("\n".join(lines) + "\n", encoding="utf-8")
        about = {"id": name, "title": f"Report {name}", "kind": "synthetic", "text_file": text_file}
        seed: Seed = {"source": {**about, **source}, **{rtype: [] for rtype in RECORD_TYPES}}
        seed.update(facts)
        self.write(f"{name}.{fmt}", seed)

    def remove(self, name: str) -> None:
        """The seed file and its text, as when a source is withdrawn."""
        self.text_of(name).unlink()
        (self.root / name).unlink()
        del self.seeds[name]


def _parsed(path: Path) -> Seed:
    text = path.read_text(encoding="utf-8")
    seed: Seed = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_Loader)
    return seed


@dataclass(frozen=True)
class Article:
    """A new article: a new partnership of two organizations, an event and a statement, and
    what else it may say of records other files give."""

    partners: tuple[str, str]
    title: str
    status: str
    new_organization: bool = False  # the first partner is an organization it introduces
    described_again: str | None = None  # an organization it names again, with an alias
    event_on: str | None = None  # a partnership of another file, else its own
    event_dated: bool = False
    event_agreement: bool = False  # of an agreement of its partnership, when that has one
    statement_on: str | None = None  # likewise
    related_to: str | None = None
    makers: tuple[str, ...] = ()  # of a new product, when any
    fmt: str = "json"


def add_article(folder: EditedFolder, n: int, article: Article) -> Outcome:
    name = f"article-{n}"
    pid = f"{name}-partnership"
    # Each quote is a whole line of the text, said once: found verbatim, and only once.
    lines = [f"Article {n}: text written for a test, reporting nothing that happened."]
    facts: dict[str, list[Seed]] = {rtype: [] for rtype in RECORD_TYPES}
    partners = list(article.partners)
    if article.new_organization:
        partners[0] = f"{name}-organization"
        lines.append(f"Newco {n} Holdings is a company founded for article {n}.")
        facts["organizations"].append(
            {"id": partners[0], "name": f"Newco {n} Holdings", "evidence": [{"quote": lines[-1]}]}
        )
    if article.described_again:
        oid = article.described_again
        (_, known), *_ = folder.giving("organizations", oid)
        lines.append(f"{known['name']}, called Alias {n} in article {n}, is named again.")
        facts["organizations"].append(
            {
                "id": oid,
                "name": known["name"],
                "aliases": [f"Alias {n}"],
                "evidence": [{"quote": lines[-1]}],
            }
        )
    lines.append(f"In deal {n}, {partners[0]} and {partners[1]} agree to work together.")
    partnership: Seed = {
        "id": pid,
        "title": article.title,
        "kind": "joint-development",
        "status": article.status,
        "certainty": "stated",
        "participants": [{"organization": o, "role": "partner"} for o in partners],
        "evidence": [{"quote": lines[-1], "supports": ["participants", "status"]}],
    }
    if article.related_to:
        lines.append(f"Deal {n} builds on {article.related_to}.")
        relation = "participant-existing-partnership"
        evidence = [{"quote": lines[-1]}]
        partnership["related"] = [
            {"partnership": article.related_to, "relation": relation, "evidence": evidence}
        ]
    facts["partnerships"].append(partnership)
    lines.append(f"In event {n}, in March {2030 + n} the partners signed a contract.")
    event: Seed = {
        "id": f"{name}-event",
        "type": "agreement-signed",
        "partnership": article.event_on or pid,
        "certainty": "stated",
        "summary": f"A contract of article {n}.",
        "evidence": [{"quote": lines[-1]}],
    }
    agreements = folder.agreements(event["partnership"])
    if article.event_agreement and agreements:
        event["agreement"] = agreements[0]
    if article.event_dated:
        value = f"{2030 + n}-03"
        event["date"] = {"text": f"March {2030 + n}", "precision": "month", "relative": False}
        event["date"]["value"] = value
    facts["events"].append(event)
    lines.append(f'"Deal {n} is good news," said a spokesperson.')
    facts["statements"].append(
        {
            "id": f"{name}-statement",
            "partnership": article.statement_on or pid,
            "speakers": [partners[1]],
            "attribution": "spokesperson",
            "quote": f"Deal {n} is good news",
        }
    )
    if article.makers:
        lines.append(f"Product {n} is made by {', '.join(article.makers)}.")
        facts["products"].append(
            {
                "id": f"{name}-product",
                "name": f"Product {n}",
                "kind": "component",
                "status": "upcoming",
                "certainty": "stated",
                "makers": list(article.makers),
                "evidence": [{"quote": lines[-1]}],
            }
        )
    folder.add_source(name, lines, facts, article.fmt)
    return BUILDS_ON


def retitle_partnership(folder: EditedFolder, pid: str, title: str) -> Outcome:
    folder.change_everywhere("partnerships", pid, lambda p: p.update(title=title))
    return BUILDS_ON


def rename_organization(folder: EditedFolder, oid: str, name: str) -> Outcome:
    folder.change_everywhere("organizations", oid, lambda o: o.update(name=name))
    return BUILDS_ON


def restate_status(folder: EditedFolder, pid: str, status: str) -> Outcome:
    """A bare status changed in the one file that states it: nothing else to order it by."""
    folder.change_everywhere("partnerships", pid, lambda p: p.update(status=status))
    return BUILDS_ON


Dating = Literal["follows", "date", "published"]


@dataclass(frozen=True)
class StatusReport:
    """A later report of a partnership's status, coming after the `follows` source's (the
    latest of its history, so the history stays ordered) and, as `dating` says, dated after
    every date the folder gives (by the claim's own date or its source's)."""

    partnership: str
    value: str
    follows: str
    dating: Dating = "follows"
    joined: str | None = None  # an organization that takes part from now on
    agreement: bool = False  # it reports an agreement of the partnership too


def add_status_report(folder: EditedFolder, n: int, report: StatusReport) -> Outcome:
    name, year, pid = f"status-report-{n}", 2040 + n, report.partnership
    (_, known), *_ = folder.giving("partnerships", pid)
    participants = list(known["participants"])
    if report.joined:
        participants.append({"organization": report.joined, "role": "partner"})
    partners = [p["organization"] for p in participants]
    lines = [
        f"Report {n}: text written for a test, reporting nothing that happened.",
        f"The partners of {pid} moved it to {report.value} on 1 June {year}.",
        f"This comes after what {report.follows} reported.",
        f"{pid} is a partnership of {', '.join(partners)}.",
    ]
    claim: Seed = {
        "value": report.value,
        "certainty": "stated",
        "follows": report.follows,
        "evidence": [
            {"quote": lines[1], "supports": ["value", "certainty"]},
            {"quote": lines[2], "supports": ["follows"]},
        ],
    }
    if report.dating == "date":
        claim["date"] = {"text": f"1 June {year}", "precision": "day", "relative": False}
        claim["date"]["value"] = f"{year}-06-01"
    partnership = {
        # Its identity as the other files give it, or the load refuses the disagreement.
        **{key: known[key] for key in ("id", "title", "kind")},
        "participants": participants,
        "status": claim,
        "evidence": [{"quote": lines[3], "supports": ["participants"]}],
    }
    if report.agreement:
        lines.append(f"For {pid}, {partners[0]} and {partners[1]} signed letter {n}.")
        partnership["agreements"] = [
            {
                "id": f"letter-{n}",
                "type": "letter-of-intent",
                "state": "signed",
                "certainty": "stated",
                "parties": partners[:2],
                "summary": f"Letter {n}.",
                "evidence": [{"quote": lines[-1]}],
            }
        ]
    published = {"published": f"{year}-06-02"} if report.dating == "published" else {}
    folder.add_source(name, lines, {"partnerships": [partnership]}, **published)
    return BUILDS_ON


def add_later_report(folder: EditedFolder, report: Path) -> Outcome:
    """One of the dated reports of tests/data/partnership-history, given the current title of
    the partnership it reports on (a retitled one would disagree)."""
    seed = _parsed(report)
    text_file = seed["source"]["text_file"]
    shutil.copy(report.parent / text_file, folder.root / text_file)
    for partnership in seed["partnerships"]:
        (_, known), *_ = folder.giving("partnerships", partnership["id"])
        partnership["title"] = known["title"]
    folder.write(report.name, seed)
    return BUILDS_ON


def move_to(folder: EditedFolder, rtype: str, rid: str, pid: str) -> Outcome:
    """An event or a statement moved to another partnership."""
    folder.change_everywhere(rtype, rid, lambda e: e.update(partnership=pid))
    return BUILDS_ON


def change_makers(folder: EditedFolder, product: str, makers: list[str]) -> Outcome:
    def change(record: Seed) -> None:
        record.pop("maker", None)
        record["makers"] = makers

    folder.change_everywhere("products", product, change)
    return BUILDS_ON


def add_related(folder: EditedFolder, name: str, pid: str, other: str, relation: str) -> Outcome:
    """`other` related to the partnership in one file that gives it, citing what that file
    cites for the partnership already (its source's text is unchanged)."""
    seed = folder.seeds[name]
    (record,) = (r for r in seed["partnerships"] if r["id"] == pid)
    cited = {key: value for key, value in record["evidence"][0].items() if key != "supports"}
    related = record.get("related") or []
    related.append({"partnership": other, "relation": relation, "evidence": [cited]})
    record["related"] = related
    folder.write(name, seed)
    return BUILDS_ON


def remove_record(folder: EditedFolder, name: str, rtype: str, rid: str) -> Outcome:
    """The record taken out of one file: still a change when another file gives it."""
    seed = folder.seeds[name]
    seed[rtype] = [r for r in seed[rtype] if r["id"] != rid]
    folder.write(name, seed)
    return BUILDS_ON if folder.giving(rtype, rid) else FALLS_BACK


def remove_file(folder: EditedFolder, name: str) -> Outcome:
    folder.remove(name)
    return FALLS_BACK


def move_text(folder: EditedFolder, name: str, n: int) -> Outcome:
    """The source's text, the same bytes, under another name its seed file names now."""
    seed = folder.seeds[name]
    moved = f"sources/moved-{n}.txt"
    folder.text_of(name).rename(folder.root / moved)
    seed["source"]["text_file"] = moved
    folder.write(name, seed)
    return BUILDS_ON


def change_text(folder: EditedFolder, name: str, n: int) -> Outcome:
    with folder.text_of(name).open("a", encoding="utf-8") as text:
        text.write(f"A line added to the text later, {n}.\n")
    return FALLS_BACK


def describe_source_again(folder: EditedFolder, name: str, n: int) -> Outcome:
    seed = folder.seeds[name]
    seed["source"]["title"] = f"Source retitled {n}"
    folder.write(name, seed)
    return FALLS_BACK
