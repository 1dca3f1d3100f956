from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.agreement_state_entry import AgreementStateEntry
    from ..models.evidence import Evidence
    from ..models.source_date import SourceDate


T = TypeVar("T", bound="Agreement")


@_attrs_define
class Agreement:
    """
    Example:
        {'id': 'honda-nissan-ev-mou', 'type': 'memorandum-of-understanding', 'state': 'signed', 'state_history':
            [{'position': 1, 'value': 'signed', 'date': None, 'dated_by': None, 'source': 'honda-nissan-ev-partnership-
            article', 'follows': None, 'certainty': 'stated', 'evidence': [{'source': 'honda-nissan-ev-partnership-article',
            'quote': 'signed a memorandum of understanding this week, formalizing their intent to evaluate the feasibility
            of jointly designing and engineering a shared electric vehicle platform and associated core components',
            'start': 381, 'end': 584, 'supports': []}]}], 'certainty': 'stated', 'parties': ['honda', 'nissan'], 'date':
            {'text': 'this week', 'precision': 'week', 'relative': True, 'resolved': None}, 'summary': 'Formalizes the
            intent to evaluate the feasibility of jointly designing and engineering a shared electric vehicle platform and
            associated core components.', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'signed a
            memorandum of understanding this week, formalizing their intent to evaluate the feasibility of jointly designing
            and engineering a shared electric vehicle platform and associated core components', 'start': 381, 'end': 584,
            'supports': []}]}

    Attributes:
        id (str): Agreement id.
        type_ (str): What kind of agreement. Known values: `memorandum-of-understanding`, `definitive-agreement`,
            `letter-of-intent`, `joint-venture-agreement`. Extensible: expect values not listed here, and treat them as
            unknown rather than as errors.
        state (str): How far the agreement has come: the latest state the sources establish. Known values: `proposed`,
            `not-reached`, `signed`, `in-force`, `expired`, `terminated`. Extensible: expect values not listed here, and
            treat them as unknown rather than as errors.
        state_history (list[AgreementStateEntry]): Every source's statement of the state, oldest first: the current
            value is the last one's.
        certainty (str): Certainty of the current state: 'stated' when its latest statement says it as fact, 'hedged'
            when it says it could or would happen. Known values: `stated`, `hedged`. Extensible: expect values not listed
            here, and treat them as unknown rather than as errors.
        parties (list[str]): Organizations party to the agreement.
        date (None | SourceDate): When, as the source gives it.
        summary (str): What the agreement covers or would do.
        evidence (list[Evidence]): Where in the sources this fact is stated.
    """

    id: str
    type_: str
    state: str
    state_history: list[AgreementStateEntry]
    certainty: str
    parties: list[str]
    date: None | SourceDate
    summary: str
    evidence: list[Evidence]

    def to_dict(self) -> dict[str, Any]:
        from ..models.source_date import SourceDate

        id = self.id

        type_ = self.type_

        state = self.state

        state_history = []
        for state_history_item_data in self.state_history:
            state_history_item = state_history_item_data.to_dict()
            state_history.append(state_history_item)

        certainty = self.certainty

        parties = self.parties

        date: dict[str, Any] | None
        if isinstance(self.date, SourceDate):
            date = self.date.to_dict()
        else:
            date = self.date

        summary = self.summary

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "type": type_,
                "state": state,
                "state_history": state_history,
                "certainty": certainty,
                "parties": parties,
                "date": date,
                "summary": summary,
                "evidence": evidence,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.agreement_state_entry import AgreementStateEntry
        from ..models.evidence import Evidence
        from ..models.source_date import SourceDate

        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

        state = d.pop("state")

        state_history = []
        _state_history = d.pop("state_history")
        for state_history_item_data in _state_history:
            state_history_item = AgreementStateEntry.from_dict(state_history_item_data)

            state_history.append(state_history_item)

        certainty = d.pop("certainty")

        parties = cast(list[str], d.pop("parties"))

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

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Evidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        agreement = cls(
            id=id,
            type_=type_,
            state=state,
            state_history=state_history,
            certainty=certainty,
            parties=parties,
            date=date,
            summary=summary,
            evidence=evidence,
        )

        return agreement
