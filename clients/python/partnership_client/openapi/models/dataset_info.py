from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.dataset_counts import DatasetCounts
    from ..models.dataset_source import DatasetSource


T = TypeVar("T", bound="DatasetInfo")


@_attrs_define
class DatasetInfo:
    """
    Example:
        {'version': 'e8e21e737984bce6', 'loaded_at': '2026-01-01T00:00:00+00:00', 'counts': {'organizations': 6,
            'partnerships': 3, 'events': 3, 'statements': 2, 'products': 1, 'sources': 1}, 'sources': [{'id': 'honda-nissan-
            ev-partnership-article', 'sha256': '105e6b3e673471e37d8d5a7c865ac567304dd70c13b7544aa1e8252ba5d1240e'}]}

    Attributes:
        version (str): Content hash of the dataset: changes whenever any served fact changes.
        loaded_at (datetime.datetime): When this dataset was built, UTC.
        counts (DatasetCounts):  Example: {'organizations': 6, 'partnerships': 3, 'events': 3, 'statements': 2,
            'products': 1, 'sources': 1}.
        sources (list[DatasetSource]): Sources the dataset was built from.
    """

    version: str
    loaded_at: datetime.datetime
    counts: DatasetCounts
    sources: list[DatasetSource]

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        loaded_at = self.loaded_at.isoformat()

        counts = self.counts.to_dict()

        sources = []
        for sources_item_data in self.sources:
            sources_item = sources_item_data.to_dict()
            sources.append(sources_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "version": version,
                "loaded_at": loaded_at,
                "counts": counts,
                "sources": sources,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.dataset_counts import DatasetCounts
        from ..models.dataset_source import DatasetSource

        d = dict(src_dict)
        version = d.pop("version")

        loaded_at = datetime.datetime.fromisoformat(d.pop("loaded_at"))

        counts = DatasetCounts.from_dict(d.pop("counts"))

        sources = []
        _sources = d.pop("sources")
        for sources_item_data in _sources:
            sources_item = DatasetSource.from_dict(sources_item_data)

            sources.append(sources_item)

        dataset_info = cls(
            version=version,
            loaded_at=loaded_at,
            counts=counts,
            sources=sources,
        )

        return dataset_info
