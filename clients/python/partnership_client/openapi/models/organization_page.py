from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.links import Links
    from ..models.organization_in_list import OrganizationInList
    from ..models.page_meta import PageMeta


T = TypeVar("T", bound="OrganizationPage")


@_attrs_define
class OrganizationPage:
    """
    Example:
        {'data': [{'id': 'honda', 'name': 'Honda Motor Co.', 'short_name': 'Honda', 'aliases': [], 'country': 'JP',
            'kind': 'automaker', 'partnerships': [{'id': 'honda-general-motors-ev-ties', 'title': 'Honda and General Motors
            EV ties', 'status': 'terminated', 'role': 'partner'}, {'id': 'honda-nissan-ev-collaboration', 'title': 'Honda
            and Nissan next-generation EV collaboration', 'status': 'exploratory', 'role': 'memorandum-signatory'}],
            'products': ['honda-prologue'], 'sources': ['honda-nissan-ev-partnership-article'], 'evidence': [{'source':
            'honda-nissan-ev-partnership-article', 'quote': 'Honda Motor Co.', 'start': 136, 'end': 151, 'supports':
            ['name']}, {'source': 'honda-nissan-ev-partnership-article', 'quote': 'The two Japanese automotive titans',
            'start': 346, 'end': 380, 'supports': ['country', 'kind']}], 'updated_in': 'e8e21e737984bce6'}], 'links':
            {'self': '/v1/partnerships?organization=honda&limit=1', 'first': '/v1/partnerships?organization=honda&limit=1',
            'prev': None, 'next': '/v1/partnerships?organization=honda&limit=1&cursor=AZnErzBASQEBEGU4ZTIxZTczNzk4NGJjZTYAET
            0vdjEvcGFydG5lcnNoaXBzBWxpbWl0Aj0xDG9yZ2FuaXphdGlvbgY9aG9uZGEEc29ydAM9aWQ'}, 'meta': {'count': 2, 'limit': 1,
            'dataset_version': 'e8e21e737984bce6'}}

    Attributes:
        data (list[OrganizationInList]): This page's items.
        links (Links):  Example: {'self': '/v1/partnerships?organization=honda&limit=1', 'first':
            '/v1/partnerships?organization=honda&limit=1', 'prev': None, 'next': '/v1/partnerships?organization=honda&limit=
            1&cursor=AZnErzBASQEBEGU4ZTIxZTczNzk4NGJjZTYAET0vdjEvcGFydG5lcnNoaXBzBWxpbWl0Aj0xDG9yZ2FuaXphdGlvbgY9aG9uZGEEc29
            ydAM9aWQ'}.
        meta (PageMeta):  Example: {'count': 2, 'limit': 1, 'dataset_version': 'e8e21e737984bce6'}.
    """

    data: list[OrganizationInList]
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
        from ..models.organization_in_list import OrganizationInList
        from ..models.page_meta import PageMeta

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = OrganizationInList.from_dict(data_item_data)

            data.append(data_item)

        links = Links.from_dict(d.pop("links"))

        meta = PageMeta.from_dict(d.pop("meta"))

        organization_page = cls(
            data=data,
            links=links,
            meta=meta,
        )

        return organization_page
