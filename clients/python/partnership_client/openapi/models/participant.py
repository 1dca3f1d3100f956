from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Participant")


@_attrs_define
class Participant:
    """
    Example:
        {'organization': 'honda', 'name': 'Honda Motor Co.', 'role': 'memorandum-signatory'}

    Attributes:
        organization (str): Organization id.
        name (str): The organization's name.
        role (str): The part the organization plays. Known values: `memorandum-signatory`, `partner`, `lead`,
            `investor`, `supplier`. Extensible: expect values not listed here, and treat them as unknown rather than as
            errors.
    """

    organization: str
    name: str
    role: str

    def to_dict(self) -> dict[str, Any]:
        organization = self.organization

        name = self.name

        role = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "organization": organization,
                "name": name,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        organization = d.pop("organization")

        name = d.pop("name")

        role = d.pop("role")

        participant = cls(
            organization=organization,
            name=name,
            role=role,
        )

        return participant
