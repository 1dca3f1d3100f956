from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PageMeta")


@_attrs_define
class PageMeta:
    """
    Example:
        {'count': 2, 'limit': 1, 'dataset_version': 'e8e21e737984bce6'}

    Attributes:
        count (int): Items matching the query, over all pages.
        limit (int): Page size used.
        dataset_version (str): Dataset version this page was read from.
    """

    count: int
    limit: int
    dataset_version: str

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        limit = self.limit

        dataset_version = self.dataset_version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "count": count,
                "limit": limit,
                "dataset_version": dataset_version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        count = d.pop("count")

        limit = d.pop("limit")

        dataset_version = d.pop("dataset_version")

        page_meta = cls(
            count=count,
            limit=limit,
            dataset_version=dataset_version,
        )

        return page_meta
