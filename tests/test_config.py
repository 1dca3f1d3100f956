"""Configuration: read from the environment, validated, and applied by the app factory."""

from pathlib import Path

import pytest

from service import create_app
from service.config import BUNDLED_SEEDS, Config, ConfigError


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
        ("CACHE_MAX_AGE", "-1", "CACHE_MAX_AGE: must be 0 or more"),
        ("DEFAULT_PAGE_SIZE", "500", "DEFAULT_PAGE_SIZE: must be from 1 to 100"),
        ("L1_CACHE_MB", "0", "L1_CACHE_MB: must be from 1 to 4096"),
        ("L1_CACHE_MB", "lots", "L1_CACHE_MB: 'lots' is not a whole number"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL: must be one of DEBUG, INFO"),
        ("SEEDS_DIR", "/no/such/folder", "SEEDS_DIR: /no/such/folder is not a folder"),
        ("REDIS_URL", "http://cache:6379", "REDIS_URL: must start with redis://"),
        # The parser's own message would quote the URL, password and all.
        ("REDIS_URL", "redis://:s3cr/et@host:6379/0", "REDIS_URL: is not a valid Redis URL"),
        ("REDIS_CLUSTER", "maybe", "REDIS_CLUSTER: 'maybe' is not true or false"),
        ("REDIS_TIMEOUT", "0", "REDIS_TIMEOUT: must be above 0"),
        ("RATE_LIMIT", "lots", "RATE_LIMIT: 'lots' is not a rate"),
        ("RATE_LIMIT", "0/second", "RATE_LIMIT: '0/second' allows no request at all"),
        ("RATE_LIMIT", "10/minute;0/hour", "RATE_LIMIT: '10/minute;0/hour' allows no request"),
        ("TRUSTED_PROXIES", "-1", "TRUSTED_PROXIES: must be from 0 to 10"),
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


@pytest.mark.parametrize("value", ["1", "true", "on"])
def test_debug_mode_cannot_be_switched_on(value: str) -> None:
    with pytest.raises(ConfigError, match="FLASK_DEBUG: debug mode cannot be switched on"):
        Config.from_env({"FLASK_DEBUG": value})
    assert Config.from_env({"FLASK_DEBUG": "0"}) == Config()


def test_redis_cluster_needs_a_url() -> None:
    with pytest.raises(ConfigError, match="REDIS_CLUSTER: needs REDIS_URL"):
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
