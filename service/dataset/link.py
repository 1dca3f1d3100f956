"""Link validated seed documents: locate evidence, resolve cross-references, merge across files."""

from collections import defaultdict
from collections.abc import Callable, Container, Mapping
from typing import Any

from service.dataset.assemble import RESOURCE_TYPES
from service.dataset.errors import SeedError, SeedProblem, join_path
from service.dataset.evidence import EvidenceLocator, SourceText
from service.dataset.history import open_histories, settle_histories
from service.dataset.memo import BuildMemo
from service.dataset.parse import SeedDocument
from service.progress import Progress

# A record as written: the file and path it came from, and its located content.
Entry = tuple[str, str, dict[str, Any]]


def link_documents(
    documents: list[SeedDocument],
    progress: Progress | None = None,
    *,
    earlier: tuple[SeedProblem, ...] = (),
    notes: tuple[str, ...] = (),
    memo: BuildMemo | None = None,
) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """Return the sources and, per resource type, the merged records. Every stage runs that
    can: quotes, references, merges and histories are all checked, and a SeedError names every
    problem found, after the `earlier` ones (of files that did not load; see `notes`). With
    `memo`, quotes an earlier build found are not searched again."""
    problems: list[SeedProblem] = []
    if progress:
        progress(0, len(documents))
    sources = collect_sources(documents, problems)
    texts = {
        sid: SourceText(sid, s["text"], s["published"], s["sha256"]) for sid, s in sources.items()
    }
    entries = _locate(documents, texts, problems, memo, progress)
    _check_duplicates(entries, problems)
    ids = {rtype: {record["id"] for _, _, record in items} for rtype, items in entries.items()}
    agreements: dict[str, set[str]] = defaultdict(set)
    for _, _, p in entries["partnerships"]:
        agreements[p["id"]].update(a["id"] for a in p["agreements"])
    _check_references(entries, problems, ids, lambda pid: agreements.get(pid, set()))
    for _, _, product in entries["products"]:
        _name_makers(product)
    merged = {rtype: _merge_all(entries[rtype], problems) for rtype in RESOURCE_TYPES}
    if problems or earlier:
        # Histories are ordered from statements that are whole: their quotes found, their
        # records merged.
        files = {doc.file for doc in documents} | {problem.file for problem in earlier}
        unordered = ("the order of statuses and states is checked once these are fixed.",)
        raise SeedError([*earlier, *problems], (*notes, *(unordered if len(files) > 1 else ())))
    settle_histories(merged, {sid: s["published"] for sid, s in sources.items()}, problems)
    if problems:
        raise SeedError(problems)
    return sources, merged


def relink(
    documents: list[SeedDocument],
    texts: Mapping[str, SourceText],
    wanted: Mapping[str, Container[str]],
    ids: Mapping[str, Container[str]],
    agreements: Callable[[str], Container[str]],
    published: Mapping[str, Any],
    memo: BuildMemo | None = None,
) -> dict[str, list[Any]]:
    """The merged records of the `wanted` ids, by resource type, linked as link_documents
    links them: `documents` must hold every file that gives one of them. References are
    checked against `ids` (every id of the dataset, by type) and `agreements` (of a
    partnership, by its id); `texts` holds every source the records cite (by id), and
    `published` every source's date. Raises SeedError with the problems found."""
    problems: list[SeedProblem] = []
    entries = _locate(documents, texts, problems, memo, None, wanted)
    _check_duplicates(entries, problems)
    _check_references(entries, problems, ids, agreements)
    for _, _, product in entries["products"]:
        _name_makers(product)
    merged = {rtype: _merge_all(entries[rtype], problems) for rtype in RESOURCE_TYPES}
    if not problems:
        settle_histories(merged, published, problems)
    if problems:
        raise SeedError(problems)
    return merged


def _locate(
    documents: list[SeedDocument],
    texts: Mapping[str, SourceText],
    problems: list[SeedProblem],
    memo: BuildMemo | None,
    progress: Progress | None,
    wanted: Mapping[str, Container[str]] | None = None,
) -> dict[str, list[Entry]]:
    """Every record of the documents (of the `wanted` ids only, when given), its evidence
    located and its states opened into histories."""
    locator = EvidenceLocator(texts, problems, memo)
    entries: dict[str, list[Entry]] = {t: [] for t in RESOURCE_TYPES}
    for done, doc in enumerate(documents, 1):
        own = doc.data["source"]["id"]
        for rtype in RESOURCE_TYPES:
            chosen = None if wanted is None else wanted[rtype]
            for i, seed in enumerate(doc.data[rtype]):
                if chosen is not None and seed["id"] not in chosen:
                    continue
                path = f"{rtype}[{i}]"
                record = locator.locate_record(doc.file, path, seed, own)
                if rtype == "statements":
                    quote = {"quote": seed["quote"], "supports": ["quote"]}
                    record["evidence"].insert(0, locator.locate(doc.file, path, quote, own, seed))
                open_histories(rtype, record, own, doc.file, path, problems)
                entries[rtype].append((doc.file, path, record))
        if progress:
            progress(done, len(documents))
    return entries


def collect_sources(documents: list[SeedDocument], problems: list[SeedProblem]) -> dict[str, Any]:
    sources: dict[str, Any] = {}
    seen_in: dict[str, str] = {}
    for doc in documents:
        meta = doc.data["source"]
        if meta["id"] in sources:
            problems.append(
                SeedProblem(
                    doc.file, "source.id", f"duplicate source id, also in {seen_in[meta['id']]}."
                )
            )
            continue
        seen_in[meta["id"]] = doc.file
        sources[meta["id"]] = {
            **{k: v for k, v in meta.items() if k != "text_file"},
            "text": doc.text,
            "sha256": doc.sha256,
            "length": len(doc.text),
        }
    return sources


def _check_duplicates(entries: dict[str, list[Entry]], problems: list[SeedProblem]) -> None:
    for items in entries.values():
        first: dict[tuple[str, str], str] = {}
        for file, path, record in items:
            key = (file, record["id"])
            if key in first:
                problems.append(
                    SeedProblem(
                        file,
                        join_path(path, "id"),
                        f"duplicate id {record['id']!r} (also at {first[key]}).",
                    )
                )
            else:
                first[key] = path


def _check_references(
    entries: dict[str, list[Entry]],
    problems: list[SeedProblem],
    ids: Mapping[str, Container[str]],
    agreements: Callable[[str], Container[str]],
) -> None:
    def need(file: str, path: str, rtype: str, ref: str | None) -> None:
        if ref is not None and ref not in ids[rtype]:
            singular = rtype.removesuffix("s")
            problems.append(SeedProblem(file, path, f"unknown {singular} {ref!r}."))

    for file, path, p in entries["partnerships"]:
        members: list[str] = []
        for i, part in enumerate(p["participants"]):
            at = f"{path}.participants[{i}].organization"
            need(file, at, "organizations", part["organization"])
            if part["organization"] in members:
                problems.append(
                    SeedProblem(file, at, f"{part['organization']!r} takes part twice.")
                )
            members.append(part["organization"])
        for i, driver in enumerate(p["drivers"]):
            for j, org in enumerate(driver["organizations"]):
                need(file, f"{path}.drivers[{i}].organizations[{j}]", "organizations", org)
        for i, agreement in enumerate(p["agreements"]):
            for j, party in enumerate(agreement["parties"]):
                at = f"{path}.agreements[{i}].parties[{j}]"
                if party not in members:
                    problems.append(SeedProblem(file, at, f"{party!r} is not a participant."))
        for i, rel in enumerate(p["related"]):
            at = f"{path}.related[{i}].partnership"
            need(file, at, "partnerships", rel["partnership"])
            if rel["partnership"] == p["id"]:
                problems.append(SeedProblem(file, at, "a partnership cannot relate to itself."))
    for file, path, e in entries["events"]:
        need(file, f"{path}.partnership", "partnerships", e["partnership"])
        if e["agreement"] is not None and e["agreement"] not in agreements(e["partnership"]):
            problems.append(
                SeedProblem(
                    file,
                    f"{path}.agreement",
                    f"unknown agreement {e['agreement']!r} of partnership {e['partnership']!r}.",
                )
            )
        for j, org in enumerate(e["organizations"]):
            need(file, f"{path}.organizations[{j}]", "organizations", org)
    for file, path, s in entries["statements"]:
        need(file, f"{path}.partnership", "partnerships", s["partnership"])
        for j, org in enumerate(s["speakers"]):
            need(file, f"{path}.speakers[{j}]", "organizations", org)
    for file, path, product in entries["products"]:
        if product["maker"] is not None:
            need(file, f"{path}.maker", "organizations", product["maker"])
        for j, org in enumerate(product["makers"] or ()):
            at = f"{path}.makers[{j}]"
            need(file, at, "organizations", org)
            if org in product["makers"][:j]:
                problems.append(SeedProblem(file, at, f"{org!r} is named twice."))


def _name_makers(product: dict[str, Any]) -> None:
    """One maker or several, as `makers` either way: files naming other makers of one
    product add to them."""
    maker, makers = product.pop("maker"), product.pop("makers")
    product["makers"] = [maker] if makers is None else makers


def _merge_all(items: list[Entry], problems: list[SeedProblem]) -> list[Any]:
    """Records with one id in several files are one resource: merge them, refusing conflicts."""
    by_id: dict[str, Entry] = {}
    for file, path, record in items:
        if record["id"] not in by_id:
            by_id[record["id"]] = (file, path, record)
            continue
        first_file, first_path, merged = by_id[record["id"]]
        first = f"{first_file}: {first_path}"
        merged = _merge_dict(merged, record, first, file, path, problems)
        by_id[record["id"]] = (first_file, first_path, merged)
    return [record for _, _, record in by_id.values()]


# What makes two list entries the same thing: a scope item by its id, a participant by its
# organization, a related partnership by its id. Entries without one (evidence) are values.
_IDENTITIES = ("id", "organization", "partnership")


def _merge_dict(
    old: dict[str, Any],
    new: dict[str, Any],
    first: str,
    file: str,
    path: str,
    problems: list[SeedProblem],
) -> dict[str, Any]:
    merged = dict(old)
    for key, value in new.items():
        merged[key] = _merge_value(old.get(key), value, first, file, join_path(path, key), problems)
    return merged


def _merge_value(
    old: Any, new: Any, first: str, file: str, path: str, problems: list[SeedProblem]
) -> Any:
    if old is None or old == []:
        return new
    if new is None or new == [] or old == new:
        return old
    if isinstance(old, dict) and isinstance(new, dict):
        return _merge_dict(old, new, first, file, path, problems)
    if isinstance(old, list) and isinstance(new, list):
        key = _identity(old + new)
        if key is None:
            return old + [x for x in new if x not in old]
        merged = {x[key]: x for x in old}
        for i, x in enumerate(new):
            same = merged.get(x[key])
            merged[x[key]] = (
                x if same is None else _merge_dict(same, x, first, file, f"{path}[{i}]", problems)
            )
        return list(merged.values())
    problems.append(SeedProblem(file, path, f"{new!r} conflicts with {old!r} at {first}."))
    return old


def _identity(items: list[Any]) -> str | None:
    for key in _IDENTITIES:
        if all(isinstance(x, dict) and key in x for x in items):
            return key
    return None
