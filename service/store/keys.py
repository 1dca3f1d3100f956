"""Redis key names: items stored by content and spread over a Cluster's slots; each version's
own few keys in one slot; the pointer and the history it moves with in one slot, so the flip
is one atomic step."""

from dataclasses import dataclass

from redis.exceptions import RedisClusterException, RedisError

# What a Redis outage looks like to a client; a Cluster client that cannot reach any node
# raises RedisClusterException, which is not a RedisError.
REDIS_ERRORS = (RedisError, RedisClusterException)


@dataclass(frozen=True)
class Keys:
    """Every key starts with the prefix, so one SCAN per node finds them all.

    Example, prefix `p`, version `v1`, an item whose ETag is `e3b0...`:
      p:{p}:current  p:{p}:versions  p:{p}:published  p:{p}:publish-lock  p:{p}:drafts
      (one slot)
      p:{v1}:manifest  p:{v1}:index  p:{v1}:lineage  p:{v1}:contents  p:{v1}:seeds
      p:{v1}:memo
      p:item:e3b0...   (no hash tag: Cluster spreads items over every slot)
      p:seed:<rules fingerprint>:<seed file SHA-256>
    """

    prefix: str

    def _control(self, name: str) -> str:
        # The braces make the prefix the hash tag: these keys share a slot, so one script can
        # check the lock and move the pointer and the history together.
        return f"{self.prefix}:{{{self.prefix}}}:{name}"

    @property
    def current(self) -> str:
        """The pointer: the current version's id. Flipping it is the one atomic publish step."""
        return self._control("current")

    @property
    def history(self) -> str:
        """Sorted set of complete versions, scored by publish time."""
        return self._control("versions")

    @property
    def published(self) -> str:
        """Set of every version ever made current here, pruned or not: what tells a version
        that is gone (410) from one that never was (404). Pruning never removes a name."""
        return self._control("published")

    @property
    def lock(self) -> str:
        return self._control("publish-lock")

    @property
    def drafts(self) -> str:
        """Versions being written: what a publisher that died left is found here and pruned."""
        return self._control("drafts")

    @property
    def channel(self) -> str:
        return f"{self.prefix}:published"

    def _tag(self, version: str) -> str:
        # A version's own keys share its hash tag: its few metadata keys live in one slot.
        return f"{self.prefix}:{{{version}}}"

    def index(self, version: str) -> str:
        return f"{self._tag(version)}:index"

    def lineage(self, version: str) -> str:
        """Content ETags and `updated_in` of every resource: what change feeds diff."""
        return f"{self._tag(version)}:lineage"

    def contents(self, version: str) -> str:
        """The map from each of the version's items to its content (service.store.contents)."""
        return f"{self._tag(version)}:contents"

    def seeds(self, version: str) -> str:
        """The validated seed forms the version was built from, so pruning can free them."""
        return f"{self._tag(version)}:seeds"

    def memo(self, version: str) -> str:
        """What the version's build learnt (service.dataset.memo): the next publish searches
        only new quotes and renders only the records that differ."""
        return f"{self._tag(version)}:memo"

    def manifest(self, version: str) -> str:
        """Written last: a version without a manifest is incomplete and never made current."""
        return f"{self._tag(version)}:manifest"

    def version_keys(self, version: str) -> tuple[str, ...]:
        """The version's own keys, its manifest first (deleted first, a version is incomplete
        before any other key of it is gone)."""
        return (
            self.manifest(version),
            self.index(version),
            self.lineage(version),
            self.contents(version),
            self.seeds(version),
            self.memo(version),
        )

    def item(self, etag: str) -> str:
        """One item's body, named by its content: every version holding it shares it."""
        return f"{self.prefix}:item:{etag}"

    def seed_form(self, fingerprint: str, digest: str) -> str:
        """A seed file's validated form, by the rules it was validated under and its bytes."""
        return f"{self.prefix}:seed:{fingerprint}:{digest}"
