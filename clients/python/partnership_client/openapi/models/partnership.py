from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.agreement import Agreement
    from ..models.claim import Claim
    from ..models.driver import Driver
    from ..models.evidence import Evidence
    from ..models.participant import Participant
    from ..models.partnership_event import PartnershipEvent
    from ..models.partnership_statement import PartnershipStatement
    from ..models.partnership_status_entry import PartnershipStatusEntry
    from ..models.related_partnership import RelatedPartnership
    from ..models.timeline_entry import TimelineEntry


T = TypeVar("T", bound="Partnership")


@_attrs_define
class Partnership:
    """
    Example:
        {'id': 'honda-nissan-ev-collaboration', 'title': 'Honda and Nissan next-generation EV collaboration', 'kind':
            'joint-development', 'status': 'exploratory', 'status_history': [{'position': 1, 'value': 'exploratory', 'date':
            None, 'dated_by': None, 'source': 'honda-nissan-ev-partnership-article', 'follows': None, 'certainty': 'hedged',
            'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'Honda Motor Co. and Nissan Motor Co.
            have confirmed entering exploratory talks to potentially join forces on next-generation EV development.',
            'start': 136, 'end': 276, 'supports': ['value', 'certainty']}, {'source': 'honda-nissan-ev-partnership-article',
            'quote': 'While still in its nascency, the prospective collaboration', 'start': 739, 'end': 797, 'supports':
            ['value']}]}], 'certainty': 'hedged', 'participants': [{'organization': 'honda', 'name': 'Honda Motor Co.',
            'role': 'memorandum-signatory'}, {'organization': 'nissan', 'name': 'Nissan Motor Co.', 'role': 'memorandum-
            signatory'}], 'scope': [{'id': 'shared-ev-platform', 'label': 'Evaluating the feasibility of jointly designing
            and engineering a shared electric vehicle platform', 'certainty': 'hedged', 'evidence': [{'source': 'honda-
            nissan-ev-partnership-article', 'quote': 'formalizing their intent to evaluate the feasibility of jointly
            designing and engineering a shared electric vehicle platform', 'start': 429, 'end': 553, 'supports': []}]},
            {'id': 'core-components', 'label': 'Evaluating the feasibility of jointly designing and engineering the core
            components associated with the shared platform', 'certainty': 'hedged', 'evidence': [{'source': 'honda-nissan-
            ev-partnership-article', 'quote': 'evaluate the feasibility of jointly designing and engineering a shared
            electric vehicle platform and associated core components', 'start': 457, 'end': 584, 'supports': []}]}, {'id':
            'software-safety', 'label': 'Collaborative software development for safety', 'certainty': 'hedged', 'evidence':
            [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'The scope could extend to collaborative software
            development efforts across safety, autonomous driving, and other cutting-edge automotive technologies.',
            'start': 586, 'end': 737, 'supports': []}]}, {'id': 'software-autonomous-driving', 'label': 'Collaborative
            software development for autonomous driving', 'certainty': 'hedged', 'evidence': [{'source': 'honda-nissan-ev-
            partnership-article', 'quote': 'The scope could extend to collaborative software development efforts across
            safety, autonomous driving, and other cutting-edge automotive technologies.', 'start': 586, 'end': 737,
            'supports': []}]}, {'id': 'software-other-technologies', 'label': 'Collaborative software development for other
            cutting-edge automotive technologies', 'certainty': 'hedged', 'evidence': [{'source': 'honda-nissan-ev-
            partnership-article', 'quote': 'The scope could extend to collaborative software development efforts across
            safety, autonomous driving, and other cutting-edge automotive technologies.', 'start': 586, 'end': 737,
            'supports': []}]}], 'objectives': [{'id': 'accelerate-innovation', 'label': 'Accelerate innovation cycles',
            'certainty': 'stated', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'Honda and Nissan
            aim to accelerate innovation cycles', 'start': 987, 'end': 1039, 'supports': []}]}, {'id': 'reduce-development-
            costs', 'label': 'Reduce prohibitive research and development costs', 'certainty': 'stated', 'evidence':
            [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'reduce prohibitive research and development costs',
            'start': 1041, 'end': 1090, 'supports': []}]}, {'id': 'enhance-competitiveness', 'label': 'Enhance
            competitiveness within the swiftly electrifying global marketplace', 'certainty': 'stated', 'evidence':
            [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'enhance competitiveness within the swiftly
            electrifying global marketplace', 'start': 1096, 'end': 1170, 'supports': []}]}, {'id': 'sustainable-mobility',
            'label': 'Hasten sustainable mobility solutions', 'certainty': 'stated', 'evidence': [{'source': 'honda-nissan-
            ev-partnership-article', 'quote': 'articulating a unified vision of hastening sustainable mobility solutions',
            'start': 1298, 'end': 1371, 'supports': []}]}, {'id': 'zero-traffic-fatalities', 'label': 'Achieve zero traffic-
            accident fatalities', 'certainty': 'stated', 'evidence': [{'source': 'honda-nissan-ev-partnership-article',
            'quote': 'key goal of achieving zero traffic-accident fatalities', 'start': 1403, 'end': 1457, 'supports':
            []}]}], 'drivers': [{'id': 'chinese-competition', 'label': 'Mounting Chinese competition', 'certainty':
            'stated', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'the intensifying pressures
            major automakers face from mounting Chinese competition', 'start': 807, 'end': 889, 'supports': []}], 'kind':
            'market-pressure', 'organizations': []}, {'id': 'rival-ev-programs', 'label': 'The ambitious EV programs of
            Volkswagen and Stellantis', 'certainty': 'stated', 'evidence': [{'source': 'honda-nissan-ev-partnership-
            article', 'quote': 'the ambitious EV programs of behemoths like Volkswagen and Stellantis', 'start': 894, 'end':
            963, 'supports': []}], 'kind': 'competitor', 'organizations': ['volkswagen', 'stellantis']}, {'id': 'self-
            reliance-risk', 'label': 'Continued self-reliance could jeopardize keeping pace with industry shifts',
            'certainty': 'hedged', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'continued self-
            reliance could jeopardize their ability to keep pace amidst tectonic industry shifts', 'start': 1891, 'end':
            1990, 'supports': []}], 'kind': 'strategic-risk', 'organizations': ['honda', 'nissan']}, {'id': 'honda-
            partnership-need', 'label': 'Honda needs strategic partnerships as it prepares upcoming electric offerings',
            'certainty': 'stated', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'securing
            strategic partnerships is pivotal as it prepares upcoming electric offerings like the Prologue SUV', 'start':
            1525, 'end': 1632, 'supports': []}], 'kind': 'strategic-need', 'organizations': ['honda']}, {'id': 'nissan-
            scale-benefit', 'label': 'Nissan stands to benefit from expanded scale and shared financial burdens',
            'certainty': 'hedged', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'stands to
            benefit from expanded scale and shared financial burdens', 'start': 1696, 'end': 1762, 'supports': []}], 'kind':
            'expected-benefit', 'organizations': ['nissan']}], 'agreements': [{'id': 'honda-nissan-ev-mou', 'type':
            'memorandum-of-understanding', 'state': 'signed', 'state_history': [{'position': 1, 'value': 'signed', 'date':
            None, 'dated_by': None, 'source': 'honda-nissan-ev-partnership-article', 'follows': None, 'certainty': 'stated',
            'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'signed a memorandum of understanding
            this week, formalizing their intent to evaluate the feasibility of jointly designing and engineering a shared
            electric vehicle platform and associated core components', 'start': 381, 'end': 584, 'supports': []}]}],
            'certainty': 'stated', 'parties': ['honda', 'nissan'], 'date': {'text': 'this week', 'precision': 'week',
            'relative': True, 'resolved': None}, 'summary': 'Formalizes the intent to evaluate the feasibility of jointly
            designing and engineering a shared electric vehicle platform and associated core components.', 'evidence':
            [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'signed a memorandum of understanding this week,
            formalizing their intent to evaluate the feasibility of jointly designing and engineering a shared electric
            vehicle platform and associated core components', 'start': 381, 'end': 584, 'supports': []}]}, {'id': 'honda-
            nissan-ev-final-agreement', 'type': 'definitive-agreement', 'state': 'not-reached', 'state_history':
            [{'position': 1, 'value': 'not-reached', 'date': None, 'dated_by': None, 'source': 'honda-nissan-ev-partnership-
            article', 'follows': None, 'certainty': 'hedged', 'evidence': [{'source': 'honda-nissan-ev-partnership-article',
            'quote': 'A finalized agreement, if reached, would catalyze streamlined EV programs and next-generation
            automotive software.', 'start': 1992, 'end': 2106, 'supports': []}, {'source': 'honda-nissan-ev-partnership-
            article', 'quote': 'concrete details remain sparse pending productive negotiations', 'start': 1771, 'end': 1833,
            'supports': []}]}], 'certainty': 'hedged', 'parties': ['honda', 'nissan'], 'date': None, 'summary': 'If reached,
            would catalyze streamlined EV programs and next-generation automotive software; concrete details are pending
            negotiations.', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'A finalized agreement,
            if reached, would catalyze streamlined EV programs and next-generation automotive software.', 'start': 1992,
            'end': 2106, 'supports': []}, {'source': 'honda-nissan-ev-partnership-article', 'quote': 'concrete details
            remain sparse pending productive negotiations', 'start': 1771, 'end': 1833, 'supports': []}]}], 'events':
            [{'id': 'honda-nissan-exploratory-talks-confirmed', 'type': 'talks-confirmed', 'partnership': 'honda-nissan-ev-
            collaboration', 'agreement': None, 'organizations': ['honda', 'nissan'], 'certainty': 'stated', 'date': None,
            'summary': 'Honda and Nissan confirm exploratory talks on next-generation EV development.', 'sources': ['honda-
            nissan-ev-partnership-article'], 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'have
            confirmed entering exploratory talks to potentially join forces on next-generation EV development', 'start':
            173, 'end': 275, 'supports': []}]}, {'id': 'honda-nissan-mou-signed', 'type': 'agreement-signed', 'partnership':
            'honda-nissan-ev-collaboration', 'agreement': 'honda-nissan-ev-mou', 'organizations': ['honda', 'nissan'],
            'certainty': 'stated', 'date': {'text': 'this week', 'precision': 'week', 'relative': True, 'resolved': None},
            'summary': 'Honda and Nissan sign a memorandum of understanding on a shared EV platform study.', 'sources':
            ['honda-nissan-ev-partnership-article'], 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote':
            'The two Japanese automotive titans signed a memorandum of understanding this week', 'start': 346, 'end': 427,
            'supports': []}]}], 'timeline': [{'position': 1, 'event': 'honda-nissan-mou-signed', 'type': 'agreement-signed',
            'summary': 'Honda and Nissan sign a memorandum of understanding on a shared EV platform study.', 'certainty':
            'stated', 'date': {'text': 'this week', 'precision': 'week', 'relative': True, 'resolved': None}, 'evidence':
            [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'The two Japanese automotive titans signed a
            memorandum of understanding this week', 'start': 346, 'end': 427, 'supports': []}]}, {'position': None, 'event':
            'honda-nissan-exploratory-talks-confirmed', 'type': 'talks-confirmed', 'summary': 'Honda and Nissan confirm
            exploratory talks on next-generation EV development.', 'certainty': 'stated', 'date': None, 'evidence':
            [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'have confirmed entering exploratory talks to
            potentially join forces on next-generation EV development', 'start': 173, 'end': 275, 'supports': []}]}],
            'statements': [{'id': 'honda-nissan-complementary-relationship', 'partnership': 'honda-nissan-ev-collaboration',
            'speakers': ['honda', 'nissan'], 'attribution': 'joint statement', 'quote': 'This mutually complementary
            relationship will become increasingly indispensable', 'sources': ['honda-nissan-ev-partnership-article'],
            'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'This mutually complementary
            relationship will become increasingly indispensable', 'start': 1192, 'end': 1271, 'supports': ['quote']},
            {'source': 'honda-nissan-ev-partnership-article', 'quote': 'read a joint statement', 'start': 1274, 'end': 1296,
            'supports': []}]}, {'id': 'honda-nissan-zero-fatalities-goal', 'partnership': 'honda-nissan-ev-collaboration',
            'speakers': ['honda', 'nissan'], 'attribution': 'joint statement', 'quote': 'key goal of achieving zero traffic-
            accident fatalities', 'sources': ['honda-nissan-ev-partnership-article'], 'evidence': [{'source': 'honda-nissan-
            ev-partnership-article', 'quote': 'key goal of achieving zero traffic-accident fatalities', 'start': 1403,
            'end': 1457, 'supports': ['quote']}, {'source': 'honda-nissan-ev-partnership-article', 'quote': 'read a joint
            statement, articulating a unified vision of hastening sustainable mobility solutions while progressing towards
            the', 'start': 1274, 'end': 1401, 'supports': []}]}], 'related': [{'partnership': 'honda-general-motors-ev-
            ties', 'title': 'Honda and General Motors EV ties', 'relation': 'participant-former-partnership', 'evidence':
            [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'For Honda, which severed EV ties with General
            Motors last year, securing strategic partnerships is pivotal', 'start': 1461, 'end': 1567, 'supports': []}]},
            {'partnership': 'nissan-renault-alliance', 'title': 'Nissan and Renault alliance', 'relation': 'participant-
            existing-partnership', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'Nissan, already
            entrenched through its alliance with Renault', 'start': 1634, 'end': 1694, 'supports': []}]}], 'sources':
            ['honda-nissan-ev-partnership-article'], 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote':
            'Honda Motor Co. and Nissan Motor Co. have confirmed entering exploratory talks to potentially join forces on
            next-generation EV development.', 'start': 136, 'end': 276, 'supports': ['participants', 'status', 'kind',
            'certainty']}, {'source': 'honda-nissan-ev-partnership-article', 'quote': 'The two Japanese automotive titans
            signed a memorandum of understanding this week', 'start': 346, 'end': 427, 'supports': ['participants']},
            {'source': 'honda-nissan-ev-partnership-article', 'quote': 'While still in its nascency, the prospective
            collaboration', 'start': 739, 'end': 797, 'supports': ['status']}], 'updated_in': 'e8e21e737984bce6'}

    Attributes:
        id (str): Partnership id.
        title (str): Short title.
        kind (str): What kind of partnership. Known values: `joint-development`, `ev-collaboration`, `alliance`, `joint-
            venture`, `supply`, `licensing`, `investment`. Extensible: expect values not listed here, and treat them as
            unknown rather than as errors.
        status (str): How far along it is: the latest status the sources establish. Known values: `proposed`,
            `exploratory`, `negotiating`, `active`, `terminated`. Extensible: expect values not listed here, and treat them
            as unknown rather than as errors.
        status_history (list[PartnershipStatusEntry]): Every source's statement of the status, oldest first: the current
            value is the last one's.
        certainty (str): Certainty of the current status: 'stated' when its latest statement says it as fact, 'hedged'
            when it says it could or would happen. Known values: `stated`, `hedged`. Extensible: expect values not listed
            here, and treat them as unknown rather than as errors.
        participants (list[Participant]): Who takes part, with roles.
        scope (list[Claim]): Areas the partnership covers or could cover.
        objectives (list[Claim]): What the partners aim for.
        drivers (list[Driver]): Market pressures, competitors and motives behind it.
        agreements (list[Agreement]): Agreements signed or foreseen.
        events (list[PartnershipEvent]): What happened, with dates as the sources give them.
        timeline (list[TimelineEntry]): The events in the order the sources' dates establish (undated last), each with
            its evidence.
        statements (list[PartnershipStatement]): What the partners said, verbatim.
        related (list[RelatedPartnership]): Other partnerships the sources connect it to.
        sources (list[str]): Ids of the sources behind this partnership.
        evidence (list[Evidence]): Where in the sources this fact is stated.
        updated_in (str): Dataset version in which this resource last changed: the version that added it, or the first
            whose content of it differs from the version before.
    """

    id: str
    title: str
    kind: str
    status: str
    status_history: list[PartnershipStatusEntry]
    certainty: str
    participants: list[Participant]
    scope: list[Claim]
    objectives: list[Claim]
    drivers: list[Driver]
    agreements: list[Agreement]
    events: list[PartnershipEvent]
    timeline: list[TimelineEntry]
    statements: list[PartnershipStatement]
    related: list[RelatedPartnership]
    sources: list[str]
    evidence: list[Evidence]
    updated_in: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        kind = self.kind

        status = self.status

        status_history = []
        for status_history_item_data in self.status_history:
            status_history_item = status_history_item_data.to_dict()
            status_history.append(status_history_item)

        certainty = self.certainty

        participants = []
        for participants_item_data in self.participants:
            participants_item = participants_item_data.to_dict()
            participants.append(participants_item)

        scope = []
        for scope_item_data in self.scope:
            scope_item = scope_item_data.to_dict()
            scope.append(scope_item)

        objectives = []
        for objectives_item_data in self.objectives:
            objectives_item = objectives_item_data.to_dict()
            objectives.append(objectives_item)

        drivers = []
        for drivers_item_data in self.drivers:
            drivers_item = drivers_item_data.to_dict()
            drivers.append(drivers_item)

        agreements = []
        for agreements_item_data in self.agreements:
            agreements_item = agreements_item_data.to_dict()
            agreements.append(agreements_item)

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        timeline = []
        for timeline_item_data in self.timeline:
            timeline_item = timeline_item_data.to_dict()
            timeline.append(timeline_item)

        statements = []
        for statements_item_data in self.statements:
            statements_item = statements_item_data.to_dict()
            statements.append(statements_item)

        related = []
        for related_item_data in self.related:
            related_item = related_item_data.to_dict()
            related.append(related_item)

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
                "title": title,
                "kind": kind,
                "status": status,
                "status_history": status_history,
                "certainty": certainty,
                "participants": participants,
                "scope": scope,
                "objectives": objectives,
                "drivers": drivers,
                "agreements": agreements,
                "events": events,
                "timeline": timeline,
                "statements": statements,
                "related": related,
                "sources": sources,
                "evidence": evidence,
                "updated_in": updated_in,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.agreement import Agreement
        from ..models.claim import Claim
        from ..models.driver import Driver
        from ..models.evidence import Evidence
        from ..models.participant import Participant
        from ..models.partnership_event import PartnershipEvent
        from ..models.partnership_statement import PartnershipStatement
        from ..models.partnership_status_entry import PartnershipStatusEntry
        from ..models.related_partnership import RelatedPartnership
        from ..models.timeline_entry import TimelineEntry

        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        kind = d.pop("kind")

        status = d.pop("status")

        status_history = []
        _status_history = d.pop("status_history")
        for status_history_item_data in _status_history:
            status_history_item = PartnershipStatusEntry.from_dict(
                status_history_item_data
            )

            status_history.append(status_history_item)

        certainty = d.pop("certainty")

        participants = []
        _participants = d.pop("participants")
        for participants_item_data in _participants:
            participants_item = Participant.from_dict(participants_item_data)

            participants.append(participants_item)

        scope = []
        _scope = d.pop("scope")
        for scope_item_data in _scope:
            scope_item = Claim.from_dict(scope_item_data)

            scope.append(scope_item)

        objectives = []
        _objectives = d.pop("objectives")
        for objectives_item_data in _objectives:
            objectives_item = Claim.from_dict(objectives_item_data)

            objectives.append(objectives_item)

        drivers = []
        _drivers = d.pop("drivers")
        for drivers_item_data in _drivers:
            drivers_item = Driver.from_dict(drivers_item_data)

            drivers.append(drivers_item)

        agreements = []
        _agreements = d.pop("agreements")
        for agreements_item_data in _agreements:
            agreements_item = Agreement.from_dict(agreements_item_data)

            agreements.append(agreements_item)

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = PartnershipEvent.from_dict(events_item_data)

            events.append(events_item)

        timeline = []
        _timeline = d.pop("timeline")
        for timeline_item_data in _timeline:
            timeline_item = TimelineEntry.from_dict(timeline_item_data)

            timeline.append(timeline_item)

        statements = []
        _statements = d.pop("statements")
        for statements_item_data in _statements:
            statements_item = PartnershipStatement.from_dict(statements_item_data)

            statements.append(statements_item)

        related = []
        _related = d.pop("related")
        for related_item_data in _related:
            related_item = RelatedPartnership.from_dict(related_item_data)

            related.append(related_item)

        sources = cast(list[str], d.pop("sources"))

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Evidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        updated_in = d.pop("updated_in")

        partnership = cls(
            id=id,
            title=title,
            kind=kind,
            status=status,
            status_history=status_history,
            certainty=certainty,
            participants=participants,
            scope=scope,
            objectives=objectives,
            drivers=drivers,
            agreements=agreements,
            events=events,
            timeline=timeline,
            statements=statements,
            related=related,
            sources=sources,
            evidence=evidence,
            updated_in=updated_in,
        )

        return partnership
