from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="InvalidParam")


@_attrs_define
class InvalidParam:
    """
    Example:
        {'name': 'limit', 'in': 'query', 'reason': 'Must be between 1 and 100.'}

    Attributes:
        name (str): The parameter's name.
        in_ (str): Where it was: query or path.
        reason (str): What is wrong with it, in words. For a list parameter, each message names the values it refuses
            (at most 5, then how many more).
    """

    name: str
    in_: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        in_ = self.in_

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "in": in_,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        in_ = d.pop("in")

        reason = d.pop("reason")

        invalid_param = cls(
            name=name,
            in_=in_,
            reason=reason,
        )

        return invalid_param
