from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.event_in_list import EventInList
    from ..models.links import Links
    from ..models.page_meta import PageMeta


T = TypeVar("T", bound="EventPage")


@_attrs_define
class EventPage:
    """
    Example:
        {'data': [{'id': 'honda-nissan-mou-signed', 'type': 'agreement-signed', 'partnership': 'honda-nissan-ev-
            collaboration', 'agreement': 'honda-nissan-ev-mou', 'organizations': ['honda', 'nissan'], 'certainty': 'stated',
            'date': {'text': 'this week', 'precision': 'week', 'relative': True, 'resolved': None}, 'summary': 'Honda and
            Nissan sign a memorandum of understanding on a shared EV platform study.', 'sources': ['honda-nissan-ev-
            partnership-article'], 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'The two Japanese
            automotive titans signed a memorandum of understanding this week', 'start': 346, 'end': 427, 'supports': []}],
            'updated_in': 'e8e21e737984bce6'}], 'links': {'self': '/v1/partnerships?organization=honda&limit=1', 'first':
            '/v1/partnerships?organization=honda&limit=1', 'prev': None, 'next': '/v1/partnerships?organization=honda&limit=
            1&cursor=AZnErzBASQEBEGU4ZTIxZTczNzk4NGJjZTYAET0vdjEvcGFydG5lcnNoaXBzBWxpbWl0Aj0xDG9yZ2FuaXphdGlvbgY9aG9uZGEEc29
            ydAM9aWQ'}, 'meta': {'count': 2, 'limit': 1, 'dataset_version': 'e8e21e737984bce6'}}

    Attributes:
        data (list[EventInList]): This page's items.
        links (Links):  Example: {'self': '/v1/partnerships?organization=honda&limit=1', 'first':
            '/v1/partnerships?organization=honda&limit=1', 'prev': None, 'next': '/v1/partnerships?organization=honda&limit=
            1&cursor=AZnErzBASQEBEGU4ZTIxZTczNzk4NGJjZTYAET0vdjEvcGFydG5lcnNoaXBzBWxpbWl0Aj0xDG9yZ2FuaXphdGlvbgY9aG9uZGEEc29
            ydAM9aWQ'}.
        meta (PageMeta):  Example: {'count': 2, 'limit': 1, 'dataset_version': 'e8e21e737984bce6'}.
    """

    data: list[EventInList]
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
        from ..models.event_in_list import EventInList
        from ..models.links import Links
        from ..models.page_meta import PageMeta

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = EventInList.from_dict(data_item_data)

            data.append(data_item)

        links = Links.from_dict(d.pop("links"))

        meta = PageMeta.from_dict(d.pop("meta"))

        event_page = cls(
            data=data,
            links=links,
            meta=meta,
        )

        return event_page
