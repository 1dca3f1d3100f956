from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.evidence import Evidence
    from ..models.source_date import SourceDate


T = TypeVar("T", bound="PartnershipStatusEntry")


@_attrs_define
class PartnershipStatusEntry:
    """
    Example:
        {'position': 1, 'value': 'exploratory', 'date': None, 'dated_by': None, 'source': 'honda-nissan-ev-partnership-
            article', 'follows': None, 'certainty': 'hedged', 'evidence': [{'source': 'honda-nissan-ev-partnership-article',
            'quote': 'Honda Motor Co. and Nissan Motor Co. have confirmed entering exploratory talks to potentially join
            forces on next-generation EV development.', 'start': 136, 'end': 276, 'supports': ['value', 'certainty']},
            {'source': 'honda-nissan-ev-partnership-article', 'quote': 'While still in its nascency, the prospective
            collaboration', 'start': 739, 'end': 797, 'supports': ['value']}]}

    Attributes:
        position (int): Rank in the order the sources establish, 1 for the earliest: by the dates they give, or by an
            order a source states and cites (`follows`). Statements the sources do not order apart share a position; they
            agree on the value.
        value (str): The status stated. Known values: `proposed`, `exploratory`, `negotiating`, `active`, `terminated`.
            Extensible: expect values not listed here, and treat them as unknown rather than as errors.
        date (None | SourceDate): When it held: the date the source gives for it (in its own words), else the source's
            publication date; null when neither is known.
        dated_by (None | str): Where `date` comes from: `quote` for words of the source, `publication` for the source's
            publication date; null when undated. Known values: `publication`, `quote`. Extensible: expect values not listed
            here, and treat them as unknown rather than as errors.
        source (str): Id of the source that states it.
        follows (None | str): Id of the source whose statement this one comes after, as this source says (its evidence
            cites it); null when the source says nothing of it.
        certainty (str): 'stated' when the source says it as fact, 'hedged' when it says it could or would happen. Known
            values: `stated`, `hedged`. Extensible: expect values not listed here, and treat them as unknown rather than as
            errors.
        evidence (list[Evidence]): Where in the sources this fact is stated.
    """

    position: int
    value: str
    date: None | SourceDate
    dated_by: None | str
    source: str
    follows: None | str
    certainty: str
    evidence: list[Evidence]

    def to_dict(self) -> dict[str, Any]:
        from ..models.source_date import SourceDate

        position = self.position

        value = self.value

        date: dict[str, Any] | None
        if isinstance(self.date, SourceDate):
            date = self.date.to_dict()
        else:
            date = self.date

        dated_by: None | str
        dated_by = self.dated_by

        source = self.source

        follows: None | str
        follows = self.follows

        certainty = self.certainty

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "position": position,
                "value": value,
                "date": date,
                "dated_by": dated_by,
                "source": source,
                "follows": follows,
                "certainty": certainty,
                "evidence": evidence,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence import Evidence
        from ..models.source_date import SourceDate

        d = dict(src_dict)
        position = d.pop("position")

        value = d.pop("value")

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

        def _parse_dated_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        dated_by = _parse_dated_by(d.pop("dated_by"))

        source = d.pop("source")

        def _parse_follows(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        follows = _parse_follows(d.pop("follows"))

        certainty = d.pop("certainty")

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Evidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        partnership_status_entry = cls(
            position=position,
            value=value,
            date=date,
            dated_by=dated_by,
            source=source,
            follows=follows,
            certainty=certainty,
            evidence=evidence,
        )

        return partnership_status_entry
