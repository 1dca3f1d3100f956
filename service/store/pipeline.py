"""A publish, top to bottom: the seeds folder read once, the plan decided with its reason,
the dataset built, written beside the current version, and the pointer flipped. The command
line (and anything else that publishes a folder) calls `publish_folder` and prints what it
reports; every decision is made here."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from service.dataset import Dataset, load_dataset
from service.dataset.delta import Previous, build_on
from service.dataset.inputs import SeedChanges, SeedFolder
from service.dataset.memo import BuildMemo
from service.progress import PhasedProgress, one_phase
from service.store.keys import Keys
from service.store.publish import (
    PublishReport,
    Unrendered,
    current_version,
    previous_build,
    publish_dataset,
    recorded_inputs,
)
from service.store.seedforms import SeedForms

CURRENT, BUILD_ON, FULL_LOAD = "already current", "build on", "full load"


@dataclass(frozen=True)
class Plan:
    """What a publish of a folder does, and why."""

    action: str  # CURRENT, BUILD_ON or FULL_LOAD
    reason: str
    current: str | None = None  # the version current as the plan was made
    # That version as a build on it reads it, when this code built it: what a build on it
    # starts from, and what a full load reuses (its memo).
    previous: Previous | None = None
    changes: SeedChanges | None = None

    def __str__(self) -> str:
        if self.action == BUILD_ON:
            return f"plan: build on version {self.current}: {self.reason}"
        return f"plan: {self.action}: {self.reason}"


def plan_publish(client: Any, keys: Keys, folder: SeedFolder) -> Plan:
    """Already current, build on the current version, or load the folder in full."""
    current = current_version(client, keys)
    if current is None:
        return Plan(FULL_LOAD, "nothing is published yet")
    inputs = recorded_inputs(client, keys, current)
    if inputs is None:
        return Plan(FULL_LOAD, f"version {current} was built by other code", current)
    if folder.problem is not None:
        # The load reports it, with every other problem of the folder.
        return Plan(FULL_LOAD, f"a seed file fails a check ({folder.problem})", current)
    changes = folder.changes_since(inputs)
    if changes is None:
        return Plan(FULL_LOAD, "a source text changed under an unchanged seed file", current)
    if changes.none:
        reason = f"version {current} was built from these {len(inputs)} seed file(s), by this code"
        return Plan(CURRENT, reason, current, changes=changes)
    previous = previous_build(client, keys, current, inputs)
    if changes.removed:
        reason = f"seed file(s) removed: {', '.join(changes.removed)}"
        return Plan(FULL_LOAD, reason, current, previous, changes)
    if previous is None:
        reason = f"version {current} left no build to build on (its memo is gone, or pruned)"
        return Plan(FULL_LOAD, reason, current, changes=changes)
    reason = f"{len(changes.added)} seed file(s) added, {len(changes.changed)} changed"
    return Plan(BUILD_ON, reason, current, previous, changes)


@dataclass
class Publication:
    """What a publish did: its plan, what it fell back to, and what it wrote."""

    plan: Plan
    version: str
    forms: SeedForms
    report: PublishReport | None = None  # None: already current, nothing was built
    memo: BuildMemo = field(default_factory=BuildMemo)
    fallbacks: list[str] = field(default_factory=list)  # why a step was done over in full


def publish_folder(
    client: Any,
    keys: Keys,
    folder: SeedFolder,
    *,
    retain: int,
    lock_ttl: float,
    progress: PhasedProgress | None = None,
    told: Callable[[str], None] = lambda line: None,
) -> Publication:
    """Publish `folder` as its plan says, telling each decision as it is made. Raises
    SeedError naming every problem of the folder (nothing is published then), and
    PublishError, or Redis's own errors, when the writes or the flip fail (the current
    version stays)."""
    plan = plan_publish(client, keys, folder)
    told(str(plan))
    forms = SeedForms(client, keys)
    if plan.action == CURRENT:
        return Publication(plan, plan.current or "", forms)
    memo = plan.previous.memo if plan.previous else BuildMemo()
    dataset: Dataset | None = None
    if plan.action == BUILD_ON and plan.previous is not None:  # (the plan holds one then)
        step = one_phase(progress, f"building on version {plan.previous.version}")
        if step:
            step(0, 1)
        dataset = build_on(
            plan.previous, folder.path, known=forms, changes=plan.changes, folder=folder
        )
        if step:
            step(1, 1)
    done = Publication(plan, "", forms, memo=memo)
    if plan.action == BUILD_ON and dataset is None:
        done.fallbacks.append("what the change reaches was not settled by the graph: full load")
        told(f"plan: full load: {done.fallbacks[-1]}")
    while True:
        if dataset is None:
            dataset = load_dataset(
                folder.path,
                progress=progress,
                apart_indexing=True,  # the load may fork: nothing else runs in this process
                known=forms,
                memo=done.memo,
                folder=folder,
            )
        try:
            done.report = publish_dataset(
                client,
                keys,
                dataset,
                retain=retain,
                lock_ttl=lock_ttl,
                progress=one_phase(progress, "writing to redis"),
                forms=forms,
                memo=done.memo,
            )
        except Unrendered:
            if done.memo.knows_little:
                raise
            done.fallbacks.append("items the memo names are not stored (a node lost them)")
            told(f"plan: full load, rendering everything: {done.fallbacks[-1]}")
            done.memo, dataset = BuildMemo(), None
            continue
        done.version = dataset.version
        return done
