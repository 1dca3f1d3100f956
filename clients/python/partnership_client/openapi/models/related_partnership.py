from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.evidence import Evidence


T = TypeVar("T", bound="RelatedPartnership")


@_attrs_define
class RelatedPartnership:
    """
    Example:
        {'partnership': 'honda-general-motors-ev-ties', 'title': 'Honda and General Motors EV ties', 'relation':
            'participant-former-partnership', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'For
            Honda, which severed EV ties with General Motors last year, securing strategic partnerships is pivotal',
            'start': 1461, 'end': 1567, 'supports': []}]}

    Attributes:
        partnership (str): Id of the related partnership.
        title (str): Its title.
        relation (str): How it relates to this one. Known values: `participant-former-partnership`, `participant-
            existing-partnership`, `participant-later-partnership`, `successor`, `predecessor`. Extensible: expect values
            not listed here, and treat them as unknown rather than as errors.
        evidence (list[Evidence]): Where in the sources this fact is stated.
    """

    partnership: str
    title: str
    relation: str
    evidence: list[Evidence]

    def to_dict(self) -> dict[str, Any]:
        partnership = self.partnership

        title = self.title

        relation = self.relation

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "partnership": partnership,
                "title": title,
                "relation": relation,
                "evidence": evidence,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence import Evidence

        d = dict(src_dict)
        partnership = d.pop("partnership")

        title = d.pop("title")

        relation = d.pop("relation")

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Evidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        related_partnership = cls(
            partnership=partnership,
            title=title,
            relation=relation,
            evidence=evidence,
        )

        return related_partnership
