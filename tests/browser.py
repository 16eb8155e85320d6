"""Shared helpers of the reader browser tests (walk, accessibility, layout, privacy).

The repository's sample site is built once per test session into a temporary folder, from a copy
of the repository's content with `page_size: 4` so that term and narrative pages paginate
(`/page/2/`) and `cases_page_size: 8` so that `/cases/` does, and
served on 127.0.0.1. Pages are opened in Debian's headless Chromium (never a browser Playwright
downloads) in private contexts where every request to another host is aborted and recorded.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, sync_playwright

ROOT = Path(__file__).parent.parent
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",  # CI may run as root in a container
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SEARCH_WAIT = 20_000
"""Milliseconds to wait for search results: Pagefind starts a WebAssembly worker, slow on a busy CI."""
PAGE_SIZE = 4
"""Cases per term and narrative page in the test build: small, so that the bigger terms and
narratives have a page 2."""
CASES_PAGE_SIZE = 8
"""Cases per page of `/cases/` in the test build: the sample's cases take several pages."""
_COPIED = ("cases", "narratives", "vocabularies", "reviews", "links", "docs", "overrides", "hooks")
_built: dict[str, Path] = {}

Scheme = Literal["light", "dark"]


class _QuietHandler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a page and its assets over one connection

    def log_message(self, format: str, *args: Any) -> None:
        pass


def build_sample_site(factory: pytest.TempPathFactory) -> Path:
    """The sample site, built once per session with `mkdocs build --strict`; its folder."""
    if "site" in _built:
        return _built["site"]
    repo = factory.mktemp("reader-repo")
    for name in _COPIED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, repo / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for name, size in (("page_size", PAGE_SIZE), ("cases_page_size", CASES_PAGE_SIZE)):
        config, count = re.subn(rf"(?m)^(\s+{name}:) \d+$", rf"\1 {size}", config)
        assert count == 1, f"mkdocs.yml has no extra.debunk.{name} to shrink"
    (repo / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = factory.mktemp("reader-site")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    _built["site"] = site
    return site


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1; yield its base URL, without a trailing slash."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium."""
    with sync_playwright() as playwright:
        yield launch(playwright)


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)


@dataclass
class Reader:
    """A private browser context on the local site, with what it saw go wrong."""

    context: BrowserContext
    base_url: str
    foreign: list[str] = field(default_factory=list)
    """Requests to any other host: aborted, never sent."""
    errors: list[str] = field(default_factory=list)
    """Uncaught script errors and HTTP errors of the site's own resources."""

    def open(self, path: str, *, wait: str = "load") -> Page:
        """A new tab on `path` (site-relative, starting with `/`), loaded and settled."""
        page = self.context.new_page()
        self.watch(page)
        response = page.goto(self.base_url + path, wait_until="load")
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        if wait == "networkidle":
            page.wait_for_load_state("networkidle")
        return page

    def watch(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.errors.append(f"script error on {page.url}: {error}"))
        page.on(
            "response",
            lambda response: (
                response.status >= 400 and self.errors.append(f"HTTP {response.status}: {response.url}")
            ),
        )


@contextmanager
def reader(
    browser: Browser,
    base_url: str,
    *,
    scheme: Scheme = "light",
    width: int = 1280,
    height: int = 900,
    **options: Any,
) -> Iterator[Reader]:
    """A fresh private context: nothing kept between readers, other hosts unreachable."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=scheme, locale="en-GB", **options
    )
    state = Reader(context, base_url)

    def on_route(route: Route) -> None:
        url = route.request.url
        if url.startswith((base_url + "/", "data:", "blob:")):
            route.continue_()
        else:
            state.foreign.append(url)
            route.abort()

    context.route("**/*", on_route)
    try:
        yield state
    finally:
        context.close()


def site_paths(site: Path) -> list[str]:
    """Every HTML page of the built site, as a site-relative URL path."""
    paths = {"/" + page.parent.relative_to(site).as_posix() + "/" for page in site.rglob("index.html")}
    return sorted(path.replace("/./", "/") for path in paths)


@dataclass(frozen=True)
class PageKinds:
    """One URL path of each kind of page the site has, read from the built site."""

    site: Path

    def first(self, pattern: str) -> str:
        pages = sorted(self.site.glob(pattern + "/index.html"))
        assert pages, f"no page matches {pattern!r} in {self.site}"
        return "/" + pages[0].parent.relative_to(self.site).as_posix() + "/"

    def case_with_related(self) -> str:
        """A case page that lists related cases (the walk opens one of them)."""
        for page in sorted(self.site.glob("cases/[0-9]*/*/index.html")):
            if 'id="related-cases"' in page.read_text(encoding="utf-8"):
                return "/" + page.parent.relative_to(self.site).as_posix() + "/"
        raise AssertionError("no case page lists related cases")

    def all(self) -> dict[str, str]:
        """kind -> path, for every page kind."""
        return {
            "home": "/",
            "case": self.case_with_related(),
            "narrative": self.first("narratives/*"),
            "narrative page 2": self.first("narratives/*/page/2"),
            "narrative index": "/narratives/",
            "all cases": "/cases/",
            "all cases page 2": "/cases/page/2/",
            "keyword": self.first("keywords/*"),
            "keyword page 2": self.first("keywords/*/page/2"),
            "keyword index": "/keywords/",
            "country": self.first("countries/*"),
            "country index": "/countries/",
            "language": self.first("languages/*"),
            "language index": "/languages/",
            "outlet": self.first("outlets/*"),
            "outlet index": "/outlets/",
            "review": self.first("reviews/[0-9]*"),
            "review index": "/reviews/",
            "search": "/search/?q=NATO",
            "data": "/data/",
            "about": "/about/",
            "ratings": "/ratings/",
            "corrections": "/corrections/",
            "not found": "/404.html",
        }
