from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ChangeMeta")


@_attrs_define
class ChangeMeta:
    """
    Example:
        {'count': 1, 'limit': 20, 'dataset_version': 'e8e21e737984bce6', 'since': '0f1e2d3c4b5a6978', 'until':
            'e8e21e737984bce6'}

    Attributes:
        count (int): Items matching the query, over all pages.
        limit (int): Page size used.
        dataset_version (str): Dataset version this page was read from.
        since (str): The version the changes are counted from.
        until (str): The version the changes are counted to: the `until` asked for, or the current version
            (`dataset_version`) when none was.
    """

    count: int
    limit: int
    dataset_version: str
    since: str
    until: str

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        limit = self.limit

        dataset_version = self.dataset_version

        since = self.since

        until = self.until

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "count": count,
                "limit": limit,
                "dataset_version": dataset_version,
                "since": since,
                "until": until,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        count = d.pop("count")

        limit = d.pop("limit")

        dataset_version = d.pop("dataset_version")

        since = d.pop("since")

        until = d.pop("until")

        change_meta = cls(
            count=count,
            limit=limit,
            dataset_version=dataset_version,
            since=since,
            until=until,
        )

        return change_meta
