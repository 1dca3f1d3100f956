"""Indexes to bytes and back, so replicas hold a version's indexes without its item bodies."""

from collections.abc import Mapping
from typing import Any

import orjson

from service.dataset.index import ResourceIndex


def encode_indexes(indexes: Mapping[str, ResourceIndex]) -> bytes:
    return orjson.dumps(
        {
            rtype: {
                "ids": list(index.ids),
                "filters": {
                    name: {value: sorted(ids) for value, ids in values.items()}
                    for name, values in index.filters.items()
                },
                "search": [index.search[rid] for rid in index.ids],
                "orders": {key: list(order) for key, order in index.orders.items()},
            }
            for rtype, index in indexes.items()
        }
    )


def decode_indexes(raw: bytes) -> dict[str, ResourceIndex]:
    data: dict[str, Any] = orjson.loads(raw)
    indexes = {}
    for rtype, part in data.items():
        ids = tuple(part["ids"])
        indexes[rtype] = ResourceIndex(
            ids=ids,
            members=frozenset(ids),
            filters={
                name: {value: frozenset(found) for value, found in values.items()}
                for name, values in part["filters"].items()
            },
            search=dict(zip(ids, part["search"], strict=True)),
            orders={key: tuple(order) for key, order in part["orders"].items()},
        )
    return indexes
