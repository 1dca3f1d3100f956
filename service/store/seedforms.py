"""Validated seed forms kept in Redis, so a publish validates only the seed files whose bytes
no retained version was built from (service.dataset.parse, KnownForms)."""

from collections.abc import Mapping, Sequence
from typing import Any

from service.dataset.forms import schema_fingerprint
from service.store.batches import chunks, read_values
from service.store.keys import Keys

FORMS_PER_READ = 256  # forms are some tens of kB: a few MB per round trip


class SeedForms:
    """The forms of one load: those found, and those validated now, which the publish stores
    with its version (never before: a load that fails stores nothing)."""

    def __init__(self, client: Any, keys: Keys, fingerprint: str | None = None) -> None:
        self.client = client
        self.keys = keys
        self.fingerprint = fingerprint or schema_fingerprint()
        self.asked: list[str] = []  # the digests of every seed file read
        self.found = 0
        self.fresh: dict[str, bytes] = {}

    def lookup(self, digests: Sequence[str]) -> Mapping[str, bytes]:
        # A build on the previous version asks twice: for the changed files, then for those
        # that give the records they reach.
        self.asked = list(dict.fromkeys([*self.asked, *digests]))
        known: dict[str, bytes] = {}
        for batch in chunks(digests, FORMS_PER_READ):
            names = [self.keys.seed_form(self.fingerprint, d) for d in batch]
            for digest, form in zip(batch, read_values(self.client, names), strict=True):
                if form is not None:
                    known[digest] = form
        self.found += len(known)
        return known

    def keep(self, digest: str, form: bytes) -> None:
        self.fresh[digest] = form
