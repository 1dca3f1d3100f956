"""The docs page in a real browser: headless Chromium (Debian's) opens /docs on a live
gunicorn, finds every operation, runs one with "Try it out" and sees its 200."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, sync_playwright

from tests.support.live_server import ROOT, gunicorn

pytestmark = pytest.mark.system

# As the machine's own probe starts it: no sandbox as root, and nothing reaching outside.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.fail("Chromium is needed: install Debian's chromium (make test does, as root)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def documented_paths() -> list[str]:
    document = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    return list(document["paths"])


def test_docs_list_every_operation_and_try_it_out_answers_200(
    browser: Browser, tmp_path: Path
) -> None:
    # A limit out of the way of the page's requests: rate limits are not what this checks.
    with gunicorn(RATE_LIMIT="100000 per minute") as base:
        page = browser.new_page()
        page.goto(f"{base}/docs/")
        page.wait_for_selector(".opblock", timeout=30_000)
        listed = page.locator(".opblock-summary-path").all_inner_texts()
        assert sorted(p.replace("\u200b", "") for p in listed) == sorted(documented_paths())

        operation = page.locator("#operations-dataset-get_dataset")
        operation.locator(".opblock-summary").click()
        operation.locator("button.execute").click()  # "Try it out" is on by default
        status = operation.locator(".live-responses-table tbody .response-col_status").first
        status.wait_for(timeout=15_000)
        assert status.inner_text().strip() == "200"
        body = operation.locator(".live-responses-table tbody .response-col_description").first
        assert '"version"' in body.inner_text()

        shot = tmp_path / "docs.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes().startswith(b"\x89PNG")
        page.close()
