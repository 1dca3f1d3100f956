"""Write a valid seeds folder of any size: generated source texts that the evidence really quotes.

Synthetic data is marked as such (source kind `synthetic`) and is never served by default:
point SEEDS_DIR at the folder this writes, or publish it with `python -m service publish DIR`.
"""

import argparse
from pathlib import Path
from typing import Any, Literal

import orjson
import yaml

TOPICS = ("battery cells", "charging networks", "vehicle software", "EV platforms", "hydrogen")
STATUSES = ("exploratory", "active", "terminated", "negotiating")


def org_id(n: int) -> str:
    return f"synthetic-org-{n:06d}"


def org_name(n: int) -> str:
    return f"Synthetic Org {n:06d} Corp"


SeedFormat = Literal["json", "yaml"]


def write_synthetic_seeds(
    out: Path,
    *,
    partnerships: int,
    organizations: int,
    per_source: int = 50,
    fmt: SeedFormat = "json",
) -> Path:
    """Write `partnerships` partnerships among `organizations` organizations into `out`,
    as JSON seed files (quick to write and to read at scale) or YAML ones."""
    if organizations < 2:
        raise ValueError("at least two organizations are needed")
    (out / "sources").mkdir(parents=True, exist_ok=True)
    # Each organization is described once, by the first source that names it; later sources
    # refer to it by id, as a second article about a known company would.
    declared: set[int] = set()
    for first in range(0, partnerships, per_source):
        numbers = range(first, min(first + per_source, partnerships))
        _write_source(out, first // per_source, numbers, organizations, fmt, declared)
    return out


def add_synthetic_article(
    out: Path,
    *,
    partnerships: int,
    organizations: int,
    per_source: int = 50,
    fmt: SeedFormat = "json",
) -> Path:
    """One more source in a folder `write_synthetic_seeds` wrote with these arguments, as a new
    article would be: `per_source` new partnerships among the organizations it described
    already. Returns the new seed file."""
    index = sum(1 for _ in (out / "sources").glob("*.txt"))
    first = partnerships + (index - -(-partnerships // per_source)) * per_source
    numbers = range(first, first + per_source)
    _write_source(out, index, numbers, organizations, fmt, set(range(organizations)))
    return out / f"synthetic-source-{index:05d}.{fmt}"


def _write_source(
    out: Path, index: int, numbers: range, organizations: int, fmt: SeedFormat, declared: set[int]
) -> None:
    source_id = f"synthetic-source-{index:05d}"
    lines: list[str] = [f"Synthetic source {index:05d}. Generated text, not a real report."]
    facts: dict[str, list[Any]] = {
        "organizations": [],
        "partnerships": [],
        "events": [],
        "statements": [],
    }
    for n in numbers:
        a, b = n % organizations, (n * 7 + 1) % organizations
        if a == b:
            b = (b + 1) % organizations
        deal = f"deal {n:07d}"
        topic = TOPICS[n % len(TOPICS)]
        status = STATUSES[n % len(STATUSES)]
        agreed = (
            f"{org_name(a)} and {org_name(b)} agreed to explore {topic} together in {deal}, "
            f"which is now {status}."
        )
        aim = f"The partners of {deal} aim to cut costs on {topic}."
        said = f"{deal.capitalize()} will matter for {topic}"
        lines.append(f'{agreed} {aim} "{said}," said {org_name(a)} last year.')
        for o in (a, b):
            if o not in declared:
                declared.add(o)
                facts["organizations"].append(
                    {
                        "id": org_id(o),
                        "name": org_name(o),
                        "evidence": [{"quote": org_name(o), "occurrence": 1}],
                    }
                )
        pid = f"synthetic-partnership-{n:07d}"
        facts["partnerships"].append(
            {
                "id": pid,
                "title": f"Synthetic partnership {n:07d} on {topic}",
                "kind": "joint-development",
                "status": status,
                "certainty": "stated",
                "participants": [
                    {"organization": org_id(a), "role": "partner"},
                    {"organization": org_id(b), "role": "partner"},
                ],
                "scope": [
                    {
                        "id": topic.replace(" ", "-").lower(),
                        "label": topic.capitalize(),
                        "certainty": "stated",
                        "evidence": [{"quote": agreed}],
                    }
                ],
                "objectives": [
                    {
                        "id": "cut-costs",
                        "label": f"Cut costs on {topic}",
                        "certainty": "stated",
                        "evidence": [{"quote": aim}],
                    }
                ],
                "evidence": [{"quote": agreed, "supports": ["participants", "status"]}],
            }
        )
        facts["events"].append(
            {
                "id": f"synthetic-event-{n:07d}",
                "type": "talks-confirmed",
                "partnership": pid,
                "organizations": [org_id(a)],
                "certainty": "stated",
                "date": {"text": "last year", "precision": "year", "relative": True},
                "summary": f"Statement on {deal}.",
                "evidence": [{"quote": f'"{said}," said {org_name(a)} last year.'}],
            }
        )
        facts["statements"].append(
            {
                "id": f"synthetic-statement-{n:07d}",
                "partnership": pid,
                "speakers": [org_id(a)],
                "attribution": "spokesperson",
                "quote": said,
            }
        )
    text_file = f"sources/{source_id}.txt"
    (out / text_file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    seed = {
        "source": {
            "id": source_id,
            "title": f"Synthetic source {index:05d}",
            "kind": "synthetic",
            "text_file": text_file,
        },
        **facts,
    }
    if fmt == "json":
        (out / f"{source_id}.json").write_bytes(orjson.dumps(seed, option=orjson.OPT_INDENT_2))
        return
    with (out / f"{source_id}.yaml").open("w", encoding="utf-8") as f:
        yaml.dump(seed, f, Dumper=_Dumper, sort_keys=False, width=1000)


# The C dumper when PyYAML has it: large folders are written several times faster.
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--partnerships", type=int, default=100_000)
    parser.add_argument("--organizations", type=int, default=20_000)
    parser.add_argument("--per-source", type=int, default=50)
    parser.add_argument("--format", choices=("json", "yaml"), default="json")
    args = parser.parse_args()
    write_synthetic_seeds(
        args.out,
        partnerships=args.partnerships,
        organizations=args.organizations,
        per_source=args.per_source,
        fmt=args.format,
    )
    print(f"wrote {args.partnerships} synthetic partnerships to {args.out}")


if __name__ == "__main__":
    main()
