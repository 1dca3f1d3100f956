from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.evidence import Evidence
    from ..models.source_date import SourceDate


T = TypeVar("T", bound="TimelineEntry")


@_attrs_define
class TimelineEntry:
    """
    Example:
        {'position': 1, 'event': 'honda-nissan-mou-signed', 'type': 'agreement-signed', 'summary': 'Honda and Nissan
            sign a memorandum of understanding on a shared EV platform study.', 'certainty': 'stated', 'date': {'text':
            'this week', 'precision': 'week', 'relative': True, 'resolved': None}, 'evidence': [{'source': 'honda-nissan-ev-
            partnership-article', 'quote': 'The two Japanese automotive titans signed a memorandum of understanding this
            week', 'start': 346, 'end': 427, 'supports': []}]}

    Attributes:
        position (int | None): Rank in the order the sources' dates establish, 1 for the earliest: one more than the
            longest chain of events dated strictly before it. Entries the sources do not order apart share a position; null
            when the event is undated.
        event (str): Event id.
        type_ (str): What happened. Known values: `talks-confirmed`, `agreement-signed`, `ties-severed`, `announced`,
            `agreement-reached`, `terminated`. Extensible: expect values not listed here, and treat them as unknown rather
            than as errors.
        summary (str): What happened, in short.
        certainty (str): 'stated' when the source says it as fact, 'hedged' when it says it could or would happen. Known
            values: `stated`, `hedged`. Extensible: expect values not listed here, and treat them as unknown rather than as
            errors.
        date (None | SourceDate): When, as the source gives it.
        evidence (list[Evidence]): Where in the sources this fact is stated.
    """

    position: int | None
    event: str
    type_: str
    summary: str
    certainty: str
    date: None | SourceDate
    evidence: list[Evidence]

    def to_dict(self) -> dict[str, Any]:
        from ..models.source_date import SourceDate

        position: int | None
        position = self.position

        event = self.event

        type_ = self.type_

        summary = self.summary

        certainty = self.certainty

        date: dict[str, Any] | None
        if isinstance(self.date, SourceDate):
            date = self.date.to_dict()
        else:
            date = self.date

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "position": position,
                "event": event,
                "type": type_,
                "summary": summary,
                "certainty": certainty,
                "date": date,
                "evidence": evidence,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence import Evidence
        from ..models.source_date import SourceDate

        d = dict(src_dict)

        def _parse_position(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        position = _parse_position(d.pop("position"))

        event = d.pop("event")

        type_ = d.pop("type")

        summary = d.pop("summary")

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

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Evidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        timeline_entry = cls(
            position=position,
            event=event,
            type_=type_,
            summary=summary,
            certainty=certainty,
            date=date,
            evidence=evidence,
        )

        return timeline_entry
