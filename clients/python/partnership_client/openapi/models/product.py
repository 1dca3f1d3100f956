from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.evidence import Evidence
    from ..models.product_status_entry import ProductStatusEntry


T = TypeVar("T", bound="Product")


@_attrs_define
class Product:
    """
    Example:
        {'id': 'honda-prologue', 'name': 'Prologue', 'kind': 'suv', 'powertrain': 'electric', 'maker': 'honda',
            'makers': ['honda'], 'status': 'upcoming', 'status_history': [{'position': 1, 'value': 'upcoming', 'date': None,
            'dated_by': None, 'source': 'honda-nissan-ev-partnership-article', 'follows': None, 'certainty': 'stated',
            'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'upcoming electric offerings like the
            Prologue SUV', 'start': 1583, 'end': 1632, 'supports': []}]}], 'certainty': 'stated', 'sources': ['honda-nissan-
            ev-partnership-article'], 'evidence': [{'source': 'honda-nissan-ev-partnership-article', 'quote': 'upcoming
            electric offerings like the Prologue SUV', 'start': 1583, 'end': 1632, 'supports': []}], 'updated_in':
            'e8e21e737984bce6'}

    Attributes:
        id (str): Product id.
        name (str): Product name.
        kind (str): What kind of product. Known values: `suv`, `sedan`, `truck`, `platform`, `component`, `software`.
            Extensible: expect values not listed here, and treat them as unknown rather than as errors.
        powertrain (None | str): Powertrain, when stated. Known values: `electric`, `hybrid`, `combustion`, `fuel-cell`.
            Extensible: expect values not listed here, and treat them as unknown rather than as errors.
        maker (str): Organization id of the maker; of a product made by several, the first the sources name. Deprecated:
            read `makers`, which names them all.
        makers (list[str]): Organization ids of every maker, as the sources name them.
        status (str): Market status: the latest the sources establish. Known values: `upcoming`, `on-sale`,
            `discontinued`. Extensible: expect values not listed here, and treat them as unknown rather than as errors.
        status_history (list[ProductStatusEntry]): Every source's statement of the market status, oldest first: the
            current value is the last one's.
        certainty (str): Certainty of the current status: 'stated' when its latest statement says it as fact, 'hedged'
            when it says it could or would happen. Known values: `stated`, `hedged`. Extensible: expect values not listed
            here, and treat them as unknown rather than as errors.
        sources (list[str]): Ids of the sources behind this product.
        evidence (list[Evidence]): Where in the sources this fact is stated.
        updated_in (str): Dataset version in which this resource last changed: the version that added it, or the first
            whose content of it differs from the version before.
    """

    id: str
    name: str
    kind: str
    powertrain: None | str
    maker: str
    makers: list[str]
    status: str
    status_history: list[ProductStatusEntry]
    certainty: str
    sources: list[str]
    evidence: list[Evidence]
    updated_in: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        kind = self.kind

        powertrain: None | str
        powertrain = self.powertrain

        maker = self.maker

        makers = self.makers

        status = self.status

        status_history = []
        for status_history_item_data in self.status_history:
            status_history_item = status_history_item_data.to_dict()
            status_history.append(status_history_item)

        certainty = self.certainty

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
                "kind": kind,
                "powertrain": powertrain,
                "maker": maker,
                "makers": makers,
                "status": status,
                "status_history": status_history,
                "certainty": certainty,
                "sources": sources,
                "evidence": evidence,
                "updated_in": updated_in,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence import Evidence
        from ..models.product_status_entry import ProductStatusEntry

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        kind = d.pop("kind")

        def _parse_powertrain(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        powertrain = _parse_powertrain(d.pop("powertrain"))

        maker = d.pop("maker")

        makers = cast(list[str], d.pop("makers"))

        status = d.pop("status")

        status_history = []
        _status_history = d.pop("status_history")
        for status_history_item_data in _status_history:
            status_history_item = ProductStatusEntry.from_dict(status_history_item_data)

            status_history.append(status_history_item)

        certainty = d.pop("certainty")

        sources = cast(list[str], d.pop("sources"))

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Evidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        updated_in = d.pop("updated_in")

        product = cls(
            id=id,
            name=name,
            kind=kind,
            powertrain=powertrain,
            maker=maker,
            makers=makers,
            status=status,
            status_history=status_history,
            certainty=certainty,
            sources=sources,
            evidence=evidence,
            updated_in=updated_in,
        )

        return product
