from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.evidence import Evidence


T = TypeVar("T", bound="Driver")


@_attrs_define
class Driver:
    """
    Example:
        {'id': 'rival-ev-programs', 'label': 'The ambitious EV programs of Volkswagen and Stellantis', 'certainty':
            'stated', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'the ambitious EV programs of
            behemoths like Volkswagen and Stellantis', 'start': 894, 'end': 963, 'supports': []}], 'kind': 'competitor',
            'organizations': ['volkswagen', 'stellantis']}

    Attributes:
        id (str): Slug of the claim, unique within its partnership.
        label (str): What is claimed, in short.
        certainty (str): 'stated' when the source says it as fact, 'hedged' when it says it could or would happen. Known
            values: `stated`, `hedged`. Extensible: expect values not listed here, and treat them as unknown rather than as
            errors.
        evidence (list[Evidence]): Where in the sources this fact is stated.
        kind (str): What kind of pressure or motive this is. Known values: `market-pressure`, `competitor`, `strategic-
            risk`, `strategic-need`, `expected-benefit`, `regulation`. Extensible: expect values not listed here, and treat
            them as unknown rather than as errors.
        organizations (list[str]): Organizations the driver names.
    """

    id: str
    label: str
    certainty: str
    evidence: list[Evidence]
    kind: str
    organizations: list[str]

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        label = self.label

        certainty = self.certainty

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        kind = self.kind

        organizations = self.organizations

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "label": label,
                "certainty": certainty,
                "evidence": evidence,
                "kind": kind,
                "organizations": organizations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence import Evidence

        d = dict(src_dict)
        id = d.pop("id")

        label = d.pop("label")

        certainty = d.pop("certainty")

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Evidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        kind = d.pop("kind")

        organizations = cast(list[str], d.pop("organizations"))

        driver = cls(
            id=id,
            label=label,
            certainty=certainty,
            evidence=evidence,
            kind=kind,
            organizations=organizations,
        )

        return driver
