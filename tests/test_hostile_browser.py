"""The hostile corpus in a real browser: every page opened, nothing runs, nothing leaves.

The fixture `tests/fixtures/hostile/` is built as if its cases had slipped past validation
(see tests/hostile.py), served on 127.0.0.1 and opened page by page in Debian's headless
Chromium (never a browser that Playwright downloads). A test fails on any dialog (`alert`,
`confirm`, `prompt`, `print`), any request to a host other than the local server (such requests
are aborted, never sent), any console error and any uncaught script error.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile import build_hostile_site
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Route


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("hostile-browser") / "repo"
    result = build_hostile_site(repo, bypass=True)
    assert result.returncode == 0, result.stderr
    return repo / "site"


def open_page(browser: Browser, base_url: str, path: str) -> list[str]:
    """Everything that went wrong while loading one page and letting its scripts settle."""
    incidents: list[str] = []
    page = browser.new_page()

    def on_dialog(dialog: Dialog) -> None:
        incidents.append(f"dialog {dialog.type}: {dialog.message!r}")
        dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            incidents.append(f"console error: {message.text}")

    def on_route(route: Route) -> None:
        url = route.request.url
        if url.startswith((base_url + "/", "data:", "blob:")):
            route.continue_()
        else:
            incidents.append(f"request to another host: {url}")
            route.abort()

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("pageerror", lambda error: incidents.append(f"script error: {error}"))
    page.route("**/*", on_route)
    response = page.goto(base_url + path, wait_until="load")
    if response is None or response.status != 200:
        incidents.append(f"HTTP {response.status if response else 'no response'}")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(100)  # let timers and toggle events fire
    page.close()
    return incidents


def test_every_hostile_page_opens_without_script_requests_or_errors(
    browser: Browser, base_url: str, site: Path
) -> None:
    paths = sorted("/" + page.parent.relative_to(site).as_posix() + "/" for page in site.rglob("index.html"))
    paths = [path.replace("/./", "/") for path in paths]
    assert "/cases/2024/2024-01-01-markup-in-the-body/" in paths
    assert len(paths) >= 20
    incidents = {path: found for path in paths if (found := open_page(browser, base_url, path))}
    assert incidents == {}


def test_the_check_sees_a_dialog_and_a_foreign_request(browser: Browser, base_url: str, site: Path) -> None:
    """The detector itself works: an unsanitised page trips it."""
    canary = site / "canary" / "index.html"
    canary.parent.mkdir(exist_ok=True)
    canary.write_text(
        '<!doctype html><title>canary</title><img src="https://evil.example/x.png">'
        "<script>alert('canary')</script>",
        encoding="utf-8",
    )
    try:
        incidents = open_page(browser, base_url, "/canary/")
    finally:
        shutil.rmtree(canary.parent)
    assert "dialog alert: 'canary'" in incidents
    assert "request to another host: https://evil.example/x.png" in incidents
