from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.change_change import ChangeChange

T = TypeVar("T", bound="Change")


@_attrs_define
class Change:
    """
    Example:
        {'type': 'partnerships', 'id': 'honda-nissan-ev-collaboration', 'change': 'changed', 'etag':
            '9926e94fb8a8d74a437971c86bd31cff-e8e21e737984bce6', 'updated_in': 'e8e21e737984bce6', 'href':
            '/v1/partnerships/honda-nissan-ev-collaboration'}

    Attributes:
        type_ (str): Resource type, as in its path. Known values: `organizations`, `partnerships`, `events`,
            `statements`, `products`, `sources`. Extensible: expect values not listed here, and treat them as unknown rather
            than as errors.
        id (str): Resource id.
        change (ChangeChange): What happened to it between the two versions.
        etag (None | str): The resource's ETag in `meta.until` (the header's value without its quotes); null when
            removed.
        updated_in (None | str): The resource's `updated_in` in `meta.until`; null when removed.
        href (None | str): Its item path, null when removed. The path serves the current version: when `meta.until` is
            an older one, what it answers may differ from `etag`, or be a 404.
    """

    type_: str
    id: str
    change: ChangeChange
    etag: None | str
    updated_in: None | str
    href: None | str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        id = self.id

        change = self.change.value

        etag: None | str
        etag = self.etag

        updated_in: None | str
        updated_in = self.updated_in

        href: None | str
        href = self.href

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "id": id,
                "change": change,
                "etag": etag,
                "updated_in": updated_in,
                "href": href,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = d.pop("type")

        id = d.pop("id")

        change = ChangeChange(d.pop("change"))

        def _parse_etag(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        etag = _parse_etag(d.pop("etag"))

        def _parse_updated_in(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        updated_in = _parse_updated_in(d.pop("updated_in"))

        def _parse_href(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        href = _parse_href(d.pop("href"))

        change = cls(
            type_=type_,
            id=id,
            change=change,
            etag=etag,
            updated_in=updated_in,
            href=href,
        )

        return change
