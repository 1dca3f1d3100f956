from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence import Evidence
    from ..models.product_status_entry import ProductStatusEntry


T = TypeVar("T", bound="ProductInList")


@_attrs_define
class ProductInList:
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
        name (str | Unset): Product name.
        kind (str | Unset): What kind of product. Known values: `suv`, `sedan`, `truck`, `platform`, `component`,
            `software`. Extensible: expect values not listed here, and treat them as unknown rather than as errors.
        powertrain (None | str | Unset): Powertrain, when stated. Known values: `electric`, `hybrid`, `combustion`,
            `fuel-cell`. Extensible: expect values not listed here, and treat them as unknown rather than as errors.
        maker (str | Unset): Organization id of the maker; of a product made by several, the first the sources name.
            Deprecated: read `makers`, which names them all.
        makers (list[str] | Unset): Organization ids of every maker, as the sources name them.
        status (str | Unset): Market status: the latest the sources establish. Known values: `upcoming`, `on-sale`,
            `discontinued`. Extensible: expect values not listed here, and treat them as unknown rather than as errors.
        status_history (list[ProductStatusEntry] | Unset): Every source's statement of the market status, oldest first:
            the current value is the last one's.
        certainty (str | Unset): Certainty of the current status: 'stated' when its latest statement says it as fact,
            'hedged' when it says it could or would happen. Known values: `stated`, `hedged`. Extensible: expect values not
            listed here, and treat them as unknown rather than as errors.
        sources (list[str] | Unset): Ids of the sources behind this product.
        evidence (list[Evidence] | Unset): Where in the sources this fact is stated.
        updated_in (str | Unset): Dataset version in which this resource last changed: the version that added it, or the
            first whose content of it differs from the version before.
    """

    id: str
    name: str | Unset = UNSET
    kind: str | Unset = UNSET
    powertrain: None | str | Unset = UNSET
    maker: str | Unset = UNSET
    makers: list[str] | Unset = UNSET
    status: str | Unset = UNSET
    status_history: list[ProductStatusEntry] | Unset = UNSET
    certainty: str | Unset = UNSET
    sources: list[str] | Unset = UNSET
    evidence: list[Evidence] | Unset = UNSET
    updated_in: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        kind = self.kind

        powertrain: None | str | Unset
        if isinstance(self.powertrain, Unset):
            powertrain = UNSET
        else:
            powertrain = self.powertrain

        maker = self.maker

        makers: list[str] | Unset = UNSET
        if not isinstance(self.makers, Unset):
            makers = self.makers

        status = self.status

        status_history: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.status_history, Unset):
            status_history = []
            for status_history_item_data in self.status_history:
                status_history_item = status_history_item_data.to_dict()
                status_history.append(status_history_item)

        certainty = self.certainty

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
        if kind is not UNSET:
            field_dict["kind"] = kind
        if powertrain is not UNSET:
            field_dict["powertrain"] = powertrain
        if maker is not UNSET:
            field_dict["maker"] = maker
        if makers is not UNSET:
            field_dict["makers"] = makers
        if status is not UNSET:
            field_dict["status"] = status
        if status_history is not UNSET:
            field_dict["status_history"] = status_history
        if certainty is not UNSET:
            field_dict["certainty"] = certainty
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
        from ..models.product_status_entry import ProductStatusEntry

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name", UNSET)

        kind = d.pop("kind", UNSET)

        def _parse_powertrain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        powertrain = _parse_powertrain(d.pop("powertrain", UNSET))

        maker = d.pop("maker", UNSET)

        makers = cast(list[str], d.pop("makers", UNSET))

        status = d.pop("status", UNSET)

        _status_history = d.pop("status_history", UNSET)
        status_history: list[ProductStatusEntry] | Unset = UNSET
        if _status_history is not UNSET:
            status_history = []
            for status_history_item_data in _status_history:
                status_history_item = ProductStatusEntry.from_dict(
                    status_history_item_data
                )

                status_history.append(status_history_item)

        certainty = d.pop("certainty", UNSET)

        sources = cast(list[str], d.pop("sources", UNSET))

        _evidence = d.pop("evidence", UNSET)
        evidence: list[Evidence] | Unset = UNSET
        if _evidence is not UNSET:
            evidence = []
            for evidence_item_data in _evidence:
                evidence_item = Evidence.from_dict(evidence_item_data)

                evidence.append(evidence_item)

        updated_in = d.pop("updated_in", UNSET)

        product_in_list = cls(
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

        return product_in_list
