"""Layout in a real browser: a phone (375 px) and a desktop (1280 px), and a case page on paper.

No page kind may scroll sideways; on a case page the metadata panel and the related cases must be
on screen and readable; printed, a case shows its claim, response and sources, and no site chrome.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import SEARCH_WAIT, PageKinds, reader
from playwright.sync_api import Browser, Locator, Page, expect

WIDTHS = {"phone": 375, "desktop": 1280}
MIN_TEXT_PX = 12


def overflow(page: Page) -> str | None:
    """What sticks out sideways, if the page scrolls horizontally."""
    return page.evaluate(
        """() => {
          const root = document.documentElement;
          if (root.scrollWidth <= root.clientWidth) return null;
          const wide = [...document.querySelectorAll('body *')].filter(el => {
            const r = el.getBoundingClientRect();
            return r.right > root.clientWidth + 1 && getComputedStyle(el).position !== 'fixed';
          }).slice(0, 3).map(el => el.tagName.toLowerCase() + '.' + [...el.classList].join('.'));
          return `scrollWidth ${root.scrollWidth} > ${root.clientWidth}: ${wide.join(', ')}`;
        }"""
    )


def on_screen(locator: Locator, width: int) -> list[str]:
    """Each element of the locator that is hidden, cut off at the sides, or set in tiny type."""
    problems = []
    for index in range(locator.count()):
        item = locator.nth(index)
        box = item.bounding_box()
        size = float(item.evaluate("el => getComputedStyle(el).fontSize").removesuffix("px"))
        text = item.inner_text().strip()[:40]
        if box is None or not item.is_visible():
            problems.append(f"hidden: {text}")
        elif box["x"] < 0 or box["x"] + box["width"] > width:
            problems.append(f"cut off at {box['x']:.0f}..{box['x'] + box['width']:.0f}: {text}")
        if size < MIN_TEXT_PX:
            problems.append(f"{size}px text: {text}")
    return problems


@pytest.mark.parametrize("device", WIDTHS)
def test_no_page_kind_scrolls_sideways(browser: Browser, base_url: str, site: Path, device: str) -> None:
    found = {}
    with reader(browser, base_url, width=WIDTHS[device]) as visitor:
        page = visitor.open("/")
        for kind, path in PageKinds(site).all().items():
            page.goto(base_url + path)
            if kind == "search":
                expect(page.locator(".debunk-search")).to_have_attribute(
                    "data-state", "done", timeout=SEARCH_WAIT
                )
            if wide := overflow(page):
                found[kind] = wide
    assert found == {}


@pytest.mark.parametrize("device", WIDTHS)
def test_a_case_shows_its_metadata_and_related_cases_readably(
    browser: Browser, base_url: str, site: Path, device: str
) -> None:
    width = WIDTHS[device]
    with reader(browser, base_url, width=width) as visitor:
        page = visitor.open(PageKinds(site).case_with_related())
        panel = page.locator(".debunk-case__meta")
        expect(panel).to_be_visible()
        assert on_screen(panel, width) == []
        chips = panel.locator("a.debunk-chip")
        assert chips.count() >= 5
        assert on_screen(chips, width) == []
        assert on_screen(panel.locator("dt"), width) == []
        related = page.locator("#related-cases + ul > li")
        assert related.count() >= 1
        assert on_screen(related.locator("a"), width) == []
        assert on_screen(related.locator(".debunk-list-meta"), width) == []
        claim = page.locator("article h1").first
        assert on_screen(claim, width) == []
        assert float(claim.evaluate("el => getComputedStyle(el).fontSize").removesuffix("px")) >= 20
        if device == "phone":  # one column: the panel spans the text column, chips wrap inside it
            assert (panel.bounding_box() or {}).get("width", 0) >= width - 60
            expect(page.locator(".md-header label[for=__drawer]")).to_be_visible()
            expect(page.locator(".md-tabs")).to_be_hidden()
            expect(page.locator("#debunk-header-q")).to_be_hidden()  # room for the site's name
            title = page.locator(".md-header__topic").first
            assert title.evaluate("el => el.scrollWidth <= el.clientWidth"), "site name cut off"
        else:
            expect(page.locator(".md-tabs")).to_be_visible()
            expect(page.locator("#debunk-header-q")).to_be_visible()
        expect(page.locator(".debunk-header-search__button")).to_be_visible()


def test_a_printed_case_shows_claim_response_and_sources_without_site_chrome(
    browser: Browser, base_url: str, site: Path
) -> None:
    with reader(browser, base_url) as visitor:
        page = visitor.open(PageKinds(site).case_with_related())
        page.emulate_media(media="print")
        for chrome in (
            ".md-header",
            ".md-tabs",
            ".md-sidebar--primary",
            ".md-sidebar--secondary",
            ".md-footer",
        ):
            expect(page.locator(chrome)).to_be_hidden()
        expect(page.locator(".debunk-case__nav")).to_be_hidden()
        expect(page.locator("article h1")).to_be_visible()
        expect(page.locator(".debunk-verdict")).to_be_visible()
        for section in ("#summary", "#response", "#sources"):
            expect(page.locator(section)).to_be_visible()
        expect(page.locator("#response + p")).to_be_visible()
        sources = page.locator("#sources + ul a[href^='http']")
        assert sources.count() >= 2
        for index in range(sources.count()):
            link = sources.nth(index)
            expect(link).to_be_visible()
            printed = link.evaluate("a => getComputedStyle(a, '::after').content")
            assert link.get_attribute("href") in printed  # the address is printed after the link
        assert overflow(page) is None
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_on_a_phone_the_header_search_button_opens_the_search_page(
    browser: Browser, base_url: str, site: Path
) -> None:
    with reader(browser, base_url, width=WIDTHS["phone"]) as visitor:
        page = visitor.open(PageKinds(site).case_with_related())
        with page.expect_navigation():
            page.locator(".debunk-header-search__button").click()
        assert page.url.startswith(base_url + "/search/")
        field = page.locator("#debunk-search-q")
        expect(field).to_be_visible()
        assert (field.bounding_box() or {}).get("width", 0) >= 200
