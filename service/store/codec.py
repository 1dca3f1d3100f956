"""Indexes to bytes and back, so replicas hold a version's indexes without its item bodies."""

from collections.abc import Mapping
from typing import Any

import orjson

from service.dataset.index import ResourceIndex
from service.dataset.render import DATASET_FORMAT

# A replica refuses an index written in another format (and reports degraded) rather than
# misread it; the format is part of every dataset version, so this code's publish replaces it.
INDEX_FORMAT = DATASET_FORMAT


class IndexFormatError(ValueError):
    """The index was written in a format this code does not read."""


def encode_indexes(indexes: Mapping[str, ResourceIndex]) -> bytes:
    return orjson.dumps(
        {
            "format": INDEX_FORMAT,
            "types": {
                rtype: {
                    "ids": list(index.ids),
                    "updated_in": _numbered([index.updated_in[rid] for rid in index.ids]),
                    "filters": {
                        name: {value: sorted(ids) for value, ids in values.items()}
                        for name, values in index.filters.items()
                    },
                    "search": [index.search[rid] for rid in index.ids],
                    "orders": {key: list(order) for key, order in index.orders.items()},
                }
                for rtype, index in indexes.items()
            },
        }
    )


def decode_indexes(raw: bytes) -> dict[str, ResourceIndex]:
    data: dict[str, Any] = orjson.loads(raw)
    if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise IndexFormatError(f"index format {found!r}, this code reads {INDEX_FORMAT}")
    indexes = {}
    for rtype, part in data["types"].items():
        ids = tuple(part["ids"])
        versions, numbers = part["updated_in"]["versions"], part["updated_in"]["numbers"]
        indexes[rtype] = ResourceIndex(
            ids=ids,
            members=frozenset(ids),
            filters={
                name: {value: frozenset(found) for value, found in values.items()}
                for name, values in part["filters"].items()
            },
            search=dict(zip(ids, part["search"], strict=True)),
            orders={key: tuple(order) for key, order in part["orders"].items()},
            updated_in={rid: versions[n] for rid, n in zip(ids, numbers, strict=True)},
        )
    return indexes


def _numbered(values: list[str]) -> dict[str, list[Any]]:
    """A column of few distinct values: each value once, and its number per row."""
    versions = sorted(set(values))
    number = {v: n for n, v in enumerate(versions)}
    return {"versions": versions, "numbers": [number[v] for v in values]}
