from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="OrganizationPartnership")


@_attrs_define
class OrganizationPartnership:
    """
    Example:
        {'id': 'honda-general-motors-ev-ties', 'title': 'Honda and General Motors EV ties', 'status': 'terminated',
            'role': 'partner'}

    Attributes:
        id (str): Partnership id.
        title (str): Partnership title.
        status (str): Partnership status, as it stands now. Known values: `proposed`, `exploratory`, `negotiating`,
            `active`, `terminated`. Extensible: expect values not listed here, and treat them as unknown rather than as
            errors.
        role (str): The organization's role in it. Known values: `memorandum-signatory`, `partner`, `lead`, `investor`,
            `supplier`. Extensible: expect values not listed here, and treat them as unknown rather than as errors.
    """

    id: str
    title: str
    status: str
    role: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        status = self.status

        role = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "title": title,
                "status": status,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        status = d.pop("status")

        role = d.pop("role")

        organization_partnership = cls(
            id=id,
            title=title,
            status=status,
            role=role,
        )

        return organization_partnership
