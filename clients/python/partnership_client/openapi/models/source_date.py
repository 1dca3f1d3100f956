from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="SourceDate")


@_attrs_define
class SourceDate:
    """
    Example:
        {'text': 'this week', 'precision': 'week', 'relative': True, 'resolved': None}

    Attributes:
        text (str): The date in the source's own words, e.g. 'this week'.
        precision (str): How precise the source's date is. Known values: `day`, `week`, `month`, `quarter`, `year`.
            Extensible: expect values not listed here, and treat them as unknown rather than as errors.
        relative (bool): True when the source gives the date relative to its own date.
        resolved (None | str): ISO 8601 value at that precision; null until the source date is known.
    """

    text: str
    precision: str
    relative: bool
    resolved: None | str

    def to_dict(self) -> dict[str, Any]:
        text = self.text

        precision = self.precision

        relative = self.relative

        resolved: None | str
        resolved = self.resolved

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "text": text,
                "precision": precision,
                "relative": relative,
                "resolved": resolved,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        text = d.pop("text")

        precision = d.pop("precision")

        relative = d.pop("relative")

        def _parse_resolved(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resolved = _parse_resolved(d.pop("resolved"))

        source_date = cls(
            text=text,
            precision=precision,
            relative=relative,
            resolved=resolved,
        )

        return source_date
