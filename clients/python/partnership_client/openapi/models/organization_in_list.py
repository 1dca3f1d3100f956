from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence import Evidence
    from ..models.organization_partnership import OrganizationPartnership


T = TypeVar("T", bound="OrganizationInList")


@_attrs_define
class OrganizationInList:
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
        name (str | Unset): Full name as the source gives it.
        short_name (None | str | Unset): Short name, when known.
        aliases (list[str] | Unset): Other names used for it.
        country (None | str | Unset): ISO 3166-1 alpha-2 country code, when the source states it.
        kind (None | str | Unset): What kind of organization, when the source states it. Known values: `automaker`,
            `supplier`, `technology-company`, `investor`, `government`. Extensible: expect values not listed here, and treat
            them as unknown rather than as errors.
        partnerships (list[OrganizationPartnership] | Unset): Partnerships it takes part in.
        products (list[str] | Unset): Ids of its products.
        sources (list[str] | Unset): Ids of the sources behind this organization.
        evidence (list[Evidence] | Unset): Where in the sources this fact is stated.
        updated_in (str | Unset): Dataset version in which this resource last changed: the version that added it, or the
            first whose content of it differs from the version before.
    """

    id: str
    name: str | Unset = UNSET
    short_name: None | str | Unset = UNSET
    aliases: list[str] | Unset = UNSET
    country: None | str | Unset = UNSET
    kind: None | str | Unset = UNSET
    partnerships: list[OrganizationPartnership] | Unset = UNSET
    products: list[str] | Unset = UNSET
    sources: list[str] | Unset = UNSET
    evidence: list[Evidence] | Unset = UNSET
    updated_in: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        short_name: None | str | Unset
        if isinstance(self.short_name, Unset):
            short_name = UNSET
        else:
            short_name = self.short_name

        aliases: list[str] | Unset = UNSET
        if not isinstance(self.aliases, Unset):
            aliases = self.aliases

        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        else:
            kind = self.kind

        partnerships: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.partnerships, Unset):
            partnerships = []
            for partnerships_item_data in self.partnerships:
                partnerships_item = partnerships_item_data.to_dict()
                partnerships.append(partnerships_item)

        products: list[str] | Unset = UNSET
        if not isinstance(self.products, Unset):
            products = self.products

        sources: list[str] | Unset = UNSET
        if not isinstance(self.sources, Unset):
            sources = self.sources

        evidence: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = []
            for evidence_item_data in self.evidence:
                evidence_item = evidence_item_data.to_dict()
                evidence.append(evidence_item)

        updated_in = self.updated_in

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if short_name is not UNSET:
            field_dict["short_name"] = short_name
        if aliases is not UNSET:
            field_dict["aliases"] = aliases
        if country is not UNSET:
            field_dict["country"] = country
        if kind is not UNSET:
            field_dict["kind"] = kind
        if partnerships is not UNSET:
            field_dict["partnerships"] = partnerships
        if products is not UNSET:
            field_dict["products"] = products
        if sources is not UNSET:
            field_dict["sources"] = sources
        if evidence is not UNSET:
            field_dict["evidence"] = evidence
        if updated_in is not UNSET:
            field_dict["updated_in"] = updated_in

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence import Evidence
        from ..models.organization_partnership import OrganizationPartnership

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name", UNSET)

        def _parse_short_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        short_name = _parse_short_name(d.pop("short_name", UNSET))

        aliases = cast(list[str], d.pop("aliases", UNSET))

        def _parse_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        def _parse_kind(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        kind = _parse_kind(d.pop("kind", UNSET))

        _partnerships = d.pop("partnerships", UNSET)
        partnerships: list[OrganizationPartnership] | Unset = UNSET
        if _partnerships is not UNSET:
            partnerships = []
            for partnerships_item_data in _partnerships:
                partnerships_item = OrganizationPartnership.from_dict(
                    partnerships_item_data
                )

                partnerships.append(partnerships_item)

        products = cast(list[str], d.pop("products", UNSET))

        sources = cast(list[str], d.pop("sources", UNSET))

        _evidence = d.pop("evidence", UNSET)
        evidence: list[Evidence] | Unset = UNSET
        if _evidence is not UNSET:
            evidence = []
            for evidence_item_data in _evidence:
                evidence_item = Evidence.from_dict(evidence_item_data)

                evidence.append(evidence_item)

        updated_in = d.pop("updated_in", UNSET)

        organization_in_list = cls(
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

        return organization_in_list
