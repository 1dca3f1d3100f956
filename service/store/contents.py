"""A version's map from each of its items to the content stored for it: the ETags of its items,
in the order of its indexes, 16 bytes each. Readers keep it beside the indexes; publishers
diff it to write only new content, and prune by it."""

import struct
from collections.abc import Mapping

from service.dataset.build import DATASET_KEY
from service.dataset.index import ResourceIndex
from service.dataset.render import DIGEST, ITEM_SCHEMAS, LIST_SCHEMAS

_DIGEST = struct.Struct(f"{DIGEST}s")


def digests_of(contents: bytes | bytearray) -> set[bytes]:
    """The distinct contents a version holds."""
    whole = len(contents) - len(contents) % DIGEST
    # Unpacked by struct, at C speed: a version holds hundreds of thousands.
    return {digest for (digest,) in _DIGEST.iter_unpack(memoryview(contents)[:whole])}


def expected_length(indexes: Mapping[str, ResourceIndex]) -> int:
    items = sum(len(indexes[rtype].ids) for rtype in ITEM_SCHEMAS)
    items += sum(len(indexes[rtype].ids) for rtype in LIST_SCHEMAS)
    return (items + 1) * DIGEST


class ContentMap:
    """Where a version's items are: store key ("partnerships/<id>") to ETag."""

    def __init__(self, indexes: Mapping[str, ResourceIndex], contents: bytes | bytearray) -> None:
        if len(contents) != expected_length(indexes):
            raise ValueError("the contents do not match the indexes")
        self._indexes = indexes
        self._contents = bytes(contents)
        self._starts: dict[str, int] = {}
        at = 0
        for suffix, types in (("", ITEM_SCHEMAS), (".list", LIST_SCHEMAS)):
            for rtype in types:
                self._starts[rtype + suffix] = at
                at += len(indexes[rtype].ids) * DIGEST
        self._dataset = at

    def etag(self, key: str) -> str | None:
        """The ETag of the item stored under `key`; None when the version has no such item."""
        if key == DATASET_KEY:
            return self._contents[self._dataset :].hex()
        kind, _, rid = key.partition("/")
        start = self._starts.get(kind)
        if start is None:
            return None
        position = self._indexes[kind.removesuffix(".list")].ids.find(rid)
        if position is None:
            return None
        at = start + position * DIGEST
        return self._contents[at : at + DIGEST].hex()
