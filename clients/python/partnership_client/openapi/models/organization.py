from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.evidence import Evidence
    from ..models.organization_partnership import OrganizationPartnership


T = TypeVar("T", bound="Organization")


@_attrs_define
class Organization:
    """
    Example:
        {'id': 'honda', 'name': 'Honda Motor Co.', 'short_name': 'Honda', 'aliases': [], 'country': 'JP', 'kind':
            'automaker', 'partnerships': [{'id': 'honda-general-motors-ev-ties', 'title': 'Honda and General Motors EV
            ties', 'status': 'terminated', 'role': 'partner'}, {'id': 'honda-nissan-ev-collaboration', 'title': 'Honda and
            Nissan next-generation EV collaboration', 'status': 'exploratory', 'role': 'memorandum-signatory'}], 'products':
            ['honda-prologue'], 'sources': ['honda-nissan-ev-partnership-article'], 'evidence': [{'source': 'honda-nissan-
            ev-partnership-article', 'quote': 'Honda Motor Co.', 'start': 136, 'end': 151, 'supports': ['name']}, {'source':
            'honda-nissan-ev-partnership-article', 'quote': 'The two Japanese automotive titans', 'start': 346, 'end': 380,
            'supports': ['country', 'kind']}], 'updated_in': 'e8e21e737984bce6'}

    Attributes:
        id (str): Organization id (a lowercase slug).
        name (str): Full name as the source gives it.
        short_name (None | str): Short name, when known.
        aliases (list[str]): Other names used for it.
        country (None | str): ISO 3166-1 alpha-2 country code, when the source states it.
        kind (None | str): What kind of organization, when the source states it. Known values: `automaker`, `supplier`,
            `technology-company`, `investor`, `government`. Extensible: expect values not listed here, and treat them as
            unknown rather than as errors.
        partnerships (list[OrganizationPartnership]): Partnerships it takes part in.
        products (list[str]): Ids of its products.
        sources (list[str]): Ids of the sources behind this organization.
        evidence (list[Evidence]): Where in the sources this fact is stated.
        updated_in (str): Dataset version in which this resource last changed: the version that added it, or the first
            whose content of it differs from the version before.
    """

    id: str
    name: str
    short_name: None | str
    aliases: list[str]
    country: None | str
    kind: None | str
    partnerships: list[OrganizationPartnership]
    products: list[str]
    sources: list[str]
    evidence: list[Evidence]
    updated_in: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        short_name: None | str
        short_name = self.short_name

        aliases = self.aliases

        country: None | str
        country = self.country

        kind: None | str
        kind = self.kind

        partnerships = []
        for partnerships_item_data in self.partnerships:
            partnerships_item = partnerships_item_data.to_dict()
            partnerships.append(partnerships_item)

        products = self.products

        sources = self.sources

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        updated_in = self.updated_in

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "short_name": short_name,
                "aliases": aliases,
                "country": country,
                "kind": kind,
                "partnerships": partnerships,
                "products": products,
                "sources": sources,
                "evidence": evidence,
                "updated_in": updated_in,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence import Evidence
        from ..models.organization_partnership import OrganizationPartnership

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_short_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        short_name = _parse_short_name(d.pop("short_name"))

        aliases = cast(list[str], d.pop("aliases"))

        def _parse_country(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        country = _parse_country(d.pop("country"))

        def _parse_kind(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        kind = _parse_kind(d.pop("kind"))

        partnerships = []
        _partnerships = d.pop("partnerships")
        for partnerships_item_data in _partnerships:
            partnerships_item = OrganizationPartnership.from_dict(
                partnerships_item_data
            )

            partnerships.append(partnerships_item)

        products = cast(list[str], d.pop("products"))

        sources = cast(list[str], d.pop("sources"))

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Evidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        updated_in = d.pop("updated_in")

        organization = cls(
            id=id,
            name=name,
            short_name=short_name,
            aliases=aliases,
            country=country,
            kind=kind,
            partnerships=partnerships,
            products=products,
            sources=sources,
            evidence=evidence,
            updated_in=updated_in,
        )

        return organization
