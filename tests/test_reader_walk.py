"""What a reader does, in a real browser: the walk through the site, back and forward, deep links,
downloads, and every link of every page.

The sample site is built once (tests/browser.py: the repository's content, 5 cases per term page)
and served on 127.0.0.1; Debian's headless Chromium opens it. Other hosts are unreachable: a
request to one is aborted and fails the test (tests/test_privacy.py says more about that).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from browser import PageKinds, Reader, build_sample_site, chromium, reader, serve, site_paths
from playwright.sync_api import Browser, Page, expect

CASE_URL = re.compile(r"/cases/\d{4}/\d{4}-\d{2}-\d{2}-[a-z0-9-]+/$")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_site(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


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
    expect(status).to_contain_text("found for “Kosovo”")
    found = int(status.inner_text().split()[0])
    assert found >= 2

    box = page.locator(".debunk-search__facet[data-filter='country'] input[type=checkbox]").first
    expect(box).to_be_visible()
    value = box.get_attribute("value")
    box.check()
    expect(status).to_contain_text("with 1 filter")
    assert f"country={value}".replace(" ", "+") in page.url
    narrowed = int(status.inner_text().split()[0])
    assert 1 <= narrowed <= found

    title = follow(page, ".debunk-search__result h2 a")
    assert CASE_URL.search(page.url)
    assert heading(page) == title
    assert page.locator(".debunk-terms__group--countries a.debunk-chip", has_text=value or "").count() == 1

    page.go_back()  # the filtered search comes back, from the URL alone
    expect(status).to_contain_text("with 1 filter")
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
    cases = len(list(site.glob("cases/*/*/index.html")))
    page = visitor.open("/")
    with page.expect_navigation():
        page.locator(".md-tabs__link", has_text="Data").click()
    assert urlsplit(page.url).path == "/data/"

    with page.expect_download() as started:
        page.locator("a[href='cases.csv']").click()
    rows = list(csv.DictReader(io.StringIO(Path(started.value.path()).read_text(encoding="utf-8"))))
    assert started.value.suggested_filename == "cases.csv"
    assert len(rows) == cases
    assert all(CASE_URL.search(f"/cases/{row['date'][:4]}/{row['id']}/") for row in rows)

    with page.expect_download() as started:
        page.locator("a[href='cases.jsonl']").click()
    lines = Path(started.value.path()).read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == sorted(row["id"] for row in rows)

    for name in ("datapackage.json", "claimreview-feed.json", "case.schema.json"):
        response = page.request.get(page.locator(f"a[href='{name}']").evaluate("a => a.href"))
        assert response.status == 200, name
        assert isinstance(response.json(), dict), name
    package = page.request.get(page.url + "datapackage.json").json()
    assert {resource["path"] for resource in package["resources"]} >= {"cases.csv", "cases.jsonl"}


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


def test_deep_links_open_every_page_kind_on_its_own(visitor: Reader, site: Path, base_url: str) -> None:
    page = visitor.open("/search/?q=NATO&country=Kazakhstan&sort=date-asc")
    expect(page.locator(".debunk-search__status")).to_contain_text("found for “NATO” with 1 filter")
    expect(page.locator(".debunk-search__facet input[value='Kazakhstan']")).to_be_checked()
    expect(page.locator("select[name=sort]")).to_have_value("date-asc")
    dates = page.locator(".debunk-search__date").evaluate_all("els => els.map(e => e.dateTime)")
    assert dates == sorted(dates) and dates
    for kind, path in PageKinds(site).all().items():
        response = page.goto(base_url + path)
        assert response is not None and response.status == 200, kind
        assert page.locator("h1").first.inner_text().strip(), kind


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name in {"id", "name"} and value)


def _target(site: Path, path: str) -> Path | None:
    """The file a site-relative URL path serves, or None."""
    file = site / unquote(path).lstrip("/")
    if path.endswith("/"):
        file = file / "index.html"
    return file if file.is_file() else None


def _ids(site: Path, path: str, cache: dict[str, set[str]]) -> set[str]:
    if path not in cache:
        parser = _Ids()
        target = _target(site, path)
        parser.feed(target.read_text(encoding="utf-8") if target else "")
        cache[path] = parser.ids
    return cache[path]


def _links(page: Page) -> list[str]:
    """Every URL the rendered page links to or loads: anchors, stylesheets, scripts, images, forms."""
    return page.evaluate(
        """() => [
          ...[...document.querySelectorAll('a[href], link[href]')].map(e => e.href),
          ...[...document.querySelectorAll('script[src], img[src], source[src]')].map(e => e.src),
          ...[...document.querySelectorAll('form[action]')].map(e => e.action),
        ]"""
    )


def test_every_link_on_every_page_resolves_and_every_page_is_reachable(
    visitor: Reader, site: Path, base_url: str
) -> None:
    """A crawl from the home page, in the browser: rendered links, after the page's scripts ran."""
    pages = site_paths(site)
    queue, seen, broken = ["/"], {"/"}, []
    ids: dict[str, set[str]] = {}
    page = visitor.open("/")
    while queue:
        path = queue.pop(0)
        page.goto(base_url + path, wait_until="load")
        for url in _links(page):
            scheme = urlsplit(url).scheme
            if not url.startswith(base_url + "/"):
                if scheme not in {"https", "http", "mailto"}:
                    broken.append(f"{path}: link with scheme {scheme!r}: {url}")
                continue
            target, fragment = urldefrag(url[len(base_url) :])
            target = urlsplit(target).path
            if _target(site, target) is None:
                broken.append(f"{path}: no page at {target}")
            elif fragment and target.endswith((".html", "/")) and fragment not in _ids(site, target, ids):
                broken.append(f"{path}: no #{fragment} on {target}")
            elif target.endswith("/") and target not in seen:
                seen.add(target)
                queue.append(target)
    assert broken == []
    unreachable = [path for path in pages if path not in seen and not path.startswith("/reviews/")]
    assert unreachable == []


@pytest.mark.xfail(
    strict=True,
    reason="no page links to the reviews yet: the home page's `latest_review` is never set (see report)",
)
def test_the_reviews_are_reachable_from_the_home_page(visitor: Reader, site: Path, base_url: str) -> None:
    page = visitor.open("/")
    link = page.locator("a[href*='reviews/']").first
    expect(link).to_be_visible(timeout=1000)
