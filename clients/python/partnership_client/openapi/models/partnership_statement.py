from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.evidence import Evidence


T = TypeVar("T", bound="PartnershipStatement")


@_attrs_define
class PartnershipStatement:
    """
    Example:
        {'id': 'honda-nissan-complementary-relationship', 'partnership': 'honda-nissan-ev-collaboration', 'speakers':
            ['honda', 'nissan'], 'attribution': 'joint statement', 'quote': 'This mutually complementary relationship will
            become increasingly indispensable', 'sources': ['honda-nissan-ev-partnership-article'], 'evidence': [{'source':
            'honda-nissan-ev-partnership-article', 'quote': 'This mutually complementary relationship will become
            increasingly indispensable', 'start': 1192, 'end': 1271, 'supports': ['quote']}, {'source': 'honda-nissan-ev-
            partnership-article', 'quote': 'read a joint statement', 'start': 1274, 'end': 1296, 'supports': []}]}

    Attributes:
        id (str): Statement id.
        partnership (None | str): The partnership it is about, if any.
        speakers (list[str]): Organizations that made the statement.
        attribution (str): How the source attributes it, e.g. 'joint statement'.
        quote (str): The statement's verbatim words.
        sources (list[str]): Ids of the sources behind this statement.
        evidence (list[Evidence]): Where in the sources this fact is stated.
    """

    id: str
    partnership: None | str
    speakers: list[str]
    attribution: str
    quote: str
    sources: list[str]
    evidence: list[Evidence]

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        partnership: None | str
        partnership = self.partnership

        speakers = self.speakers

        attribution = self.attribution

        quote = self.quote

        sources = self.sources

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "partnership": partnership,
                "speakers": speakers,
                "attribution": attribution,
                "quote": quote,
                "sources": sources,
                "evidence": evidence,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence import Evidence

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_partnership(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        partnership = _parse_partnership(d.pop("partnership"))

        speakers = cast(list[str], d.pop("speakers"))

        attribution = d.pop("attribution")

        quote = d.pop("quote")

        sources = cast(list[str], d.pop("sources"))

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Evidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        partnership_statement = cls(
            id=id,
            partnership=partnership,
            speakers=speakers,
            attribution=attribution,
            quote=quote,
            sources=sources,
            evidence=evidence,
        )

        return partnership_statement
