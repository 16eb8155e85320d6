"""Open the built site in a real browser: the home page and a case page load without errors.

The pull-request workflow runs this on the site it has just built (`DEBUNK_SITE_DIR=site`);
run alone, it builds the repository's site into a temporary folder first. The site is served
on 127.0.0.1 and driven by Playwright in Debian's Chromium (never a browser Playwright
downloads). It relies only on `/` and `/cases/<year>/<id>/` existing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import serve
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("DEBUNK_SITE_DIR")
    if given:
        return Path(given).resolve()
    out = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


def first_case_path(site_dir: Path) -> str:
    pages = sorted(site_dir.glob("cases/[0-9][0-9][0-9][0-9]/*/index.html"))
    assert pages, f"no case page in {site_dir}"
    return "/" + pages[0].parent.relative_to(site_dir).as_posix() + "/"


def visit(browser: Browser, base_url: str, path: str) -> tuple[Page, list[str]]:
    """Load a page; return it and every error: console, script, failed or foreign request."""
    page = browser.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text}")

    def on_request(request: Request) -> None:
        if not request.url.startswith((base_url, "data:", "blob:")):
            errors.append(f"request to another host: {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"script: {error}"))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url} {request.failure}"))

    def on_response(response: Response) -> None:
        if response.status >= 400:
            errors.append(f"HTTP {response.status}: {response.url}")

    page.on("request", on_request)
    page.on("response", on_response)
    response = page.goto(base_url + path, wait_until="load")
    assert response is not None
    assert response.status == 200, f"{path}: HTTP {response.status}"
    page.wait_for_load_state("networkidle")
    return page, errors


def test_the_home_page_loads_without_errors(browser: Browser, base_url: str) -> None:
    page, errors = visit(browser, base_url, "/")
    assert errors == []
    assert page.title().strip()
    assert page.locator("body").inner_text().strip()
    page.close()


def test_a_case_page_loads_without_errors(browser: Browser, base_url: str, site_dir: Path) -> None:
    path = first_case_path(site_dir)
    page, errors = visit(browser, base_url, path)
    assert errors == []
    assert page.locator("h1").first.inner_text().strip()
    page.close()
