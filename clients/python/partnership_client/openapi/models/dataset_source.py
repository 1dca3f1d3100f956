from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DatasetSource")


@_attrs_define
class DatasetSource:
    """
    Example:
        {'id': 'honda-nissan-ev-partnership-article', 'sha256':
            '105e6b3e673471e37d8d5a7c865ac567304dd70c13b7544aa1e8252ba5d1240e'}

    Attributes:
        id (str): Source id.
        sha256 (str): SHA-256 of its text.
    """

    id: str
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        sha256 = self.sha256

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "sha256": sha256,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        sha256 = d.pop("sha256")

        dataset_source = cls(
            id=id,
            sha256=sha256,
        )

        return dataset_source
