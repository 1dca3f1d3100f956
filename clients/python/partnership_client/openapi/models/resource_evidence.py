from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ResourceEvidence")


@_attrs_define
class ResourceEvidence:
    """
    Example:
        {'source': 'honda-nissan-ev-partnership-article', 'quote': 'Honda Motor Co. and Nissan Motor Co. have confirmed
            entering exploratory talks to potentially join forces on next-generation EV development.', 'start': 136, 'end':
            276, 'supports': ['participants', 'status', 'kind', 'certainty'], 'path': '/evidence/0', 'source_sha256':
            '105e6b3e673471e37d8d5a7c865ac567304dd70c13b7544aa1e8252ba5d1240e'}

    Attributes:
        source (str): Id of the source document quoted.
        quote (str): The exact words of the source.
        start (int): Offset of the quote's first character in the source text.
        end (int): Offset just past the quote's last character: text[start:end] == quote.
        supports (list[str]): Fields of the enclosing object this quote supports; empty when it supports the whole.
        path (str): JSON Pointer (RFC 6901) to this evidence in the resource, e.g. /scope/0/evidence/0.
        source_sha256 (str): SHA-256 of the source's text: check it against the text you fetch before slicing.
    """

    source: str
    quote: str
    start: int
    end: int
    supports: list[str]
    path: str
    source_sha256: str

    def to_dict(self) -> dict[str, Any]:
        source = self.source

        quote = self.quote

        start = self.start

        end = self.end

        supports = self.supports

        path = self.path

        source_sha256 = self.source_sha256

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "source": source,
                "quote": quote,
                "start": start,
                "end": end,
                "supports": supports,
                "path": path,
                "source_sha256": source_sha256,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        source = d.pop("source")

        quote = d.pop("quote")

        start = d.pop("start")

        end = d.pop("end")

        supports = cast(list[str], d.pop("supports"))

        path = d.pop("path")

        source_sha256 = d.pop("source_sha256")

        resource_evidence = cls(
            source=source,
            quote=quote,
            start=start,
            end=end,
            supports=supports,
            path=path,
            source_sha256=source_sha256,
        )

        return resource_evidence
