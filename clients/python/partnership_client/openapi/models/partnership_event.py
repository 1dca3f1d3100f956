from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.evidence import Evidence
    from ..models.source_date import SourceDate


T = TypeVar("T", bound="PartnershipEvent")


@_attrs_define
class PartnershipEvent:
    """
    Example:
        {'id': 'honda-nissan-exploratory-talks-confirmed', 'type': 'talks-confirmed', 'partnership': 'honda-nissan-ev-
            collaboration', 'agreement': None, 'organizations': ['honda', 'nissan'], 'certainty': 'stated', 'date': None,
            'summary': 'Honda and Nissan confirm exploratory talks on next-generation EV development.', 'sources': ['honda-
            nissan-ev-partnership-article'], 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'have
            confirmed entering exploratory talks to potentially join forces on next-generation EV development', 'start':
            173, 'end': 275, 'supports': []}]}

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

        partnership_event = cls(
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
        )

        return partnership_event
