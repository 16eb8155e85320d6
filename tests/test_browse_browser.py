"""Browsing without search, in a real browser on the built sample site: every case on `/cases/`
without JavaScript, a long narrative page by page, the A-Z bar and the top 20 of an index, a term
page's feed and "search within" links, and the page a missing address gets. What is expected is
computed from the case files."""

from __future__ import annotations

import functools
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser import PAGE_SIZE, SEARCH_WAIT, _QuietHandler, reader
from playwright.sync_api import Browser, Page, expect
from test_layout import overflow
from test_search_browser import results

from debunk.content.repository import Content, load_content
from debunk.publish.feeds import TERM_FEED_LIMIT

ROOT = Path(__file__).parent.parent
CASE_HREF = re.compile(r"/cases/(\d{4})/([a-z0-9-]+)/$")


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(ROOT)


def case_files() -> list[str]:
    """The id of each case file, but those held back from publication (`status`, `publish_on`)."""
    held = {case.id for case in load_content(ROOT).held}
    return [path.stem for path in (ROOT / "cases").rglob("*.md") if path.stem not in held]


def hrefs(page: Page, selector: str) -> list[str]:
    return [urlsplit(href).path for href in page.locator(selector).evaluate_all("as => as.map(a => a.href)")]


def walk_older(page: Page) -> Iterator[Page]:
    """The page, then each page its "Older cases" link leads to."""
    while True:
        yield page
        older = page.get_by_role("link", name="Older cases →")
        if not older.count():
            return
        older.click()
        page.wait_for_load_state("load")


def test_all_cases_lists_every_case_once_by_year_and_month_without_javascript(
    browser: Browser, base_url: str
) -> None:
    with reader(browser, base_url, java_script_enabled=False) as visitor:
        page = visitor.open("/")
        page.get_by_role("link", name="All cases by date", exact=True).click()
        assert urlsplit(page.url).path == "/cases/"
        listed, pages = [], 0
        for current in walk_older(page):
            pages += 1
            # Each case under the headings of its year and month, in page order.
            items = current.locator("article h2, article h3, article li a[href]").evaluate_all(
                "els => els.map(e => [e.tagName, e.tagName === 'A' ? e.href : e.textContent.trim()])"
            )
            year = month = ""
            for tag, value in items:
                if tag == "H2":
                    year = value
                elif tag == "H3":
                    month = value
                elif found := CASE_HREF.search(urlsplit(value).path):
                    listed.append(found.group(2))
                    assert found.group(2)[:4] == year and month.endswith(year), (value, year, month)
                    assert month.split()[0] == _month_name(found.group(2)), (value, month)
        assert visitor.errors == [] and visitor.foreign == []
    assert Counter(listed) == Counter(case_files())
    assert listed == sorted(listed, reverse=True)  # newest first (ids start with the date)
    assert pages > 1


def _month_name(case_id: str) -> str:
    import datetime as dt

    return dt.date.fromisoformat(case_id[:10]).strftime("%B")


def test_a_year_link_jumps_to_the_page_and_heading_where_the_year_starts(
    browser: Browser, base_url: str
) -> None:
    oldest = min(name[:4] for name in case_files())
    with reader(browser, base_url, java_script_enabled=False) as visitor:
        page = visitor.open("/cases/")
        page.get_by_role("link", name=oldest, exact=True).first.click()
        page.wait_for_load_state("load")
        heading = page.locator(f"article h2:text-is('{oldest}')")
        expect(heading).to_be_in_viewport()
        first = hrefs(page, f"article h2:text-is('{oldest}') ~ ul a")[0]
        newest_of_year = max(name for name in case_files() if name.startswith(oldest))
        assert first.endswith(f"/{newest_of_year}/")


def test_a_long_narrative_is_paginated_and_every_case_is_reachable(
    browser: Browser, base_url: str, content: Content
) -> None:
    tally = Counter(n for case in content.cases for n in case.narratives)
    narrative, count = max(tally.items(), key=lambda item: (item[1], item[0]))
    assert count > PAGE_SIZE, "the test build needs a narrative longer than a page"
    with reader(browser, base_url, width=375) as visitor:
        page = visitor.open(f"/narratives/{narrative}/")
        expect(page.locator(".debunk-chart")).to_have_count(1)
        listed, pages = [], 0
        for current in walk_older(page):
            pages += 1
            found = [CASE_HREF.search(path) for path in hrefs(current, ".debunk-narrative__body li a")]
            listed += [match.group(2) for match in found if match]
            assert len(found) <= PAGE_SIZE
            if pages > 1:
                assert urlsplit(current.url).path == f"/narratives/{narrative}/page/{pages}/"
                expect(current.locator(".debunk-chart")).to_have_count(0)
                assert overflow(current) is None
        assert visitor.errors == []
    expected = [
        path.stem for path in (ROOT / "cases").rglob("*.md") if path.stem in _with(content, narrative)
    ]
    assert sorted(listed) == sorted(expected) and len(listed) == count
    assert pages == -(-count // PAGE_SIZE)


def _with(content: Content, narrative: str) -> set[str]:
    return {case.id for case in content.cases if narrative in case.narratives}


def test_an_index_has_an_a_to_z_bar_and_the_top_20_by_cases(
    browser: Browser, base_url: str, content: Content
) -> None:
    tally = Counter(keyword for case in content.cases for keyword in case.keywords)
    assert len(tally) > 20, "the sample needs more than 20 keywords"
    twentieth = sorted(tally.values(), reverse=True)[19]
    with reader(browser, base_url) as visitor:
        page = visitor.open("/keywords/")
        top = page.locator("h2#most-cases + ul li").all_inner_texts()
        shown = {re.sub(r" \(\d+\)$", "", text): int(text.rsplit("(", 1)[1][:-1]) for text in top}
        assert len(shown) == 20 and all(tally[name] == number for name, number in shown.items())
        assert {name for name, number in tally.items() if number > twentieth} <= set(shown)
        assert min(shown.values()) == twentieth
        bar = page.get_by_role("navigation", name="Keywords by first letter")
        initials = {name[0].upper() for name in tally}
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            item = bar.locator("li", has_text=re.compile(f"^{letter}$"))
            if letter in initials:
                item.get_by_role("link").click()
                assert urlsplit(page.url).fragment == f"letter-{letter.lower()}"
                expect(page.locator(f"#letter-{letter.lower()}")).to_be_in_viewport()
                under = page.locator(f"#letter-{letter.lower()} + ul li a").all_inner_texts()
                assert sorted(under) == sorted(name for name in tally if name[0].upper() == letter)
            else:
                expect(item.locator("[aria-disabled=true]")).to_have_count(1)
                expect(item.get_by_role("link")).to_have_count(0)


def test_a_term_page_links_its_feed_and_a_search_within_it(
    browser: Browser, base_url: str, content: Content
) -> None:
    keyword, count = Counter(k for case in content.cases for k in case.keywords).most_common(1)[0]
    expected = {f"/cases/{case.year}/{case.id}/" for case in content.cases if keyword in case.keywords}
    with reader(browser, base_url) as visitor:
        page = visitor.open("/keywords/")
        page.get_by_role("link", name=keyword, exact=True).first.click()
        feed = page.get_by_role("link", name="Atom feed")
        response = page.request.get(str(feed.evaluate("a => a.href")))
        assert response.ok and "<feed" in response.text()
        assert response.text().count("<entry>") == min(count, TERM_FEED_LIMIT)
        page.get_by_role("link", name=f"Search within {keyword}").click()
        query = urlsplit(page.url).query
        assert unquote(query) == f"keyword={keyword}"
        expect(page.locator(".debunk-search")).to_have_attribute("data-state", "done", timeout=SEARCH_WAIT)
        found = results(page)
        assert set(found) == expected and len(found) == count
        assert visitor.errors == []


class _NotFoundHandler(_QuietHandler):
    """As GitHub Pages does: a missing address gets the site's 404.html, with status 404."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve_with_404(site: Path) -> Iterator[str]:
    handler = functools.partial(_NotFoundHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("width", [375, 1280])
def test_a_missing_address_gets_a_page_with_a_search_form_and_the_sections(
    browser: Browser, site: Path, width: int
) -> None:
    with serve_with_404(site) as url, reader(browser, url, width=width) as visitor:
        page = visitor.context.new_page()
        response = page.goto(url + "/cases/2099/no-such-case/")
        assert response is not None and response.status == 404
        expect(page.locator("h1")).to_have_text("Page not found")
        assert overflow(page) is None
        for section in ("/cases/", "/narratives/", "/keywords/", "/countries/", "/languages/", "/outlets/"):
            link = page.locator(f".debunk-notfound a[href='{section}']")
            expect(link).to_have_count(1)
            assert page.request.get(url + section).ok
        box = page.get_by_role("search").filter(has=page.locator("#debunk-notfound-q"))
        box.get_by_label("Search the cases").fill("Kosovo")
        box.get_by_role("button", name="Search").click()
        page.wait_for_load_state("load")
        assert urlsplit(page.url).path == "/search/" and urlsplit(page.url).query == "q=Kosovo"
        assert visitor.foreign == []
