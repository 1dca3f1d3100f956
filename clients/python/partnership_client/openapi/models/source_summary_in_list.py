from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SourceSummaryInList")


@_attrs_define
class SourceSummaryInList:
    """
    Example:
        {'id': 'honda-nissan-ev-partnership-article', 'title': 'Honda and Nissan Explore EV Partnership to Enhance
            Competitiveness', 'kind': 'news-article', 'publisher': None, 'published': None, 'url': None, 'sha256':
            '105e6b3e673471e37d8d5a7c865ac567304dd70c13b7544aa1e8252ba5d1240e', 'length': 2106, 'updated_in':
            'e8e21e737984bce6'}

    Attributes:
        id (str): Source id.
        title (str | Unset): Title of the document.
        kind (str | Unset): What kind of document. Known values: `news-article`, `press-release`, `filing`, `synthetic`.
            Extensible: expect values not listed here, and treat them as unknown rather than as errors.
        publisher (None | str | Unset): Publisher, when the document names one.
        published (datetime.date | None | Unset): Publication date, when known.
        url (None | str | Unset): Where the document was published, when known.
        sha256 (str | Unset): SHA-256 of the document's UTF-8 text, hex.
        length (int | Unset): Length of the text in characters (the unit of evidence offsets).
        updated_in (str | Unset): Dataset version in which this resource last changed: the version that added it, or the
            first whose content of it differs from the version before.
    """

    id: str
    title: str | Unset = UNSET
    kind: str | Unset = UNSET
    publisher: None | str | Unset = UNSET
    published: datetime.date | None | Unset = UNSET
    url: None | str | Unset = UNSET
    sha256: str | Unset = UNSET
    length: int | Unset = UNSET
    updated_in: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        kind = self.kind

        publisher: None | str | Unset
        if isinstance(self.publisher, Unset):
            publisher = UNSET
        else:
            publisher = self.publisher

        published: None | str | Unset
        if isinstance(self.published, Unset):
            published = UNSET
        elif isinstance(self.published, datetime.date):
            published = self.published.isoformat()
        else:
            published = self.published

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        sha256 = self.sha256

        length = self.length

        updated_in = self.updated_in

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title
        if kind is not UNSET:
            field_dict["kind"] = kind
        if publisher is not UNSET:
            field_dict["publisher"] = publisher
        if published is not UNSET:
            field_dict["published"] = published
        if url is not UNSET:
            field_dict["url"] = url
        if sha256 is not UNSET:
            field_dict["sha256"] = sha256
        if length is not UNSET:
            field_dict["length"] = length
        if updated_in is not UNSET:
            field_dict["updated_in"] = updated_in

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title", UNSET)

        kind = d.pop("kind", UNSET)

        def _parse_publisher(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        publisher = _parse_publisher(d.pop("publisher", UNSET))

        def _parse_published(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                published_type_0 = datetime.date.fromisoformat(data)

                return published_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        published = _parse_published(d.pop("published", UNSET))

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        sha256 = d.pop("sha256", UNSET)

        length = d.pop("length", UNSET)

        updated_in = d.pop("updated_in", UNSET)

        source_summary_in_list = cls(
            id=id,
            title=title,
            kind=kind,
            publisher=publisher,
            published=published,
            url=url,
            sha256=sha256,
            length=length,
            updated_in=updated_in,
        )

        return source_summary_in_list
