"""What a reader does, in a real browser: the walk through the site, back and forward, deep links,
downloads, and every link of every page.

The sample site is built once (tests/browser.py: the repository's content, 5 cases per term page)
and served on 127.0.0.1; Debian's headless Chromium opens it. Other hosts are unreachable: a
request to one is aborted and fails the test (tests/test_privacy.py says more about that).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from browser import SEARCH_WAIT, PageKinds, Reader, reader, site_paths
from playwright.sync_api import Browser, Page, expect

CASE_URL = re.compile(r"/cases/\d{4}/\d{4}-\d{2}-\d{2}-[a-z0-9-]+/$")


@pytest.fixture
def visitor(browser: Browser, base_url: str) -> Iterator[Reader]:
    with reader(browser, base_url, accept_downloads=True) as state:
        yield state
        assert state.foreign == [], "requests to other hosts"
        assert state.errors == [], "script or HTTP errors"
        assert state.context.cookies() == [], "cookies"


def heading(page: Page) -> str:
    return page.locator("article h1").first.inner_text().strip()


def follow(page: Page, link_selector: str) -> str:
    """Click the first link matching the selector; return its text once the new page has loaded."""
    link = page.locator(link_selector).first
    text = link.inner_text().strip()
    with page.expect_navigation():
        link.click()
    return text


def test_a_reader_walks_from_the_home_page_through_cases_terms_and_narratives(
    visitor: Reader, base_url: str
) -> None:
    page = visitor.open("/")
    assert heading(page) == "Debunk sample publication"
    claim = follow(page, "article ul li > a[href*='cases/']")
    assert CASE_URL.search(page.url), page.url
    assert heading(page) == claim
    case_url = page.url

    keyword = follow(page, ".debunk-terms__group--keywords a.debunk-chip")
    assert "/keywords/" in page.url
    assert heading(page) == keyword
    expect(page.locator(f"article a[href$='{urlsplit(case_url).path.split('/')[-2]}/']")).to_have_count(1)
    page.go_back()
    assert page.url == case_url

    country = follow(page, ".debunk-terms__group--countries a.debunk-chip")
    assert "/countries/" in page.url
    assert heading(page) == country
    page.go_back()

    narrative = follow(page, ".debunk-terms__group--narratives a.debunk-chip")
    assert "/narratives/" in page.url
    assert heading(page) == narrative
    expect(page.locator(".debunk-chart svg")).to_be_visible()

    claim = follow(page, ".debunk-narrative__body li > a[href*='cases/']")
    assert CASE_URL.search(page.url)
    assert heading(page) == claim
    related = follow(page, "#related-cases + ul li > a")
    assert CASE_URL.search(page.url)
    assert heading(page) == related


def test_a_reader_searches_filters_and_opens_a_result(visitor: Reader) -> None:
    page = visitor.open("/")
    page.fill("#debunk-header-q", "Kosovo")
    with page.expect_navigation():
        page.press("#debunk-header-q", "Enter")
    assert urlsplit(page.url).path == "/search/" and "q=Kosovo" in page.url
    status = page.locator(".debunk-search__status")
    expect(status).to_contain_text("found for “Kosovo”", timeout=SEARCH_WAIT)
    found = int(status.inner_text().split()[0])
    assert found >= 2

    box = page.locator(".debunk-search__facet[data-filter='country'] input[type=checkbox]").first
    expect(box).to_be_visible()
    value = box.get_attribute("value")
    box.check()
    expect(status).to_contain_text("with 1 filter", timeout=SEARCH_WAIT)
    assert f"country={value}".replace(" ", "+") in page.url
    narrowed = int(status.inner_text().split()[0])
    assert 1 <= narrowed <= found

    title = follow(page, ".debunk-search__result h2 a")
    assert CASE_URL.search(page.url)
    assert heading(page) == title
    assert page.locator(".debunk-terms__group--countries a.debunk-chip", has_text=value or "").count() == 1

    page.go_back()  # the filtered search comes back, from the URL alone
    expect(status).to_contain_text("with 1 filter", timeout=SEARCH_WAIT)
    expect(page.locator("#debunk-search-q")).to_have_value("Kosovo")
    expect(page.locator(f"input[name='country'][value='{value}']")).to_be_checked()


def test_a_reader_opens_a_review_from_the_archive(visitor: Reader, site: Path) -> None:
    page = visitor.open("/reviews/")
    title = follow(page, ".debunk-reviews__list a")
    assert re.search(r"/reviews/[^/]+/$", page.url)
    assert heading(page) == title
    expect(page.locator(".debunk-review__cases li a").first).to_be_visible()
    follow(page, ".debunk-review__cases li a")
    assert CASE_URL.search(page.url)


def test_a_reader_downloads_the_data(visitor: Reader, site: Path) -> None:
    cases = len(list(site.glob("cases/[0-9]*/*/index.html")))
    page = visitor.open("/")
    with page.expect_navigation():
        page.locator(".md-tabs__link", has_text="Data").click()
    assert urlsplit(page.url).path == "/data/"

    rows: list[dict[str, str]] = []
    parts = page.locator("a[href^='cases-'][href$='.csv']")
    assert parts.count() > 0
    for index in range(parts.count()):  # every year's part is linked and downloads
        with page.expect_download() as started:
            parts.nth(index).click()
        assert started.value.suggested_filename.startswith("cases-")
        rows += csv.DictReader(io.StringIO(Path(started.value.path()).read_text(encoding="utf-8")))
    assert len(rows) == cases
    assert all(CASE_URL.search(f"/cases/{row['date'][:4]}/{row['id']}/") for row in rows)

    with page.expect_download() as started:
        page.locator("a[href='cases.jsonl.gz']").click()
    lines = gzip.decompress(Path(started.value.path()).read_bytes()).decode("utf-8").splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == sorted(row["id"] for row in rows)

    for name in ("datapackage.json", "case.schema.json"):
        response = page.request.get(page.locator(f"a[href='{name}']").evaluate("a => a.href"))
        assert response.status == 200, name
        assert isinstance(response.json(), dict), name
    package = page.request.get(page.url + "datapackage.json").json()
    listed = {resource["path"] for resource in package["resources"]}
    linked = page.locator(
        ".md-content a[href^='cases'], .md-content a[href^='claimreview-feed']"
    ).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    whole = {"cases.csv.gz", "cases.jsonl.gz", "claimreview-feed.json.gz"}
    assert set(linked) <= listed and whole <= set(linked)  # every part linked is a listed file


def test_back_and_forward_restore_each_page(visitor: Reader) -> None:
    page = visitor.open("/")
    visited = [page.url]
    for selector in (
        ".md-tabs__link[href$='keywords/']",
        "article li a[href='nato/']",
        "a[href$='page/2/']",
        "article li > a[href*='cases/']",
    ):
        follow(page, selector)
        visited.append(page.url)
    assert visited[-2].endswith("/keywords/nato/page/2/")
    titles = []
    for _ in visited[1:]:
        titles.append(heading(page))
        page.go_back()
    assert page.url == visited[0]
    for url, title in zip(visited[1:], reversed(titles), strict=True):
        page.go_forward()
        assert page.url == url
        assert heading(page) == title


@pytest.mark.parametrize(
    "suffix",
    ["", "#response", "#sources", "#related-cases"],
)
def test_a_deep_link_to_a_case_opens_at_its_section(visitor: Reader, site: Path, suffix: str) -> None:
    path = PageKinds(site).case_with_related()
    page = visitor.open(path + suffix)
    assert heading(page)
    if suffix:
        expect(page.locator(suffix)).to_be_in_viewport()


def test_a_deep_link_to_a_search_restores_query_filters_and_sort(visitor: Reader) -> None:
    page = visitor.open("/search/?q=NATO&country=Kazakhstan&sort=date-asc")
    expect(page.locator(".debunk-search__status")).to_contain_text(
        "found for “NATO” with 1 filter", timeout=SEARCH_WAIT
    )
    expect(page.locator("input[name='country'][value='Kazakhstan']")).to_be_checked()
    expect(page.locator("select[name=sort]")).to_have_value("date-asc")
    dates = page.locator(".debunk-search__date").evaluate_all("els => els.map(e => e.dateTime)")
    assert dates == sorted(dates) and dates


class _Parsed(HTMLParser):
    """The ids of a built HTML file, and every URL in it that a browser loads or a reader follows."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        self.ids.update(value for name, value in values.items() if name in {"id", "name"})
        for name in {"a": ("href",), "link": ("href",), "form": ("action",)}.get(tag, ("src",)):
            if name in values:
                self.urls.append(values[name])


def _target(site: Path, path: str) -> Path | None:
    """The file a site-relative URL path serves, or None."""
    file = site / unquote(path).lstrip("/")
    if path.endswith("/"):
        file = file / "index.html"
    return file if file.is_file() else None


def _parsed(site: Path, path: str, cache: dict[str, _Parsed]) -> _Parsed:
    if path not in cache:
        cache[path] = _Parsed()
        target = _target(site, path)
        cache[path].feed(target.read_text(encoding="utf-8") if target else "")
    return cache[path]


def _rendered_links(page: Page) -> list[str]:
    """Every URL the rendered page links to or loads, after its scripts ran (absolute)."""
    return page.evaluate(
        """() => [
          ...[...document.querySelectorAll('a[href], link[href]')].map(e => e.href),
          ...[...document.querySelectorAll('script[src], img[src], source[src]')].map(e => e.src),
          ...[...document.querySelectorAll('form[action]')].map(e => e.action),
        ]"""
    )


def _check(site: Path, base_url: str, where: str, url: str, cache: dict[str, _Parsed]) -> str | None:
    """What is wrong with one absolute URL found on page `where`: None when it resolves."""
    if not url.startswith(base_url + "/"):
        scheme = urlsplit(url).scheme
        return (
            None if scheme in {"https", "http", "mailto"} else f"{where}: link with scheme {scheme!r}: {url}"
        )
    target, fragment = urldefrag(url[len(base_url) :])
    target = urlsplit(target).path
    if _target(site, target) is None:
        return f"{where}: no page at {target}"
    if fragment and target.endswith((".html", "/")) and fragment not in _parsed(site, target, cache).ids:
        return f"{where}: no #{fragment} on {target}"
    return None


def test_every_link_on_every_page_resolves_and_every_page_is_reachable(site: Path, base_url: str) -> None:
    """A crawl of the built files from the home page: each link resolves, each page is reached."""
    queue, seen, broken = ["/"], {"/"}, []
    cache: dict[str, _Parsed] = {}
    while queue:
        path = queue.pop(0)
        for link in _parsed(site, path, cache).urls:
            url = urljoin(base_url + path, link)
            if problem := _check(site, base_url, path, url, cache):
                broken.append(problem)
                continue
            target = urlsplit(url).path
            if url.startswith(base_url + "/") and target.endswith("/") and target not in seen:
                seen.add(target)
                queue.append(target)
    assert broken == []
    unreachable = [path for path in site_paths(site) if path not in seen and not path.startswith("/reviews/")]
    assert unreachable == []
    assert len(seen) >= 100


def test_every_page_kind_opens_by_deep_link_and_its_rendered_links_resolve(
    visitor: Reader, site: Path, base_url: str
) -> None:
    """Each page kind opened by its address alone (a deep link), then the same check in the browser,
    after scripts ran: search results are links too."""
    cache: dict[str, _Parsed] = {}
    page = visitor.open("/")
    broken, checked = [], 0
    for kind, path in PageKinds(site).all().items():
        response = page.goto(base_url + path)
        assert response is not None and response.status == 200, kind
        assert page.locator("h1").first.inner_text().strip(), kind
        if kind == "search":
            expect(page.locator(".debunk-search")).to_have_attribute(
                "data-state", "done", timeout=SEARCH_WAIT
            )
            expect(page.locator(".debunk-search__result a").first).to_be_visible(timeout=SEARCH_WAIT)
        for url in _rendered_links(page):
            checked += 1
            if problem := _check(site, base_url, path, url, cache):
                broken.append(problem)
    assert broken == []
    assert checked > 500


def test_the_reviews_are_reachable_from_the_home_page(visitor: Reader, site: Path, base_url: str) -> None:
    page = visitor.open("/")
    link = page.locator("a[href*='reviews/']").first
    expect(link).to_be_visible(timeout=1000)
