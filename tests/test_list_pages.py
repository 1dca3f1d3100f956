"""List pages are kept per dataset version and URL: a new version answers with its own pages,
and nothing that failed is kept."""

import shutil
from pathlib import Path
from typing import Any

import orjson
import pytest

from service import create_app
from service.config import BUNDLED_SEEDS, Config
from service.dataset import load_dataset
from service.pages import Page, PageCache
from tests.support.seed_files import rewrite_seed


def test_a_new_version_answers_a_repeated_list_url_with_its_own_page(tmp_path: Path) -> None:
    # Testing mode (an error past the handlers fails the test); a limit out of the way.
    app = create_app(Config(testing=True, rate_limit="100000 per minute"))
    client = app.test_client()
    url = "/v1/partnerships?fields=id,title&limit=2"
    before = orjson.loads(client.get(url).data)
    seeds = Path(shutil.copytree(BUNDLED_SEEDS, tmp_path / "seeds"))

    def retitle(data: dict[str, Any]) -> None:
        data["partnerships"][0]["title"] = "A retitled partnership"

    rewrite_seed(seeds, retitle)
    app.extensions["partnership_api"].store.publish(load_dataset(seeds))
    after = orjson.loads(client.get(url).data)
    assert after["meta"]["dataset_version"] != before["meta"]["dataset_version"]
    titles = {p["title"] for p in after["data"]}
    assert "A retitled partnership" in titles
    assert "A retitled partnership" not in {p["title"] for p in before["data"]}


def test_pages_are_kept_per_version_and_url() -> None:
    pages = PageCache()
    made: list[str] = []

    def make(body: bytes) -> Page:
        made.append(body.decode())
        return Page(body, '"tag"', "")

    assert pages.get_or_make("v1", "/a", lambda: make(b"a1")).body == b"a1"
    assert pages.get_or_make("v1", "/a", lambda: make(b"other")).body == b"a1"
    assert pages.get_or_make("v2", "/a", lambda: make(b"a2")).body == b"a2"
    assert pages.get_or_make("v1", "/b", lambda: make(b"b1")).body == b"b1"
    assert made == ["a1", "a2", "b1"]


def test_a_page_that_failed_is_made_again_and_one_too_big_is_not_kept() -> None:
    pages = PageCache(max_bytes=1000)

    def fail() -> Page:
        raise LookupError("the store could not answer")

    with pytest.raises(LookupError):
        pages.get_or_make("v1", "/a", fail)
    assert pages.get_or_make("v1", "/a", lambda: Page(b"ok", '"t"', "")).body == b"ok"
    big = Page(b"x" * 2000, '"t"', "")
    assert pages.get_or_make("v1", "/big", lambda: big) is big
    assert pages.get_or_make("v1", "/big", lambda: Page(b"again", '"t"', "")).body == b"again"
