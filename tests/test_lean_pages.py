"""Lighter pages that still look and work the same: the theme's icons come from one sprite file,
and on a phone without JavaScript the navigation drawer still reaches every section.

Run on the sample site (`browser.build_sample_site`), in Debian's headless Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from browser import PageKinds, reader
from playwright.sync_api import Browser, Page, expect

ROOT = Path(__file__).parent.parent
SPRITE = "assets/icons.svg"
USE = re.compile(r'<use href="([^"]+)"')


@pytest.fixture(scope="module")
def kinds(site: Path) -> dict[str, str]:
    return PageKinds(site).all()


def sprite_ids(site: Path) -> set[str]:
    return set(re.findall(r'<symbol id="([^"]+)"', (site / SPRITE).read_text(encoding="utf-8")))


def test_every_icon_of_every_page_is_in_the_sprite_and_no_page_carries_a_copy(site: Path) -> None:
    ids = sprite_ids(site)
    pages = sorted(site.rglob("*.html"))
    used: set[str] = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        url = "http://site/" + page.relative_to(site).as_posix()
        for href in USE.findall(html):
            target = urlsplit(urljoin(url, href))
            assert target.path == "/" + SPRITE, (page, href)
            assert target.fragment in ids, (page, href)
            used.add(target.fragment)
        assert "Font Awesome" not in html, page  # the icon and its licence comment: once, in the sprite
    assert used == ids  # the sprite holds what the pages draw, nothing more
    assert len(pages) > 50


def box_of_use(page: Page, selector: str) -> dict[str, float]:
    """The drawn box of the sprite icon inside `selector`: empty when its `<use>` finds nothing."""
    return page.eval_on_selector(  # type: ignore[no-any-return]
        f"{selector} svg use",
        "el => { const b = el.getBBox(); return {width: b.width, height: b.height}; }",
    )


ICONS = {
    "logo": ".md-header .md-logo",
    "menu": ".md-header label[for=__drawer]",
    "colour scheme": "form[data-md-component=palette] label:not([hidden])",
    "search": ".debunk-header-search__button",
    "repository": ".md-header__source",
    "edit": ".md-content__button",
}


@pytest.mark.parametrize("width", [1280, 375])
def test_the_sprite_icons_are_drawn(
    browser: Browser, base_url: str, kinds: dict[str, str], width: int
) -> None:
    with reader(browser, base_url, width=width) as visitor:
        page = visitor.open(kinds["case"], wait="networkidle")
        shown = [name for name, selector in ICONS.items() if page.locator(selector).first.is_visible()]
        hidden = {"menu"} if width > 1000 else {"logo", "repository"}  # Material's layout for each width
        assert shown == [name for name in ICONS if name not in hidden]
        drawn = {name: box_of_use(page, ICONS[name]) for name in shown}
        assert all(box["width"] > 1 and box["height"] > 1 for box in drawn.values()), drawn
        # The check can fail: an icon the sprite does not have draws nothing.
        page.eval_on_selector(
            ".md-content__button svg use", "el => el.setAttribute('href', el.href.baseVal + 'x')"
        )
        page.wait_for_timeout(100)
        assert box_of_use(page, ".md-content__button") == {"width": 0, "height": 0}
        assert visitor.foreign == [] and visitor.errors == []


def site_path(source: str) -> str:
    """The URL path of a page of `docs/` (`narratives/index.md` -> `/narratives/`)."""
    stem = source.removesuffix(".md").removesuffix("index").rstrip("/")
    return f"/{stem}/" if stem else "/"


def sections() -> list[tuple[str, list[str]]]:
    """(title, URL paths of its pages) of each top-level entry of mkdocs.yml's `nav`."""
    found = []
    for entry in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]:
        ((title, target),) = entry.items()
        targets = target if isinstance(target, list) else [target]
        sources = [each if isinstance(each, str) else next(iter(each.values())) for each in targets]
        found.append((title, [site_path(source) for source in sources]))
    return found


def open_drawer(page: Page) -> None:
    drawer = page.locator(".md-sidebar--primary")
    expect(drawer).to_be_hidden()
    page.locator(".md-header label[for=__drawer]").click()
    expect(drawer).to_be_visible()
    expect(drawer.locator(".md-nav__title").first).to_be_in_viewport(ratio=1)  # slid in


def drawer_links(page: Page) -> dict[str, str]:
    """{path: text} of the links a reader can see and tap in the open drawer."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => Object.fromEntries([...document.querySelectorAll('.md-sidebar--primary .md-nav__list a')]
             .filter(a => { const r = a.getBoundingClientRect();
                            return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= innerWidth
                                   && a.checkVisibility({visibilityProperty: true}); })
             .map(a => [new URL(a.href).pathname, a.textContent.trim()]))"""
    )


@pytest.mark.parametrize("kind", ["case", "keyword page 2"])
def test_on_a_phone_without_javascript_the_drawer_reaches_every_section(
    browser: Browser, base_url: str, kinds: dict[str, str], kind: str
) -> None:
    with reader(browser, base_url, width=375, java_script_enabled=False) as visitor:
        page = visitor.open(kinds[kind])
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
        open_drawer(page)
        links = drawer_links(page)
        assert {path: title for title, (path, *_) in sections()} == links
        for title, (path, *rest) in sections():
            if not rest:
                continue
            # A section of several pages is one link here; its first page's drawer lists them all.
            page.goto(base_url + kinds[kind])
            open_drawer(page)
            page.locator(".md-sidebar--primary a", has_text=title).click()
            expect(page).to_have_url(base_url + path)
            open_drawer(page)
            assert set(rest) <= set(drawer_links(page)), title  # and the reader is on the first
        assert visitor.foreign == [] and visitor.errors == []
