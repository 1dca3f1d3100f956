from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DatasetCounts")


@_attrs_define
class DatasetCounts:
    """
    Example:
        {'organizations': 6, 'partnerships': 3, 'events': 3, 'statements': 2, 'products': 1, 'sources': 1}

    Attributes:
        organizations (int): Number of organizations.
        partnerships (int): Number of partnerships.
        events (int): Number of events.
        statements (int): Number of statements.
        products (int): Number of products.
        sources (int): Number of sources.
    """

    organizations: int
    partnerships: int
    events: int
    statements: int
    products: int
    sources: int

    def to_dict(self) -> dict[str, Any]:
        organizations = self.organizations

        partnerships = self.partnerships

        events = self.events

        statements = self.statements

        products = self.products

        sources = self.sources

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "organizations": organizations,
                "partnerships": partnerships,
                "events": events,
                "statements": statements,
                "products": products,
                "sources": sources,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        organizations = d.pop("organizations")

        partnerships = d.pop("partnerships")

        events = d.pop("events")

        statements = d.pop("statements")

        products = d.pop("products")

        sources = d.pop("sources")

        dataset_counts = cls(
            organizations=organizations,
            partnerships=partnerships,
            events=events,
            statements=statements,
            products=products,
            sources=sources,
        )

        return dataset_counts
