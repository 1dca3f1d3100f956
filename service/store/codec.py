"""Indexes to bytes and back, so replicas hold a version's indexes without its item bodies."""

from array import array
from collections.abc import Mapping
from typing import Any

import orjson

from service.dataset.index import ResourceIndex, ValueIndex
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
                    "ids": index.ids,
                    "updated_in": {
                        "versions": index.updated_versions,
                        "numbers": index.updated_numbers.tolist(),
                    },
                    "filters": {
                        name: {
                            "values": values.values,
                            "starts": values.starts.tolist(),
                            "positions": values.positions.tolist(),
                        }
                        for name, values in index.filters.items()
                    },
                    "search": index.search,
                    "search_starts": index.search_starts.tolist(),
                    "orders": {key: order.tolist() for key, order in index.orders.items()},
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
    # One string object per id, however many filters name it (a partnership's id is also a
    # value of three other types' filters): at 100,000 partnerships that is tens of MB.
    canonical: dict[str, str] = {}
    for part in data["types"].values():
        for rid in part["ids"]:
            canonical.setdefault(rid, rid)
    indexes = {}
    for rtype, part in data["types"].items():
        stamps = part["updated_in"]
        indexes[rtype] = ResourceIndex(
            ids=tuple(canonical[rid] for rid in part["ids"]),
            filters={
                name: ValueIndex(
                    values=tuple(canonical.get(v, v) for v in found["values"]),
                    starts=array("I", found["starts"]),
                    positions=array("I", found["positions"]),
                )
                for name, found in part["filters"].items()
            },
            search=part["search"],
            search_starts=array("I", part["search_starts"]),
            orders={key: array("I", order) for key, order in part["orders"].items()},
            updated_versions=tuple(stamps["versions"]),
            updated_numbers=array("I", stamps["numbers"]),
        )
    return indexes
