from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="VersionFile")


@_attrs_define
class VersionFile:
    """
    Example:
        {'path': 'honda-nissan-ev-partnership-article.yaml', 'sha256':
            '2e6063ad7515564d2a99d9d72ff575002b00d39bfa498a0679baad02ba691ac4'}

    Attributes:
        path (str): File the version was built from, relative to the seeds folder.
        sha256 (str): SHA-256 of the file's bytes, hex.
    """

    path: str
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        path = self.path

        sha256 = self.sha256

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "path": path,
                "sha256": sha256,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        path = d.pop("path")

        sha256 = d.pop("sha256")

        version_file = cls(
            path=path,
            sha256=sha256,
        )

        return version_file
