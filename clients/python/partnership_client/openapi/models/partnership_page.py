from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.links import Links
    from ..models.page_meta import PageMeta
    from ..models.partnership_in_list import PartnershipInList


T = TypeVar("T", bound="PartnershipPage")


@_attrs_define
class PartnershipPage:
    """
    Example:
        {'data': [{'id': 'honda-nissan-ev-collaboration', 'title': 'Honda and Nissan next-generation EV collaboration',
            'kind': 'joint-development', 'status': 'exploratory', 'status_history': [{'position': 1, 'value': 'exploratory',
            'date': None, 'dated_by': None, 'source': 'honda-nissan-ev-partnership-article', 'follows': None, 'certainty':
            'hedged', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'Honda Motor Co. and Nissan
            Motor Co. have confirmed entering exploratory talks to potentially join forces on next-generation EV
            development.', 'start': 136, 'end': 276, 'supports': ['value', 'certainty']}, {'source': 'honda-nissan-ev-
            partnership-article', 'quote': 'While still in its nascency, the prospective collaboration', 'start': 739,
            'end': 797, 'supports': ['value']}]}], 'certainty': 'hedged', 'participants': [{'organization': 'honda', 'name':
            'Honda Motor Co.', 'role': 'memorandum-signatory'}, {'organization': 'nissan', 'name': 'Nissan Motor Co.',
            'role': 'memorandum-signatory'}], 'scope': [{'id': 'shared-ev-platform', 'label': 'Evaluating the feasibility of
            jointly designing and engineering a shared electric vehicle platform', 'certainty': 'hedged', 'evidence':
            [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'formalizing their intent to evaluate the
            feasibility of jointly designing and engineering a shared electric vehicle platform', 'start': 429, 'end': 553,
            'supports': []}]}, {'id': 'core-components', 'label': 'Evaluating the feasibility of jointly designing and
            engineering the core components associated with the shared platform', 'certainty': 'hedged', 'evidence':
            [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'evaluate the feasibility of jointly designing and
            engineering a shared electric vehicle platform and associated core components', 'start': 457, 'end': 584,
            'supports': []}]}, {'id': 'software-safety', 'label': 'Collaborative software development for safety',
            'certainty': 'hedged', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'The scope could
            extend to collaborative software development efforts across safety, autonomous driving, and other cutting-edge
            automotive technologies.', 'start': 586, 'end': 737, 'supports': []}]}, {'id': 'software-autonomous-driving',
            'label': 'Collaborative software development for autonomous driving', 'certainty': 'hedged', 'evidence':
            [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'The scope could extend to collaborative software
            development efforts across safety, autonomous driving, and other cutting-edge automotive technologies.',
            'start': 586, 'end': 737, 'supports': []}]}, {'id': 'software-other-technologies', 'label': 'Collaborative
            software development for other cutting-edge automotive technologies', 'certainty': 'hedged', 'evidence':
            [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'The scope could extend to collaborative software
            development efforts across safety, autonomous driving, and other cutting-edge automotive technologies.',
            'start': 586, 'end': 737, 'supports': []}]}], 'objectives': [{'id': 'accelerate-innovation', 'label':
            'Accelerate innovation cycles', 'certainty': 'stated', 'evidence': [{'source': 'honda-nissan-ev-partnership-
            article', 'quote': 'Honda and Nissan aim to accelerate innovation cycles', 'start': 987, 'end': 1039,
            'supports': []}]}, {'id': 'reduce-development-costs', 'label': 'Reduce prohibitive research and development
            costs', 'certainty': 'stated', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'reduce
            prohibitive research and development costs', 'start': 1041, 'end': 1090, 'supports': []}]}, {'id': 'enhance-
            competitiveness', 'label': 'Enhance competitiveness within the swiftly electrifying global marketplace',
            'certainty': 'stated', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'enhance
            competitiveness within the swiftly electrifying global marketplace', 'start': 1096, 'end': 1170, 'supports':
            []}]}, {'id': 'sustainable-mobility', 'label': 'Hasten sustainable mobility solutions', 'certainty': 'stated',
            'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'articulating a unified vision of
            hastening sustainable mobility solutions', 'start': 1298, 'end': 1371, 'supports': []}]}, {'id': 'zero-traffic-
            fatalities', 'label': 'Achieve zero traffic-accident fatalities', 'certainty': 'stated', 'evidence': [{'source':
            'honda-nissan-ev-partnership-article', 'quote': 'key goal of achieving zero traffic-accident fatalities',
            'start': 1403, 'end': 1457, 'supports': []}]}], 'drivers': [{'id': 'chinese-competition', 'label': 'Mounting
            Chinese competition', 'certainty': 'stated', 'evidence': [{'source': 'honda-nissan-ev-partnership-article',
            'quote': 'the intensifying pressures major automakers face from mounting Chinese competition', 'start': 807,
            'end': 889, 'supports': []}], 'kind': 'market-pressure', 'organizations': []}, {'id': 'rival-ev-programs',
            'label': 'The ambitious EV programs of Volkswagen and Stellantis', 'certainty': 'stated', 'evidence':
            [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'the ambitious EV programs of behemoths like
            Volkswagen and Stellantis', 'start': 894, 'end': 963, 'supports': []}], 'kind': 'competitor', 'organizations':
            ['volkswagen', 'stellantis']}, {'id': 'self-reliance-risk', 'label': 'Continued self-reliance could jeopardize
            keeping pace with industry shifts', 'certainty': 'hedged', 'evidence': [{'source': 'honda-nissan-ev-partnership-
            article', 'quote': 'continued self-reliance could jeopardize their ability to keep pace amidst tectonic industry
            shifts', 'start': 1891, 'end': 1990, 'supports': []}], 'kind': 'strategic-risk', 'organizations': ['honda',
            'nissan']}, {'id': 'honda-partnership-need', 'label': 'Honda needs strategic partnerships as it prepares
            upcoming electric offerings', 'certainty': 'stated', 'evidence': [{'source': 'honda-nissan-ev-partnership-
            article', 'quote': 'securing strategic partnerships is pivotal as it prepares upcoming electric offerings like
            the Prologue SUV', 'start': 1525, 'end': 1632, 'supports': []}], 'kind': 'strategic-need', 'organizations':
            ['honda']}, {'id': 'nissan-scale-benefit', 'label': 'Nissan stands to benefit from expanded scale and shared
            financial burdens', 'certainty': 'hedged', 'evidence': [{'source': 'honda-nissan-ev-partnership-article',
            'quote': 'stands to benefit from expanded scale and shared financial burdens', 'start': 1696, 'end': 1762,
            'supports': []}], 'kind': 'expected-benefit', 'organizations': ['nissan']}], 'agreements': [{'id': 'honda-
            nissan-ev-mou', 'type': 'memorandum-of-understanding', 'state': 'signed', 'state_history': [{'position': 1,
            'value': 'signed', 'date': None, 'dated_by': None, 'source': 'honda-nissan-ev-partnership-article', 'follows':
            None, 'certainty': 'stated', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'signed a
            memorandum of understanding this week, formalizing their intent to evaluate the feasibility of jointly designing
            and engineering a shared electric vehicle platform and associated core components', 'start': 381, 'end': 584,
            'supports': []}]}], 'certainty': 'stated', 'parties': ['honda', 'nissan'], 'date': {'text': 'this week',
            'precision': 'week', 'relative': True, 'resolved': None}, 'summary': 'Formalizes the intent to evaluate the
            feasibility of jointly designing and engineering a shared electric vehicle platform and associated core
            components.', 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'signed a memorandum of
            understanding this week, formalizing their intent to evaluate the feasibility of jointly designing and
            engineering a shared electric vehicle platform and associated core components', 'start': 381, 'end': 584,
            'supports': []}]}, {'id': 'honda-nissan-ev-final-agreement', 'type': 'definitive-agreement', 'state': 'not-
            reached', 'state_history': [{'position': 1, 'value': 'not-reached', 'date': None, 'dated_by': None, 'source':
            'honda-nissan-ev-partnership-article', 'follows': None, 'certainty': 'hedged', 'evidence': [{'source': 'honda-
            nissan-ev-partnership-article', 'quote': 'A finalized agreement, if reached, would catalyze streamlined EV
            programs and next-generation automotive software.', 'start': 1992, 'end': 2106, 'supports': []}, {'source':
            'honda-nissan-ev-partnership-article', 'quote': 'concrete details remain sparse pending productive
            negotiations', 'start': 1771, 'end': 1833, 'supports': []}]}], 'certainty': 'hedged', 'parties': ['honda',
            'nissan'], 'date': None, 'summary': 'If reached, would catalyze streamlined EV programs and next-generation
            automotive software; concrete details are pending negotiations.', 'evidence': [{'source': 'honda-nissan-ev-
            partnership-article', 'quote': 'A finalized agreement, if reached, would catalyze streamlined EV programs and
            next-generation automotive software.', 'start': 1992, 'end': 2106, 'supports': []}, {'source': 'honda-nissan-ev-
            partnership-article', 'quote': 'concrete details remain sparse pending productive negotiations', 'start': 1771,
            'end': 1833, 'supports': []}]}], 'events': [{'id': 'honda-nissan-exploratory-talks-confirmed', 'type': 'talks-
            confirmed', 'partnership': 'honda-nissan-ev-collaboration', 'agreement': None, 'organizations': ['honda',
            'nissan'], 'certainty': 'stated', 'date': None, 'summary': 'Honda and Nissan confirm exploratory talks on next-
            generation EV development.', 'sources': ['honda-nissan-ev-partnership-article'], 'evidence': [{'source': 'honda-
            nissan-ev-partnership-article', 'quote': 'have confirmed entering exploratory talks to potentially join forces
            on next-generation EV development', 'start': 173, 'end': 275, 'supports': []}]}, {'id': 'honda-nissan-mou-
            signed', 'type': 'agreement-signed', 'partnership': 'honda-nissan-ev-collaboration', 'agreement': 'honda-nissan-
            ev-mou', 'organizations': ['honda', 'nissan'], 'certainty': 'stated', 'date': {'text': 'this week', 'precision':
            'week', 'relative': True, 'resolved': None}, 'summary': 'Honda and Nissan sign a memorandum of understanding on
            a shared EV platform study.', 'sources': ['honda-nissan-ev-partnership-article'], 'evidence': [{'source':
            'honda-nissan-ev-partnership-article', 'quote': 'The two Japanese automotive titans signed a memorandum of
            understanding this week', 'start': 346, 'end': 427, 'supports': []}]}], 'timeline': [{'position': 1, 'event':
            'honda-nissan-mou-signed', 'type': 'agreement-signed', 'summary': 'Honda and Nissan sign a memorandum of
            understanding on a shared EV platform study.', 'certainty': 'stated', 'date': {'text': 'this week', 'precision':
            'week', 'relative': True, 'resolved': None}, 'evidence': [{'source': 'honda-nissan-ev-partnership-article',
            'quote': 'The two Japanese automotive titans signed a memorandum of understanding this week', 'start': 346,
            'end': 427, 'supports': []}]}, {'position': None, 'event': 'honda-nissan-exploratory-talks-confirmed', 'type':
            'talks-confirmed', 'summary': 'Honda and Nissan confirm exploratory talks on next-generation EV development.',
            'certainty': 'stated', 'date': None, 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote':
            'have confirmed entering exploratory talks to potentially join forces on next-generation EV development',
            'start': 173, 'end': 275, 'supports': []}]}], 'statements': [{'id': 'honda-nissan-complementary-relationship',
            'partnership': 'honda-nissan-ev-collaboration', 'speakers': ['honda', 'nissan'], 'attribution': 'joint
            statement', 'quote': 'This mutually complementary relationship will become increasingly indispensable',
            'sources': ['honda-nissan-ev-partnership-article'], 'evidence': [{'source': 'honda-nissan-ev-partnership-
            article', 'quote': 'This mutually complementary relationship will become increasingly indispensable', 'start':
            1192, 'end': 1271, 'supports': ['quote']}, {'source': 'honda-nissan-ev-partnership-article', 'quote': 'read a
            joint statement', 'start': 1274, 'end': 1296, 'supports': []}]}, {'id': 'honda-nissan-zero-fatalities-goal',
            'partnership': 'honda-nissan-ev-collaboration', 'speakers': ['honda', 'nissan'], 'attribution': 'joint
            statement', 'quote': 'key goal of achieving zero traffic-accident fatalities', 'sources': ['honda-nissan-ev-
            partnership-article'], 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'key goal of
            achieving zero traffic-accident fatalities', 'start': 1403, 'end': 1457, 'supports': ['quote']}, {'source':
            'honda-nissan-ev-partnership-article', 'quote': 'read a joint statement, articulating a unified vision of
            hastening sustainable mobility solutions while progressing towards the', 'start': 1274, 'end': 1401, 'supports':
            []}]}], 'related': [{'partnership': 'honda-general-motors-ev-ties', 'title': 'Honda and General Motors EV ties',
            'relation': 'participant-former-partnership', 'evidence': [{'source': 'honda-nissan-ev-partnership-article',
            'quote': 'For Honda, which severed EV ties with General Motors last year, securing strategic partnerships is
            pivotal', 'start': 1461, 'end': 1567, 'supports': []}]}, {'partnership': 'nissan-renault-alliance', 'title':
            'Nissan and Renault alliance', 'relation': 'participant-existing-partnership', 'evidence': [{'source': 'honda-
            nissan-ev-partnership-article', 'quote': 'Nissan, already entrenched through its alliance with Renault',
            'start': 1634, 'end': 1694, 'supports': []}]}], 'sources': ['honda-nissan-ev-partnership-article'], 'evidence':
            [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'Honda Motor Co. and Nissan Motor Co. have confirmed
            entering exploratory talks to potentially join forces on next-generation EV development.', 'start': 136, 'end':
            276, 'supports': ['participants', 'status', 'kind', 'certainty']}, {'source': 'honda-nissan-ev-partnership-
            article', 'quote': 'The two Japanese automotive titans signed a memorandum of understanding this week', 'start':
            346, 'end': 427, 'supports': ['participants']}, {'source': 'honda-nissan-ev-partnership-article', 'quote':
            'While still in its nascency, the prospective collaboration', 'start': 739, 'end': 797, 'supports':
            ['status']}], 'updated_in': 'e8e21e737984bce6'}], 'links': {'self':
            '/v1/partnerships?organization=honda&limit=1', 'first': '/v1/partnerships?organization=honda&limit=1', 'prev':
            None, 'next': '/v1/partnerships?organization=honda&limit=1&cursor=AZnErzBASQEBEGU4ZTIxZTczNzk4NGJjZTYAET0vdjEvcG
            FydG5lcnNoaXBzBWxpbWl0Aj0xDG9yZ2FuaXphdGlvbgY9aG9uZGEEc29ydAM9aWQ'}, 'meta': {'count': 2, 'limit': 1,
            'dataset_version': 'e8e21e737984bce6'}}

    Attributes:
        data (list[PartnershipInList]): This page's items.
        links (Links):  Example: {'self': '/v1/partnerships?organization=honda&limit=1', 'first':
            '/v1/partnerships?organization=honda&limit=1', 'prev': None, 'next': '/v1/partnerships?organization=honda&limit=
            1&cursor=AZnErzBASQEBEGU4ZTIxZTczNzk4NGJjZTYAET0vdjEvcGFydG5lcnNoaXBzBWxpbWl0Aj0xDG9yZ2FuaXphdGlvbgY9aG9uZGEEc29
            ydAM9aWQ'}.
        meta (PageMeta):  Example: {'count': 2, 'limit': 1, 'dataset_version': 'e8e21e737984bce6'}.
    """

    data: list[PartnershipInList]
    links: Links
    meta: PageMeta

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        links = self.links.to_dict()

        meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "links": links,
                "meta": meta,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.links import Links
        from ..models.page_meta import PageMeta
        from ..models.partnership_in_list import PartnershipInList

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = PartnershipInList.from_dict(data_item_data)

            data.append(data_item)

        links = Links.from_dict(d.pop("links"))

        meta = PageMeta.from_dict(d.pop("meta"))

        partnership_page = cls(
            data=data,
            links=links,
            meta=meta,
        )

        return partnership_page
