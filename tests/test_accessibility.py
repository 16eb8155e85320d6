"""Accessibility in a real browser: axe-core on every page kind in light and dark, the colour scheme
toggle, and keyboard-only use.

axe-core comes inside axe-playwright-python (no network). A page passes when axe reports no
violation of impact "serious" or "critical" among the WCAG 2.0, 2.1 and 2.2 level A and AA rules.
Keyboard: Tab from the top of each page kind must reach every visible control, in order, and each
must show a focus indicator (an outline or a shadow) inside the viewport.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import SEARCH_WAIT, PageKinds, Scheme, reader
from playwright.sync_api import Browser, Page, expect

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
AXE = Axe()
KINDS = [
    "home", "case", "narrative", "narrative page 2", "narrative index", "all cases", "all cases page 2",
    "keyword", "keyword page 2", "keyword index", "country", "country index", "language", "language index",
    "outlet", "outlet index", "review", "review index", "search", "data", "about", "ratings", "corrections",
    "not found",
]  # fmt: skip
FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary,"
    " [tabindex]:not([tabindex='-1']):not([tabindex=''])"  # Material writes tabindex="" on nav titles
)
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


@pytest.fixture(scope="module")
def kinds(site: Path) -> dict[str, str]:
    found = PageKinds(site).all()
    assert list(found) == KINDS
    return found


def settle(page: Page) -> None:
    """Wait for what scripts add: the search page's results and filters."""
    if page.locator(".debunk-search").count():
        expect(page.locator(".debunk-search")).to_have_attribute("data-state", "done", timeout=SEARCH_WAIT)


def violations(page: Page) -> list[str]:
    """The blocking axe violations on the page, one line per rule: id, impact, where, why."""
    options = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    found: list[dict[str, Any]] = AXE.run(page, options=options).response["violations"]
    return [
        f"{rule['id']} ({rule['impact']}) on {[node['target'] for node in rule['nodes']][:5]}: {rule['help']}"
        for rule in found
        if rule["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_any_page_kind(
    browser: Browser, base_url: str, kinds: dict[str, str], scheme: Scheme
) -> None:
    with reader(browser, base_url, scheme=scheme) as visitor:
        page = visitor.open("/")
        found = {}
        for kind, path in kinds.items():
            page.goto(base_url + path)
            settle(page)
            page.add_style_tag(content=NO_MOTION)  # colours are measured at rest, not mid-transition
            expected = "slate" if scheme == "dark" else "default"
            assert page.locator("body").get_attribute("data-md-color-scheme") == expected
            if problems := violations(page):
                found[kind] = problems
        assert visitor.foreign == []
    assert found == {}


def test_the_axe_check_reports_a_serious_violation(browser: Browser, base_url: str) -> None:
    """The check itself works: grey on grey text and an unlabelled field are reported."""
    with reader(browser, base_url) as visitor:
        page = visitor.open("/about/")
        page.evaluate(
            """() => document.querySelector('article').insertAdjacentHTML('beforeend',
                 '<p style="color:#999;background:#aaa">faint</p><input type="text">')"""
        )
        found = violations(page)
    rules = [line.split(" ")[:2] for line in found]
    assert rules == [["color-contrast", "(serious)"], ["label", "(critical)"]]


def palette_toggle(page: Page) -> Any:
    """The visible colour scheme toggle (a label for Material's hidden radio button)."""
    return page.locator("form[data-md-component=palette] label:not([hidden])")


@pytest.mark.parametrize(("system", "scheme"), [("light", "default"), ("dark", "slate")])
def test_the_colour_scheme_follows_the_system_and_the_toggle_switches_it(
    browser: Browser, base_url: str, kinds: dict[str, str], system: Scheme, scheme: str
) -> None:
    labels = {"default": "Switch to dark mode", "slate": "Switch to light mode"}
    other = "slate" if scheme == "default" else "default"
    with reader(browser, base_url, scheme=system) as visitor:
        page = visitor.open(kinds["case"])
        body = page.locator("body")
        expect(body).to_have_attribute("data-md-color-scheme", scheme)
        toggle = palette_toggle(page)
        expect(toggle).to_have_count(1)
        expect(toggle).to_have_attribute("title", labels[scheme])
        option = page.locator(f"#{toggle.get_attribute('for')}")
        expect(page.locator("input.md-option:checked")).to_have_attribute("aria-label", labels[scheme])

        toggle.click()
        expect(body).to_have_attribute("data-md-color-scheme", other)
        expect(palette_toggle(page)).to_have_attribute("title", labels[other])
        assert option.is_checked()
        assert violations(page) == []
        page.goto(base_url + kinds["narrative"])  # the reader's choice is kept on the next page
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", other)
        assert violations(page) == []
        assert visitor.context.cookies() == []


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_keyboard_switches_the_colour_scheme_with_enter_and_space(
    browser: Browser, base_url: str, system: Scheme
) -> None:
    flipped = {"default": "slate", "slate": "default"}
    with reader(browser, base_url, scheme=system) as visitor:
        page = visitor.open("/")
        body = page.locator("body")
        scheme = body.get_attribute("data-md-color-scheme") or ""
        while not page.evaluate("() => document.activeElement.matches('.md-option')"):
            page.keyboard.press("Tab")
        label = "Switch to dark mode" if scheme == "default" else "Switch to light mode"
        assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == label
        page.keyboard.press("Enter")
        expect(body).to_have_attribute("data-md-color-scheme", flipped[scheme])
        page.keyboard.press("Space")
        expect(body).to_have_attribute("data-md-color-scheme", scheme)
        assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == label


def walk_with_tab(page: Page, limit: int) -> list[dict[str, Any]]:
    """Press Tab until focus leaves the page or comes back round; each stop, as the page saw it."""
    page.add_style_tag(content=NO_MOTION)
    page.evaluate(f"() => document.querySelectorAll({FOCUSABLE!r}).forEach((e, i) => e.dataset.kbd = i)")
    stops: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => {
              const el = document.activeElement;
              if (!el || el === document.body) return null;
              // Material's palette radio is invisible; its label shows the focus ring.
              const shown = el.matches('.md-option')
                ? el.parentElement.querySelector('label:not([hidden])') : el;
              const s = getComputedStyle(shown), r = shown.getBoundingClientRect();
              const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1
                            && !s.outlineColor.endsWith(', 0)')) || s.boxShadow !== 'none';
              const inside = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
                             && r.top < innerHeight && r.left < innerWidth;
              const text = el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40);
              const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                           + ' ' + (text || el.getAttribute('href') || el.name);
              return {id: el.dataset.kbd, name, ring, inside, opacity: s.opacity};
            }"""
        )
        if stop is None or (stops and stop["id"] == stops[0]["id"]):
            break
        stops.append(stop)
    return stops


def visible_controls(page: Page) -> dict[str, str]:
    """Every control a sighted keyboard user can see, by its probe id: what Tab must reach."""
    return page.evaluate(
        f"""() => Object.fromEntries([...document.querySelectorAll({FOCUSABLE!r})].filter(el => {{
          if (el.disabled || el.closest('[hidden], [inert]')) return false;
          if (el.matches('.md-option')) return el.nextElementSibling && !el.nextElementSibling.hidden;
          const r = el.getBoundingClientRect();  // checkVisibility: also false inside a closed <details>
          return r.width > 0 && r.height > 0 && el.checkVisibility({{visibilityProperty: true}});
        }}).map(el => [el.dataset.kbd, el.tagName.toLowerCase() + ' '
                       + (el.id || el.getAttribute('href') || el.textContent.trim().slice(0, 40))]))"""
    )


# Keyboard checks: one page of each template (country, language and outlet pages are keyword pages).
DESKTOP_KEYBOARD = ["home", "case", "narrative", "all cases", "keyword", "keyword page 2", "keyword index",
                    "review", "review index", "search", "data", "about", "not found"]  # fmt: skip
PHONE_KEYBOARD = ["home", "case", "keyword page 2", "search", "not found"]


@pytest.mark.parametrize(("width", "checked"), [(1280, DESKTOP_KEYBOARD), (375, PHONE_KEYBOARD)])
def test_keyboard_reaches_every_control_with_a_visible_focus_indicator(
    browser: Browser, base_url: str, kinds: dict[str, str], width: int, checked: list[str]
) -> None:
    problems: dict[str, list[str]] = {}
    with reader(browser, base_url, width=width) as visitor:
        page = visitor.open("/")
        for kind in checked:
            path = kinds[kind]
            page.goto(base_url + path)
            settle(page)
            stops = walk_with_tab(page, limit=400)
            controls = visible_controls(page)
            mine = [f"no focus indicator: {stop['name']}" for stop in stops if not stop["ring"]]
            mine += [f"focused outside the viewport: {stop['name']}" for stop in stops if not stop["inside"]]
            mine += [
                f"invisible when focused: {stop['name']}" for stop in stops if float(stop["opacity"]) == 0
            ]
            reached = {stop["id"] for stop in stops}
            mine += [f"never reached: {name}" for key, name in controls.items() if key not in reached]
            names = [stop["name"] for stop in stops]
            assert names[0].startswith("a ") and "Skip to content" in names[0], (kind, names[:3])
            assert any(name.startswith("button Search") for name in names[:6]), (kind, names[:6])
            if mine:
                problems[kind] = mine
    assert problems == {}


@pytest.mark.parametrize("kind", ["case", "narrative index", "search"])
def test_the_skip_link_moves_the_keyboard_to_the_article(
    browser: Browser, base_url: str, kinds: dict[str, str], kind: str
) -> None:
    """On a case page the article starts with the claim; Material's own link skipped past it."""
    with reader(browser, base_url) as visitor:
        page = visitor.open(kinds[kind])
        settle(page)
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "Skip to content"
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.closest('article#debunk-content') !== null")
        assert page.evaluate(
            "() => document.activeElement.closest('.md-header, .md-tabs, .md-sidebar') === null"
        )


def test_on_a_phone_the_keyboard_opens_and_closes_the_navigation_drawer(
    browser: Browser, base_url: str, kinds: dict[str, str]
) -> None:
    with reader(browser, base_url, width=375) as visitor:
        page = visitor.open(kinds["case"])
        page.add_style_tag(content=NO_MOTION)
        drawer = page.locator(".md-sidebar--primary")
        expect(drawer).to_be_hidden()
        page.keyboard.press("Tab")  # skip link
        page.keyboard.press("Tab")
        menu = page.locator(".md-header label[for=__drawer]")
        assert page.evaluate("() => document.activeElement.matches('.md-header label[for=__drawer]')")
        expect(menu).to_have_attribute("aria-label", "Navigation")
        expect(menu).to_have_attribute("aria-expanded", "false")
        page.keyboard.press("Enter")
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(drawer).to_be_visible()
        page.keyboard.press("Tab")  # focus went to the drawer's first link: on to the second
        focused = page.evaluate(
            """() => { const el = document.activeElement, r = el.getBoundingClientRect();
                       return [el.textContent.trim(), !!el.closest('.md-sidebar--primary'),
                               r.left >= 0 && r.right <= innerWidth]; }"""
        )
        assert focused[1:] == [True, True], focused
        page.keyboard.press("Escape")
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(drawer).to_be_hidden()
        assert page.evaluate("() => document.activeElement.matches('.md-header label[for=__drawer]')")
        page.keyboard.press("Space")
        expect(drawer).to_be_visible()
        assert page.evaluate("() => !!document.activeElement.closest('.md-sidebar--primary')")
        page.keyboard.press("Escape")
        expect(drawer).to_be_hidden()
