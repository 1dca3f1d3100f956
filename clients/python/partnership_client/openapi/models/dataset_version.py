from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.dataset_counts import DatasetCounts
    from ..models.version_file import VersionFile


T = TypeVar("T", bound="DatasetVersion")


@_attrs_define
class DatasetVersion:
    """
    Example:
        {'version': 'e8e21e737984bce6', 'current': True, 'published_at': '2026-01-01T00:00:00+00:00', 'loaded_at':
            '2026-01-01T00:00:00+00:00', 'counts': {'organizations': 6, 'partnerships': 3, 'events': 3, 'statements': 2,
            'products': 1, 'sources': 1}, 'files': [{'path': 'honda-nissan-ev-partnership-article.yaml', 'sha256':
            '2e6063ad7515564d2a99d9d72ff575002b00d39bfa498a0679baad02ba691ac4'}, {'path': 'sources/honda-nissan-ev-
            partnership-article.txt', 'sha256': '105e6b3e673471e37d8d5a7c865ac567304dd70c13b7544aa1e8252ba5d1240e'}]}

    Attributes:
        version (str): The version's content hash.
        current (bool): True for the version being served.
        published_at (datetime.datetime): When it was last made current, UTC.
        loaded_at (datetime.datetime): When it was built from its files, UTC.
        counts (DatasetCounts):  Example: {'organizations': 6, 'partnerships': 3, 'events': 3, 'statements': 2,
            'products': 1, 'sources': 1}.
        files (list[VersionFile]): Seed files and source texts it was built from.
    """

    version: str
    current: bool
    published_at: datetime.datetime
    loaded_at: datetime.datetime
    counts: DatasetCounts
    files: list[VersionFile]

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        current = self.current

        published_at = self.published_at.isoformat()

        loaded_at = self.loaded_at.isoformat()

        counts = self.counts.to_dict()

        files = []
        for files_item_data in self.files:
            files_item = files_item_data.to_dict()
            files.append(files_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "version": version,
                "current": current,
                "published_at": published_at,
                "loaded_at": loaded_at,
                "counts": counts,
                "files": files,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.dataset_counts import DatasetCounts
        from ..models.version_file import VersionFile

        d = dict(src_dict)
        version = d.pop("version")

        current = d.pop("current")

        published_at = datetime.datetime.fromisoformat(d.pop("published_at"))

        loaded_at = datetime.datetime.fromisoformat(d.pop("loaded_at"))

        counts = DatasetCounts.from_dict(d.pop("counts"))

        files = []
        _files = d.pop("files")
        for files_item_data in _files:
            files_item = VersionFile.from_dict(files_item_data)

            files.append(files_item)

        dataset_version = cls(
            version=version,
            current=current,
            published_at=published_at,
            loaded_at=loaded_at,
            counts=counts,
            files=files,
        )

        return dataset_version
