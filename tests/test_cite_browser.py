"""A case page built for citation, in Debian's headless Chromium: the copy-link and the print line.

Without script the copy-link is a plain link to the case's permanent address; with script a click
puts that address on the clipboard and says so. Printed, the page shows its address and publisher.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from browser import ROOT, PageKinds, reader
from playwright.sync_api import Browser, expect

from debunk.settings import load_settings


def permanent_url(path: str) -> str:
    return load_settings(ROOT).site_url + path.lstrip("/")


def test_the_copy_link_copies_the_permanent_address_and_says_so(
    browser: Browser, base_url: str, site: Path
) -> None:
    path = PageKinds(site).case_with_related()
    with reader(browser, base_url, permissions=["clipboard-read", "clipboard-write"]) as visitor:
        page = visitor.open(path)
        link = page.locator("a.debunk-copy-link")
        expect(link).to_have_attribute("href", permanent_url(path))
        link.click()
        expect(page.locator(".debunk-copy-status")).to_have_text("Link copied")
        assert page.url == base_url + path  # copied, not followed
        assert page.evaluate("navigator.clipboard.readText()") == permanent_url(path)
        assert visitor.errors == [] and visitor.foreign == []


def test_without_script_the_copy_link_is_a_plain_link_to_the_permanent_address(
    browser: Browser, base_url: str, site: Path
) -> None:
    path = PageKinds(site).case_with_related()
    with reader(browser, base_url, java_script_enabled=False) as visitor:
        page = visitor.open(path)
        link = page.get_by_role("link", name="Copy link to this case")
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", permanent_url(path))
        expect(page.locator(".debunk-copy-status")).to_have_count(0)
        for name in ("BibTeX", "RIS", "CSL-JSON"):  # the downloads need no script either
            href = page.get_by_role("link", name=name, exact=True).get_attribute("href")
            assert href is not None
            response = page.request.get(urljoin(base_url + path, href))
            assert response.status == 200 and response.body()


def test_a_printed_case_shows_its_address_and_publisher(browser: Browser, base_url: str, site: Path) -> None:
    path = PageKinds(site).case_with_related()
    line = f"{permanent_url(path)} · {load_settings(ROOT).organisation}"
    with reader(browser, base_url) as visitor:
        page = visitor.open(path)
        printed = page.locator(".debunk-print-only")
        expect(printed).to_be_hidden()  # on screen the address bar shows it
        page.emulate_media(media="print")
        expect(printed).to_be_visible()
        expect(printed).to_have_text(line)
        expect(page.locator(".debunk-cite > p").first).to_be_visible()  # the citation is printed too
        expect(page.locator("a.debunk-copy-link")).to_be_hidden()  # a button has no use on paper
