"""Reads and writes of many keys at once, on one Redis or a Cluster: each batch is one round
trip per node it touches (a Cluster client groups the keys by node and slot)."""

from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import Any

from redis.cluster import RedisCluster

BATCH = 2000  # keys per round: big enough to amortise round trips, small enough to stream
SETTLED_ONE_BY_ONE = 16  # keys asked one by one rather than halved again
ROUND = 8  # batches counted per round trip


def is_cluster(client: Any) -> bool:
    return isinstance(client, RedisCluster)


def read_values(client: Any, keys: Sequence[str]) -> list[bytes | None]:
    """GET of each key, in order: MGET on one Redis; on a Cluster, MGET per slot, pipelined
    so each node is asked once."""
    if not keys:
        return []
    if is_cluster(client):
        found: list[bytes | None] = client.mget_nonatomic(keys)
    else:
        found = client.mget(keys)
    return found


def nodes_of(client: Any, keys: Sequence[str]) -> int:
    """How many nodes hold these keys: the round trips a read of them costs."""
    if not is_cluster(client):
        return 1 if keys else 0
    return len({client.get_node_from_key(key).name for key in keys})


def write_values(client: Any, pairs: Sequence[tuple[str, Any]]) -> None:
    """SET each key to its value (one MSET; on a Cluster, one per slot, pipelined by node)."""
    if not pairs:
        return
    if is_cluster(client):
        client.mset_nonatomic(dict(pairs))
    else:
        client.mset(dict(pairs))


def existing(
    client: Any, keys: Sequence[str], between: Callable[[], None] = lambda: None
) -> set[str]:
    """Which of the distinct `keys` exist: counted a batch at a time (all or none, the common
    answers, in one command); a batch where some do and some do not is halved and each half
    counted, until every part is all or none, so a few new keys among many cost a few
    commands each. `between` is called before each batch (a publisher renews its lock)."""
    found: set[str] = set()
    # On one server, a round of batches is counted in one round trip; a Cluster client splits
    # each batch by slot itself, which a pipeline's commands may not span.
    per_round = 1 if is_cluster(client) else ROUND
    for rounds in chunks(chunks(keys, BATCH), per_round):
        between()
        if per_round == 1:
            counts = [client.exists(*rounds[0])]
        else:
            with client.pipeline(transaction=False) as pipe:
                for chunk in rounds:
                    pipe.exists(*chunk)
                counts = pipe.execute()
        for chunk, count in zip(rounds, counts, strict=True):
            _settle(client, chunk, int(count), found)
    return found


def _settle(client: Any, keys: list[str], count: int, found: set[str]) -> None:
    """Add to `found` which of `keys` exist, `count` of them having been counted."""
    if count >= len(keys):
        found.update(keys)
    elif count <= 0:
        return
    elif len(keys) <= SETTLED_ONE_BY_ONE:
        with client.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.exists(key)
            answers = pipe.execute()
        found.update(key for key, there in zip(keys, answers, strict=True) if there)
    else:
        # Both halves counted (not one inferred from the other): keys may come and go meanwhile.
        half = len(keys) // 2
        for part in (keys[:half], keys[half:]):
            _settle(client, part, int(client.exists(*part)), found)


def unlink_all(client: Any, keys: Sequence[str]) -> int:
    """UNLINK every key (a Cluster client sends one per slot, pipelined by node); how many
    there were."""
    return sum(int(client.unlink(*chunk)) for chunk in chunks(keys, BATCH))


def chunks(items: Any, size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
