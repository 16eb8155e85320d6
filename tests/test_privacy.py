"""Privacy in a real browser: a reader's browser talks to the site and to nobody else, and keeps no
cookie. No web fonts, icon services or analytics: every request to another host is aborted and
recorded, on every page kind, in light and dark, while the reader searches, filters and toggles.
The built files are also read: no page or stylesheet names a resource on another host.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import SEARCH_WAIT, PageKinds, Scheme, reader
from playwright.sync_api import Browser, expect

LOADED = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("audio", "src"),
          ("video", "src"), ("embed", "src"), ("object", "data"), ("input", "src")}  # fmt: skip
LOADED_LINKS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "icon",
                "manifest", "apple-touch-icon"}  # fmt: skip
REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(?:https?:)?//""", re.IGNORECASE)


def test_the_check_catches_a_request_to_another_host(browser: Browser, base_url: str) -> None:
    """The detector itself works: a font and a pixel from elsewhere are seen and never sent."""
    with reader(browser, base_url) as visitor:
        page = visitor.open("/about/")
        page.evaluate(
            """() => {
              const font = Object.assign(document.createElement('link'),
                {rel: 'stylesheet', href: 'https://fonts.example.net/css?family=Roboto'});
              const pixel = Object.assign(document.createElement('img'), {src: 'https://stats.example.com/p.gif'});
              document.head.append(font); document.body.append(pixel);
            }"""
        )
        page.wait_for_load_state("networkidle")
        assert sorted(visitor.foreign) == [
            "https://fonts.example.net/css?family=Roboto",
            "https://stats.example.com/p.gif",
        ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_kind_asks_another_host_or_sets_a_cookie(
    browser: Browser, base_url: str, site: Path, scheme: Scheme
) -> None:
    with reader(browser, base_url, scheme=scheme) as visitor:
        page = visitor.open("/")
        for kind, path in PageKinds(site).all().items():
            page.goto(base_url + path)
            assert page.evaluate("() => document.cookie") == "", kind
        # What a reader does on the search page: type, filter, sort, page through.
        page.goto(base_url + "/search/")
        page.fill("#debunk-search-q", "NATO")
        page.press("#debunk-search-q", "Enter")
        status = page.locator(".debunk-search__status")
        expect(status).to_contain_text("found for “NATO”", timeout=SEARCH_WAIT)
        page.locator(".debunk-search__facet input[type=checkbox]").first.check()
        expect(status).to_contain_text("with 1 filter", timeout=SEARCH_WAIT)
        page.select_option("select[name=sort]", "date-desc")
        page.wait_for_load_state("networkidle")
        # The colour toggle keeps the reader's choice in the browser's local storage, not a cookie.
        page.locator("form[data-md-component=palette] label:not([hidden])").click()
        page.wait_for_load_state("networkidle")
        assert visitor.foreign == []
        assert visitor.errors == []
        assert visitor.context.cookies() == []


class _Resources(HTMLParser):
    """Every URL an HTML page makes the browser load by itself (not links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if (tag, name) in LOADED or name == "srcset" or (tag == "link" and name == "href"
                    and LOADED_LINKS & set(values.get("rel", "").lower().split())):  # fmt: skip
                self.urls.append(value)
        if "url(" in values.get("style", ""):
            self.urls.append(values["style"])


def test_no_built_file_names_a_resource_on_another_host(site: Path) -> None:
    remote: list[str] = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        remote += [f"{page.relative_to(site)}: {url}" for url in parser.urls if REMOTE.match(url.strip())]
        remote += [f"{page.relative_to(site)}: {url}" for url in parser.urls if CSS_REMOTE.search(url)]
    for sheet in sorted(site.rglob("*.css")):
        if CSS_REMOTE.search(sheet.read_text(encoding="utf-8")):
            remote.append(f"{sheet.relative_to(site)}: loads from another host")
    assert remote == []


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">', 1),
        ('<link rel="preconnect" href="//fonts.gstatic.com">', 1),
        ('<script async src="https://www.googletagmanager.com/gtag/js"></script>', 1),
        ('<img srcset="https://cdn.example.net/a.png 2x">', 1),
        ('<div style="background: url(https://cdn.example.net/b.png)"></div>', 1),
        ('<link rel="stylesheet" href="../assets/debunk.css"><script src="../a11y.js"></script>', 0),
        ('<a href="https://example.org/source">a source</a><link rel="canonical" href="https://x.org/">', 0),
    ],
)
def test_the_file_check_tells_loaded_resources_from_links(html: str, found: int) -> None:
    parser = _Resources()
    parser.feed(html)
    remote = [url for url in parser.urls if REMOTE.match(url.strip()) or CSS_REMOTE.search(url)]
    assert len(remote) == found
