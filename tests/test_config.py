"""Configuration: read from the environment, validated, and applied by the app factory."""

from pathlib import Path

import pytest

from service import create_app
from service.config import BUNDLED_SEEDS, Config, ConfigError, ServerSettings

NOT_A_DB = "is not a whole number, as in redis://host:6379/0"


def test_defaults_serve_the_bundled_seeds() -> None:
    config = Config.from_env({})
    assert config == Config()
    assert config.seeds_dir == BUNDLED_SEEDS
    assert config.cache_max_age == 60


def test_environment_overrides_defaults(tmp_path: Path) -> None:
    config = Config.from_env(
        {
            "SEEDS_DIR": str(tmp_path),
            "CACHE_MAX_AGE": "5",
            "STALE_WHILE_REVALIDATE": "0",
            "DEFAULT_PAGE_SIZE": "7",
            "LOG_LEVEL": "debug",
        }
    )
    assert config.seeds_dir == tmp_path
    assert (config.cache_max_age, config.stale_while_revalidate) == (5, 0)
    assert config.default_page_size == 7
    assert config.log_level == "DEBUG"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CACHE_MAX_AGE", "soon", "CACHE_MAX_AGE: 'soon' is not a whole number"),
        ("CACHE_MAX_AGE", "-1", "CACHE_MAX_AGE: -1 must be 0 or more"),
        ("DEFAULT_PAGE_SIZE", "500", "DEFAULT_PAGE_SIZE: 500 must be from 1 to 100"),
        ("L1_CACHE_MB", "0", "L1_CACHE_MB: 0 must be from 1 to 4096"),
        ("L1_CACHE_MB", "lots", "L1_CACHE_MB: 'lots' is not a whole number"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL: 'LOUD' must be one of DEBUG, INFO"),
        ("SEEDS_DIR", "/no/such/folder", "SEEDS_DIR: '/no/such/folder' is not a folder"),
        ("REDIS_URL", "http://cache:6379", "REDIS_URL: must start with redis://"),
        # The parser's own message would quote the URL, password and all.
        ("REDIS_URL", "redis://:s3cr/et@host:6379/0", "REDIS_URL: is not a valid Redis URL"),
        # redis-py would connect to database 0, 12 and -1: each is refused, naming the part.
        ("REDIS_URL", "redis://127.0.0.1:6379/abc", f"REDIS_URL: the database 'abc' {NOT_A_DB}"),
        ("REDIS_URL", "rediss://:s3cret@h:6379/1/2", f"REDIS_URL: the database '1/2' {NOT_A_DB}"),
        ("REDIS_URL", "redis://:s3cret@h:6379/-1", f"REDIS_URL: the database '-1' {NOT_A_DB}"),
        ("REDIS_URL", "redis://h:6379/0?db=-1", f"REDIS_URL: the database '-1' {NOT_A_DB}"),
        (
            "REDIS_URL",
            "redis://:12/s3cret@h/x",
            f"REDIS_URL: the database named in the URL {NOT_A_DB}",
        ),
        ("REDIS_CLUSTER", "maybe", "REDIS_CLUSTER: 'maybe' is not true or false"),
        ("REDIS_TIMEOUT", "0", "REDIS_TIMEOUT: 0.0 must be above 0"),
        ("RATE_LIMIT", "lots", "RATE_LIMIT: 'lots' is not a rate"),
        ("RATE_LIMIT", "0/second", "RATE_LIMIT: '0/second' allows no request at all"),
        ("RATE_LIMIT", "10/minute;0/hour", "RATE_LIMIT: '10/minute;0/hour' allows no request"),
        ("RATE_LIMIT_STORAGE", "memcached", "RATE_LIMIT_STORAGE: 'memcached' must be one of"),
        # With no Redis there is nowhere to count together: said, rather than counted locally.
        ("RATE_LIMIT_STORAGE", "redis", "RATE_LIMIT_STORAGE: 'redis' needs REDIS_URL"),
        ("TRUSTED_PROXIES", "-1", "TRUSTED_PROXIES: -1 must be from 0 to 10"),
        ("CORS_ORIGINS", "ftp://x", "CORS_ORIGINS: 'ftp://x' is not an origin"),
        ("API_DEPRECATIONS", "v1=2027-01-01", "API_DEPRECATIONS: 'v1=2027-01-01' is not"),
        ("API_DEPRECATIONS", "v1=2027-06-01/2027-01-01", "API_DEPRECATIONS: 'v1=2027-06-01/"),
    ],
)
def test_bad_value_stops_start_up_naming_the_variable(
    variable: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        Config.from_env({variable: value})
    assert raised.value.variable == variable
    assert str(raised.value).startswith(message)
    assert "s3cr" not in str(raised.value)


@pytest.mark.parametrize(
    ("environment", "in_redis"),
    [
        ({}, False),
        ({"RATE_LIMIT_STORAGE": "local"}, False),
        ({"REDIS_URL": "redis://cache:6379/0"}, True),
        ({"REDIS_URL": "redis://cache:6379/0", "RATE_LIMIT_STORAGE": "Redis"}, True),
        ({"REDIS_URL": "redis://cache:6379/0", "RATE_LIMIT_STORAGE": "local"}, False),
        ({"REDIS_URL": "redis://cache:6379/0", "RATE_LIMIT_STORAGE": ""}, True),
    ],
)
def test_rate_limits_are_counted_in_redis_by_default_when_it_is_configured(
    environment: dict[str, str], in_redis: bool
) -> None:
    assert Config.from_env(environment).rate_limits_in_redis is in_redis


@pytest.mark.parametrize("value", ["1", "true", "on"])
def test_debug_mode_cannot_be_switched_on(value: str) -> None:
    with pytest.raises(ConfigError, match="FLASK_DEBUG: debug mode cannot be switched on"):
        Config.from_env({"FLASK_DEBUG": value})
    assert Config.from_env({"FLASK_DEBUG": "0"}) == Config()


def test_redis_cluster_needs_a_url() -> None:
    with pytest.raises(ConfigError, match="REDIS_CLUSTER: 'true' needs REDIS_URL"):
        Config.from_env({"REDIS_CLUSTER": "true"})


def test_config_repr_keeps_the_redis_password_out() -> None:
    config = Config.from_env({"REDIS_URL": "redis://:hunter2@127.0.0.1:6379/0"})
    assert "hunter2" not in repr(config)


def test_factory_applies_the_config() -> None:
    app = create_app(Config(cache_max_age=5, stale_while_revalidate=9, default_page_size=2))
    response = app.test_client().get("/v1/organizations")
    assert response.headers["Cache-Control"] == "public, max-age=5, stale-while-revalidate=9"
    assert response.json is not None and len(response.json["data"]) == 2
    assert not app.testing


@pytest.mark.parametrize(
    "url",
    ["redis://127.0.0.1:6379", "redis://127.0.0.1:6379/", "redis://h/15", "unix:///r.sock?db=2"],
)
def test_a_redis_url_with_a_whole_database_number_or_none_is_taken(url: str) -> None:
    assert Config.from_env({"REDIS_URL": url}).redis_url == url


def test_server_defaults_are_those_the_readme_lists() -> None:
    server = ServerSettings.from_env({})
    assert server.bind == "127.0.0.1:8000"
    assert (server.workers, server.threads, server.worker_class) == (2, 1, "sync")
    assert (server.timeout, server.graceful_timeout) == (30, 30)
    assert (server.max_requests, server.max_requests_jitter) == (10000, 1000)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("PORT", "abc", "PORT: 'abc' is not a whole number"),
        ("PORT", "99999", "PORT: 99999 must be from 1 to 65535"),
        ("PORT", "-1", "PORT: -1 must be from 1 to 65535"),
        ("PORT", "0", "PORT: 0 must be from 1 to 65535"),
        ("HOST", "", "HOST: '' is not an address to bind, such as 127.0.0.1, 0.0.0.0"),
        ("HOST", "127.0.0.1:8000", "HOST: '127.0.0.1:8000' is not an address to bind"),
        ("HOST", "my host", "HOST: 'my host' is not an address to bind"),
        ("WEB_CONCURRENCY", "0", "WEB_CONCURRENCY: 0 must be 1 or more"),
        ("GUNICORN_THREADS", "many", "GUNICORN_THREADS: 'many' is not a whole number"),
        (
            "GUNICORN_WORKER_CLASS",
            "gevent",
            "GUNICORN_WORKER_CLASS: 'gevent' must be one of sync, ",
        ),
        ("GUNICORN_TIMEOUT", "0", "GUNICORN_TIMEOUT: 0 must be 1 or more"),
        ("GUNICORN_GRACEFUL_TIMEOUT", "1.5", "GUNICORN_GRACEFUL_TIMEOUT: '1.5' is not a whole"),
        ("GUNICORN_MAX_REQUESTS", "-1", "GUNICORN_MAX_REQUESTS: -1 must be 0 or more"),
        ("GUNICORN_MAX_REQUESTS_JITTER", "x", "GUNICORN_MAX_REQUESTS_JITTER: 'x' is not a whole"),
    ],
)
def test_a_bad_server_setting_is_refused_naming_variable_and_value(
    variable: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        ServerSettings.from_env({variable: value})
    assert raised.value.variable == variable
    assert str(raised.value).startswith(message)


def test_recycling_can_be_turned_off_and_an_ipv6_address_is_bound_in_brackets() -> None:
    server = ServerSettings.from_env(
        {"GUNICORN_MAX_REQUESTS": "0", "GUNICORN_MAX_REQUESTS_JITTER": "0", "HOST": "::1"}
    )
    assert (server.max_requests, server.max_requests_jitter) == (0, 0)
    assert server.bind == "[::1]:8000"
    assert ServerSettings.from_env({"HOST": "[::]", "PORT": "9"}).bind == "[::]:9"
    assert ServerSettings.from_env({"GUNICORN_WORKER_CLASS": "gthread"}).worker_class == "gthread"
