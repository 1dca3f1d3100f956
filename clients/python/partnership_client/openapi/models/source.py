from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Source")


@_attrs_define
class Source:
    """
    Example:
        {'id': 'honda-nissan-ev-partnership-article', 'title': 'Honda and Nissan Explore EV Partnership to Enhance
            Competitiveness', 'kind': 'news-article', 'publisher': None, 'published': None, 'url': None, 'sha256':
            '105e6b3e673471e37d8d5a7c865ac567304dd70c13b7544aa1e8252ba5d1240e', 'length': 2106, 'text': 'Honda and Nissan
            Explore EV Partnership to Enhance Competitiveness\\n\\nHonda and Nissan Explore EV Partnership to Enhance
            Competitiveness\\n\\nHonda Motor Co. and Nissan Motor Co. have confirmed entering exploratory talks to
            potentially join forces on next-generation EV development.\\n\\nHonda and Nissan Explore EV Partnership to
            Enhance Competitiveness\\n\\nThe two Japanese automotive titans signed a memorandum of understanding this week,
            formalizing their intent to evaluate the feasibility of jointly designing and engineering a shared electric
            vehicle platform and associated core components. The scope could extend to collaborative software development
            efforts across safety, autonomous driving, and other cutting-edge automotive technologies.\\n\\nWhile still in
            its nascency, the prospective collaboration reflects the intensifying pressures major automakers face from
            mounting Chinese competition and the ambitious EV programs of behemoths like Volkswagen and Stellantis. By
            pooling resources, Honda and Nissan aim to accelerate innovation cycles, reduce prohibitive research and
            development costs, and enhance competitiveness within the swiftly electrifying global marketplace.\\n\\n\\nEV
            Partnership\\n\\n\\n“This mutually complementary relationship will become increasingly indispensable,” read a
            joint statement, articulating a unified vision of hastening sustainable mobility solutions while progressing
            towards the “key goal of achieving zero traffic-accident fatalities.”\\n\\nFor Honda, which severed EV ties with
            General Motors last year, securing strategic partnerships is pivotal as it prepares upcoming electric offerings
            like the Prologue SUV. Nissan, already entrenched through its alliance with Renault, stands to benefit from
            expanded scale and shared financial burdens.\\n\\nWhile concrete details remain sparse pending productive
            negotiations, the memorandum signals both companies’ recognition that continued self-reliance could jeopardize
            their ability to keep pace amidst tectonic industry shifts. A finalized agreement, if reached, would catalyze
            streamlined EV programs and next-generation automotive software.', 'updated_in': 'e8e21e737984bce6'}

    Attributes:
        id (str): Source id.
        title (str): Title of the document.
        kind (str): What kind of document. Known values: `news-article`, `press-release`, `filing`, `synthetic`.
            Extensible: expect values not listed here, and treat them as unknown rather than as errors.
        publisher (None | str): Publisher, when the document names one.
        published (datetime.date | None): Publication date, when known.
        url (None | str): Where the document was published, when known.
        sha256 (str): SHA-256 of the document's UTF-8 text, hex.
        length (int): Length of the text in characters (the unit of evidence offsets).
        updated_in (str): Dataset version in which this resource last changed: the version that added it, or the first
            whose content of it differs from the version before.
        text (str): The document's full text, which evidence offsets index.
    """

    id: str
    title: str
    kind: str
    publisher: None | str
    published: datetime.date | None
    url: None | str
    sha256: str
    length: int
    updated_in: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        kind = self.kind

        publisher: None | str
        publisher = self.publisher

        published: None | str
        if isinstance(self.published, datetime.date):
            published = self.published.isoformat()
        else:
            published = self.published

        url: None | str
        url = self.url

        sha256 = self.sha256

        length = self.length

        updated_in = self.updated_in

        text = self.text

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "title": title,
                "kind": kind,
                "publisher": publisher,
                "published": published,
                "url": url,
                "sha256": sha256,
                "length": length,
                "updated_in": updated_in,
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        kind = d.pop("kind")

        def _parse_publisher(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        publisher = _parse_publisher(d.pop("publisher"))

        def _parse_published(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                published_type_0 = datetime.date.fromisoformat(data)

                return published_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        published = _parse_published(d.pop("published"))

        def _parse_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        url = _parse_url(d.pop("url"))

        sha256 = d.pop("sha256")

        length = d.pop("length")

        updated_in = d.pop("updated_in")

        text = d.pop("text")

        source = cls(
            id=id,
            title=title,
            kind=kind,
            publisher=publisher,
            published=published,
            url=url,
            sha256=sha256,
            length=length,
            updated_in=updated_in,
            text=text,
        )

        return source
