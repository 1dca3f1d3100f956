from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.evidence import Evidence


T = TypeVar("T", bound="Claim")


@_attrs_define
class Claim:
    """
    Example:
        {'id': 'shared-ev-platform', 'label': 'Evaluating the feasibility of jointly designing and engineering a shared
            electric vehicle platform', 'certainty': 'hedged', 'evidence': [{'source': 'honda-nissan-ev-partnership-
            article', 'quote': 'formalizing their intent to evaluate the feasibility of jointly designing and engineering a
            shared electric vehicle platform', 'start': 429, 'end': 553, 'supports': []}]}

    Attributes:
        id (str): Slug of the claim, unique within its partnership.
        label (str): What is claimed, in short.
        certainty (str): 'stated' when the source says it as fact, 'hedged' when it says it could or would happen. Known
            values: `stated`, `hedged`. Extensible: expect values not listed here, and treat them as unknown rather than as
            errors.
        evidence (list[Evidence]): Where in the sources this fact is stated.
    """

    id: str
    label: str
    certainty: str
    evidence: list[Evidence]

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        label = self.label

        certainty = self.certainty

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "label": label,
                "certainty": certainty,
                "evidence": evidence,
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

        claim = cls(
            id=id,
            label=label,
            certainty=certainty,
            evidence=evidence,
        )

        return claim
