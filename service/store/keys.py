"""Redis key names. One version's keys share a hash tag, so they live in one Cluster slot."""

from dataclasses import dataclass

from redis.exceptions import RedisClusterException, RedisError

# What a Redis outage looks like to a client; a Cluster client that cannot reach any node
# raises RedisClusterException, which is not a RedisError.
REDIS_ERRORS = (RedisError, RedisClusterException)


@dataclass(frozen=True)
class Keys:
    prefix: str

    @property
    def current(self) -> str:
        """The pointer: the current version's id. Flipping it is the one atomic publish step."""
        return f"{self.prefix}:current"

    @property
    def history(self) -> str:
        """Sorted set of complete versions, scored by publish time."""
        return f"{self.prefix}:versions"

    @property
    def lock(self) -> str:
        return f"{self.prefix}:publish-lock"

    @property
    def channel(self) -> str:
        return f"{self.prefix}:published"

    def _tag(self, version: str) -> str:
        # Every key starts with the prefix (one SCAN finds them); the braces make the version
        # the hash tag, so Redis Cluster puts one version's keys in one slot.
        return f"{self.prefix}:{{{version}}}"

    def items(self, version: str) -> str:
        """Hash of store key -> ETag-prefixed body: one HMGET reads any number of them."""
        return f"{self._tag(version)}:items"

    def index(self, version: str) -> str:
        return f"{self._tag(version)}:index"

    def lineage(self, version: str) -> str:
        """Content ETags and `updated_in` of every resource: what change feeds diff."""
        return f"{self._tag(version)}:lineage"

    def manifest(self, version: str) -> str:
        """Written last: a version without a manifest is incomplete and never made current."""
        return f"{self._tag(version)}:manifest"

    def version_keys(self, version: str) -> tuple[str, str, str, str]:
        return (
            self.items(version),
            self.index(version),
            self.lineage(version),
            self.manifest(version),
        )
