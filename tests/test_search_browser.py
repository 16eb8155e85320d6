"""Search in a real browser: the sample site is built (which builds its Pagefind index), served
on 127.0.0.1 and driven in Debian's headless Chromium.

Every expectation is computed from the repository's own cases (`load_content`), never a
hard-coded count: a query returns the cases whose text has the word, each filter value
returns exactly the cases that carry it, and its count is the number of those cases.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from browser import serve
from playwright.sync_api import Browser, Page

from debunk.model import Case
from debunk.validate import Content, load_content

ROOT = Path(__file__).parent.parent
FILTERS = ("narrative", "keyword", "country", "language", "outlet", "year")
# (query, prefix): Pagefind stems words and matches prefixes, so "embassy" finds "embassies".
QUERIES = [("Kosovo", "kosovo"), ("Tokayev", "tokayev"), ("embassy", "embass"), ("Zhanaozen", "zhanaozen")]


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(ROOT)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("search-site")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    with serve(site) as url:
        yield url


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


def test_dates_follow_the_browser_language(browser: Browser, base_url: str, content: Content) -> None:
    case = next(case for case in content.cases if "Zhanaozen" in case.response + case.summary)
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(search_url(base_url, q="Zhanaozen"))
    wait_done(page)
    months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
              "Oktober", "November", "Dezember"]  # fmt: skip
    expected = f"{case.date.day}. {months[case.date.month - 1]} {case.date.year}"
    assert page.locator(".debunk-search__result time").first.text_content() == expected
    context.close()


@pytest.mark.parametrize("name", FILTERS)
def test_each_filter_value_gives_exactly_the_cases_that_carry_it(
    page: Page, base_url: str, content: Content, name: str
) -> None:
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


def test_a_shared_url_restores_query_filters_and_sort(
    browser: Browser, base_url: str, content: Content
) -> None:
    url = search_url(base_url, q="NATO", keyword="NATO", year="2022", sort="date-asc")
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
    fragments = [path for path in fetched if path.startswith("/pagefind/fragment/")]
    assert len(fragments) == 1  # the one result's fragment, not one per case


def test_filters_without_words_load_no_word_index(page: Page, base_url: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(search_url(base_url, year="2022"))
    wait_done(page)
    assert [path for path in fetched if path.startswith("/pagefind/index/")] == []
    assert [path for path in fetched if path.startswith("/pagefind/filter/")]


def test_without_javascript_the_page_says_so(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(search_url(base_url, q="Kosovo"))
    message = page.locator("[data-debunk-noscript]")
    assert message.is_visible()
    assert "Search needs JavaScript, which is turned off in this browser." in (message.text_content() or "")
    assert not page.locator(".debunk-search__panel").is_visible()
    context.close()
