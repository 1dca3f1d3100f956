"""Keeping the retained few versions: a version beyond them, or a draft a dead publisher left,
is deleted with the items and seed forms no retained version uses."""

from typing import Any

import orjson

from service.dataset.lineage import Lineage, decode_lineage
from service.store.batches import unlink_all
from service.store.codec import read_index, unpacked
from service.store.contents import digests_of
from service.store.keys import Keys
from service.store.seedforms import SeedForms


def read_contents(client: Any, keys: Keys, version: str) -> bytearray | None:
    """A version's contents (service.store.contents); None when it is gone."""
    return read_index(client, keys.contents(version))  # in pieces: megabytes at scale


def read_lineage(client: Any, keys: Keys, version: str) -> Lineage | None:
    """A retained version's lineage; None when it is gone or was written by other code."""
    raw = read_index(client, keys.lineage(version))  # in pieces: it is as large as the index
    if raw is None:
        return None
    try:
        return decode_lineage(unpacked(raw))
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None


def prune(
    client: Any,
    keys: Keys,
    version: str,
    digests: set[bytes],
    forms: SeedForms | None,
    retain: int,
) -> tuple[tuple[str, ...], int]:
    """Before `version` (holding `digests`) is made current: keep it, the current version and
    the newest others up to `retain`; delete the rest, and drafts no publisher is writing.
    Returns the versions deleted and how many items were freed with them."""
    newest_first = [v.decode() for v in client.zrevrange(keys.history, 0, -1)]
    current = _text(client.get(keys.current))
    kept = [version, *[v for v in newest_first if v != version][: max(retain, 1) - 1]]
    if current is not None and current not in kept:
        kept.append(current)
    drafts = [d.decode() for d in client.smembers(keys.drafts)]
    gone = [v for v in dict.fromkeys([*newest_first, *drafts]) if v not in kept]
    if not gone:
        return (), 0
    # What the kept versions use: their items and seed forms stay.
    used = set(digests)
    used_forms = _forms_of(client, keys, version) | _own_forms(forms)
    for other in kept[1:]:
        contents = read_contents(client, keys, other)
        used |= digests_of(contents) if contents else set()
        used_forms |= _forms_of(client, keys, other)
    freed = 0
    for old in gone:
        contents = read_contents(client, keys, old)
        unused = digests_of(contents) - used if contents else set()
        freed += unlink_all(client, [keys.item(d.hex()) for d in unused])
        unlink_all(client, [keys.seed_form(*f) for f in _forms_of(client, keys, old) - used_forms])
        client.unlink(*keys.version_keys(old))
        client.zrem(keys.history, old)
        client.srem(keys.drafts, old)
    return tuple(gone), freed


def _forms_of(client: Any, keys: Keys, version: str) -> set[tuple[str, str]]:
    """The (rules fingerprint, seed file digest) of the forms a version was built from."""
    raw = client.get(keys.seeds(version))
    if raw is None:
        return set()
    record = orjson.loads(raw)
    return {(record["fingerprint"], digest) for digest in record["digests"]}


def _own_forms(forms: SeedForms | None) -> set[tuple[str, str]]:
    return set() if forms is None else {(forms.fingerprint, d) for d in forms.asked}


def _text(value: bytes | str | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value
