from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence import Evidence
    from ..models.source_date import SourceDate


T = TypeVar("T", bound="EventInList")


@_attrs_define
class EventInList:
    """
    Example:
        {'id': 'honda-nissan-mou-signed', 'type': 'agreement-signed', 'partnership': 'honda-nissan-ev-collaboration',
            'agreement': 'honda-nissan-ev-mou', 'organizations': ['honda', 'nissan'], 'certainty': 'stated', 'date':
            {'text': 'this week', 'precision': 'week', 'relative': True, 'resolved': None}, 'summary': 'Honda and Nissan
            sign a memorandum of understanding on a shared EV platform study.', 'sources': ['honda-nissan-ev-partnership-
            article'], 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'The two Japanese automotive
            titans signed a memorandum of understanding this week', 'start': 346, 'end': 427, 'supports': []}],
            'updated_in': 'e8e21e737984bce6'}

    Attributes:
        id (str): Event id.
        type_ (str | Unset): What happened. Known values: `talks-confirmed`, `agreement-signed`, `ties-severed`,
            `announced`, `agreement-reached`, `terminated`. Extensible: expect values not listed here, and treat them as
            unknown rather than as errors.
        partnership (str | Unset): The partnership it belongs to.
        agreement (None | str | Unset): The agreement it concerns, if any.
        organizations (list[str] | Unset): Organizations involved.
        certainty (str | Unset): 'stated' when the source says it as fact, 'hedged' when it says it could or would
            happen. Known values: `stated`, `hedged`. Extensible: expect values not listed here, and treat them as unknown
            rather than as errors.
        date (None | SourceDate | Unset): When, as the source gives it.
        summary (str | Unset): What happened, in short.
        sources (list[str] | Unset): Ids of the sources behind this event.
        evidence (list[Evidence] | Unset): Where in the sources this fact is stated.
        updated_in (str | Unset): Dataset version in which this resource last changed: the version that added it, or the
            first whose content of it differs from the version before.
    """

    id: str
    type_: str | Unset = UNSET
    partnership: str | Unset = UNSET
    agreement: None | str | Unset = UNSET
    organizations: list[str] | Unset = UNSET
    certainty: str | Unset = UNSET
    date: None | SourceDate | Unset = UNSET
    summary: str | Unset = UNSET
    sources: list[str] | Unset = UNSET
    evidence: list[Evidence] | Unset = UNSET
    updated_in: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.source_date import SourceDate

        id = self.id

        type_ = self.type_

        partnership = self.partnership

        agreement: None | str | Unset
        if isinstance(self.agreement, Unset):
            agreement = UNSET
        else:
            agreement = self.agreement

        organizations: list[str] | Unset = UNSET
        if not isinstance(self.organizations, Unset):
            organizations = self.organizations

        certainty = self.certainty

        date: dict[str, Any] | None | Unset
        if isinstance(self.date, Unset):
            date = UNSET
        elif isinstance(self.date, SourceDate):
            date = self.date.to_dict()
        else:
            date = self.date

        summary = self.summary

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
        if type_ is not UNSET:
            field_dict["type"] = type_
        if partnership is not UNSET:
            field_dict["partnership"] = partnership
        if agreement is not UNSET:
            field_dict["agreement"] = agreement
        if organizations is not UNSET:
            field_dict["organizations"] = organizations
        if certainty is not UNSET:
            field_dict["certainty"] = certainty
        if date is not UNSET:
            field_dict["date"] = date
        if summary is not UNSET:
            field_dict["summary"] = summary
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
        from ..models.source_date import SourceDate

        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type", UNSET)

        partnership = d.pop("partnership", UNSET)

        def _parse_agreement(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        agreement = _parse_agreement(d.pop("agreement", UNSET))

        organizations = cast(list[str], d.pop("organizations", UNSET))

        certainty = d.pop("certainty", UNSET)

        def _parse_date(data: object) -> None | SourceDate | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                date_type_0 = SourceDate.from_dict(data)

                return date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SourceDate | Unset, data)

        date = _parse_date(d.pop("date", UNSET))

        summary = d.pop("summary", UNSET)

        sources = cast(list[str], d.pop("sources", UNSET))

        _evidence = d.pop("evidence", UNSET)
        evidence: list[Evidence] | Unset = UNSET
        if _evidence is not UNSET:
            evidence = []
            for evidence_item_data in _evidence:
                evidence_item = Evidence.from_dict(evidence_item_data)

                evidence.append(evidence_item)

        updated_in = d.pop("updated_in", UNSET)

        event_in_list = cls(
            id=id,
            type_=type_,
            partnership=partnership,
            agreement=agreement,
            organizations=organizations,
            certainty=certainty,
            date=date,
            summary=summary,
            sources=sources,
            evidence=evidence,
            updated_in=updated_in,
        )

        return event_in_list
