from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.evidence import Evidence
    from ..models.source_date import SourceDate


T = TypeVar("T", bound="Event")


@_attrs_define
class Event:
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
        type_ (str): What happened. Known values: `talks-confirmed`, `agreement-signed`, `ties-severed`, `announced`,
            `agreement-reached`, `terminated`. Extensible: expect values not listed here, and treat them as unknown rather
            than as errors.
        partnership (str): The partnership it belongs to.
        agreement (None | str): The agreement it concerns, if any.
        organizations (list[str]): Organizations involved.
        certainty (str): 'stated' when the source says it as fact, 'hedged' when it says it could or would happen. Known
            values: `stated`, `hedged`. Extensible: expect values not listed here, and treat them as unknown rather than as
            errors.
        date (None | SourceDate): When, as the source gives it.
        summary (str): What happened, in short.
        sources (list[str]): Ids of the sources behind this event.
        evidence (list[Evidence]): Where in the sources this fact is stated.
        updated_in (str): Dataset version in which this resource last changed: the version that added it, or the first
            whose content of it differs from the version before.
    """

    id: str
    type_: str
    partnership: str
    agreement: None | str
    organizations: list[str]
    certainty: str
    date: None | SourceDate
    summary: str
    sources: list[str]
    evidence: list[Evidence]
    updated_in: str

    def to_dict(self) -> dict[str, Any]:
        from ..models.source_date import SourceDate

        id = self.id

        type_ = self.type_

        partnership = self.partnership

        agreement: None | str
        agreement = self.agreement

        organizations = self.organizations

        certainty = self.certainty

        date: dict[str, Any] | None
        if isinstance(self.date, SourceDate):
            date = self.date.to_dict()
        else:
            date = self.date

        summary = self.summary

        sources = self.sources

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        updated_in = self.updated_in

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "type": type_,
                "partnership": partnership,
                "agreement": agreement,
                "organizations": organizations,
                "certainty": certainty,
                "date": date,
                "summary": summary,
                "sources": sources,
                "evidence": evidence,
                "updated_in": updated_in,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence import Evidence
        from ..models.source_date import SourceDate

        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

        partnership = d.pop("partnership")

        def _parse_agreement(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        agreement = _parse_agreement(d.pop("agreement"))

        organizations = cast(list[str], d.pop("organizations"))

        certainty = d.pop("certainty")

        def _parse_date(data: object) -> None | SourceDate:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                date_type_0 = SourceDate.from_dict(data)

                return date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SourceDate, data)

        date = _parse_date(d.pop("date"))

        summary = d.pop("summary")

        sources = cast(list[str], d.pop("sources"))

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Evidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        updated_in = d.pop("updated_in")

        event = cls(
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

        return event
