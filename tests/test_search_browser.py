"""Search in a real browser: the sample site is built (which builds its Pagefind index), served
on 127.0.0.1 and driven in Debian's headless Chromium.

Every expectation is computed from the repository's own cases (`load_content`), never a
hard-coded count: a query returns the cases whose text has the word, each filter value
returns exactly the cases that carry it, and its count is the number of those cases.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin, urlsplit

import pytest
from browser import serve
from playwright.sync_api import Browser, Page, Route

from debunk.content.repository import Content, load_content
from debunk.model import Case
from debunk.search.bundle import _read
from debunk.search.filters import Buckets, filter_bucket
from debunk.search.pagefind import build_search_index

ROOT = Path(__file__).parent.parent
FILTERS = ("verdict", "narrative", "keyword", "country", "language", "outlet", "year")
# (query, prefix): Pagefind stems words and matches prefixes, so "embassy" finds "embassies".
QUERIES = [("Kosovo", "kosovo"), ("Tokayev", "tokayev"), ("embassy", "embass"), ("Zhanaozen", "zhanaozen")]


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(ROOT)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("search-site")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return site


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def bucketed_site(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site with every filter spread over several buckets, as big ones are at scale."""
    copy = tmp_path_factory.mktemp("bucketed") / "site"
    shutil.copytree(site, copy)
    build_search_index(copy, bucket_bytes=60)
    return copy


@pytest.fixture(scope="module")
def bucketed_url(bucketed_site: Path) -> Iterator[str]:
    with serve(bucketed_site) as url:
        yield url


def buckets_of(site: Path) -> dict[str, dict[str, Buckets]]:
    """Shard name -> its filter buckets, as the search page is given them."""
    page = (site / "search" / "index.html").read_text(encoding="utf-8")
    shards = json.loads(re.findall(r'data-shards="([^"]*)"', page)[0].replace("&quot;", '"'))
    return {name: {key: Buckets(*pair) for key, pair in spread.items()} for name, _tag, spread in shards}


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield opened
    finally:
        context.close()
    assert errors == []


def case_url(case: Case) -> str:
    return f"/cases/{case.year}/{case.id}/"


def values(case: Case, content: Content) -> dict[str, set[str]]:
    """The filter values a case carries, as its page shows them."""
    return {
        "verdict": {content.vocabularies.verdicts[case.verdict].label},
        "narrative": {content.narratives[n].title for n in case.narratives if n in content.narratives},
        "keyword": set(case.keywords),
        "country": set(case.countries),
        "language": {content.vocabularies.language_name(code) for code in case.languages},
        "outlet": set(case.outlets),
        "year": {str(case.year)},
    }


def visible_text(case: Case) -> str:
    """Title, summary and response as a reader sees them: link targets are not text."""
    text = " ".join([case.title, case.summary, case.response])
    return re.sub(r"\]\([^)]*\)|<https?://[^>]*>", "]", text)


def matching(content: Content, prefix: str) -> set[str]:
    pattern = re.compile(r"\b" + re.escape(prefix), re.IGNORECASE)
    return {case_url(case) for case in content.cases if pattern.search(visible_text(case))}


def carrying(content: Content, name: str, value: str) -> set[str]:
    return {case_url(case) for case in content.cases if value in values(case, content)[name]}


def search_url(base_url: str, **params: str | list[str]) -> str:
    return f"{base_url}/search/?{urlencode(params, doseq=True, quote_via=quote)}"


def wait_done(page: Page) -> None:
    page.wait_for_selector(".debunk-search[data-state=done]")


def results(page: Page) -> list[str]:
    """The paths of every result, in order, loading more until there are none left."""
    wait_done(page)
    more = page.locator(".debunk-search__more")
    while more.is_visible():
        count = page.locator(".debunk-search__claim a").count()
        more.click()
        page.wait_for_function(
            "n => document.querySelectorAll('.debunk-search__claim a').length > n", arg=count
        )
    hrefs = page.locator(".debunk-search__claim a").evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(href).path for href in hrefs]


@pytest.mark.parametrize(("query", "prefix"), QUERIES)
def test_a_query_finds_the_cases_that_have_the_word(
    page: Page, base_url: str, content: Content, query: str, prefix: str
) -> None:
    expected = matching(content, prefix)
    assert expected, f"no sample case has {query!r}: pick another word"
    page.goto(search_url(base_url, q=query))
    found = results(page)
    assert sorted(found) == sorted(expected)
    assert len(found) == len(set(found))
    status = page.locator(".debunk-search__status").text_content()
    assert status == f"{len(expected)} case{'s' if len(expected) > 1 else ''} found for “{query}”."


def test_a_result_shows_claim_date_verdict_and_highlighted_snippet(
    page: Page, base_url: str, content: Content
) -> None:
    case = next(case for case in content.cases if "Zhanaozen" in case.response + case.summary)
    page.goto(search_url(base_url, q="Zhanaozen"))
    wait_done(page)
    result = page.locator(".debunk-search__result").first
    assert result.locator(".debunk-search__claim").text_content() == case.title
    assert result.locator("time").get_attribute("datetime") == case.date.isoformat()
    assert result.locator("time").text_content() == f"{case.date.day} {case.date.strftime('%B %Y')}"
    verdict = content.vocabularies.verdicts[case.verdict].label
    assert result.locator(".debunk-verdict").text_content() == f"Verdict: {verdict}"
    assert result.locator(".debunk-search__excerpt mark").all_text_contents() == ["Zhanaozen"]


@pytest.mark.parametrize("locale", ["en-US", "de-DE"])
def test_dates_are_written_as_the_case_pages_write_them(
    browser: Browser, base_url: str, site: Path, content: Content, locale: str
) -> None:
    """ "25 October 2023" in every browser language, not "October 25, 2023" beside it."""
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(search_url(base_url, q="NATO"))
    found = results(page)
    shown = page.locator(".debunk-search__result time").all_text_contents()
    assert len(shown) == len(found) > 1
    for path, label in zip(found, shown, strict=True):
        case_page = (site / path.strip("/") / "index.html").read_text(encoding="utf-8")
        written = re.search(r'"debunk-case__date"[^>]*>[^<]*<time datetime="[^"]*">([^<]+)</time>', case_page)
        assert written is not None, path
        assert label == written.group(1), path
    context.close()


@pytest.mark.parametrize("layout", ["base_url", "bucketed_url"])
@pytest.mark.parametrize("name", FILTERS)
def test_each_filter_value_gives_exactly_the_cases_that_carry_it(
    page: Page, request: pytest.FixtureRequest, content: Content, name: str, layout: str
) -> None:
    """With one file per filter, and with each filter spread over buckets."""
    base_url = request.getfixturevalue(layout)
    every = sorted({value for case in content.cases for value in values(case, content)[name]})
    assert every, f"no sample case has a {name}"
    page.goto(search_url(base_url))
    wait_done(page)
    facet = page.locator(f".debunk-search__facet[data-filter={name}]")
    pairs = (
        "ls => ls.map(l => [l.querySelector('input').value, l.querySelector('.debunk-count').textContent])"
    )
    counts = dict(facet.locator("label").evaluate_all(pairs))
    assert sorted(counts) == every
    for value in every:
        expected = carrying(content, name, value)
        assert counts[value] == str(len(expected)), value
        page.goto(search_url(base_url, **{name: value}))
        assert sorted(results(page)) == sorted(expected), value


def test_clicking_a_filter_narrows_the_query_and_goes_into_the_url(
    page: Page, base_url: str, content: Content
) -> None:
    page.goto(search_url(base_url, q="NATO"))
    wait_done(page)
    box = page.locator(".debunk-search__facet[data-filter=country] input[value=Russia]")
    box.check()
    page.wait_for_url(re.compile(r"country=Russia"))
    expected = matching(content, "nato") & carrying(content, "country", "Russia")
    assert expected
    assert sorted(results(page)) == sorted(expected)
    query = dict(part.split("=") for part in urlsplit(page.url).query.split("&"))
    assert query == {"q": "NATO", "country": "Russia"}


@pytest.mark.parametrize("layout", ["base_url", "bucketed_url"])
def test_a_shared_url_restores_query_filters_and_sort(
    browser: Browser, request: pytest.FixtureRequest, content: Content, layout: str
) -> None:
    url = search_url(request.getfixturevalue(layout), q="NATO", keyword="NATO", year="2022", sort="date-asc")
    expected = [
        case_url(case)
        for case in content.cases
        if case_url(case) in matching(content, "nato") and "NATO" in case.keywords and case.year == 2022
    ]
    assert len(expected) > 1
    for _ in range(2):  # two fresh browsers, as when a link is shared
        context = browser.new_context()
        page = context.new_page()
        page.goto(url)
        found = results(page)
        assert sorted(found) == sorted(expected)
        dates = page.locator(".debunk-search__result time").evaluate_all("ts => ts.map(t => t.dateTime)")
        assert dates == sorted(dates)
        assert page.locator("#debunk-search-q").input_value() == "NATO"
        assert page.locator("select[name=sort]").input_value() == "date-asc"
        checked = page.locator(".debunk-search__facet input:checked").evaluate_all(
            "boxes => boxes.map(b => b.name + '=' + b.value)"
        )
        assert sorted(checked) == ["keyword=NATO", "year=2022"]
        context.close()


def by_date(content: Content, urls: set[str], newest_first: bool) -> list[str]:
    """The cases' paths by date, then by path: the order the build ranks them in."""
    cases = sorted((c.date.isoformat(), case_url(c)) for c in content.cases if case_url(c) in urls)
    return [url for _, url in (reversed(cases) if newest_first else cases)]


def test_results_sort_by_date_and_come_newest_first_without_words(
    page: Page, base_url: str, content: Content
) -> None:
    for sort, newest_first in (("date-desc", True), ("date-asc", False)):
        page.goto(search_url(base_url, q="NATO", sort=sort))
        assert results(page) == by_date(content, matching(content, "nato"), newest_first)
    page.goto(search_url(base_url, year="2022"))  # nothing to rank by relevance
    assert results(page) == by_date(content, carrying(content, "year", "2022"), newest_first=True)
    assert page.locator("select[name=sort]").input_value() == ""


def test_two_values_of_one_filter_give_the_cases_that_carry_either(
    page: Page, bucketed_url: str, bucketed_site: Path, content: Content
) -> None:
    """OR within a filter, whether the two values share a bucket or not."""
    [buckets] = [spread["keyword"] for spread in buckets_of(bucketed_site).values()]  # one shard
    pairs = sorted({(a, b) for case in content.cases for a in case.keywords for b in case.keywords if a < b})
    same = [pair for pair in pairs if filter_bucket(pair[0], buckets) == filter_bucket(pair[1], buckets)]
    apart = [pair for pair in pairs if filter_bucket(pair[0], buckets) != filter_bucket(pair[1], buckets)]
    assert same and apart, "pick another bucket size: no pair of keywords shares a bucket, or every pair does"
    for first, second in (same[0], apart[0]):
        page.goto(search_url(bucketed_url, keyword=[first, second]))
        expected = carrying(content, "keyword", first) | carrying(content, "keyword", second)
        assert expected != carrying(content, "keyword", first) & carrying(content, "keyword", second)
        assert sorted(results(page)) == sorted(expected), (first, second)


def test_a_filter_loads_only_its_own_bucket_before_the_first_results(
    page: Page, bucketed_url: str, bucketed_site: Path, content: Content
) -> None:
    workers: list[Route] = []

    def second_worker_never_starts(route: Route) -> None:  # the one that counts filter values
        if route.request.resource_type == "script":  # not the head's preload of the file
            workers.append(route)
            if len(workers) == 2:
                return
        route.continue_()

    page.route("**/pagefind/*/pagefind-worker.js", second_worker_never_starts)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(search_url(bucketed_url, keyword="NATO"))
    page.wait_for_function("document.querySelector('.debunk-search__status').textContent.includes('found')")
    expected = set()
    for shard, buckets in buckets_of(bucketed_site).items():  # in each shard, NATO's bucket only
        bundle = bucketed_site / "pagefind" / shard
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        files = dict(_read(bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")[3])
        key = f"keyword-{filter_bucket('NATO', buckets['keyword'])}" if "keyword" in buckets else "keyword"
        if key in files:
            expected.add(f"/pagefind/{shard}/filter/{files[key]}.pf_filter")
    assert expected
    assert {path for path in fetched if "/filter/" in path} == expected
    for _ in range(200):  # the counting worker is asked for once the results are shown
        if len(workers) == 2:
            break
        page.wait_for_timeout(25)
    assert len(workers) == 2
    count = len(carrying(content, "keyword", "NATO"))
    assert page.locator(".debunk-search__status").text_content() == f"{count} cases found with 1 filter."


def test_the_page_and_the_build_put_a_value_in_the_same_bucket(page: Page, base_url: str) -> None:
    samples = [
        ("NATO", 7, 0),
        ("Côte d’Ivoire", 12, 255),
        ("Россия", 3, 17),
        ("日本", 1000, 90),
        ("🇺🇦", 5, 9),
    ]
    page.goto(search_url(base_url))
    wait_done(page)
    computed = page.evaluate(  # the search worker's own function, in a worker of the site's script
        """async (samples) => {
          const code = document.querySelector('link[href$="pagefind-worker.js"]').href;
          const script = `importScripts(${JSON.stringify(code)});
            const bucket = (sample) => self.debunkSearch.filterBucket(...sample);
            onmessage = ({ data }) => postMessage(data.map(bucket));`;
          const worker = new Worker(URL.createObjectURL(new Blob([script], { type: "text/javascript" })));
          const answer = new Promise((resolve) => {  // Pagefind's listener answers too, with an error
            worker.onmessage = ({ data }) => Array.isArray(data) && resolve(data);
          });
          worker.postMessage(samples);
          return answer;
        }""",
        samples,
    )
    assert computed == [filter_bucket(value, Buckets(count, salt)) for value, count, salt in samples]


def test_the_header_box_and_the_page_agree(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/about/")
    page.locator("#debunk-header-q").fill("Kosovo")
    page.locator("#debunk-header-q").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=Kosovo$"))
    from_header = results(page)
    assert page.locator("#debunk-search-q").input_value() == "Kosovo"
    assert page.locator("#debunk-header-q").input_value() == "Kosovo"
    page.goto(search_url(base_url))
    wait_done(page)
    page.locator("#debunk-search-q").fill("Kosovo")
    page.locator("#debunk-search-q").press("Enter")
    page.wait_for_url(re.compile(r"\?q=Kosovo$"))
    assert results(page) == from_header
    assert page.locator("#debunk-header-q").input_value() == "Kosovo"


def test_typing_in_the_header_box_fetches_what_the_search_page_needs_first(
    page: Page, base_url: str, site: Path, content: Content
) -> None:
    head = (site / "search" / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<link rel="preload" href="([^"]+)"', head)
    preloads = {urlsplit(urljoin(f"{base_url}/search/", href)).path for href in hrefs}
    assert {path.rsplit(".", 1)[-1] for path in preloads} == {"js", "json", "pf_meta", "pagefind"}
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(f"{base_url}/about/")
    page.wait_for_load_state("networkidle")
    assert not [path for path in fetched if path.startswith("/pagefind/")]  # not before the reader types
    page.locator("#debunk-header-q").press_sequentially("Kosovo")
    loaded = (
        "paths => paths.every(p => performance.getEntriesByType('resource')"
        ".some(e => new URL(e.name).pathname === p))"
    )
    page.wait_for_function(loaded, arg=sorted(preloads))
    assert "/search/" in fetched
    page.locator("#debunk-header-q").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=Kosovo$"))
    assert set(results(page)) == matching(content, "kosovo")


def test_the_header_box_is_labelled_and_reached_by_keyboard(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    box = page.get_by_role("searchbox", name="Search the cases").first
    assert box.get_attribute("id") == "debunk-header-q"
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "debunk-header-q":
            break
    assert page.evaluate("document.activeElement.id") == "debunk-header-q"


def test_no_request_leaves_the_site(page: Page, base_url: str) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(search_url(base_url, q="NATO", sort="date-desc"))
    results(page)
    page.locator(".debunk-search__facet input").first.check()
    wait_done(page)
    assert hosts == {urlsplit(base_url).netloc}


def test_a_query_loads_only_part_of_the_index(page: Page, base_url: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(search_url(base_url, q="Zhanaozen"))
    wait_done(page)
    fragments = [path for path in fetched if "/fragment/" in path]
    assert len(fragments) == 1  # the one result's fragment, not one per case


def test_filters_without_words_load_no_word_index(page: Page, base_url: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(search_url(base_url, year="2022"))
    wait_done(page)
    assert [path for path in fetched if "/index/" in path] == []
    assert [path for path in fetched if "/filter/" in path]


def test_without_its_index_the_page_says_so(browser: Browser, site: Path, tmp_path: Path) -> None:
    """A site without its index (deleted, or not uploaded): a message, no script error."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
    with serve(copy) as url:
        context = browser.new_context()
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(search_url(url, q="Kosovo", keyword="NATO"))
        page.wait_for_selector(".debunk-search[data-state=unavailable]")
        status = page.locator(".debunk-search__status").text_content() or ""
        assert status.startswith("Search is not available: this site was built without its search index")
        assert "`" not in status
        assert errors == []
        context.close()


def test_without_javascript_the_page_says_so(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(search_url(base_url, q="Kosovo"))
    message = page.locator("[data-debunk-noscript]")
    assert message.is_visible()
    assert "Search needs JavaScript, which is turned off in this browser." in (message.text_content() or "")
    assert not page.locator(".debunk-search__panel").is_visible()
    context.close()
