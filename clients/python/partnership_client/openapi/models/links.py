from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Links")


@_attrs_define
class Links:
    """
    Example:
        {'self': '/v1/partnerships?organization=honda&limit=1', 'first': '/v1/partnerships?organization=honda&limit=1',
            'prev': None, 'next': '/v1/partnerships?organization=honda&limit=1&cursor=AZnErzBASQEBEGU4ZTIxZTczNzk4NGJjZTYAET
            0vdjEvcGFydG5lcnNoaXBzBWxpbWl0Aj0xDG9yZ2FuaXphdGlvbgY9aG9uZGEEc29ydAM9aWQ'}

    Attributes:
        self_ (str): This page.
        first (str): The first page.
        prev (None | str): The previous page; null on the first page.
        next_ (None | str): The next page; null on the last page.
    """

    self_: str
    first: str
    prev: None | str
    next_: None | str

    def to_dict(self) -> dict[str, Any]:
        self_ = self.self_

        first = self.first

        prev: None | str
        prev = self.prev

        next_: None | str
        next_ = self.next_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "self": self_,
                "first": first,
                "prev": prev,
                "next": next_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        self_ = d.pop("self")

        first = d.pop("first")

        def _parse_prev(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        prev = _parse_prev(d.pop("prev"))

        def _parse_next_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_ = _parse_next_(d.pop("next"))

        links = cls(
            self_=self_,
            first=first,
            prev=prev,
            next_=next_,
        )

        return links
