from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.change import Change
    from ..models.change_meta import ChangeMeta
    from ..models.links import Links


T = TypeVar("T", bound="ChangePage")


@_attrs_define
class ChangePage:
    """
    Example:
        {'data': [{'type': 'partnerships', 'id': 'honda-nissan-ev-collaboration', 'change': 'changed', 'etag':
            '9926e94fb8a8d74a437971c86bd31cff-e8e21e737984bce6', 'updated_in': 'e8e21e737984bce6', 'href':
            '/v1/partnerships/honda-nissan-ev-collaboration'}], 'links': {'self': '/v1/changes?since=0f1e2d3c4b5a6978',
            'first': '/v1/changes?since=0f1e2d3c4b5a6978', 'prev': None, 'next': None}, 'meta': {'count': 1, 'limit': 20,
            'dataset_version': 'e8e21e737984bce6', 'since': '0f1e2d3c4b5a6978', 'until': 'e8e21e737984bce6'}}

    Attributes:
        data (list[Change]): This page's items.
        links (Links):  Example: {'self': '/v1/partnerships?organization=honda&limit=1', 'first':
            '/v1/partnerships?organization=honda&limit=1', 'prev': None, 'next': '/v1/partnerships?organization=honda&limit=
            1&cursor=AZnErzBASQEBEGU4ZTIxZTczNzk4NGJjZTYAET0vdjEvcGFydG5lcnNoaXBzBWxpbWl0Aj0xDG9yZ2FuaXphdGlvbgY9aG9uZGEEc29
            ydAM9aWQ'}.
        meta (ChangeMeta):  Example: {'count': 1, 'limit': 20, 'dataset_version': 'e8e21e737984bce6', 'since':
            '0f1e2d3c4b5a6978', 'until': 'e8e21e737984bce6'}.
    """

    data: list[Change]
    links: Links
    meta: ChangeMeta

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
        from ..models.change import Change
        from ..models.change_meta import ChangeMeta
        from ..models.links import Links

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = Change.from_dict(data_item_data)

            data.append(data_item)

        links = Links.from_dict(d.pop("links"))

        meta = ChangeMeta.from_dict(d.pop("meta"))

        change_page = cls(
            data=data,
            links=links,
            meta=meta,
        )

        return change_page
