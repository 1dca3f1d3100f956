from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.dataset_version import DatasetVersion
    from ..models.links import Links
    from ..models.page_meta import PageMeta


T = TypeVar("T", bound="DatasetVersionList")


@_attrs_define
class DatasetVersionList:
    """
    Example:
        {'data': [{'version': 'e8e21e737984bce6', 'current': True, 'published_at': '2026-01-01T00:00:00+00:00',
            'loaded_at': '2026-01-01T00:00:00+00:00', 'counts': {'organizations': 6, 'partnerships': 3, 'events': 3,
            'statements': 2, 'products': 1, 'sources': 1}, 'files': [{'path': 'honda-nissan-ev-partnership-article.yaml',
            'sha256': '2e6063ad7515564d2a99d9d72ff575002b00d39bfa498a0679baad02ba691ac4'}, {'path': 'sources/honda-nissan-
            ev-partnership-article.txt', 'sha256': '105e6b3e673471e37d8d5a7c865ac567304dd70c13b7544aa1e8252ba5d1240e'}]}],
            'links': {'self': '/v1/dataset/versions', 'first': '/v1/dataset/versions', 'prev': None, 'next': None}, 'meta':
            {'count': 1, 'limit': 20, 'dataset_version': 'e8e21e737984bce6'}}

    Attributes:
        data (list[DatasetVersion]): This page's items.
        links (Links):  Example: {'self': '/v1/partnerships?organization=honda&limit=1', 'first':
            '/v1/partnerships?organization=honda&limit=1', 'prev': None, 'next': '/v1/partnerships?organization=honda&limit=
            1&cursor=AZnErzBASQEBEGU4ZTIxZTczNzk4NGJjZTYAET0vdjEvcGFydG5lcnNoaXBzBWxpbWl0Aj0xDG9yZ2FuaXphdGlvbgY9aG9uZGEEc29
            ydAM9aWQ'}.
        meta (PageMeta):  Example: {'count': 2, 'limit': 1, 'dataset_version': 'e8e21e737984bce6'}.
    """

    data: list[DatasetVersion]
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
        from ..models.dataset_version import DatasetVersion
        from ..models.links import Links
        from ..models.page_meta import PageMeta

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = DatasetVersion.from_dict(data_item_data)

            data.append(data_item)

        links = Links.from_dict(d.pop("links"))

        meta = PageMeta.from_dict(d.pop("meta"))

        dataset_version_list = cls(
            data=data,
            links=links,
            meta=meta,
        )

        return dataset_version_list
