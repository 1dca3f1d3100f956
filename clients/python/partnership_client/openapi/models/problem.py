from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.invalid_param import InvalidParam


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """
    Example:
        {'type': 'about:blank', 'title': 'Bad Request', 'status': 400, 'detail': 'The request has invalid parameters:
            limit.', 'invalid_params': [{'name': 'limit', 'in': 'query', 'reason': 'Must be between 1 and 100.'}]}

    Attributes:
        type_ (str): Problem type URI; about:blank for plain statuses.
        title (str): The status's phrase.
        status (int): The HTTP status code.
        detail (str | Unset): What went wrong, for a person. An id it repeats from the request is cut at 64 characters.
        invalid_params (list[InvalidParam] | Unset): Each offending parameter, once (400 only). At most 10, fewer if the
            body would pass 4096 bytes: `detail` names those listed and counts the rest.
    """

    type_: str
    title: str
    status: int
    detail: str | Unset = UNSET
    invalid_params: list[InvalidParam] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        title = self.title

        status = self.status

        detail = self.detail

        invalid_params: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.invalid_params, Unset):
            invalid_params = []
            for invalid_params_item_data in self.invalid_params:
                invalid_params_item = invalid_params_item_data.to_dict()
                invalid_params.append(invalid_params_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "title": title,
                "status": status,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail
        if invalid_params is not UNSET:
            field_dict["invalid_params"] = invalid_params

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.invalid_param import InvalidParam

        d = dict(src_dict)
        type_ = d.pop("type")

        title = d.pop("title")

        status = d.pop("status")

        detail = d.pop("detail", UNSET)

        _invalid_params = d.pop("invalid_params", UNSET)
        invalid_params: list[InvalidParam] | Unset = UNSET
        if _invalid_params is not UNSET:
            invalid_params = []
            for invalid_params_item_data in _invalid_params:
                invalid_params_item = InvalidParam.from_dict(invalid_params_item_data)

                invalid_params.append(invalid_params_item)

        problem = cls(
            type_=type_,
            title=title,
            status=status,
            detail=detail,
            invalid_params=invalid_params,
        )

        return problem
