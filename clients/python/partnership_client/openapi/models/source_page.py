from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.links import Links
    from ..models.page_meta import PageMeta
    from ..models.source_summary_in_list import SourceSummaryInList


T = TypeVar("T", bound="SourcePage")


@_attrs_define
class SourcePage:
    """
    Example:
        {'data': [{'id': 'honda-nissan-ev-partnership-article', 'title': 'Honda and Nissan Explore EV Partnership to
            Enhance Competitiveness', 'kind': 'news-article', 'publisher': None, 'published': None, 'url': None, 'sha256':
            '105e6b3e673471e37d8d5a7c865ac567304dd70c13b7544aa1e8252ba5d1240e', 'length': 2106, 'updated_in':
            'e8e21e737984bce6'}], 'links': {'self': '/v1/partnerships?organization=honda&limit=1', 'first':
            '/v1/partnerships?organization=honda&limit=1', 'prev': None, 'next': '/v1/partnerships?organization=honda&limit=
            1&cursor=AZnErzBASQEBEGU4ZTIxZTczNzk4NGJjZTYAET0vdjEvcGFydG5lcnNoaXBzBWxpbWl0Aj0xDG9yZ2FuaXphdGlvbgY9aG9uZGEEc29
            ydAM9aWQ'}, 'meta': {'count': 2, 'limit': 1, 'dataset_version': 'e8e21e737984bce6'}}

    Attributes:
        data (list[SourceSummaryInList]): This page's items.
        links (Links):  Example: {'self': '/v1/partnerships?organization=honda&limit=1', 'first':
            '/v1/partnerships?organization=honda&limit=1', 'prev': None, 'next': '/v1/partnerships?organization=honda&limit=
            1&cursor=AZnErzBASQEBEGU4ZTIxZTczNzk4NGJjZTYAET0vdjEvcGFydG5lcnNoaXBzBWxpbWl0Aj0xDG9yZ2FuaXphdGlvbgY9aG9uZGEEc29
            ydAM9aWQ'}.
        meta (PageMeta):  Example: {'count': 2, 'limit': 1, 'dataset_version': 'e8e21e737984bce6'}.
    """

    data: list[SourceSummaryInList]
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
        from ..models.source_summary_in_list import SourceSummaryInList

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = SourceSummaryInList.from_dict(data_item_data)

            data.append(data_item)

        links = Links.from_dict(d.pop("links"))

        meta = PageMeta.from_dict(d.pop("meta"))

        source_page = cls(
            data=data,
            links=links,
            meta=meta,
        )

        return source_page
