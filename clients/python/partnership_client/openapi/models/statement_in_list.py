from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence import Evidence


T = TypeVar("T", bound="StatementInList")


@_attrs_define
class StatementInList:
    """
    Example:
        {'id': 'honda-nissan-complementary-relationship', 'partnership': 'honda-nissan-ev-collaboration', 'speakers':
            ['honda', 'nissan'], 'attribution': 'joint statement', 'quote': 'This mutually complementary relationship will
            become increasingly indispensable', 'sources': ['honda-nissan-ev-partnership-article'], 'evidence': [{'source':
            'honda-nissan-ev-partnership-article', 'quote': 'This mutually complementary relationship will become
            increasingly indispensable', 'start': 1192, 'end': 1271, 'supports': ['quote']}, {'source': 'honda-nissan-ev-
            partnership-article', 'quote': 'read a joint statement', 'start': 1274, 'end': 1296, 'supports': []}],
            'updated_in': 'e8e21e737984bce6'}

    Attributes:
        id (str): Statement id.
        partnership (None | str | Unset): The partnership it is about, if any.
        speakers (list[str] | Unset): Organizations that made the statement.
        attribution (str | Unset): How the source attributes it, e.g. 'joint statement'.
        quote (str | Unset): The statement's verbatim words.
        sources (list[str] | Unset): Ids of the sources behind this statement.
        evidence (list[Evidence] | Unset): Where in the sources this fact is stated.
        updated_in (str | Unset): Dataset version in which this resource last changed: the version that added it, or the
            first whose content of it differs from the version before.
    """

    id: str
    partnership: None | str | Unset = UNSET
    speakers: list[str] | Unset = UNSET
    attribution: str | Unset = UNSET
    quote: str | Unset = UNSET
    sources: list[str] | Unset = UNSET
    evidence: list[Evidence] | Unset = UNSET
    updated_in: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        partnership: None | str | Unset
        if isinstance(self.partnership, Unset):
            partnership = UNSET
        else:
            partnership = self.partnership

        speakers: list[str] | Unset = UNSET
        if not isinstance(self.speakers, Unset):
            speakers = self.speakers

        attribution = self.attribution

        quote = self.quote

        sources: list[str] | Unset = UNSET
        if not isinstance(self.sources, Unset):
            sources = self.sources

        evidence: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = []
            for evidence_item_data in self.evidence:
                evidence_item = evidence_item_data.to_dict()
                evidence.append(evidence_item)

        updated_in = self.updated_in

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
            }
        )
        if partnership is not UNSET:
            field_dict["partnership"] = partnership
        if speakers is not UNSET:
            field_dict["speakers"] = speakers
        if attribution is not UNSET:
            field_dict["attribution"] = attribution
        if quote is not UNSET:
            field_dict["quote"] = quote
        if sources is not UNSET:
            field_dict["sources"] = sources
        if evidence is not UNSET:
            field_dict["evidence"] = evidence
        if updated_in is not UNSET:
            field_dict["updated_in"] = updated_in

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence import Evidence

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_partnership(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partnership = _parse_partnership(d.pop("partnership", UNSET))

        speakers = cast(list[str], d.pop("speakers", UNSET))

        attribution = d.pop("attribution", UNSET)

        quote = d.pop("quote", UNSET)

        sources = cast(list[str], d.pop("sources", UNSET))

        _evidence = d.pop("evidence", UNSET)
        evidence: list[Evidence] | Unset = UNSET
        if _evidence is not UNSET:
            evidence = []
            for evidence_item_data in _evidence:
                evidence_item = Evidence.from_dict(evidence_item_data)

                evidence.append(evidence_item)

        updated_in = d.pop("updated_in", UNSET)

        statement_in_list = cls(
            id=id,
            partnership=partnership,
            speakers=speakers,
            attribution=attribution,
            quote=quote,
            sources=sources,
            evidence=evidence,
            updated_in=updated_in,
        )

        return statement_in_list
