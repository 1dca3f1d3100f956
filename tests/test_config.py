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
        ("LOG_LEVEL", "loud", "LOG_LEVEL: must be one of DEBUG, INFO"),
        ("SEEDS_DIR", "/no/such/folder", "SEEDS_DIR: /no/such/folder is not a folder"),
    ],
)
def test_bad_value_stops_start_up_naming_the_variable(
    variable: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        Config.from_env({variable: value})
    assert raised.value.variable == variable
    assert str(raised.value).startswith(message)


def test_factory_applies_the_config() -> None:
    app = create_app(Config(cache_max_age=5, stale_while_revalidate=9, default_page_size=2))
    response = app.test_client().get("/v1/organizations")
    assert response.headers["Cache-Control"] == "public, max-age=5, stale-while-revalidate=9"
    assert response.json is not None and len(response.json["data"]) == 2
    assert not app.testing
