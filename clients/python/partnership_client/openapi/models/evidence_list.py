from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.evidence_meta import EvidenceMeta
    from ..models.links import Links
    from ..models.resource_evidence import ResourceEvidence


T = TypeVar("T", bound="EvidenceList")


@_attrs_define
class EvidenceList:
    """
    Example:
        {'resource': 'partnerships/honda-nissan-ev-collaboration', 'data': [{'source': 'honda-nissan-ev-partnership-
            article', 'quote': 'Honda Motor Co. and Nissan Motor Co. have confirmed entering exploratory talks to
            potentially join forces on next-generation EV development.', 'start': 136, 'end': 276, 'supports':
            ['participants', 'status', 'kind', 'certainty'], 'path': '/evidence/0', 'source_sha256':
            '105e6b3e673471e37d8d5a7c865ac567304dd70c13b7544aa1e8252ba5d1240e'}], 'links': {'self':
            '/v1/evidence?resource=partnerships/honda-nissan-ev-collaboration', 'first':
            '/v1/evidence?resource=partnerships/honda-nissan-ev-collaboration', 'prev': None, 'next': None}, 'meta':
            {'count': 1, 'limit': 20, 'dataset_version': 'e8e21e737984bce6', 'resource': 'partnerships/honda-nissan-ev-
            collaboration'}}

    Attributes:
        resource (str): The resource, as `type/id` (also in `meta.resource`).
        data (list[ResourceEvidence]): This page's items.
        links (Links):  Example: {'self': '/v1/partnerships?organization=honda&limit=1', 'first':
            '/v1/partnerships?organization=honda&limit=1', 'prev': None, 'next': '/v1/partnerships?organization=honda&limit=
            1&cursor=AZnErzBASQEBEGU4ZTIxZTczNzk4NGJjZTYAET0vdjEvcGFydG5lcnNoaXBzBWxpbWl0Aj0xDG9yZ2FuaXphdGlvbgY9aG9uZGEEc29
            ydAM9aWQ'}.
        meta (EvidenceMeta):  Example: {'count': 1, 'limit': 20, 'dataset_version': 'e8e21e737984bce6', 'resource':
            'partnerships/honda-nissan-ev-collaboration'}.
    """

    resource: str
    data: list[ResourceEvidence]
    links: Links
    meta: EvidenceMeta

    def to_dict(self) -> dict[str, Any]:
        resource = self.resource

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        links = self.links.to_dict()

        meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "resource": resource,
                "data": data,
                "links": links,
                "meta": meta,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence_meta import EvidenceMeta
        from ..models.links import Links
        from ..models.resource_evidence import ResourceEvidence

        d = dict(src_dict)
        resource = d.pop("resource")

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = ResourceEvidence.from_dict(data_item_data)

            data.append(data_item)

        links = Links.from_dict(d.pop("links"))

        meta = EvidenceMeta.from_dict(d.pop("meta"))

        evidence_list = cls(
            resource=resource,
            data=data,
            links=links,
            meta=meta,
        )

        return evidence_list
