from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="EvidenceMeta")


@_attrs_define
class EvidenceMeta:
    """
    Example:
        {'count': 1, 'limit': 20, 'dataset_version': 'e8e21e737984bce6', 'resource': 'partnerships/honda-nissan-ev-
            collaboration'}

    Attributes:
        count (int): Items matching the query, over all pages.
        limit (int): Page size used.
        dataset_version (str): Dataset version this page was read from.
        resource (str): The resource, as `type/id`.
    """

    count: int
    limit: int
    dataset_version: str
    resource: str

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        limit = self.limit

        dataset_version = self.dataset_version

        resource = self.resource

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "count": count,
                "limit": limit,
                "dataset_version": dataset_version,
                "resource": resource,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        count = d.pop("count")

        limit = d.pop("limit")

        dataset_version = d.pop("dataset_version")

        resource = d.pop("resource")

        evidence_meta = cls(
            count=count,
            limit=limit,
            dataset_version=dataset_version,
            resource=resource,
        )

        return evidence_meta
