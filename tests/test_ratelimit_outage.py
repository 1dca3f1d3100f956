"""Rate limits hold while Redis is away: counts move into the process, and back to Redis once
it answers again. Each test owns its Redis, to stop and start it."""

from pathlib import Path

import pytest

from tests.conftest import new_prefix
from tests.support.redis_servers import RedisServer
from tests.support.redis_support import Target

pytestmark = pytest.mark.system


def test_limits_are_counted_in_the_process_while_redis_is_away(tmp_path: Path) -> None:
    redis = RedisServer(tmp_path / "redis").start()  # its own: the test stops it
    target = Target(redis.url, False, new_prefix())
    try:
        # Two a minute: the count kept in the process runs out within the test.
        client = target.app(rate_limit="2 per minute").test_client()
        peer = {"REMOTE_ADDR": "198.51.100.20"}
        assert client.get("/v1/products", environ_base=peer).status_code == 200
        redis.stop()
        statuses = [client.get("/v1/products", environ_base=peer).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]  # a fresh count in the process, still enforced
        refused = client.get("/v1/products", environ_base=peer)
        assert refused.headers["RateLimit-Remaining"] == "0"
        assert int(refused.headers["Retry-After"]) >= 1
    finally:
        target.close()
        redis.stop()
