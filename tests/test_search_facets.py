"""Faceted search as readers expect it, in Debian's headless Chromium on the sample site.

Any value of one filter (OR), every filter (AND); the count beside a value is what ticking it
gives; chosen values are chips that remove them; on a phone the results come first and the
filters open in a panel; snippets start at a sentence; axe finds nothing serious. Every
expectation is computed from the repository's case files, never typed in.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from browser import reader, serve
from playwright.sync_api import Browser, Page, expect
from test_accessibility import NO_MOTION, violations
from test_search_browser import FILTERS, carrying, case_url, matching, results, search_url, values, wait_done

from debunk.content.repository import Content, load_content
from debunk.model import Case
from debunk.search.pagefind import build_search_index

ROOT = Path(__file__).parent.parent
View = dict[str, list[str]]


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(ROOT)


@pytest.fixture(scope="module")
def bucketed_url(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site with every filter spread over several buckets, as big ones are at scale."""
    copy = tmp_path_factory.mktemp("facets-bucketed") / "site"
    shutil.copytree(site, copy)
    build_search_index(copy, bucket_bytes=60)
    with serve(copy) as url:
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


def commonest(content: Content, name: str, count: int) -> list[str]:
    """The `count` values of a filter that most cases carry (then by name)."""
    tally = Counter(value for case in content.cases for value in values(case, content)[name])
    return [value for value, _ in sorted(tally.items(), key=lambda item: (-item[1], item[0]))[:count]]


def shown_cases(content: Content, view: View, words: str | None = None) -> set[str]:
    """The cases a view shows, from the case files: any value of each filter, every filter, the words."""
    found = {case_url(case) for case in content.cases}
    if words:
        found &= matching(content, words.lower())
    for name, chosen in view.items():
        found &= set().union(*(carrying(content, name, value) for value in chosen))
    return found


def url_state(page: Page) -> list[tuple[str, str]]:
    return sorted(parse_qsl(urlsplit(page.url).query))


def pairs(view: View, words: str | None = None) -> list[tuple[str, str]]:
    return sorted([("q", words)] * bool(words) + [(name, value) for name, vs in view.items() for value in vs])


def shown_counts(page: Page) -> dict[str, dict[str, int]]:
    """Each filter's values and the count beside each, as the page shows them."""
    read = "ls => ls.map(l => [l.querySelector('input').value, l.querySelector('.debunk-count').textContent])"
    return {
        name: {value: int(count) for value, count in facet.locator("label").evaluate_all(read)}
        for name in FILTERS
        if (facet := page.locator(f".debunk-search__facet[data-filter={name}]")).count()
    }


@pytest.mark.parametrize("layout", ["base_url", "bucketed_url"])
def test_values_of_one_filter_add_up_and_filters_narrow(
    page: Page, request: pytest.FixtureRequest, content: Content, layout: str
) -> None:
    view = {"keyword": commonest(content, "keyword", 2), "year": commonest(content, "year", 2)}
    expected = shown_cases(content, view)
    first, second = ({"keyword": [keyword], "year": view["year"]} for keyword in view["keyword"])
    assert expected and expected != shown_cases(content, first) & shown_cases(content, second)
    page.goto(search_url(request.getfixturevalue(layout), **view))
    assert sorted(results(page)) == sorted(expected)
    status = page.locator(".debunk-search__status").text_content()
    assert status == f"{len(expected)} cases found with 4 filters."


HAS = "n => new URLSearchParams(location.search).getAll(n[0]).includes(n[1])"
"""Whether the URL has the value n[1] of the filter n[0]."""


def checkbox(name: str, value: str) -> str:
    return f".debunk-search__facet[data-filter={name}] input[value={json.dumps(value)}]"


def tick_and_check(page: Page, content: Content, view: View, words: str | None, tick: tuple[str, str]) -> int:
    """Tick `value` of `name`: the URL and the results are the view with it, and Back undoes it.
    The number of results it gave."""
    name, value = tick
    before = url_state(page)
    page.locator(checkbox(name, value)).check()
    ticked = {**view, name: [*view.get(name, []), value]}
    page.wait_for_function(HAS, arg=[name, value])
    assert url_state(page) == pairs(ticked, words)
    given = results(page)
    assert sorted(given) == sorted(shown_cases(content, ticked, words))
    page.go_back()
    page.wait_for_function(f"n => !({HAS})(n)", arg=[name, value])
    assert url_state(page) == before
    assert sorted(results(page)) == sorted(shown_cases(content, view, words))
    return len(given)


@pytest.mark.parametrize("words", [None, "NATO"])
def test_each_count_is_what_ticking_the_value_gives(
    page: Page, base_url: str, content: Content, words: str | None
) -> None:
    """In a filter without a value ticked, ticking one gives its count; in one with values
    ticked, the count is that value's cases with the words and the other filters' values."""
    view = {"keyword": commonest(content, "keyword", 1), "year": commonest(content, "year", 2)}
    page.goto(search_url(base_url, **({"q": words} if words else {}), **view))
    wait_done(page)
    counts = shown_counts(page)
    for name in FILTERS:
        others = shown_cases(content, {key: chosen for key, chosen in view.items() if key != name}, words)
        every = {value for case in content.cases for value in values(case, content)[name]}
        expected = {value: len(others & carrying(content, name, value)) for value in every}
        assert counts.get(name, {}) == {
            value: count for value, count in expected.items() if count or value in view.get(name, [])
        }, name
    for name in FILTERS:  # one value of each filter ticked for real
        unticked = [value for value in counts.get(name, {}) if value not in view.get(name, [])]
        if unticked:
            given = tick_and_check(page, content, view, words, (name, unticked[0]))
            if name not in view:
                assert given == counts[name][unticked[0]], (name, unticked[0])


def test_chosen_values_are_chips_that_remove_them(page: Page, base_url: str, content: Content) -> None:
    keywords, year = commonest(content, "keyword", 2), commonest(content, "year", 1)
    view = {"keyword": keywords, "year": year}
    page.goto(search_url(base_url, q="NATO", **view))
    wait_done(page)
    chips = page.locator(".debunk-search__chip")
    names = [f"Remove Keyword: {keywords[0]}", f"Remove Keyword: {keywords[1]}", f"Remove Year: {year[0]}"]
    assert [page.get_by_role("button", name=name, exact=True).count() for name in names] == [1, 1, 1]
    assert chips.count() == 3
    assert page.locator(".debunk-search__toggle").text_content() == "Filters (3)"
    page.get_by_role("button", name=names[0], exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.debunk-search__chip').length === 2")
    left = {"keyword": keywords[1:], "year": year}
    assert url_state(page) == pairs(left, "NATO")
    assert sorted(results(page)) == sorted(shown_cases(content, left, "NATO"))
    assert not page.locator(checkbox("keyword", keywords[0])).is_checked()
    assert page.evaluate("document.activeElement.classList.contains('debunk-search__chip')")  # focus stays
    page.go_back()
    page.wait_for_function("() => document.querySelectorAll('.debunk-search__chip').length === 3")
    assert sorted(results(page)) == sorted(shown_cases(content, view, "NATO"))
    page.get_by_role("button", name="Clear all filters").click()
    page.wait_for_function("() => location.search === '?q=NATO'")
    expect(page.locator(".debunk-search__chips")).to_be_hidden()
    assert page.locator(".debunk-search__toggle").text_content() == "Filters"
    assert sorted(results(page)) == sorted(matching(content, "nato"))


LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let shift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) shift += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(shift), 200);
})"""


def test_on_a_phone_results_come_first_and_the_filters_open_from_the_keyboard(
    browser: Browser, base_url: str, content: Content
) -> None:
    year = commonest(content, "year", 1)
    with reader(browser, base_url, width=375, height=740) as visitor:
        page = visitor.open(search_url("", q="NATO", year=year))
        wait_done(page)
        claim = page.locator(".debunk-search__result .debunk-search__claim").first.bounding_box()
        assert claim is not None and claim["y"] + claim["height"] <= 740  # within the first screen
        assert page.evaluate(LAYOUT_SHIFT) < 0.1
        filters, toggle = page.locator("#debunk-search-filters"), page.locator(".debunk-search__toggle")
        expect(filters).to_be_hidden()
        assert toggle.text_content() == "Filters (1)"
        where = toggle.bounding_box()
        toggle.focus()
        page.keyboard.press("Enter")
        expect(filters).to_be_visible()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert toggle.bounding_box() == where
        box = filters.locator("input[type=checkbox]:not(:checked)").first
        name, value = box.get_attribute("name"), box.get_attribute("value")
        box.focus()
        page.keyboard.press("Space")  # a value ticked from the keyboard: the panel stays, and the focus
        page.wait_for_function(HAS, arg=[name, value])
        wait_done(page)
        expect(filters).to_be_visible()
        assert page.evaluate("document.activeElement.value") == value
        page.keyboard.press("Escape")
        expect(filters).to_be_hidden()
        assert page.evaluate("document.activeElement === document.querySelector('.debunk-search__toggle')")
        page.keyboard.press("Space")
        expect(filters).to_be_visible()
        page.keyboard.press("Enter")
        expect(filters).to_be_hidden()
        assert toggle.get_attribute("aria-expanded") == "false"
        assert visitor.errors == [] and visitor.foreign == []


def words_of(text: str) -> list[str]:
    return [word for word in (re.sub(r"\W", "", part).lower() for part in text.split()) if word]


def sentence_starts(case: Case) -> set[tuple[str, ...]]:
    """The first four words of every sentence of the summary and the response."""
    starts = set()
    for section in (case.summary, case.response):
        text = re.sub(r"\]\([^)]*\)|<https?://[^>]*>", "]", section)
        for sentence in re.split(r"(?<=[.!?…])\s+", text.strip()):
            starts.add(tuple(words_of(sentence)[:4]))
    return starts


@pytest.mark.parametrize("words", ["NATO", "Russia", "Kosovo", "embassy", None])
def test_snippets_start_at_a_sentence_without_the_section_headings(
    page: Page, base_url: str, content: Content, words: str | None
) -> None:
    by_url = {case_url(case): case for case in content.cases}
    year = commonest(content, "year", 1)
    page.goto(search_url(base_url, q=words) if words else search_url(base_url, year=year))
    found = results(page)
    snippets = page.locator(".debunk-search__excerpt").all_text_contents()
    assert len(snippets) == len(found) > 0
    for path, snippet in zip(found, snippets, strict=True):
        case = by_url[path]
        assert not snippet.startswith("…"), (path, snippet)
        assert tuple(words_of(snippet)[:4]) in sentence_starts(case), (path, snippet)
        if not words:  # nothing to look for: the summary's start
            assert words_of(snippet)[:4] == words_of(case.summary)[:4], (path, snippet)
        for heading in ("Summary", "Response"):
            if heading not in case.summary + case.response:
                assert heading not in snippet, (path, snippet)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_with_chips_and_the_filters_panel(
    browser: Browser, base_url: str, content: Content, scheme: str
) -> None:
    keyword, year = commonest(content, "keyword", 1), commonest(content, "year", 2)
    path = search_url("", q="NATO", keyword=keyword, year=year)
    for width, height in ((1280, 900), (375, 740)):
        with reader(browser, base_url, scheme=scheme, width=width, height=height) as visitor:  # type: ignore[arg-type]
            page = visitor.open(path)
            wait_done(page)
            if width < 600:
                page.locator(".debunk-search__toggle").click()
            page.add_style_tag(content=NO_MOTION)
            assert violations(page) == [], width
