"""Indexes to bytes and back, so replicas hold a version's indexes without its item bodies."""

from __future__ import annotations

import base64
import sys
import zlib
from array import array
from collections.abc import Mapping
from typing import Any

import orjson

from service.dataset.index import ResourceIndex, Strings, ValueIndex
from service.dataset.render import DATASET_FORMAT

# A replica refuses an index written in another format (and reports degraded) rather than
# misread it; the format is part of every dataset version, so this code's publish replaces it.
INDEX_FORMAT = DATASET_FORMAT


# Read a large index a piece at a time: one GET of 60 MB makes the client buffer it twice
# over, and a worker keeps that memory for its whole life.
INDEX_PIECE = 4 * 1024 * 1024


class IndexFormatError(ValueError):
    """The index was written in a format this code does not read."""


def read_index(client: Any, key: str) -> bytearray | None:
    """The stored index, or None when it is missing or changed while being read."""
    size = client.strlen(key)
    if not size:
        return None
    raw = bytearray(size)
    for start in range(0, size, INDEX_PIECE):
        piece = client.getrange(key, start, min(start + INDEX_PIECE, size) - 1)
        if len(piece) != min(INDEX_PIECE, size - start):
            return None
        raw[start : start + len(piece)] = piece
    return raw


def packed(encoded: bytes) -> bytes:
    """A large value as Redis keeps it: compressed (an index is a fifth of its JSON), so
    versions that share their items cost little more than one."""
    return zlib.compress(encoded, 1)


def unpacked(stored: bytes | bytearray) -> bytes | bytearray:
    """A stored value as it was encoded; one not compressed (written by other code) as it is,
    for its format to be judged."""
    try:
        return zlib.decompress(stored)
    except zlib.error:
        return stored


def encode_indexes(indexes: Mapping[str, ResourceIndex]) -> bytes:
    return orjson.dumps(
        {
            "format": INDEX_FORMAT,
            "types": {
                rtype: {
                    "ids": _strings(index.ids),
                    "updated_in": {
                        "versions": index.updated_versions,
                        "numbers": _pack(index.updated_numbers),
                    },
                    "filters": {
                        name: {
                            "values": _strings(values.values),
                            "starts": _pack(values.starts),
                            "positions": _pack(values.positions),
                        }
                        for name, values in index.filters.items()
                    },
                    "search": index.search,
                    "search_starts": _pack(index.search_starts),
                    "orders": {key: _pack(order) for key, order in index.orders.items()},
                }
                for rtype, index in indexes.items()
            },
        }
    )


def decode_indexes(raw: bytes | bytearray) -> dict[str, ResourceIndex]:
    try:
        data: Any = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise IndexFormatError("the index is not JSON") from None
    if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise IndexFormatError(f"index format {found!r}, this code reads {INDEX_FORMAT}")
    try:
        return _decode_types(data["types"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        # Not what this format's writer writes: refused like another format, never served.
        raise IndexFormatError(f"index format {INDEX_FORMAT} misread: {error!r}") from None


def _decode_types(types: dict[str, Any]) -> dict[str, ResourceIndex]:
    indexes = {}
    for rtype, part in types.items():
        stamps = part["updated_in"]
        indexes[rtype] = ResourceIndex(
            ids=_unstrings(part["ids"]),
            filters={
                name: ValueIndex(
                    values=_unstrings(found["values"]),
                    starts=_unpack(found["starts"]),
                    positions=_unpack(found["positions"]),
                )
                for name, found in part["filters"].items()
            },
            search=part["search"],
            search_starts=_unpack(part["search_starts"]),
            orders={key: _unpack(order) for key, order in part["orders"].items()},
            updated_versions=tuple(stamps["versions"]),
            updated_numbers=_unpack(stamps["numbers"]),
        )
    return indexes


# Int arrays travel as base64 of their little-endian bytes, not as JSON numbers: decoding a
# million numbers makes a million int objects, and the memory they took stays with the process.
def _pack(numbers: array[int]) -> str:
    if sys.byteorder == "big":
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    return base64.b64encode(numbers.tobytes()).decode()


def _strings(strings: Strings) -> dict[str, str]:
    return {"text": strings.text, "starts": _pack(strings.starts)}


def _unstrings(data: dict[str, str]) -> Strings:
    return Strings(data["text"], _unpack(data["starts"]))


def _unpack(packed: str) -> array[int]:
    numbers = array("I")
    numbers.frombytes(base64.b64decode(packed))
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers
